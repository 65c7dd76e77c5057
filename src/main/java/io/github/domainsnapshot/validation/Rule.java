package io.github.domainsnapshot.validation;

/**
 * Every rule the validator applies, with a stable id (as in reports and on the command line)
 * and what breaking it means.
 *
 * <p>Rules marked {@link Kind#INVALID} are mistakes in the request: libvirt refuses it whatever
 * the hypervisor can do. {@link Kind#UNSUPPORTED} rules are limits of the hypervisor (a valid
 * request it cannot carry out). {@link Kind#NOTE} rules only ever give warnings.
 */
public enum Rule {
    /** The document is not well-formed XML, or breaks the reader's limits. */
    DOCUMENT_MALFORMED("document.malformed", Kind.INVALID),
    /** The root element is not {@code domainsnapshot}. */
    DOCUMENT_ROOT("document.root", Kind.INVALID),
    /** With the VALIDATE flag: the document does not match libvirt's schema. */
    DOCUMENT_SCHEMA("document.schema", Kind.INVALID),

    /** CURRENT needs REDEFINE. */
    FLAGS_CURRENT_REQUIRES_REDEFINE("flags.current-requires-redefine", Kind.INVALID),
    /** REDEFINE and NO_METADATA exclude each other. */
    FLAGS_REDEFINE_NO_METADATA("flags.redefine-no-metadata", Kind.INVALID),
    /** REDEFINE and HALT exclude each other. */
    FLAGS_REDEFINE_HALT("flags.redefine-halt", Kind.INVALID),
    /** QUIESCE needs DISK_ONLY (qemu). */
    FLAGS_QUIESCE_REQUIRES_DISK_ONLY("flags.quiesce-requires-disk-only", Kind.INVALID),
    /** LIVE and REDEFINE exclude each other (qemu). */
    FLAGS_LIVE_REDEFINE("flags.live-redefine", Kind.INVALID),
    /** LIVE only for an active domain whose memory goes to an external file (qemu). */
    FLAGS_LIVE("flags.live", Kind.UNSUPPORTED),

    /** A redefined snapshot needs a name. */
    REDEFINE_NAME("redefine.name", Kind.INVALID),
    /** A redefined snapshot needs an integer creationTime. */
    REDEFINE_CREATION_TIME("redefine.creation-time", Kind.INVALID),
    /** A redefined snapshot needs a state. */
    REDEFINE_STATE_MISSING("redefine.state-missing", Kind.INVALID),
    /** A redefined snapshot's state must be one libvirt knows. */
    REDEFINE_STATE_VALUE("redefine.state-value", Kind.INVALID),
    /** DISK_ONLY with REDEFINE needs the disk-snapshot state. */
    REDEFINE_DISK_ONLY_STATE("redefine.disk-only-state", Kind.INVALID),
    /** The recorded domain must be the target domain (same uuid). */
    REDEFINE_UUID("redefine.uuid", Kind.INVALID),
    /** The parent must exist, and must not make a cycle. */
    REDEFINE_PARENT("redefine.parent", Kind.INVALID),
    /** The parent could not be checked: the domain's existing snapshots were not given. */
    REDEFINE_PARENT_UNCHECKED("redefine.parent-unchecked", Kind.NOTE),
    /** Redefining an existing snapshot cannot switch between online and offline. */
    REDEFINE_ONLINE_OFFLINE("redefine.online-offline", Kind.INVALID),
    /** Redefining an existing snapshot cannot switch between disk-only and full system. */
    REDEFINE_DISK_ONLY_FULL("redefine.disk-only-full", Kind.INVALID),
    /** A redefined snapshot needs a full domain definition to align its disks with. */
    REDEFINE_DOMAIN_MISSING("redefine.domain-missing", Kind.INVALID),

    /** The snapshot name must not hold '/' nor start with '.' (qemu stores it as a file name). */
    NAME_CHARACTERS("name.characters", Kind.INVALID),
    /** qemu cannot snapshot a guest suspended by power management. */
    STATE_PMSUSPENDED("state.pmsuspended", Kind.UNSUPPORTED),
    /** A state qemu never snapshots (nostate, blocked; disk-snapshot outside a redefine). */
    STATE_INVALID("state.invalid", Kind.INVALID),

