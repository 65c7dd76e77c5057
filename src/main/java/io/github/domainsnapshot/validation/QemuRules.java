package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.validation.ValidationRun.AlignedDisk;
import io.github.domainsnapshot.xml.XmlElement;

/**
 * libvirt 9.0's qemu driver: its name, LIVE and state rules, how it records a new snapshot's
 * state and memory before aligning the disks, and its checks of each aligned disk against the
 * storage it is on (qemuSnapshotPrepare).
 */
final class QemuRules {
    private QemuRules() {}

    /** qemuSnapshotCreateXMLValidateDef. */
    static void validateDef(ValidationRun run) {
        String name = ValidationRun.text(run.snapshot.getName());
        if (name != null && !run.ctx.has(CreateFlag.NO_METADATA)) {
            // qemu keeps each snapshot's metadata in a file named after it
            if (name.indexOf('/') >= 0) {
                run.add(
                        Rule.NAME_CHARACTERS,
                        "invalid snapshot name '" + name + "': name can't contain '/'",
                        ROOT + "/name");
            } else if (name.startsWith(".")) {
                run.add(
                        Rule.NAME_CHARACTERS,
                        "invalid snapshot name '" + name + "': name can't start with '.'",
                        ROOT + "/name");
            }
        }
        if (run.ctx.has(CreateFlag.LIVE) && !run.redefine && run.memoryValid) {
            boolean inactive = Boolean.FALSE.equals(run.active());
            if (inactive || !"external".equals(run.memory)) {
                run.add(Rule.FLAGS_LIVE, "live snapshot creation is supported only during full system snapshots", null);
            }
        }
        String s = run.redefine ? run.state : run.knownState();
        if (s != null) {
            switch (s) {
                case "pmsuspended" ->
                    run.add(
                            Rule.STATE_PMSUSPENDED,
                            "qemu doesn't support taking snapshots of PMSUSPENDED guests",
                            run.redefine ? ROOT + "/state" : null);
                case "nostate", "blocked" ->
                    run.add(Rule.STATE_INVALID, "Invalid domain state " + s, run.redefine ? ROOT + "/state" : null);
                default -> {
                    // a state qemu snapshots
                }
            }
        }
    }

    /**
     * qemuSnapshotCreateAlignDisks: a disk-only snapshot is recorded as disk-snapshot (or shutoff)
     * with no memory, its disks external by default; one with external memory keeps it and makes
     * the disks external by default; any other is internal by default, and of a running domain
     * must save memory, which libvirt says before it looks at the disks.
     */
    static void alignDisks(ValidationRun run) {
        if (run.redefine) {
            return;
        }
        Boolean active = run.active();
        String location;
        if (run.ctx.has(CreateFlag.DISK_ONLY)) {
            location = "external";
            run.storedState = active == null ? null : active ? "disk-snapshot" : "shutoff";
            run.storedMemory = "no";
        } else if ("external".equals(run.memory)) {
            location = "external";
            run.storedState = run.knownState();
            run.storedMemory = "external";
        } else {
            location = "internal";
            run.storedState = run.knownState();
            if (Boolean.TRUE.equals(active) && "no".equals(run.memory)) {
                run.add(
                        Rule.QEMU_RUNNING_NEEDS_MEMORY,
                        "internal snapshot of a running VM must include the memory state",
                        ROOT + "/memory");
                return;
            }
            run.storedMemory = active == null ? run.memory : active ? "internal" : "no";
        }
        XmlElement domain = run.createDomain();
        if (domain != null && run.memoryValid && run.disksValid) {
            Alignment.align(run, domain, location, true);
        }
    }

    /**
     * qemuSnapshotPrepare: each aligned disk in the domain's order, then the snapshot as a whole.
     * A check that needs the domain's state is left out when it is not known.
     */
    static void prepare(ValidationRun run) {
        if (run.redefine || run.aligned == null) {
            return;
        }
        Boolean active = run.active();
        int errorsBefore = run.errorCount();
        boolean foundInternal = false;
        boolean forbidInternal = false;
        int external = 0;
        for (AlignedDisk d : run.aligned) {
            DomainDisk domainDisk = d.domainDisk;
            switch (d.mode) {
                case "internal" -> {
                    foundInternal = true;
                    internalDisk(run, d, active);
                }
                case "external" -> {
                    external++;
                    externalDisk(run, d, active);
                }
                case "manual" -> forbidInternal = true;
                default -> {
                    if (!ValidationRun.isEmptyDrive(domainDisk) && !domainDisk.readOnly()) {
                        forbidInternal = true;
                    }
                }
            }
        }
        if (run.errorCount() > errorsBefore) {
            return;
        }
        String memory = run.storedMemory;
        if (!foundInternal && external == 0 && "no".equals(memory)) {
            run.add(Rule.QEMU_NOTHING_SELECTED, "nothing selected for snapshot", ROOT);
        } else if (("internal".equals(memory) && !foundInternal) || (foundInternal && forbidInternal)) {
            run.add(
                    Rule.QEMU_INTERNAL_ALL_DISKS,
                    "internal and full system snapshots require all disks to be selected for snapshot",
                    ROOT + "/disks");
        } else if ("disk-snapshot".equals(run.storedState) && external == 0) {
            run.add(
                    Rule.QEMU_DISK_ONLY_NEEDS_DISK,
                    "disk-only snapshots require at least one disk to be selected for snapshot",
                    ROOT + "/disks");
        } else if ((foundInternal && external > 0)
                || ("internal".equals(memory) && external > 0)
                || ("external".equals(memory) && foundInternal)) {
            run.add(
                    Rule.TABLE_MIXED_DISKS,
                    "mixing internal and external targets for a snapshot is not yet supported",
                    ROOT + "/disks");
        } else if (foundInternal && pflash(run.alignDomain)) {
            run.add(Rule.QEMU_PFLASH, "internal snapshots of a VM with pflash based firmware are not supported", null);
        }
    }

