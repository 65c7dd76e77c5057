package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.codec.SnapshotDocument;
import io.github.domainsnapshot.codec.SourceLocation;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.model.Source;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** One check of one request: collects problems in the order libvirt would meet them. */
final class ValidationRun {
    static final String ROOT = "/domainsnapshot";
    private static final Set<String> LOCATIONS = Set.of("no", "internal", "external", "manual");
    private static final Set<String> STORAGE_TYPES =
            Set.of("file", "block", "dir", "network", "volume", "nvme", "vhostuser", "vhostvdpa");
    /** Storage formats libvirt 9.0 takes for a snapshot overlay (checked with the real libvirt). */
    private static final Set<String> FORMATS = Set.of(
            "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2",
            "qed", "vmdk");

    private static final Set<String> SNAPSHOT_STATES =
            Set.of("running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended", "disk-snapshot");

    private final DomainSnapshot snapshot;
    private final SnapshotDocument document;
    private final ValidationContext ctx;
    private final CombinationTable table;
    private final SnapshotCodec codec;
    private final boolean redefine;
    private final LibvirtDriver driver;
    private final List<Problem> problems = new ArrayList<>();

    /** The memory mode after parsing: null for default, else no, internal or external. */
    private String memory;

    private boolean memoryValid = true;
    /** A redefined snapshot's valid state, else null. */
    private String state;
    /** Whether libvirt parses the request as offline (memory must be no); null when unknown. */
    private Boolean offline;

    private final List<RequestDisk> disks = new ArrayList<>();
    private boolean disksValid = true;
    private Plan plan;
    private CombinationTable.Row row;
    private List<AlignedDisk> aligned;
    /** The own defaults of the domain disks the request does not name, once aligned (null: no default). */
    private List<String> unlistedModes = List.of();

    ValidationRun(
            DomainSnapshot snapshot,
            SnapshotDocument document,
            ValidationContext ctx,
            CombinationTable table,
            SnapshotCodec codec) {
        this.snapshot = snapshot;
        this.document = document;
        this.ctx = ctx;
        this.table = table;
        this.codec = codec;
        this.redefine = ctx.has(CreateFlag.REDEFINE);
        this.driver = ctx.driver();
    }

    /** A disk of the request, as libvirt's parser reads it. */
    private static final class RequestDisk {
        final int index;
        final DiskSnapshot disk;
        final String path;
        String mode;
        String type;
        String sourcePath;

        RequestDisk(int index, DiskSnapshot disk) {
            this.index = index;
            this.disk = disk;
            this.path = ROOT + "/disks/disk[" + (index + 1) + "]";
        }
    }

    /** A disk of the aligned snapshot. */
    private static final class AlignedDisk {
        final DomainDisk domainDisk;
        final RequestDisk request;
        String name;
        String mode;
        String type;
        String sourcePath;
        boolean generated;

        AlignedDisk(DomainDisk domainDisk, RequestDisk request) {
            this.domainDisk = domainDisk;
            this.request = request;
        }
    }

    ValidationReport run() {
        checkFlags();
        parse();
        if (driver == LibvirtDriver.QEMU) {
            checkQemuRules();
        }
        checkDriverRules();
        XmlElement alignDomain = null;
        if (driver == LibvirtDriver.QEMU || driver == LibvirtDriver.TEST) {
            alignDomain = redefine ? checkRedefine() : createDomain();
            if (alignDomain != null && memoryValid && disksValid) {
                align(alignDomain);
            }
        }
        if (driver == LibvirtDriver.QEMU) {
            applyTable();
        }
        XmlElement domainForCopy = alignDomain;
        return new ValidationReport(problems, plan, row, aligned == null ? null : () -> alignedSnapshot(domainForCopy));
    }

    // ---- problems

    private void add(Rule rule, String message, String path) {
        int line = 0;
        int column = 0;
        if (document != null && path != null) {
            Optional<SourceLocation> loc = document.locationOf(path);
            if (loc.isEmpty() && path.startsWith(ROOT + "/")) {
                loc = document.locationOf(path.substring(0, path.lastIndexOf('/')));
            }
            if (loc.isPresent()) {
                line = loc.get().line();
                column = loc.get().column();
            }
        }
        problems.add(new Problem(rule, rule.severity(), message, path, line, column));
    }

