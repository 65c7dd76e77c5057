package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.profile.ValueSet;
import io.github.domainsnapshot.validation.ValidationRun.RequestDisk;
import java.util.List;

/** The document's own rules (virDomainSnapshotDefParse), each disk's with its source's. */
final class ParseRules {
    private static final MessageKey REDEFINE_NAME = MessageKey.of(Rule.REDEFINE_NAME);
    private static final MessageKey REDEFINE_CREATION_TIME = MessageKey.of(Rule.REDEFINE_CREATION_TIME);
    private static final MessageKey REDEFINE_STATE_MISSING = MessageKey.of(Rule.REDEFINE_STATE_MISSING);
    private static final MessageKey REDEFINE_STATE_VALUE = MessageKey.of(Rule.REDEFINE_STATE_VALUE);
    private static final MessageKey MEMORY_VALUE = MessageKey.of(Rule.MEMORY_VALUE);
    private static final MessageKey MEMORY_MANUAL = MessageKey.of(Rule.MEMORY_MANUAL);
    private static final MessageKey MEMORY_FILE_REQUIRES_EXTERNAL = MessageKey.of(Rule.MEMORY_FILE_REQUIRES_EXTERNAL);
    private static final MessageKey MEMORY_EXTERNAL_REQUIRES_FILE = MessageKey.of(Rule.MEMORY_EXTERNAL_REQUIRES_FILE);
    private static final MessageKey MEMORY_OFFLINE = MessageKey.of(Rule.MEMORY_OFFLINE);
    private static final MessageKey MEMORY_FILE_ABSOLUTE = MessageKey.of(Rule.MEMORY_FILE_ABSOLUTE);
    private static final MessageKey DISK_NAME = MessageKey.of(Rule.DISK_NAME);
    private static final MessageKey DISK_MODE = MessageKey.of(Rule.DISK_MODE);
    private static final MessageKey DISK_TYPE_VALUE = MessageKey.of(Rule.DISK_TYPE_VALUE);
    private static final MessageKey DISK_TYPE = MessageKey.of(Rule.DISK_TYPE);
    private static final MessageKey DISK_DRIVER = MessageKey.of(Rule.DISK_DRIVER);
    private static final MessageKey DISK_PATH_ABSOLUTE = MessageKey.of(Rule.DISK_PATH_ABSOLUTE);

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
            run.add(REDEFINE_NAME, ROOT);
        }
        String time = ValidationRun.text(run.snapshot.getCreationTime());
        if (!isLong(time)) {
            run.add(REDEFINE_CREATION_TIME, time == null ? ROOT : ROOT + "/creationTime");
        }
        String s = ValidationRun.text(run.snapshot.getState());
        if (s == null) {
            run.add(REDEFINE_STATE_MISSING, ROOT);
        } else if (!run.profile.values(ValueSet.SNAPSHOT_STATE).contains(s)) {
            run.add(REDEFINE_STATE_VALUE, ROOT + "/state", "state", s);
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
        if (mode != null && !run.profile.values(ValueSet.SNAPSHOT_MODE).contains(mode)) {
            run.add(MEMORY_VALUE, path + "/@snapshot", "value", mode);
            run.memoryValid = false;
            return;
        }
        if ("manual".equals(mode)) {
            run.add(MEMORY_MANUAL, path + "/@snapshot");
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
            run.add(MEMORY_FILE_REQUIRES_EXTERNAL, path + "/@file", "file", file);
            run.memoryValid = false;
        }
        if (file == null && "external".equals(mode)) {
            run.add(MEMORY_EXTERNAL_REQUIRES_FILE, path);
            run.memoryValid = false;
        }
        if (Boolean.TRUE.equals(run.offline) && mode != null && !mode.equals("no")) {
            run.add(MEMORY_OFFLINE, path);
        }
        if (file != null && !file.startsWith("/")) {
            run.add(MEMORY_FILE_ABSOLUTE, path + "/@file", "file", file);
        }
        run.memory = mode;
    }

    /** virDomainSnapshotDiskDefParseXML: each check in libvirt's order. */
    private static void disk(ValidationRun run, RequestDisk d) {
        DiskSnapshot disk = d.disk;
        int before = run.errorCount();
        if (disk.getName() == null) {
            run.add(DISK_NAME, d.path);
        }
        String mode = disk.getSnapshot() == null ? null : disk.getSnapshot().value();
        if (mode != null && !run.profile.values(ValueSet.SNAPSHOT_MODE).contains(mode)) {
            run.add(DISK_MODE, d.path + "/@snapshot", "value", mode);
            mode = null;
        }
        String type = disk.getType() == null ? "file" : disk.getType().value();
        boolean typeKnown = false;
        if (!run.profile.values(ValueSet.STORAGE_TYPE).contains(type)) {
            run.add(DISK_TYPE_VALUE, d.path + "/@type", "value", type);
        } else if (type.equals("dir") || type.equals("volume")) {
            run.add(DISK_TYPE, d.path + "/@type", "type", type);
        } else {
            typeKnown = true;
        }
        if (typeKnown && disk.getSource() != null) {
            d.sourcePath = SourceRules.parse(run, type, disk.getSource(), d.path + "/source");
        }
        Driver driver = disk.getDriver();
        String format = driver == null ? null : ValidationRun.text(driver.getType());
        if (format != null && !run.profile.values(ValueSet.STORAGE_FORMAT).contains(format)) {
            run.add(DISK_DRIVER, d.path + "/driver/@type", "format", format);
        }
        if (driver != null
                && driver.getMetadataCache() != null
                && driver.getMetadataCache().getMaxSize() != null) {
            ScaledSize.Bad bad = ScaledSize.problem(driver.getMetadataCache().getMaxSize());
            if (bad != null) {
                run.add(bad.key(), d.path + "/driver/metadata_cache/max_size", bad.values());
            }
        }
        if (d.sourcePath != null && (type.equals("file") || type.equals("block")) && !d.sourcePath.startsWith("/")) {
            run.add(DISK_PATH_ABSOLUTE, d.path + "/source", "path", d.sourcePath);
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
