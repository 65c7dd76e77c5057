package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.validation.ValidationRun.AlignedDisk;
import io.github.domainsnapshot.xml.XmlElement;

/**
 * libvirt 9.0's qemu driver: its name, LIVE and state rules, how it records a new snapshot's
 * state and memory before aligning the disks, and its checks of each aligned disk against the
 * storage it is on (qemuSnapshotPrepare).
 */
final class QemuRules {
    private static final MessageKey NAME_SLASH = MessageKey.of(Rule.NAME_CHARACTERS, "slash");
    private static final MessageKey NAME_DOT = MessageKey.of(Rule.NAME_CHARACTERS, "dot");
    private static final MessageKey LIVE = MessageKey.of(Rule.FLAGS_LIVE);
    private static final MessageKey PMSUSPENDED = MessageKey.of(Rule.STATE_PMSUSPENDED);
    private static final MessageKey STATE_INVALID = MessageKey.of(Rule.STATE_INVALID);
    private static final MessageKey RUNNING_NEEDS_MEMORY = MessageKey.of(Rule.QEMU_RUNNING_NEEDS_MEMORY);
    private static final MessageKey NOTHING_SELECTED = MessageKey.of(Rule.QEMU_NOTHING_SELECTED);
    private static final MessageKey INTERNAL_ALL_DISKS = MessageKey.of(Rule.QEMU_INTERNAL_ALL_DISKS);
    private static final MessageKey DISK_ONLY_NEEDS_DISK = MessageKey.of(Rule.QEMU_DISK_ONLY_NEEDS_DISK);
    private static final MessageKey MIXED = MessageKey.of(Rule.TABLE_MIXED_DISKS);
    private static final MessageKey PFLASH = MessageKey.of(Rule.QEMU_PFLASH);
    private static final MessageKey PFLASH_NVRAM = MessageKey.of(Rule.QEMU_PFLASH, "nvram");
    private static final MessageKey ACTIVE_INTERNAL_DISK = MessageKey.of(Rule.QEMU_ACTIVE_INTERNAL_DISK);
    private static final MessageKey INTERNAL_NETWORK = MessageKey.of(Rule.QEMU_INTERNAL_STORAGE, "network");
    private static final MessageKey INTERNAL_TYPE = MessageKey.of(Rule.QEMU_INTERNAL_STORAGE, "type");
    private static final MessageKey INTERNAL_FORMAT = MessageKey.of(Rule.QEMU_INTERNAL_FORMAT);
    private static final MessageKey EXTERNAL_FORMAT = MessageKey.of(Rule.QEMU_EXTERNAL_FORMAT, "format");
    private static final MessageKey METADATA_CACHE = MessageKey.of(Rule.QEMU_EXTERNAL_FORMAT, "metadata-cache");
    private static final MessageKey INACTIVE_NETWORK = MessageKey.of(Rule.QEMU_EXTERNAL_STORAGE, "inactive-network");
    private static final MessageKey INACTIVE_TYPE = MessageKey.of(Rule.QEMU_EXTERNAL_STORAGE, "inactive-type");
    private static final MessageKey ACTIVE_LUN = MessageKey.of(Rule.QEMU_EXTERNAL_STORAGE, "active-lun");
    private static final MessageKey ACTIVE_TYPE = MessageKey.of(Rule.QEMU_EXTERNAL_STORAGE, "active-type");
    private static final MessageKey SHARED = MessageKey.of(Rule.QEMU_SHARED_DISK);

    private QemuRules() {}