    // ---- flags (virDomainSnapshotCreateXML, then qemu's own)

    private void checkFlags() {
        requires(CreateFlag.CURRENT, CreateFlag.REDEFINE, Rule.FLAGS_CURRENT_REQUIRES_REDEFINE);
        exclusive(CreateFlag.REDEFINE, CreateFlag.NO_METADATA, Rule.FLAGS_REDEFINE_NO_METADATA);
        exclusive(CreateFlag.REDEFINE, CreateFlag.HALT, Rule.FLAGS_REDEFINE_HALT);
        int unsupported = CreateFlag.toMask(ctx.flags()) & ~CreateFlag.toMask(driver.supportedFlags());
        if (unsupported != 0) {
            add(
                    Rule.DRIVER_FLAGS,
                    "unsupported flags (0x" + Integer.toHexString(unsupported) + ") in function " + driver.function(),
                    null);
        }
        if (driver == LibvirtDriver.QEMU) {
            requires(CreateFlag.QUIESCE, CreateFlag.DISK_ONLY, Rule.FLAGS_QUIESCE_REQUIRES_DISK_ONLY);
            exclusive(CreateFlag.LIVE, CreateFlag.REDEFINE, Rule.FLAGS_LIVE_REDEFINE);
        }
    }

    private void requires(CreateFlag flag, CreateFlag needed, Rule rule) {
        if (ctx.has(flag) && !ctx.has(needed)) {
            add(rule, "Flag '" + needed.libvirtName() + "' is required by flag '" + flag.libvirtName() + "'", null);
        }
    }

    private void exclusive(CreateFlag a, CreateFlag b, Rule rule) {
        if (ctx.has(a) && ctx.has(b)) {
            add(rule, "Flags '" + a.libvirtName() + "' and '" + b.libvirtName() + "' are mutually exclusive", null);
        }
    }

    // ---- parse rules (virDomainSnapshotDefParse)

