package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.validation.ValidationRun.RequestDisk;
import java.util.List;
import java.util.Set;

/** The document's own rules (virDomainSnapshotDefParse), each disk's with its source's. */
final class ParseRules {
    private static final Set<String> LOCATIONS = Set.of("no", "internal", "external", "manual");
    /** The source types libvirt 9.0 knows (vhostvdpa came later). */
    private static final Set<String> STORAGE_TYPES =
            Set.of("file", "block", "dir", "network", "volume", "nvme", "vhostuser");
    /** Storage formats libvirt 9.0 takes for a snapshot overlay (checked with the real libvirt). */
    private static final Set<String> FORMATS = Set.of(
            "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2",
            "qed", "vmdk");

    private static final Set<String> SNAPSHOT_STATES =
            Set.of("running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended", "disk-snapshot");

    private ParseRules() {}

    /**
     * qemuSnapshotCreateXMLParse: a new snapshot of an inactive domain, or a disk-only one, is
     * parsed as offline, so that it cannot save memory.
     */
    static void qemuParseMode(ValidationRun run) {
        if (run.redefine) {
            return;
        }
        if (run.ctx.has(CreateFlag.DISK_ONLY)) {
            run.offline = true;
        } else {
            Boolean active = run.active();
            run.offline = active == null ? null : !active;
        }
    }

    static void parse(ValidationRun run) {
        if (run.redefine) {
            redefinedFields(run);
        }
        memory(run);
        // every child of every <disks>, as libvirt counts them
        List<DiskSnapshot> list = run.codec.libvirtDisks(run.snapshot);
        for (int i = 0; i < list.size(); i++) {
            disk(run, new RequestDisk(i, list.get(i)));
        }
    }

    private static void redefinedFields(ValidationRun run) {
        if (ValidationRun.text(run.snapshot.getName()) == null) {
            run.add(Rule.REDEFINE_NAME, "a redefined snapshot must have a name", ROOT);
        }
        String time = ValidationRun.text(run.snapshot.getCreationTime());
        if (!isLong(time)) {
            run.add(
                    Rule.REDEFINE_CREATION_TIME,
                    "missing creationTime from existing snapshot",
                    time == null ? ROOT : ROOT + "/creationTime");
        }
        String s = ValidationRun.text(run.snapshot.getState());
        if (s == null) {
            run.add(Rule.REDEFINE_STATE_MISSING, "missing state from existing snapshot", ROOT);
        } else if (!SNAPSHOT_STATES.contains(s)) {
            run.add(Rule.REDEFINE_STATE_VALUE, "Invalid state '" + s + "' in domain snapshot XML", ROOT + "/state");
        } else {
            run.state = s;
            run.offline = s.equals("shutoff") || s.equals("disk-snapshot");
        }
    }

