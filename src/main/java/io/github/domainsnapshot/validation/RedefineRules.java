package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A redefinition's checks (virDomainSnapshotRedefinePrep), ending with its own alignment. */
final class RedefineRules {
    private RedefineRules() {}

    static void prepare(ValidationRun run) {
        if (!run.redefine) {
            return;
        }
        XmlElement domain = check(run);
        run.storedState = run.state;
        run.storedMemory = run.memory;
        if (domain != null && run.memoryValid && run.disksValid) {
            boolean external =
                    "external".equals(run.memory) || run.disks.stream().anyMatch(d -> "external".equals(d.mode));
            String location = "disk-snapshot".equals(run.state) || external ? "external" : "internal";
            Alignment.align(run, domain, location, true);
        }
    }

    /** @return the domain to align with, or null when there is none (an error then) */
    private static XmlElement check(ValidationRun run) {
        DomainSnapshot snapshot = run.snapshot;
        String name = ValidationRun.text(snapshot.getName());
        String parent = snapshot.getParent() == null
                ? null
                : ValidationRun.text(snapshot.getParent().getName());
        Optional<List<DomainSnapshot>> existing = run.ctx.existingSnapshots();
        if (name != null && parent != null) {
            if (existing.isPresent()) {
                checkParent(run, name, parent, existing.get());
            } else if (!parent.equals(name)) {
                run.add(
                        Rule.REDEFINE_PARENT_UNCHECKED,
                        "parent " + parent + " of snapshot " + name
                                + " was not checked: the domain's existing snapshots are not known",
                        ROOT + "/parent");
            } else {
                run.add(Rule.REDEFINE_PARENT, "cannot set moment " + name + " as its own parent", ROOT + "/parent");
            }
        }
        if (run.ctx.has(CreateFlag.DISK_ONLY) && run.state != null && !run.state.equals("disk-snapshot")) {
            run.add(
                    Rule.REDEFINE_DISK_ONLY_STATE,
                    "disk-only flag for snapshot " + name + " requires disk-snapshot state",
                    ROOT + "/state");
        }
        XmlElement own = ValidationRun.fullDomain(snapshot.getDomain());
        Optional<String> targetUuid =
                run.ctx.domain().flatMap(d -> DomainView.of(d).uuid());
        if (own != null && targetUuid.isPresent()) {
            Optional<String> uuid = DomainView.of(own).uuid();
            if (uuid.isEmpty() || !sameUuid(uuid.get(), targetUuid.get())) {
                run.add(
                        Rule.REDEFINE_UUID,
                        "definition for snapshot " + name + " must use uuid " + targetUuid.get(),
                        ROOT + "/domain/uuid");
            }
        }
        DomainSnapshot other = null;
        if (name != null && existing.isPresent()) {
            other = find(existing.get(), name);
        }
        String otherState = other == null ? null : ValidationRun.text(other.getState());
        if (run.state != null && otherState != null) {
            if (isOnline(otherState) != isOnline(run.state)) {
                run.add(
                        Rule.REDEFINE_ONLINE_OFFLINE,
                        "cannot change between online and offline snapshot state in snapshot " + name,
                        ROOT + "/state");
            }
            if (otherState.equals("disk-snapshot") != run.state.equals("disk-snapshot")) {
                run.add(
                        Rule.REDEFINE_DISK_ONLY_FULL,
                        "cannot change between disk only and full system in snapshot " + name,
                        ROOT + "/state");
            }
        }
        XmlElement domain = own != null ? own : other == null ? null : ValidationRun.fullDomain(other.getDomain());
        if (domain == null) {
            run.add(Rule.REDEFINE_DOMAIN_MISSING, "missing domain in snapshot", ROOT);
        }
        return domain;
    }

    private static void checkParent(ValidationRun run, String name, String parent, List<DomainSnapshot> existing) {
        if (parent.equals(name)) {
            run.add(Rule.REDEFINE_PARENT, "cannot set moment " + name + " as its own parent", ROOT + "/parent");
            return;
        }
        DomainSnapshot p = find(existing, parent);
        if (p == null) {
            run.add(Rule.REDEFINE_PARENT, "parent " + parent + " for moment " + name + " not found", ROOT + "/parent");
            return;
        }
        Set<String> seen = new HashSet<>();
        while (p != null && p.getParent() != null && p.getParent().getName() != null && seen.add(p.getName())) {
            String up = p.getParent().getName();
            if (up.equals(name)) {
                run.add(Rule.REDEFINE_PARENT, "parent " + parent + " would create cycle to " + name, ROOT + "/parent");
                return;
            }
            p = find(existing, up);
        }
    }

    private static DomainSnapshot find(List<DomainSnapshot> snapshots, String name) {
        for (DomainSnapshot s : snapshots) {
            if (name.equals(s.getName())) {
                return s;
            }
        }
        return null;
    }

    private static boolean isOnline(String snapshotState) {
        return snapshotState.equals("running") || snapshotState.equals("paused");
    }

    private static boolean sameUuid(String a, String b) {
        return a.strip().replace("-", "").equalsIgnoreCase(b.strip().replace("-", ""));
    }
}
