package io.github.domainsnapshot.validation;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every rule the validator applies, with a stable id (as in reports and on the command line)
 * and what breaking it means. Each constant below begins with its id; {@link #fromId(String)}
 * finds a rule by it.
 *
 * <p>Rules marked {@link Kind#INVALID} are mistakes in the request: libvirt refuses it whatever
 * the hypervisor can do. {@link Kind#UNSUPPORTED} rules are limits of the hypervisor (a valid
 * request it cannot carry out). {@link Kind#NOTE} rules only ever give warnings.
 */
public enum Rule {
    /** {@code document.malformed}: The document is not well-formed XML, or breaks the reader's limits. */
    DOCUMENT_MALFORMED("document.malformed", Kind.INVALID),
    /** {@code document.root}: The root element is not {@code domainsnapshot}. */
    DOCUMENT_ROOT("document.root", Kind.INVALID),
    /** {@code document.schema}: With the VALIDATE flag: the document does not match libvirt's schema. */
    DOCUMENT_SCHEMA("document.schema", Kind.INVALID),

    /** {@code flags.current-requires-redefine}: CURRENT needs REDEFINE. */
    FLAGS_CURRENT_REQUIRES_REDEFINE("flags.current-requires-redefine", Kind.INVALID),
    /** {@code flags.redefine-no-metadata}: REDEFINE and NO_METADATA exclude each other. */
    FLAGS_REDEFINE_NO_METADATA("flags.redefine-no-metadata", Kind.INVALID),
    /** {@code flags.redefine-halt}: REDEFINE and HALT exclude each other. */
    FLAGS_REDEFINE_HALT("flags.redefine-halt", Kind.INVALID),
    /** {@code flags.quiesce-requires-disk-only}: QUIESCE needs DISK_ONLY (qemu). */
    FLAGS_QUIESCE_REQUIRES_DISK_ONLY("flags.quiesce-requires-disk-only", Kind.INVALID),
    /** {@code flags.live-redefine}: LIVE and REDEFINE exclude each other (qemu). */
    FLAGS_LIVE_REDEFINE("flags.live-redefine", Kind.INVALID),
    /** {@code flags.live}: LIVE only for an active domain whose memory goes to an external file (qemu). */
    FLAGS_LIVE("flags.live", Kind.UNSUPPORTED),

    /** {@code redefine.name}: A redefined snapshot needs a name. */
    REDEFINE_NAME("redefine.name", Kind.INVALID),
    /** {@code redefine.creation-time}: A redefined snapshot needs an integer creationTime. */
    REDEFINE_CREATION_TIME("redefine.creation-time", Kind.INVALID),
    /** {@code redefine.state-missing}: A redefined snapshot needs a state. */
    REDEFINE_STATE_MISSING("redefine.state-missing", Kind.INVALID),
    /** {@code redefine.state-value}: A redefined snapshot's state must be one libvirt knows. */
    REDEFINE_STATE_VALUE("redefine.state-value", Kind.INVALID),
    /** {@code redefine.disk-only-state}: DISK_ONLY with REDEFINE needs the disk-snapshot state. */
    REDEFINE_DISK_ONLY_STATE("redefine.disk-only-state", Kind.INVALID),
    /** {@code redefine.uuid}: The recorded domain must be the target domain (same uuid). */
    REDEFINE_UUID("redefine.uuid", Kind.INVALID),
    /** {@code redefine.parent}: The parent must exist, and must not make a cycle. */
    REDEFINE_PARENT("redefine.parent", Kind.INVALID),
    /** {@code redefine.parent-unchecked}: The parent could not be checked: the domain's existing snapshots were not given. */
    REDEFINE_PARENT_UNCHECKED("redefine.parent-unchecked", Kind.NOTE),
    /** {@code redefine.online-offline}: Redefining an existing snapshot cannot switch between online and offline. */
    REDEFINE_ONLINE_OFFLINE("redefine.online-offline", Kind.INVALID),
    /** {@code redefine.disk-only-full}: Redefining an existing snapshot cannot switch between disk-only and full system. */
    REDEFINE_DISK_ONLY_FULL("redefine.disk-only-full", Kind.INVALID),
    /** {@code redefine.domain-missing}: A redefined snapshot needs a full domain definition to align its disks with. */
    REDEFINE_DOMAIN_MISSING("redefine.domain-missing", Kind.INVALID),

    /** {@code name.characters}: The snapshot name must not hold '/' nor start with '.' (qemu stores it as a file name). */
    NAME_CHARACTERS("name.characters", Kind.INVALID),
    /** {@code state.pmsuspended}: qemu cannot snapshot a guest suspended by power management. */
    STATE_PMSUSPENDED("state.pmsuspended", Kind.UNSUPPORTED),
    /** {@code state.invalid}: A state qemu never snapshots (nostate, blocked; disk-snapshot outside a redefine). */
    STATE_INVALID("state.invalid", Kind.INVALID),

    /** {@code qemu.running-needs-memory}: qemu: a running domain's snapshot keeps its memory unless it is disk-only (qemuSnapshotCreateAlignDisks). */
    QEMU_RUNNING_NEEDS_MEMORY("qemu.running-needs-memory", Kind.UNSUPPORTED),
    /** {@code qemu.active-internal-disk}: qemu: a disk-only snapshot of an active domain cannot make a disk internal. */
    QEMU_ACTIVE_INTERNAL_DISK("qemu.active-internal-disk", Kind.UNSUPPORTED),
    /** {@code qemu.internal-format}: qemu: internal snapshots live in qcow2 images only. */
    QEMU_INTERNAL_FORMAT("qemu.internal-format", Kind.UNSUPPORTED),
    /** {@code qemu.internal-storage}: qemu: an offline internal snapshot needs a local file or block device. */
    QEMU_INTERNAL_STORAGE("qemu.internal-storage", Kind.UNSUPPORTED),
    /** {@code qemu.external-format}: qemu: an external overlay is qcow2 or qed, and a metadata cache size needs qcow2. */
    QEMU_EXTERNAL_FORMAT("qemu.external-format", Kind.UNSUPPORTED),
    /** {@code qemu.external-storage}: qemu: the storage an external snapshot can be taken of and written to. */
    QEMU_EXTERNAL_STORAGE("qemu.external-storage", Kind.UNSUPPORTED),
    /** {@code qemu.shared-disk}: qemu: a shareable disk's overlay would need a format that allows concurrent access. */
    QEMU_SHARED_DISK("qemu.shared-disk", Kind.UNSUPPORTED),
    /** {@code qemu.nothing-selected}: qemu: a snapshot must select memory or at least one disk. */
    QEMU_NOTHING_SELECTED("qemu.nothing-selected", Kind.INVALID),
    /** {@code qemu.internal-all-disks}: qemu: internal memory needs internal disks, and no disk may be left out of an internal snapshot. */
    QEMU_INTERNAL_ALL_DISKS("qemu.internal-all-disks", Kind.UNSUPPORTED),
    /** {@code qemu.disk-only-needs-disk}: qemu: a disk-only snapshot needs at least one external disk. */
    QEMU_DISK_ONLY_NEEDS_DISK("qemu.disk-only-needs-disk", Kind.INVALID),
    /** {@code qemu.pflash}: qemu: internal snapshots of a domain with a pflash firmware. */
    QEMU_PFLASH("qemu.pflash", Kind.UNSUPPORTED),

    /** {@code memory.value}: The memory snapshot mode must be known. */
    MEMORY_VALUE("memory.value", Kind.INVALID),
    /** {@code memory.manual}: Memory cannot use the {@code manual} mode. */
    MEMORY_MANUAL("memory.manual", Kind.INVALID),
    /** {@code memory.file-requires-external}: A memory file implies the external mode. */
    MEMORY_FILE_REQUIRES_EXTERNAL("memory.file-requires-external", Kind.INVALID),
    /** {@code memory.external-requires-file}: External memory needs a file. */
    MEMORY_EXTERNAL_REQUIRES_FILE("memory.external-requires-file", Kind.INVALID),
    /** {@code memory.offline}: An offline or disk-only snapshot cannot save memory. */
    MEMORY_OFFLINE("memory.offline", Kind.INVALID),
    /** {@code memory.file-absolute}: The memory file must be an absolute path. */
    MEMORY_FILE_ABSOLUTE("memory.file-absolute", Kind.INVALID),

    /** {@code disk.name}: Each snapshot disk needs a name. */
    DISK_NAME("disk.name", Kind.INVALID),
    /** {@code disk.mode}: A disk's snapshot mode must be known. */
    DISK_MODE("disk.mode", Kind.INVALID),
    /** {@code disk.type-value}: A disk's source type must be known. */
    DISK_TYPE_VALUE("disk.type-value", Kind.INVALID),
    /** {@code disk.type}: A snapshot disk cannot be of type dir or volume. */
    DISK_TYPE("disk.type", Kind.INVALID),
    /** {@code disk.driver}: The overlay's driver type must be a storage format libvirt knows. */
    DISK_DRIVER("disk.driver", Kind.INVALID),
    /** {@code disk.max-size}: The metadata cache size must be a number with a known unit. */
    DISK_MAX_SIZE("disk.max-size", Kind.INVALID),
    /** {@code disk.path-absolute}: A file or block source path must be absolute. */
    DISK_PATH_ABSOLUTE("disk.path-absolute", Kind.INVALID),

    /** {@code source.network}: A network source needs a known protocol, a name (but for nbd) and valid attributes. */
    SOURCE_NETWORK("source.network", Kind.INVALID),
    /** {@code source.host}: A network source's host: known transport, a socket only for unix, a name, a port number. */
    SOURCE_HOST("source.host", Kind.INVALID),
    /** {@code source.network-option}: A network source's options (ssl, cookies, readahead, timeout) must be valid. */
    SOURCE_NETWORK_OPTION("source.network-option", Kind.INVALID),
    /** {@code source.auth}: A source's {@code <auth>} needs a username and one secret named by uuid or usage. */
    SOURCE_AUTH("source.auth", Kind.INVALID),
    /** {@code source.encryption}: A source's {@code <encryption>} needs a known format, engine and secret type, a cipher's name and size, an ivgen's name. */
    SOURCE_ENCRYPTION("source.encryption", Kind.INVALID),
    /** {@code source.reservations}: A source's {@code <reservations>} needs a managed attribute of yes or no, and a unix client socket when unmanaged or given. */
    SOURCE_RESERVATIONS("source.reservations", Kind.INVALID),
    /** {@code source.slice}: A source's {@code <slices>}: each slice needs a numeric offset and size. */
    SOURCE_SLICE("source.slice", Kind.INVALID),
    /** {@code source.seclabel}: A source's {@code <seclabel>}: relabel yes or no, no label when relabel is off, one per model. */
    SOURCE_SECLABEL("source.seclabel", Kind.INVALID),
    /** {@code source.nvme}: An nvme source: type pci, a namespace and a PCI address of numbers in range. */
    SOURCE_NVME("source.nvme", Kind.INVALID),
    /** {@code source.vhostuser}: A vhost-user source: type unix, a path, and a timeout when reconnecting is enabled. */
    SOURCE_VHOSTUSER("source.vhostuser", Kind.INVALID),

    /** {@code align.too-many}: There are more snapshot disks than domain disks. */
    ALIGN_TOO_MANY("align.too-many", Kind.INVALID),
    /** {@code align.unknown-disk}: A snapshot disk names no disk of the domain. */
    ALIGN_UNKNOWN_DISK("align.unknown-disk", Kind.INVALID),
    /** {@code align.twice}: Two snapshot disks name one domain disk. */
    ALIGN_TWICE("align.twice", Kind.INVALID),
    /** {@code align.uniform-internal}: With an internal default, every disk must be internal (or excluded where the domain excludes it). */
    ALIGN_UNIFORM_INTERNAL("align.uniform-internal", Kind.UNSUPPORTED),
    /** {@code align.file-requires-external}: A disk with a source path must be external. */
    ALIGN_FILE_REQUIRES_EXTERNAL("align.file-requires-external", Kind.INVALID),
    /** {@code align.name-device-type}: An external file name can only be made up for a file disk. */
    ALIGN_NAME_DEVICE_TYPE("align.name-device-type", Kind.UNSUPPORTED),
    /** {@code align.name-no-source}: An external file name cannot be made up for a disk without a source. */
    ALIGN_NAME_NO_SOURCE("align.name-no-source", Kind.UNSUPPORTED),
    /** {@code align.not-regular-file}: An external file name is only made up next to a regular file. */
    ALIGN_NOT_REGULAR_FILE("align.not-regular-file", Kind.UNSUPPORTED),
    /** {@code align.file-unchecked}: A file name was made up without checking that the original is a regular file. */
    ALIGN_FILE_UNCHECKED("align.file-unchecked", Kind.NOTE),
    /** {@code align.collision}: Two made-up external file names are equal. */
    ALIGN_COLLISION("align.collision", Kind.UNSUPPORTED),

    /** {@code driver.flags}: The driver does not take one of the flags. */
    DRIVER_FLAGS("driver.flags", Kind.UNSUPPORTED),
    /** {@code driver.manual-mode}: The test driver does not take the {@code manual} disk mode in a new snapshot. */
    DRIVER_MANUAL_MODE("driver.manual-mode", Kind.UNSUPPORTED),
    /** {@code driver.disks}: ESX takes no per-disk requests. */
    DRIVER_DISKS("driver.disks", Kind.UNSUPPORTED),
    /** {@code driver.disk-mode-override}: ESX does not let a snapshot disk's mode override the one set on the domain's disk. */
    DRIVER_DISK_MODE_OVERRIDE("driver.disk-mode-override", Kind.UNSUPPORTED),

    /** {@code table.invalid}: The combination table calls the request invalid. */
    TABLE_INVALID("table.invalid", Kind.INVALID),
    /** {@code table.unsupported}: The combination table calls the request unsupported. */
    TABLE_UNSUPPORTED("table.unsupported", Kind.UNSUPPORTED),
    /** {@code table.mixed-disks}: The disks (or memory and disks) mix internal and external modes (qemuSnapshotPrepare). */
    TABLE_MIXED_DISKS("table.mixed-disks", Kind.UNSUPPORTED),
    /** {@code table.state-unknown}: The domain state is unknown, so the combination table was not applied. */
    TABLE_STATE_UNKNOWN("table.state-unknown", Kind.NOTE);

    /** What breaking a rule means for the verdict. */
    public enum Kind {
        /** A mistake in the request. */
        INVALID,
        /** A limit of the hypervisor. */
        UNSUPPORTED,
        /** Only ever a warning. */
        NOTE
    }

    private static final Map<String, Rule> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

    private final String id;
    private final Kind kind;

    Rule(String id, Kind kind) {
        this.id = id;
        this.kind = kind;
    }

    /** @return the stable id, such as {@code memory.file-absolute} */
    public String id() {
        return id;
    }

    /**
     * The rule with an id.
     *
     * @param id a rule's id, such as {@code memory.file-absolute}
     * @return the rule, or empty when no rule has that id
     */
    public static Optional<Rule> fromId(String id) {
        return Optional.ofNullable(BY_ID.get(java.util.Objects.requireNonNull(id, "id")));
    }

    /** @return what breaking the rule means */
    public Kind kind() {
        return kind;
    }

    /** @return the severity of a problem under this rule */
    public Severity severity() {
        return kind == Kind.NOTE ? Severity.WARNING : Severity.ERROR;
    }
}