    /** As libvirt's virXPathLongLong: leading blanks allowed, nothing after the digits. */
    private static boolean isLong(String text) {
        if (text == null) {
            return false;
        }
        try {
            Long.parseLong(text.stripLeading());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void memory(ValidationRun run) {
        MemorySpec spec = run.snapshot.getMemory();
        String path = ROOT + "/memory";
        String file = spec == null ? null : spec.getFile();
        // an empty value is one libvirt refuses, not an absent one
        String mode = spec == null || spec.getSnapshot() == null
                ? null
                : spec.getSnapshot().value();
        if (mode != null && !LOCATIONS.contains(mode)) {
            run.add(
                    Rule.MEMORY_VALUE,
                    "Invalid value for attribute 'snapshot' in element 'memory': '" + mode + "'.",
                    path + "/@snapshot");
            run.memoryValid = false;
            return;
        }
        if ("manual".equals(mode)) {
            run.add(Rule.MEMORY_MANUAL, "'manual' memory snapshot mode not supported", path + "/@snapshot");
            run.memoryValid = false;
            return;
        }
        if (mode == null) {
            if (file != null) {
                mode = "external";
            } else if (run.redefine && run.offline != null) {
                mode = run.offline ? "no" : "internal";
            }
        }
        if (file != null && !"external".equals(mode)) {
            run.add(
                    Rule.MEMORY_FILE_REQUIRES_EXTERNAL,
                    "memory filename '" + file + "' requires external snapshot",
                    path + "/@file");
            run.memoryValid = false;
        }
        if (file == null && "external".equals(mode)) {
            run.add(Rule.MEMORY_EXTERNAL_REQUIRES_FILE, "external memory snapshots require a filename", path);
            run.memoryValid = false;
        }
        if (Boolean.TRUE.equals(run.offline) && mode != null && !mode.equals("no")) {
            run.add(Rule.MEMORY_OFFLINE, "memory state cannot be saved with offline or disk-only snapshot", path);
        }
        if (file != null && !file.startsWith("/")) {
            run.add(
                    Rule.MEMORY_FILE_ABSOLUTE,
                    "memory snapshot file path (" + file + ") must be absolute",
                    path + "/@file");
        }
        run.memory = mode;
    }

    /** virDomainSnapshotDiskDefParseXML: each check in libvirt's order. */
    private static void disk(ValidationRun run, RequestDisk d) {
        DiskSnapshot disk = d.disk;
        int before = run.errorCount();
        if (disk.getName() == null) {
            run.add(Rule.DISK_NAME, "missing name from disk snapshot element", d.path);
        }
        String mode = disk.getSnapshot() == null ? null : disk.getSnapshot().value();
        if (mode != null && !LOCATIONS.contains(mode)) {
            run.add(
                    Rule.DISK_MODE,
                    "Invalid value for attribute 'snapshot' in element 'disk': '" + mode + "'.",
                    d.path + "/@snapshot");
            mode = null;
        }
        String type = disk.getType() == null ? "file" : disk.getType().value();
        boolean typeKnown = false;
        if (!STORAGE_TYPES.contains(type)) {
            run.add(
                    Rule.DISK_TYPE_VALUE,
                    "Invalid value for attribute 'type' in element 'disk': '" + type + "'.",
                    d.path + "/@type");
        } else if (type.equals("dir") || type.equals("volume")) {
            run.add(Rule.DISK_TYPE, "unsupported disk snapshot type '" + type + "'", d.path + "/@type");
        } else {
            typeKnown = true;
        }
        if (typeKnown && disk.getSource() != null) {
            d.sourcePath = SourceRules.parse(run, type, disk.getSource(), d.path + "/source");
        }
        Driver driver = disk.getDriver();
        String format = driver == null ? null : ValidationRun.text(driver.getType());
        if (format != null && !FORMATS.contains(format)) {
            run.add(Rule.DISK_DRIVER, "unknown disk snapshot driver '" + format + "'", d.path + "/driver/@type");
        }
        if (driver != null
                && driver.getMetadataCache() != null
                && driver.getMetadataCache().getMaxSize() != null) {
            ScaledSize.Bad bad = ScaledSize.problem(driver.getMetadataCache().getMaxSize());
            if (bad != null) {
                run.add(Rule.DISK_MAX_SIZE, bad.error(), bad.message(), d.path + "/driver/metadata_cache/max_size");
            }
        }
        if (d.sourcePath != null && (type.equals("file") || type.equals("block")) && !d.sourcePath.startsWith("/")) {
            run.add(
                    Rule.DISK_PATH_ABSOLUTE,
                    "disk snapshot image path '" + d.sourcePath + "' must be absolute",
                    d.path + "/source");
        }
        if (mode == null && disk.getSnapshot() == null && (d.sourcePath != null || format != null)) {
            mode = "external";
        }
        d.mode = mode;
        d.type = type;
        d.format = format;
        if (run.errorCount() > before) {
            run.disksValid = false;
        }
        run.disks.add(d);
    }
}