    private void parse() {
        String name = snapshot.getName();
        if (redefine) {
            if (name == null) {
                add(Rule.REDEFINE_NAME, "a redefined snapshot must have a name", ROOT);
            }
            if (!isLong(snapshot.getCreationTime())) {
                add(
                        Rule.REDEFINE_CREATION_TIME,
                        "missing creationTime from existing snapshot",
                        snapshot.getCreationTime() == null ? ROOT : ROOT + "/creationTime");
            }
            String s = snapshot.getState();
            if (s == null) {
                add(Rule.REDEFINE_STATE_MISSING, "missing state from existing snapshot", ROOT);
            } else if (!SNAPSHOT_STATES.contains(s)) {
                add(Rule.REDEFINE_STATE_VALUE, "Invalid state '" + s + "' in domain snapshot XML", ROOT + "/state");
            } else {
                state = s;
                offline = s.equals("shutoff") || s.equals("disk-snapshot");
            }
        } else if (driver != LibvirtDriver.QEMU) {
            // only qemu parses a request as offline (for a shut-off domain or a disk-only snapshot)
            offline = false;
        } else if (ctx.has(CreateFlag.DISK_ONLY)) {
            offline = true;
        } else if (ctx.state().isKnown()) {
            offline = !ctx.state().isActive();
        }
        parseMemory();
        List<DiskSnapshot> list =
                snapshot.getDisks() == null ? List.of() : snapshot.getDisks().getDisks();
        for (int i = 0; i < list.size(); i++) {
            parseDisk(new RequestDisk(i, list.get(i)));
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

    private void parseMemory() {
        MemorySpec spec = snapshot.getMemory();
        String path = ROOT + "/memory";
        String file = spec == null ? null : spec.getFile();
        String mode = spec == null ? null : spec.getSnapshot();
        if (mode != null && !LOCATIONS.contains(mode)) {
            add(
                    Rule.MEMORY_VALUE,
                    "Invalid value for attribute 'snapshot' in element 'memory': '" + mode + "'.",
                    path + "/@snapshot");
            memoryValid = false;
            return;
        }
        if ("manual".equals(mode)) {
            add(Rule.MEMORY_MANUAL, "'manual' memory snapshot mode not supported", path + "/@snapshot");
            memoryValid = false;
            return;
        }
        if (mode == null) {
            if (file != null) {
                mode = "external";
            } else if (redefine && offline != null) {
                mode = offline ? "no" : "internal";
            }
        }
        if (file != null && !"external".equals(mode)) {
            add(
                    Rule.MEMORY_FILE_REQUIRES_EXTERNAL,
                    "memory filename '" + file + "' requires external snapshot",
                    path + "/@file");
            memoryValid = false;
        }
        if (file == null && "external".equals(mode)) {
            add(Rule.MEMORY_EXTERNAL_REQUIRES_FILE, "external memory snapshots require a filename", path);
            memoryValid = false;
        }
        if (Boolean.TRUE.equals(offline) && mode != null && !mode.equals("no")) {
            add(Rule.MEMORY_OFFLINE, "memory state cannot be saved with offline or disk-only snapshot", path);
        }
        if (file != null && !file.startsWith("/")) {
            add(
                    Rule.MEMORY_FILE_ABSOLUTE,
                    "memory snapshot file path (" + file + ") must be absolute",
                    path + "/@file");
        }
        memory = mode;
    }

    private void parseDisk(RequestDisk d) {
        DiskSnapshot disk = d.disk;
        int before = problems.size();
        if (disk.getName() == null) {
            add(Rule.DISK_NAME, "missing name from disk snapshot element", d.path);
        }
        String mode = disk.getSnapshot();
        if (mode != null && !LOCATIONS.contains(mode)) {
            add(
                    Rule.DISK_MODE,
                    "Invalid value for attribute 'snapshot' in element 'disk': '" + mode + "'.",
                    d.path + "/@snapshot");
            mode = null;
        }
        String type = disk.getType() == null ? "file" : disk.getType();
        if (!STORAGE_TYPES.contains(type)) {
            add(
                    Rule.DISK_TYPE_VALUE,
                    "Invalid value for attribute 'type' in element 'disk': '" + type + "'.",
                    d.path + "/@type");
        } else if (type.equals("dir") || type.equals("volume")) {
            add(Rule.DISK_TYPE, "unsupported disk snapshot type '" + type + "'", d.path + "/@type");
        }
        Source src = disk.getSource();
        d.sourcePath = src == null
                ? null
                : switch (type) {
                    case "block" -> src.getDev();
                    case "network" -> src.getName();
                    default -> src.getFile();
                };
        Driver driver = disk.getDriver();
        String format = driver == null ? null : driver.getType();
        if (format != null && !FORMATS.contains(format)) {
            add(Rule.DISK_DRIVER, "unknown disk snapshot driver '" + format + "'", d.path + "/driver/@type");
        }
        if (driver != null
                && driver.getMetadataCache() != null
                && driver.getMetadataCache().getMaxSize() != null) {
            String problem = ScaledSize.problem(driver.getMetadataCache().getMaxSize());
            if (problem != null) {
                add(Rule.DISK_MAX_SIZE, problem, d.path + "/driver/metadata_cache/max_size");
            }
        }
        if (d.sourcePath != null
                && (type.equals("file") || type.equals("block") || type.equals("dir"))
                && !d.sourcePath.startsWith("/")) {
            add(
                    Rule.DISK_PATH_ABSOLUTE,
                    "disk snapshot image path '" + d.sourcePath + "' must be absolute",
                    d.path + "/source");
        }
        if (mode == null && disk.getSnapshot() == null && (d.sourcePath != null || format != null)) {
            mode = "external";
        }
        d.mode = mode;
        d.type = type;
        if (problems.size() > before) {
            disksValid = false;
        }
        disks.add(d);
    }

    // ---- qemu's name, live and state rules (qemuSnapshotCreateXMLValidateDef)

    private void checkQemuRules() {
        String name = snapshot.getName();
        if (name != null && !ctx.has(CreateFlag.NO_METADATA)) {
            if (name.indexOf('/') >= 0) {
                add(
                        Rule.NAME_CHARACTERS,
                        "invalid snapshot name '" + name + "': name can't contain '/'",
                        ROOT + "/name");
            } else if (name.startsWith(".")) {
                add(
                        Rule.NAME_CHARACTERS,
                        "invalid snapshot name '" + name + "': name can't start with '.'",
                        ROOT + "/name");
            }
        }
        if (ctx.has(CreateFlag.LIVE) && !redefine && memoryValid) {
            boolean inactive = ctx.state().isKnown() && !ctx.state().isActive();
            if (inactive || !"external".equals(memory)) {
                add(Rule.FLAGS_LIVE, "live snapshot creation is supported only during full system snapshots", null);
            }
        }
        String s = redefine ? state : ctx.state().isKnown() ? ctx.state().libvirtName() : null;
        if (s != null) {
            switch (s) {
                case "pmsuspended" ->
                    add(
                            Rule.STATE_PMSUSPENDED,
                            "qemu doesn't support taking snapshots of PMSUSPENDED guests",
                            redefine ? ROOT + "/state" : null);
                case "nostate", "blocked" ->
                    add(Rule.STATE_INVALID, "Invalid domain state " + s, redefine ? ROOT + "/state" : null);
                default -> {
                    // a state qemu snapshots
                }
            }
        }
    }

    // ---- the other drivers' own refusals

    private void checkDriverRules() {
        if (driver == LibvirtDriver.TEST) {
            for (RequestDisk d : disks) {
                if ("manual".equals(d.mode)) {
                    add(
                            Rule.DRIVER_MANUAL_MODE,
                            "'manual' snapshot mode is not supported by the test driver",
                            d.path + "/@snapshot");
                }
            }
        } else if (driver == LibvirtDriver.ESX && !disks.isEmpty()) {
            add(Rule.DRIVER_DISKS, "disk snapshots not supported yet", ROOT + "/disks");
            XmlElement domain = ctx.domain().orElse(null);
            if (domain == null) {
                return;
            }
            List<DomainDisk> domainDisks = DomainView.of(domain).disksInLibvirtOrder();
            for (RequestDisk d : disks) {
                int idx = d.disk.getName() == null ? -1 : diskIndexByName(domainDisks, d.disk.getName());
                String own = idx < 0 ? null : domainDisks.get(idx).snapshot().orElse(null);
                if (own != null && d.mode != null && !own.equals(d.mode)) {
                    add(
                            Rule.DRIVER_DISK_MODE_OVERRIDE,
                            "disk '" + d.disk.getName() + "' cannot use snapshot mode '" + d.mode
                                    + "': the domain's disk sets '" + own
                                    + "', and esx does not let a snapshot override it",
                            d.path + "/@snapshot");
                }
            }
        }
    }

    // ---- redefine (virDomainSnapshotRedefinePrep)

    /** @return the domain to align with, or null when there is none (an error then) */
    private XmlElement checkRedefine() {
        String name = snapshot.getName();
        String parent =
                snapshot.getParent() == null ? null : snapshot.getParent().getName();
        Optional<List<DomainSnapshot>> existing = ctx.existingSnapshots();
        if (name != null && parent != null) {
            if (existing.isPresent()) {
                checkParent(name, parent, existing.get());
            } else if (!parent.equals(name)) {
                add(
                        Rule.REDEFINE_PARENT_UNCHECKED,
                        "parent " + parent + " of snapshot " + name
                                + " was not checked: the domain's existing snapshots are not known",
                        ROOT + "/parent");
            } else {
                add(Rule.REDEFINE_PARENT, "cannot set moment " + name + " as its own parent", ROOT + "/parent");
            }
        }
        if (ctx.has(CreateFlag.DISK_ONLY) && state != null && !state.equals("disk-snapshot")) {
            add(
                    Rule.REDEFINE_DISK_ONLY_STATE,
                    "disk-only flag for snapshot " + name + " requires disk-snapshot state",
                    ROOT + "/state");
        }
        XmlElement own = fullDomain(snapshot.getDomain());
        Optional<String> targetUuid = ctx.domain().flatMap(d -> DomainView.of(d).uuid());
        if (own != null && targetUuid.isPresent()) {
            Optional<String> uuid = DomainView.of(own).uuid();
            if (uuid.isEmpty() || !sameUuid(uuid.get(), targetUuid.get())) {
                add(
                        Rule.REDEFINE_UUID,
                        "definition for snapshot " + name + " must use uuid " + targetUuid.get(),
                        ROOT + "/domain/uuid");
            }
        }
        DomainSnapshot other = null;
        if (name != null && existing.isPresent()) {
            for (DomainSnapshot s : existing.get()) {
                if (name.equals(s.getName())) {
                    other = s;
                }
            }
        }
        if (other != null && state != null && other.getState() != null) {
            if (isOnline(other.getState()) != isOnline(state)) {
                add(
                        Rule.REDEFINE_ONLINE_OFFLINE,
                        "cannot change between online and offline snapshot state in snapshot " + name,
                        ROOT + "/state");
            }
            if (other.getState().equals("disk-snapshot") != state.equals("disk-snapshot")) {
                add(
                        Rule.REDEFINE_DISK_ONLY_FULL,
                        "cannot change between disk only and full system in snapshot " + name,
                        ROOT + "/state");
            }
        }
        XmlElement domain = own != null ? own : other == null ? null : fullDomain(other.getDomain());
        if (domain == null) {
            add(Rule.REDEFINE_DOMAIN_MISSING, "missing domain in snapshot", ROOT);
        }
        return domain;
    }

    private void checkParent(String name, String parent, List<DomainSnapshot> existing) {
        if (parent.equals(name)) {
            add(Rule.REDEFINE_PARENT, "cannot set moment " + name + " as its own parent", ROOT + "/parent");
            return;
        }
        DomainSnapshot p = find(existing, parent);
        if (p == null) {
            add(Rule.REDEFINE_PARENT, "parent " + parent + " for moment " + name + " not found", ROOT + "/parent");
            return;
        }
        Set<String> seen = new HashSet<>();
        while (p != null && p.getParent() != null && p.getParent().getName() != null && seen.add(p.getName())) {
            String up = p.getParent().getName();
            if (up.equals(name)) {
                add(Rule.REDEFINE_PARENT, "parent " + parent + " would create cycle to " + name, ROOT + "/parent");
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

    /** libvirt reads a snapshot's domain only when it has a type: older ones held just a uuid. */
    private static XmlElement fullDomain(XmlElement domain) {
        return domain != null && domain.attribute("type") != null ? domain : null;
    }

    private XmlElement createDomain() {
        return ctx.domain().orElseGet(() -> fullDomain(snapshot.getDomain()));
    }

    // ---- alignment (virDomainSnapshotAlignDisks)

    private String defaultLocation() {
        if (redefine) {
            boolean external = "external".equals(memory) || disks.stream().anyMatch(d -> "external".equals(d.mode));
            return "disk-snapshot".equals(state) || external ? "external" : "internal";
        }
        return ctx.has(CreateFlag.DISK_ONLY) || "external".equals(memory) ? "external" : "internal";
    }

    private void align(XmlElement domainElement) {
        List<DomainDisk> domainDisks = DomainView.of(domainElement).disksInLibvirtOrder();
        if (disks.size() > domainDisks.size()) {
            add(Rule.ALIGN_TOO_MANY, "too many disk snapshot requests for domain", ROOT + "/disks");
            return;
        }
        String defaultLocation = defaultLocation();
        boolean requireMatch = defaultLocation.equals("internal");
        int errorsBefore = errorCount();
        AlignedDisk[] byDomainDisk = new AlignedDisk[domainDisks.size()];
        for (RequestDisk d : disks) {
            String name = d.disk.getName();
            int idx = diskIndexByName(domainDisks, name);
            if (idx < 0) {
                add(Rule.ALIGN_UNKNOWN_DISK, "no disk named '" + name + "'", d.path + "/@name");
                continue;
            }
            if (byDomainDisk[idx] != null) {
                add(Rule.ALIGN_TWICE, "disk '" + name + "' specified twice", d.path + "/@name");
                continue;
            }
            DomainDisk domainDisk = domainDisks.get(idx);
            String domainDefault = domainDisk.snapshotDefault().orElse(null);
            String mode = d.mode;
            if (mode == null) {
                mode = domainDefault != null && (!requireMatch || domainDefault.equals("no"))
                        ? domainDefault
                        : defaultLocation;
            } else if (requireMatch
                    && !mode.equals(defaultLocation)
                    && !(mode.equals("no") && "no".equals(domainDefault))) {
                add(
                        Rule.ALIGN_UNIFORM_INTERNAL,
                        "disk '" + name + "' must use snapshot mode '" + defaultLocation + "'",
                        d.path + "/@snapshot");
            }
            if (d.sourcePath != null && !mode.equals("external")) {
                add(
                        Rule.ALIGN_FILE_REQUIRES_EXTERNAL,
                        "file '" + d.sourcePath + "' for disk '" + name + "' requires use of external snapshot mode",
                        d.path + "/source");
            }
            AlignedDisk a = new AlignedDisk(domainDisk, d);
            a.name = domainDisk.targetDev();
            a.mode = mode;
            a.type = d.type;
            a.sourcePath = d.sourcePath;
            byDomainDisk[idx] = a;
        }
        List<AlignedDisk> out = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        for (int i = 0; i < domainDisks.size(); i++) {
            if (byDomainDisk[i] != null) {
                out.add(byDomainDisk[i]);
                continue;
            }
            DomainDisk domainDisk = domainDisks.get(i);
            String own = isEmptyDrive(domainDisk)
                    ? "no"
                    : domainDisk.snapshotDefault().orElse(null);
            unlisted.add(own);
            AlignedDisk a = new AlignedDisk(domainDisk, null);
            a.name = domainDisk.targetDev();
            a.mode = own != null ? own : defaultLocation;
            a.type = "file";
            out.add(a);
        }
        unlistedModes = unlisted;
        if (errorCount() > errorsBefore) {
            return;
        }
        assignExternalNames(out);
        if (errorCount() == errorsBefore) {
            aligned = out;
        }
    }

    private int errorCount() {
        return (int) problems.stream().filter(Problem::isError).count();
    }

    /** As libvirt's virDomainDiskByName: the target, or else (for a path) the one disk with that source. */
    private static int diskIndexByName(List<DomainDisk> domainDisks, String name) {
        int candidate = -1;
        for (int i = 0; i < domainDisks.size(); i++) {
            DomainDisk disk = domainDisks.get(i);
            if (!name.startsWith("/")) {
                if (name.equals(disk.targetDev())) {
                    return i;
                }
            } else if (name.equals(disk.sourcePath().orElse(null))) {
                if (candidate >= 0) {
                    return -1;
                }
                candidate = i;
            }
        }
        return candidate;
    }

    private static boolean isEmptyDrive(DomainDisk disk) {
        String type = disk.type();
        return (type.equals("file") || type.equals("block") || type.equals("dir")) && !disk.hasSource();
    }

    private void assignExternalNames(List<AlignedDisk> out) {
        String snapshotName = snapshotName();
        Optional<Predicate<String>> regular = ctx.regularFileTest();
        for (int i = 0; i < out.size(); i++) {
            AlignedDisk d = out.get(i);
            if (!d.mode.equals("external") || d.sourcePath != null) {
                continue;
            }
            String path = d.request == null ? ROOT + "/disks" : d.request.path;
            if (!d.type.equals("file")) {
                add(
                        Rule.ALIGN_NAME_DEVICE_TYPE,
                        "cannot generate external snapshot name for disk '" + d.name + "' on a '" + d.type + "' device",
                        path);
                continue;
            }
            String original = d.domainDisk.sourcePath().orElse(null);
            if (original == null) {
                add(
                        Rule.ALIGN_NAME_NO_SOURCE,
                        "cannot generate external snapshot name for disk '" + d.name + "' without source",
                        path);
                continue;
            }
            if (!d.domainDisk.type().equals("file")) {
                // a block device, or a network or volume name: never a regular file for stat()
                add(
                        Rule.ALIGN_NOT_REGULAR_FILE,
                        "source for disk '" + d.name
                                + "' is not a regular file; refusing to generate external snapshot name",
                        path);
                continue;
            }
            if (regular.isPresent()) {
                if (!regular.get().test(original)) {
                    add(
                            Rule.ALIGN_NOT_REGULAR_FILE,
                            "source for disk '" + d.name
                                    + "' is not a regular file; refusing to generate external snapshot name",
                            path);
                    continue;
                }
            } else {
                add(
                        Rule.ALIGN_FILE_UNCHECKED,
                        "external file name for disk '" + d.name + "' made from '" + original
                                + "' without checking that it is a regular file, as libvirt requires",
                        path);
            }
            d.sourcePath = ExternalNames.overlayPath(original, snapshotName);
            d.generated = true;
            for (int j = 0; j < i; j++) {
                if (d.sourcePath.equals(out.get(j).sourcePath)) {
                    add(
                            Rule.ALIGN_COLLISION,
                            "cannot generate external snapshot name for disk '" + d.name + "': collision with disk '"
                                    + out.get(j).name + "'",
                            path);
                    break;
                }
            }
        }
    }

    /** The snapshot's name, or the one libvirt gives an unnamed snapshot: its creation time in seconds. */
    private String snapshotName() {
        return snapshot.getName() != null
                ? snapshot.getName()
                : Long.toString(ctx.clock().instant().getEpochSecond());
    }

    // ---- the combination table

    private void applyTable() {
        boolean online;
        if (redefine) {
            if (state == null) {
                return;
            }
            online = !state.equals("shutoff");
        } else if (ctx.state().isKnown()) {
            online = ctx.state().isActive();
        } else {
            add(
                    Rule.TABLE_STATE_UNKNOWN,
                    "the domain state is not known: the memory / disk / disk-only combination table was not applied",
                    null);
            return;
        }
        if (!memoryValid || !disksValid) {
            return;
        }
        CombinationTable.Request memoryColumn = memoryColumn();
        Optional<CombinationTable.Request> disksColumn = DiskReduction.reduce(modes());
        if (disksColumn.isEmpty()) {
            add(
                    Rule.TABLE_MIXED_DISKS,
                    "mixing internal and external targets for a snapshot is not yet supported",
                    ROOT + "/disks");
            return;
        }
        boolean diskOnly = ctx.has(CreateFlag.DISK_ONLY) || "disk-snapshot".equals(state);
        row = table.lookup(online, memoryColumn, disksColumn.get(), diskOnly);
        String what = (online ? "online" : "offline") + " domain, memory " + memoryColumn.label() + ", disks "
                + disksColumn.get().label() + ", disk-only " + (diskOnly ? "on" : "off");
        if (row.invalidReason().isPresent()) {
            add(
                    Rule.TABLE_INVALID,
                    "invalid combination (" + row.invalidReason().get() + "): " + what,
                    ROOT);
        } else if (row.isUnsupported()) {
            add(Rule.TABLE_UNSUPPORTED, "unsupported for now: " + what, ROOT);
        } else {
            plan = row.plan().orElseThrow();
        }
    }

    private CombinationTable.Request memoryColumn() {
        if (memory == null) {
            return CombinationTable.Request.OMIT;
        }
        return switch (memory) {
            case "no" -> CombinationTable.Request.NO;
            case "internal" -> CombinationTable.Request.INT;
            default -> CombinationTable.Request.EXT;
        };
    }

    private List<String> modes() {
        List<String> out = new ArrayList<>();
        for (RequestDisk d : disks) {
            out.add(d.mode);
        }
        if (!disks.isEmpty()) {
            out.addAll(unlistedModes);
        }
        return out;
    }

    // ---- the aligned snapshot

    private DomainSnapshot alignedSnapshot(XmlElement domain) {
        DomainSnapshot copy = codec.copy(snapshot);
        List<DiskSnapshot> requested =
                copy.getDisks() == null ? List.of() : copy.getDisks().getDisks();
        DiskSnapshotList list = new DiskSnapshotList();
        for (AlignedDisk a : aligned) {
            DiskSnapshot disk = a.request == null ? new DiskSnapshot() : requested.get(a.request.index);
            disk.setName(a.name);
            disk.setSnapshot(a.mode);
            if (a.generated) {
                Source source = new Source();
                source.setFile(a.sourcePath);
                disk.setSource(source);
            }
            formatLikeLibvirt(disk, a);
            list.getDisks().add(disk);
        }
        copy.setDisks(list.getDisks().isEmpty() ? null : list);
        String resolvedMemory = redefine ? memory : storedMemory();
        if (resolvedMemory != null) {
            MemorySpec spec = copy.getMemory() == null ? new MemorySpec() : copy.getMemory();
            spec.setSnapshot(resolvedMemory);
            copy.setMemory(spec);
        }
        if (!redefine) {
            fillInAsLibvirtStores(copy, domain);
        }
        return copy;
    }

    /** What a created snapshot records of memory: the plan's, or the driver's rule. */
    private String storedMemory() {
        if (plan != null) {
            return planMemory(plan.memory());
        }
        if ("external".equals(memory)) {
            return memory;
        }
        if (driver == LibvirtDriver.QEMU && ctx.has(CreateFlag.DISK_ONLY)) {
            return "no";
        }
        if (ctx.state().isKnown()) {
            return ctx.state().isActive() ? "internal" : "no";
        }
        return memory;
    }

    /**
     * What libvirt adds when it stores a created snapshot: a name (the creation time, when the
     * request has none), the state, the creation time and the domain's definition.
     */
    private void fillInAsLibvirtStores(DomainSnapshot copy, XmlElement domain) {
        long now = ctx.clock().instant().getEpochSecond();
        copy.setName(snapshotName());
        if (ctx.state().isKnown()) {
            String stored = ctx.state().libvirtName();
            if (ctx.has(CreateFlag.DISK_ONLY)) {
                stored = ctx.state().isActive() ? "disk-snapshot" : "shutoff";
            }
            copy.setState(stored);
        }
        copy.setCreationTime(Long.toString(now));
        if (domain != null) {
            copy.setDomain(domain.deepCopy());
        }
    }

    private static String planMemory(Plan.Location location) {
        return switch (location) {
            case NO -> "no";
            case INTERNAL -> "internal";
            default -> "external";
        };
    }

    /** libvirt keeps a disk's type only with a path or a format, the max size in bytes, and no startup policy or index. */
    private static void formatLikeLibvirt(DiskSnapshot disk, AlignedDisk a) {
        boolean hasFormat = disk.getDriver() != null && disk.getDriver().getType() != null;
        disk.setType(a.sourcePath != null || hasFormat ? a.type : null);
        Source source = disk.getSource();
        if (source != null) {
            source.setStartupPolicy(null);
            source.setIndex(null);
            if (source.getProtocol() != null && !source.getProtocol().startsWith("http")) {
                source.setQuery(null);
            }
        }
        Driver driver = disk.getDriver();
        if (driver != null
                && driver.getMetadataCache() != null
                && driver.getMetadataCache().getMaxSize() != null) {
            long bytes = ScaledSize.bytes(driver.getMetadataCache().getMaxSize());
            if (bytes > 0) {
                driver.getMetadataCache().getMaxSize().setUnit("bytes");
                driver.getMetadataCache().getMaxSize().setValue(Long.toUnsignedString(bytes));
            } else {
                driver.setMetadataCache(null);
            }
        }
    }
}