    private static void internalDisk(ValidationRun run, AlignedDisk d, Boolean active) {
        DomainDisk domainDisk = d.domainDisk;
        if ("disk-snapshot".equals(run.storedState) && Boolean.TRUE.equals(active)) {
            run.add(
                    Rule.QEMU_ACTIVE_INTERNAL_DISK,
                    "active qemu domains require external disk snapshots; disk " + d.name + " requested internal",
                    d.path());
            return;
        }
        if (Boolean.FALSE.equals(active)) {
            // an offline internal snapshot is made by qemu-img, on a local image only
            String type = domainDisk.type();
            if (type.equals("network")) {
                run.add(
                        Rule.QEMU_INTERNAL_STORAGE,
                        "internal inactive snapshots are not supported on 'network' disks using '"
                                + domainDisk.sourceProtocol().orElse("none") + "' protocol",
                        d.path());
                return;
            }
            if (!type.equals("file") && !type.equals("block") && !type.equals("volume")) {
                run.add(
                        Rule.QEMU_INTERNAL_STORAGE,
                        "internal inactive snapshots are not supported on '" + type + "' disks",
                        d.path());
                return;
            }
        }
        String format = domainDisk.driverType().orElse(null);
        if (format != null && !format.equals("qcow2")) {
            run.add(
                    Rule.QEMU_INTERNAL_FORMAT,
                    "internal snapshot for disk " + d.name + " unsupported for storage type " + format,
                    d.path());
        }
    }

    private static void externalDisk(ValidationRun run, AlignedDisk d, Boolean active) {
        if (d.format == null) {
            // qemu records the format it makes the overlay in
            d.format = "qcow2";
        }
        String format = d.format;
        if (!format.equals("qcow2") && !format.equals("qed")) {
            run.add(
                    Rule.QEMU_EXTERNAL_FORMAT,
                    "external snapshot format for disk " + d.name + " is unsupported: " + format,
                    d.path());
            return;
        }
        if (!format.equals("qcow2") && hasMetadataCache(d)) {
            run.add(
                    Rule.QEMU_EXTERNAL_FORMAT,
                    "metadata cache max size control is supported only with qcow2 images",
                    d.path());
            return;
        }
        DomainDisk domainDisk = d.domainDisk;
        if (Boolean.FALSE.equals(active)) {
            // qemu-img makes the overlay of a local image, on local storage
            String domainType = domainDisk.type();
            if (domainType.equals("network")) {
                run.add(
                        Rule.QEMU_EXTERNAL_STORAGE,
                        "external inactive snapshots are not supported on 'network' disks using '"
                                + domainDisk.sourceProtocol().orElse("none") + "' protocol",
                        d.path());
                return;
            }
            if (!domainType.equals("file") && !domainType.equals("block") && !domainType.equals("volume")) {
                run.add(
                        Rule.QEMU_EXTERNAL_STORAGE,
                        "external inactive snapshots are not supported on '" + domainType + "' disks",
                        d.path());
                return;
            }
            if (!d.type.equals("file") && !d.type.equals("block")) {
                run.add(
                        Rule.QEMU_EXTERNAL_STORAGE,
                        "external inactive snapshots are not supported on '" + d.type + "' disks",
                        d.path());
                return;
            }
        } else if (Boolean.TRUE.equals(active)) {
            if (domainDisk.device().equals("lun")) {
                run.add(
                        Rule.QEMU_EXTERNAL_STORAGE,
                        LibvirtError.CONFIG_UNSUPPORTED,
                        "external active snapshots are not supported on scsi passthrough devices",
                        d.path());
                return;
            }
            if (!d.type.equals("file") && !d.type.equals("block") && !d.type.equals("network")) {
                run.add(
                        Rule.QEMU_EXTERNAL_STORAGE,
                        "external active snapshots are not supported on '" + d.type + "' disks",
                        d.path());
                return;
            }
        }
        if (domainDisk.element().element("shareable") != null && !domainDisk.readOnly()) {
            // a qcow2 or qed overlay cannot be written by two guests at once
            run.add(
                    Rule.QEMU_SHARED_DISK,
                    "shared access for disk '" + d.name + "' requires use of supported storage format",
                    d.path());
        }
    }

    private static boolean hasMetadataCache(AlignedDisk d) {
        if (d.request == null) {
            return false;
        }
        Driver driver = d.request.disk.getDriver();
        return driver != null
                && driver.getMetadataCache() != null
                && driver.getMetadataCache().getMaxSize() != null
                && ScaledSize.bytes(driver.getMetadataCache().getMaxSize()) > 0;
    }

    /** virDomainDefHasOldStyleUEFI: a pflash loader. */
    private static boolean pflash(XmlElement domain) {
        XmlElement os = domain == null ? null : domain.element("os");
        XmlElement loader = os == null ? null : os.element("loader");
        return loader != null && "pflash".equals(loader.attribute("type"));
    }
}