    /** The memory snapshot mode must be known. */
    MEMORY_VALUE("memory.value", Kind.INVALID),
    /** Memory cannot use the {@code manual} mode. */
    MEMORY_MANUAL("memory.manual", Kind.INVALID),
    /** A memory file implies the external mode. */
    MEMORY_FILE_REQUIRES_EXTERNAL("memory.file-requires-external", Kind.INVALID),
    /** External memory needs a file. */
    MEMORY_EXTERNAL_REQUIRES_FILE("memory.external-requires-file", Kind.INVALID),
    /** An offline or disk-only snapshot cannot save memory. */
    MEMORY_OFFLINE("memory.offline", Kind.INVALID),
    /** The memory file must be an absolute path. */
    MEMORY_FILE_ABSOLUTE("memory.file-absolute", Kind.INVALID),

    /** Each snapshot disk needs a name. */
    DISK_NAME("disk.name", Kind.INVALID),
    /** A disk's snapshot mode must be known. */
    DISK_MODE("disk.mode", Kind.INVALID),
    /** A disk's source type must be known. */
    DISK_TYPE_VALUE("disk.type-value", Kind.INVALID),
    /** A snapshot disk cannot be of type dir or volume. */
    DISK_TYPE("disk.type", Kind.INVALID),
    /** The overlay's driver type must be a storage format libvirt knows. */
    DISK_DRIVER("disk.driver", Kind.INVALID),
    /** The metadata cache size must be a number with a known unit. */
    DISK_MAX_SIZE("disk.max-size", Kind.INVALID),
    /** A file or block source path must be absolute. */
    DISK_PATH_ABSOLUTE("disk.path-absolute", Kind.INVALID),

    /** There are more snapshot disks than domain disks. */
    ALIGN_TOO_MANY("align.too-many", Kind.INVALID),
    /** A snapshot disk names no disk of the domain. */
    ALIGN_UNKNOWN_DISK("align.unknown-disk", Kind.INVALID),
    /** Two snapshot disks name one domain disk. */
    ALIGN_TWICE("align.twice", Kind.INVALID),
    /** With an internal default, every disk must be internal (or excluded where the domain excludes it). */
    ALIGN_UNIFORM_INTERNAL("align.uniform-internal", Kind.UNSUPPORTED),
    /** A disk with a source path must be external. */
    ALIGN_FILE_REQUIRES_EXTERNAL("align.file-requires-external", Kind.INVALID),
    /** An external file name can only be made up for a file disk. */
    ALIGN_NAME_DEVICE_TYPE("align.name-device-type", Kind.UNSUPPORTED),
    /** An external file name cannot be made up for a disk without a source. */
    ALIGN_NAME_NO_SOURCE("align.name-no-source", Kind.UNSUPPORTED),
    /** An external file name is only made up next to a regular file. */
    ALIGN_NOT_REGULAR_FILE("align.not-regular-file", Kind.UNSUPPORTED),
    /** A file name was made up without checking that the original is a regular file. */
    ALIGN_FILE_UNCHECKED("align.file-unchecked", Kind.NOTE),
    /** Two made-up external file names are equal. */
    ALIGN_COLLISION("align.collision", Kind.UNSUPPORTED),

    /** The driver does not take one of the flags. */
    DRIVER_FLAGS("driver.flags", Kind.UNSUPPORTED),
    /** The test driver does not take the {@code manual} disk mode. */
    DRIVER_MANUAL_MODE("driver.manual-mode", Kind.UNSUPPORTED),
    /** ESX takes no per-disk requests. */
    DRIVER_DISKS("driver.disks", Kind.UNSUPPORTED),
    /** ESX does not let a snapshot disk's mode override the one set on the domain's disk. */
    DRIVER_DISK_MODE_OVERRIDE("driver.disk-mode-override", Kind.UNSUPPORTED),

    /** The combination table calls the request invalid. */
    TABLE_INVALID("table.invalid", Kind.INVALID),
    /** The combination table calls the request unsupported. */
    TABLE_UNSUPPORTED("table.unsupported", Kind.UNSUPPORTED),
    /** The disks mix internal and external modes. */
    TABLE_MIXED_DISKS("table.mixed-disks", Kind.UNSUPPORTED),
    /** The domain state is unknown, so the combination table was not applied. */
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

    /** @return what breaking the rule means */
    public Kind kind() {
        return kind;
    }

    /** @return the severity of a problem under this rule */
    public Severity severity() {
        return kind == Kind.NOTE ? Severity.WARNING : Severity.ERROR;
    }
}
