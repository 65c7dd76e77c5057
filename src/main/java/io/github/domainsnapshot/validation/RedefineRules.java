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
    private static final MessageKey PARENT_UNCHECKED = MessageKey.of(Rule.REDEFINE_PARENT_UNCHECKED);
    private static final MessageKey OWN_PARENT = MessageKey.of(Rule.REDEFINE_PARENT, "self");
    private static final MessageKey PARENT_NOT_FOUND = MessageKey.of(Rule.REDEFINE_PARENT, "not-found");
    private static final MessageKey PARENT_CYCLE = MessageKey.of(Rule.REDEFINE_PARENT, "cycle");
    private static final MessageKey DISK_ONLY_STATE = MessageKey.of(Rule.REDEFINE_DISK_ONLY_STATE);
    private static final MessageKey UUID = MessageKey.of(Rule.REDEFINE_UUID);
    private static final MessageKey ONLINE_OFFLINE = MessageKey.of(Rule.REDEFINE_ONLINE_OFFLINE);
    private static final MessageKey DISK_ONLY_FULL = MessageKey.of(Rule.REDEFINE_DISK_ONLY_FULL);
    private static final MessageKey DOMAIN_MISSING = MessageKey.of(Rule.REDEFINE_DOMAIN_MISSING);

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
                run.add(PARENT_UNCHECKED, ROOT + "/parent", "parent", parent, "name", name);
            } else {
                run.add(OWN_PARENT, ROOT + "/parent", "name", name);
            }
        }
        if (run.ctx.has(CreateFlag.DISK_ONLY) && run.state != null && !run.state.equals("disk-snapshot")) {
            run.add(DISK_ONLY_STATE, ROOT + "/state", "name", name);
        }
        XmlElement own = ValidationRun.fullDomain(snapshot.getDomain());
        Optional<String> targetUuid =
                run.ctx.domain().flatMap(d -> DomainView.of(d).uuid());
        if (own != null && targetUuid.isPresent()) {
            Optional<String> uuid = DomainView.of(own).uuid();
            if (uuid.isEmpty() || !sameUuid(uuid.get(), targetUuid.get())) {
                run.add(UUID, ROOT + "/domain/uuid", "name", name, "uuid", targetUuid.get());
            }
        }
        DomainSnapshot other = null;
        if (name != null && existing.isPresent()) {
            other = find(existing.get(), name);
        }
        String otherState = other == null ? null : ValidationRun.text(other.getState());
        if (run.state != null && otherState != null) {
            if (isOnline(otherState) != isOnline(run.state)) {
                run.add(ONLINE_OFFLINE, ROOT + "/state", "name", name);
            }
            if (otherState.equals("disk-snapshot") != run.state.equals("disk-snapshot")) {
                run.add(DISK_ONLY_FULL, ROOT + "/state", "name", name);
            }
        }
        XmlElement domain = own != null ? own : other == null ? null : ValidationRun.fullDomain(other.getDomain());
        if (domain == null) {
            run.add(DOMAIN_MISSING, ROOT);
        }
        return domain;
    }

    private static void checkParent(ValidationRun run, String name, String parent, List<DomainSnapshot> existing) {
        if (parent.equals(name)) {
            run.add(OWN_PARENT, ROOT + "/parent", "name", name);
            return;
        }
        DomainSnapshot p = find(existing, parent);
        if (p == null) {
            run.add(PARENT_NOT_FOUND, ROOT + "/parent", "parent", parent, "name", name);
            return;
        }
        Set<String> seen = new HashSet<>();
        while (p != null && p.getParent() != null && p.getParent().getName() != null && seen.add(p.getName())) {
            String up = p.getParent().getName();
            if (up.equals(name)) {
                run.add(PARENT_CYCLE, ROOT + "/parent", "parent", parent, "name", name);
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