    /** qemuSnapshotCreateXMLValidateDef. */
    static void validateDef(ValidationRun run) {
        String name = ValidationRun.text(run.snapshot.getName());
        if (name != null && !run.ctx.has(CreateFlag.NO_METADATA)) {
            // qemu keeps each snapshot's metadata in a file named after it
            if (name.indexOf('/') >= 0) {
                run.add(NAME_SLASH, ROOT + "/name", "name", name);
            } else if (name.startsWith(".")) {
                run.add(NAME_DOT, ROOT + "/name", "name", name);
            }
        }
        if (run.ctx.has(CreateFlag.LIVE) && !run.redefine && run.memoryValid) {
            boolean inactive = Boolean.FALSE.equals(run.active());
            if (inactive || !"external".equals(run.memory)) {
                run.add(LIVE, null);
            }
        }
        String s = run.redefine ? run.state : run.knownState();
        if (s != null) {
            switch (s) {
                case "pmsuspended" -> run.add(PMSUSPENDED, run.redefine ? ROOT + "/state" : null);
                case "nostate", "blocked" -> run.add(STATE_INVALID, run.redefine ? ROOT + "/state" : null, "state", s);
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
        } else if (Boolean.FALSE.equals(active)
                && run.profile.has(Feature.OFFLINE_EXTERNAL_WITHOUT_DISK_ONLY)
                && run.disks.stream().anyMatch(d -> "external".equals(d.mode))) {
            // qemuSnapshotCreateUseExternal: a shut-off domain's external disk makes every default
            // external, and memory stays as requested (none written when none was asked)
            location = "external";
            run.storedState = run.knownState();
            run.storedMemory = run.memory;
        } else {
            location = "internal";
            run.storedState = run.knownState();
            if (Boolean.TRUE.equals(active) && "no".equals(run.memory)) {
                run.add(RUNNING_NEEDS_MEMORY, ROOT + "/memory");
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
            run.add(NOTHING_SELECTED, ROOT);
        } else if (("internal".equals(memory) && !foundInternal) || (foundInternal && forbidInternal)) {
            run.add(INTERNAL_ALL_DISKS, ROOT + "/disks");
        } else if ("disk-snapshot".equals(run.storedState) && external == 0) {
            run.add(DISK_ONLY_NEEDS_DISK, ROOT + "/disks");
        } else if ((foundInternal && external > 0)
                || ("internal".equals(memory) && external > 0)
                || ("external".equals(memory) && foundInternal)) {
            run.add(MIXED, ROOT + "/disks");
        } else if (foundInternal && run.profile.has(Feature.PFLASH_INTERNAL_WITH_QCOW2_NVRAM)) {
            // the snapshot-save job keeps the VM state off the varstore: only a running domain's
            // NVRAM must be qcow2, and an offline snapshot leaves it alone
            if (Boolean.TRUE.equals(active) && nvramNotQcow2(run.alignDomain)) {
                run.add(PFLASH_NVRAM, null);
            }
        } else if (foundInternal
                && pflash(run.alignDomain)
                && (Boolean.TRUE.equals(active) || !run.profile.has(Feature.PFLASH_OFFLINE_INTERNAL))) {
            run.add(PFLASH, null);
        }
    }

    private static void internalDisk(ValidationRun run, AlignedDisk d, Boolean active) {
        DomainDisk domainDisk = d.domainDisk;
        if ("disk-snapshot".equals(run.storedState) && Boolean.TRUE.equals(active)) {
            run.add(ACTIVE_INTERNAL_DISK, d.path(), "disk", d.name);
            return;
        }
        if (Boolean.FALSE.equals(active)) {
            // an offline internal snapshot is made by qemu-img, on a local image only
            String type = domainDisk.type();
            if (type.equals("network")) {
                run.add(
                        INTERNAL_NETWORK,
                        d.path(),
                        "protocol",
                        domainDisk.sourceProtocol().orElse("none"));
                return;
            }
            if (!type.equals("file") && !type.equals("block") && !type.equals("volume")) {
                run.add(INTERNAL_TYPE, d.path(), "type", type);
                return;
            }
        }
        String format = domainDisk.driverType().orElse(null);
        if (format != null && !format.equals("qcow2")) {
            run.add(INTERNAL_FORMAT, d.path(), "disk", d.name, "format", format);
        }
    }

    private static void externalDisk(ValidationRun run, AlignedDisk d, Boolean active) {
        if (d.format == null) {
            // qemu records the format it makes the overlay in
            d.format = "qcow2";
        }
        String format = d.format;
        if (!format.equals("qcow2") && !format.equals("qed")) {
            run.add(EXTERNAL_FORMAT, d.path(), "disk", d.name, "format", format);
            return;
        }
        if (!format.equals("qcow2") && hasMetadataCache(d)) {
            run.add(METADATA_CACHE, d.path());
            return;
        }
        DomainDisk domainDisk = d.domainDisk;
        if (Boolean.FALSE.equals(active)) {
            // qemu-img makes the overlay of a local image, on local storage
            String domainType = domainDisk.type();
            if (domainType.equals("network")) {
                run.add(
                        INACTIVE_NETWORK,
                        d.path(),
                        "protocol",
                        domainDisk.sourceProtocol().orElse("none"));
                return;
            }
            if (!domainType.equals("file") && !domainType.equals("block") && !domainType.equals("volume")) {
                run.add(INACTIVE_TYPE, d.path(), "type", domainType);
                return;
            }
            if (!d.type.equals("file") && !d.type.equals("block")) {
                run.add(INACTIVE_TYPE, d.path(), "type", d.type);
                return;
            }
        } else if (Boolean.TRUE.equals(active)) {
            if (domainDisk.device().equals("lun")) {
                run.add(ACTIVE_LUN, d.path());
                return;
            }
            if (!d.type.equals("file") && !d.type.equals("block") && !d.type.equals("network")) {
                run.add(ACTIVE_TYPE, d.path(), "type", d.type);
                return;
            }
        }
        if (domainDisk.element().element("shareable") != null && !domainDisk.readOnly()) {
            // a qcow2 or qed overlay cannot be written by two guests at once
            run.add(SHARED, d.path(), "disk", d.name);
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

    /**
     * A domain whose firmware keeps its variables in an NVRAM other than qcow2: an {@code <nvram>}
     * of another format (raw when none is said), or a read-only pflash loader without one, for
     * which libvirt makes a raw one when the domain starts.
     */
    private static boolean nvramNotQcow2(XmlElement domain) {
        XmlElement os = domain == null ? null : domain.element("os");
        if (os == null) {
            return false;
        }
        XmlElement nvram = os.element("nvram");
        if (nvram != null) {
            return !"qcow2".equals(nvram.attribute("format"));
        }
        XmlElement loader = os.element("loader");
        return loader != null
                && "pflash".equals(loader.attribute("type"))
                && "yes".equals(loader.attribute("readonly"));
    }

    /** virDomainDefHasOldStyleUEFI: a pflash loader. */
    private static boolean pflash(XmlElement domain) {
        XmlElement os = domain == null ? null : domain.element("os");
        XmlElement loader = os == null ? null : os.element("loader");
        return loader != null && "pflash".equals(loader.attribute("type"));
    }
}
