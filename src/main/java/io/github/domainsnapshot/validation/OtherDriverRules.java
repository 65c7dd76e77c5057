package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.validation.ValidationRun.RequestDisk;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.List;

/** The test and ESX drivers' own steps. */
final class OtherDriverRules {
    private static final MessageKey MANUAL_MODE = MessageKey.of(Rule.DRIVER_MANUAL_MODE);
    private static final MessageKey DISKS = MessageKey.of(Rule.DRIVER_DISKS);
    private static final MessageKey MODE_OVERRIDE = MessageKey.of(Rule.DRIVER_DISK_MODE_OVERRIDE);

    private OtherDriverRules() {}

    /** The test driver refuses the manual mode in a new snapshot; a redefinition may record it. */
    static void testManualMode(ValidationRun run) {
        if (run.redefine) {
            return;
        }
        for (RequestDisk d : run.disks) {
            if ("manual".equals(d.mode)) {
                run.add(MANUAL_MODE, d.path + "/@snapshot");
            }
        }
    }

    /**
     * The test driver records a new snapshot in the domain's state, its memory external when asked
     * and otherwise by that state, and aligns the disks with an internal default unless memory is
     * external.
     */
    static void testAlignDisks(ValidationRun run) {
        if (run.redefine) {
            return;
        }
        Boolean active = run.active();
        run.storedState = run.knownState();
        boolean external = "external".equals(run.memory) || run.ctx.has(CreateFlag.DISK_ONLY);
        if ("external".equals(run.memory)) {
            run.storedMemory = "external";
        } else {
            run.storedMemory = active == null ? run.memory : active ? "internal" : "no";
        }
        XmlElement domain = run.createDomain();
        if (domain != null && run.memoryValid && run.disksValid) {
            Alignment.align(run, domain, external ? "external" : "internal", true);
        }
    }

    /** ESX takes no per-disk requests, and a disk's mode cannot override the domain disk's. */
    static void esxDisks(ValidationRun run) {
        if (run.disks.isEmpty()) {
            return;
        }
        run.add(DISKS, ROOT + "/disks");
        XmlElement domain = run.ctx.domain().orElse(null);
        if (domain == null) {
            return;
        }
        List<DomainDisk> domainDisks = DomainView.of(domain).disksInLibvirtOrder();
        Alignment.DiskNames names = new Alignment.DiskNames(domainDisks);
        for (RequestDisk d : run.disks) {
            int idx = d.disk.getName() == null ? -1 : names.indexOf(d.disk.getName());
            String own = idx < 0 ? null : domainDisks.get(idx).snapshot().orElse(null);
            if (own != null && d.mode != null && !own.equals(d.mode)) {
                run.add(MODE_OVERRIDE, d.path + "/@snapshot", "name", d.disk.getName(), "mode", d.mode, "own", own);
            }
        }
    }
}
