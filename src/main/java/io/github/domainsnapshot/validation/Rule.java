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
 * <p>Each rule names the error code libvirt raises with it ({@link #libvirtError()}, beside its
 * id below), and the code its class: {@link Kind#INVALID} for a mistake in the request (libvirt's
 * XML errors, invalid arguments, internal errors), {@link Kind#UNSUPPORTED} for a configuration or
 * an operation the hypervisor does not support. {@link Kind#NOTE} rules only ever give warnings.
 */
public enum Rule {
    /** {@code document.malformed}: The document is not well-formed XML, or breaks the reader's limits. */
    DOCUMENT_MALFORMED("document.malformed", LibvirtError.XML_DETAIL),
    /** {@code document.root}: The root element is not {@code domainsnapshot}. */
    DOCUMENT_ROOT("document.root", LibvirtError.XML_ERROR),
    /** {@code document.schema}: With the VALIDATE flag: the document does not match libvirt's schema. */
    DOCUMENT_SCHEMA("document.schema", LibvirtError.XML_INVALID_SCHEMA),

    /** {@code flags.current-requires-redefine}: CURRENT needs REDEFINE. */
    FLAGS_CURRENT_REQUIRES_REDEFINE("flags.current-requires-redefine", LibvirtError.INVALID_ARG),
    /** {@code flags.redefine-no-metadata}: REDEFINE and NO_METADATA exclude each other. */
    FLAGS_REDEFINE_NO_METADATA("flags.redefine-no-metadata", LibvirtError.INVALID_ARG),
    /** {@code flags.redefine-halt}: REDEFINE and HALT exclude each other. */
    FLAGS_REDEFINE_HALT("flags.redefine-halt", LibvirtError.INVALID_ARG),
    /** {@code flags.quiesce-requires-disk-only}: QUIESCE needs DISK_ONLY (qemu). */
    FLAGS_QUIESCE_REQUIRES_DISK_ONLY("flags.quiesce-requires-disk-only", LibvirtError.INVALID_ARG),
    /** {@code flags.live-redefine}: LIVE and REDEFINE exclude each other (qemu). */
    FLAGS_LIVE_REDEFINE("flags.live-redefine", LibvirtError.INVALID_ARG),
    /** {@code flags.live}: LIVE only for an active domain whose memory goes to an external file (qemu). */
    FLAGS_LIVE("flags.live", LibvirtError.OPERATION_UNSUPPORTED),

    /** {@code redefine.name}: A redefined snapshot needs a name. */
    REDEFINE_NAME("redefine.name", LibvirtError.XML_ERROR),
    /** {@code redefine.creation-time}: A redefined snapshot needs an integer creationTime. */
    REDEFINE_CREATION_TIME("redefine.creation-time", LibvirtError.INTERNAL_ERROR),
    /** {@code redefine.state-missing}: A redefined snapshot needs a state. */
    REDEFINE_STATE_MISSING("redefine.state-missing", LibvirtError.XML_ERROR),
    /** {@code redefine.state-value}: A redefined snapshot's state must be one libvirt knows. */
    REDEFINE_STATE_VALUE("redefine.state-value", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code redefine.disk-only-state}: DISK_ONLY with REDEFINE needs the disk-snapshot state. */
    REDEFINE_DISK_ONLY_STATE("redefine.disk-only-state", LibvirtError.INVALID_ARG),
    /** {@code redefine.uuid}: The recorded domain must be the target domain (same uuid). */
    REDEFINE_UUID("redefine.uuid", LibvirtError.INVALID_ARG),
    /** {@code redefine.parent}: The parent must exist, and must not make a cycle. */
    REDEFINE_PARENT("redefine.parent", LibvirtError.INVALID_ARG),
    /** {@code redefine.parent-unchecked}: The parent could not be checked: the domain's existing snapshots were not given. */
    REDEFINE_PARENT_UNCHECKED("redefine.parent-unchecked", null),
    /** {@code redefine.online-offline}: Redefining an existing snapshot cannot switch between online and offline. */
    REDEFINE_ONLINE_OFFLINE("redefine.online-offline", LibvirtError.INVALID_ARG),
    /** {@code redefine.disk-only-full}: Redefining an existing snapshot cannot switch between disk-only and full system. */
    REDEFINE_DISK_ONLY_FULL("redefine.disk-only-full", LibvirtError.INVALID_ARG),
    /** {@code redefine.domain-missing}: A redefined snapshot needs a full domain definition to align its disks with. */
    REDEFINE_DOMAIN_MISSING("redefine.domain-missing", LibvirtError.INTERNAL_ERROR),

    /** {@code name.characters}: The snapshot name must not hold '/' nor start with '.' (qemu stores it as a file name); an active domain's internal snapshot (10.9 on), only [A-Za-z0-9._-] (QEMU's job id). */
    NAME_CHARACTERS("name.characters", LibvirtError.XML_DETAIL),
    /** {@code state.pmsuspended}: qemu cannot snapshot a guest suspended by power management. */
    STATE_PMSUSPENDED("state.pmsuspended", LibvirtError.OPERATION_UNSUPPORTED),
    /** {@code state.invalid}: A state qemu never snapshots (nostate, blocked; disk-snapshot outside a redefine). */
    STATE_INVALID("state.invalid", LibvirtError.INTERNAL_ERROR),

    /** {@code qemu.running-needs-memory}: qemu: a running domain's snapshot keeps its memory unless it is disk-only (qemuSnapshotCreateAlignDisks). */
    QEMU_RUNNING_NEEDS_MEMORY("qemu.running-needs-memory", LibvirtError.OPERATION_UNSUPPORTED),
    /** {@code qemu.active-internal-disk}: qemu: a disk-only snapshot of an active domain cannot make a disk internal. */
    QEMU_ACTIVE_INTERNAL_DISK("qemu.active-internal-disk", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code qemu.internal-format}: qemu: internal snapshots live in qcow2 images only. */
    QEMU_INTERNAL_FORMAT("qemu.internal-format", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code qemu.internal-storage}: qemu: an offline internal snapshot needs a local file or block device. */
    QEMU_INTERNAL_STORAGE("qemu.internal-storage", LibvirtError.INTERNAL_ERROR),
    /** {@code qemu.external-format}: qemu: an external overlay is qcow2 or qed, and a metadata cache size needs qcow2. */
    QEMU_EXTERNAL_FORMAT("qemu.external-format", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code qemu.external-storage}: qemu: the storage an external snapshot can be taken of and written to. */
    QEMU_EXTERNAL_STORAGE("qemu.external-storage", LibvirtError.INTERNAL_ERROR),
    /** {@code qemu.shared-disk}: qemu: a shareable disk's overlay would need a format that allows concurrent access. */
    QEMU_SHARED_DISK("qemu.shared-disk", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code qemu.nothing-selected}: qemu: a snapshot must select memory or at least one disk. */
    QEMU_NOTHING_SELECTED("qemu.nothing-selected", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code qemu.internal-all-disks}: qemu: internal memory needs internal disks, and no disk may be left out of an internal snapshot. */
    QEMU_INTERNAL_ALL_DISKS("qemu.internal-all-disks", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code qemu.disk-only-needs-disk}: qemu: a disk-only snapshot needs at least one external disk. */
    QEMU_DISK_ONLY_NEEDS_DISK("qemu.disk-only-needs-disk", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code qemu.pflash}: qemu: internal snapshots of a domain with a pflash firmware. */
    QEMU_PFLASH("qemu.pflash", LibvirtError.OPERATION_UNSUPPORTED),

    /** {@code memory.value}: The memory snapshot mode must be known. */
    MEMORY_VALUE("memory.value", LibvirtError.XML_ERROR),
    /** {@code memory.manual}: Memory cannot use the {@code manual} mode. */
    MEMORY_MANUAL("memory.manual", LibvirtError.XML_ERROR),
    /** {@code memory.file-requires-external}: A memory file implies the external mode. */
    MEMORY_FILE_REQUIRES_EXTERNAL("memory.file-requires-external", LibvirtError.XML_ERROR),
    /** {@code memory.external-requires-file}: External memory needs a file. */
    MEMORY_EXTERNAL_REQUIRES_FILE("memory.external-requires-file", LibvirtError.XML_ERROR),
    /** {@code memory.offline}: An offline or disk-only snapshot cannot save memory. */
    MEMORY_OFFLINE("memory.offline", LibvirtError.XML_ERROR),
    /** {@code memory.file-absolute}: The memory file must be an absolute path. */
    MEMORY_FILE_ABSOLUTE("memory.file-absolute", LibvirtError.XML_ERROR),

    /** {@code disk.name}: Each snapshot disk needs a name. */
    DISK_NAME("disk.name", LibvirtError.INTERNAL_ERROR),
    /** {@code disk.mode}: A disk's snapshot mode must be known. */
    DISK_MODE("disk.mode", LibvirtError.XML_ERROR),
    /** {@code disk.type-value}: A disk's source type must be known. */
    DISK_TYPE_VALUE("disk.type-value", LibvirtError.XML_ERROR),
    /** {@code disk.type}: A snapshot disk cannot be of type dir or volume. */
    DISK_TYPE("disk.type", LibvirtError.XML_ERROR),
    /** {@code disk.driver}: The overlay's driver type must be a storage format libvirt knows. */
    DISK_DRIVER("disk.driver", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code disk.max-size}: The metadata cache size must be a number with a known unit. */
    DISK_MAX_SIZE("disk.max-size", LibvirtError.XML_ERROR),
    /** {@code disk.path-absolute}: A file or block source path must be absolute. */
    DISK_PATH_ABSOLUTE("disk.path-absolute", LibvirtError.XML_ERROR),

    /** {@code source.network}: A network source needs a known protocol, a name (but for nbd) and valid attributes. */
    SOURCE_NETWORK("source.network", LibvirtError.XML_ERROR),
    /** {@code source.host}: A network source's host: known transport, a socket only for unix, a name, a port number. */
    SOURCE_HOST("source.host", LibvirtError.XML_ERROR),
    /** {@code source.network-option}: A network source's options (ssl, cookies, readahead, timeout) must be valid. */
    SOURCE_NETWORK_OPTION("source.network-option", LibvirtError.XML_ERROR),
    /** {@code source.auth}: A source's {@code <auth>} needs a username and one secret named by uuid or usage. */
    SOURCE_AUTH("source.auth", LibvirtError.XML_ERROR),
    /** {@code source.encryption}: A source's {@code <encryption>} needs a known format, engine and secret type, a cipher's name and size, an ivgen's name. */
    SOURCE_ENCRYPTION("source.encryption", LibvirtError.XML_ERROR),
    /** {@code source.reservations}: A source's {@code <reservations>} needs a managed attribute of yes or no, and a unix client socket when unmanaged or given. */
    SOURCE_RESERVATIONS("source.reservations", LibvirtError.XML_ERROR),
    /** {@code source.slice}: A source's {@code <slices>}: each slice needs a numeric offset and size. */
    SOURCE_SLICE("source.slice", LibvirtError.XML_ERROR),
    /** {@code source.seclabel}: A source's {@code <seclabel>}: relabel yes or no, no label when relabel is off, one per model. */
    SOURCE_SECLABEL("source.seclabel", LibvirtError.XML_ERROR),
    /** {@code source.nvme}: An nvme source: type pci, a namespace and a PCI address of numbers in range. */
    SOURCE_NVME("source.nvme", LibvirtError.XML_ERROR),
    /** {@code source.vhostuser}: A vhost-user source: type unix, a path, and a timeout when reconnecting is enabled. */
    SOURCE_VHOSTUSER("source.vhostuser", LibvirtError.XML_ERROR),
    /** {@code source.vhostvdpa}: A vDPA source (libvirt 9.8 and later) needs a device ({@code dev}). */
    SOURCE_VHOSTVDPA("source.vhostvdpa", LibvirtError.XML_ERROR),

    /** {@code align.too-many}: There are more snapshot disks than domain disks. */
    ALIGN_TOO_MANY("align.too-many", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.unknown-disk}: A snapshot disk names no disk of the domain. */
    ALIGN_UNKNOWN_DISK("align.unknown-disk", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.twice}: Two snapshot disks name one domain disk. */
    ALIGN_TWICE("align.twice", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.uniform-internal}: With an internal default, every disk must be internal (or excluded where the domain excludes it). */
    ALIGN_UNIFORM_INTERNAL("align.uniform-internal", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.file-requires-external}: A disk with a source path must be external. */
    ALIGN_FILE_REQUIRES_EXTERNAL("align.file-requires-external", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.name-device-type}: An external file name can only be made up for a file disk. */
    ALIGN_NAME_DEVICE_TYPE("align.name-device-type", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.name-no-source}: An external file name cannot be made up for a disk without a source. */
    ALIGN_NAME_NO_SOURCE("align.name-no-source", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.not-regular-file}: An external file name is only made up next to a regular file. */
    ALIGN_NOT_REGULAR_FILE("align.not-regular-file", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code align.file-unchecked}: A file name was made up without checking that the original is a regular file. */
    ALIGN_FILE_UNCHECKED("align.file-unchecked", null),
    /** {@code align.collision}: Two made-up external file names are equal. */
    ALIGN_COLLISION("align.collision", LibvirtError.CONFIG_UNSUPPORTED),

    /** {@code driver.flags}: The driver does not take one of the flags. */
    DRIVER_FLAGS("driver.flags", LibvirtError.INVALID_ARG),
    /** {@code driver.manual-mode}: The test driver does not take the {@code manual} disk mode in a new snapshot. */
    DRIVER_MANUAL_MODE("driver.manual-mode", LibvirtError.OPERATION_UNSUPPORTED),
    /** {@code driver.disks}: ESX takes no per-disk requests. */
    DRIVER_DISKS("driver.disks", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code driver.disk-mode-override}: ESX does not let a snapshot disk's mode override the one set on the domain's disk. */
    DRIVER_DISK_MODE_OVERRIDE("driver.disk-mode-override", LibvirtError.CONFIG_UNSUPPORTED),

    /** {@code table.invalid}: The combination table calls the request invalid. */
    TABLE_INVALID("table.invalid", LibvirtError.XML_ERROR),
    /** {@code table.unsupported}: The combination table calls the request unsupported. */
    TABLE_UNSUPPORTED("table.unsupported", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code table.mixed-disks}: The disks (or memory and disks) mix internal and external modes (qemuSnapshotPrepare). */
    TABLE_MIXED_DISKS("table.mixed-disks", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code table.state-unknown}: The domain state is unknown, so the combination table was not applied (no longer given: a check without the state is made in each state). */
    TABLE_STATE_UNKNOWN("table.state-unknown", null),

    /** {@code revert.flags}: RUNNING and PAUSED exclude each other. */
    REVERT_FLAGS("revert.flags", LibvirtError.INVALID_ARG),
    /** {@code revert.external}: Reverting to an external snapshot (libvirt before 9.9). */
    REVERT_EXTERNAL("revert.external", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code revert.rollback-info}: A snapshot without its domain definition cannot be reverted to. */
    REVERT_ROLLBACK_INFO("revert.rollback-info", LibvirtError.SNAPSHOT_REVERT_RISKY),
    /** {@code revert.not-file}: Reverting to an external snapshot needs every disk of its domain to be a file. */
    REVERT_NOT_FILE("revert.not-file", LibvirtError.OPERATION_UNSUPPORTED),
    /** {@code revert.state}: A snapshot in a state qemu does not revert to (disk-snapshot before 10.10). */
    REVERT_STATE("revert.state", LibvirtError.INTERNAL_ERROR),
    /** {@code revert.internal-load}: Reverting to an internal snapshot through QEMU's snapshot-load job, broken in 11.2 and 11.3. */
    REVERT_INTERNAL_LOAD("revert.internal-load", null),
    /** {@code revert.current-unknown}: The current snapshot is not known: taken as the newest leaf, whose overlays a revert removes. */
    REVERT_CURRENT_UNKNOWN("revert.current-unknown", null),

    /** {@code delete.flags}: CHILDREN and CHILDREN_ONLY exclude each other. */
    DELETE_FLAGS("delete.flags", LibvirtError.INVALID_ARG),
    /** {@code delete.internal-image}: An internal snapshot of a running domain is deleted only from the images the domain runs on. */
    DELETE_INTERNAL_IMAGE("delete.internal-image", LibvirtError.OPERATION_UNSUPPORTED),
    /** {@code delete.external-children}: CHILDREN and CHILDREN_ONLY do not delete external descendants. */
    DELETE_EXTERNAL_CHILDREN("delete.external-children", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code delete.with-children}: An external snapshot is not deleted with CHILDREN. */
    DELETE_WITH_CHILDREN("delete.with-children", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code delete.active-non-leaf}: The current external snapshot is deleted only when it is a leaf (9.7 and later). */
    DELETE_ACTIVE_NON_LEAF("delete.active-non-leaf", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code delete.not-in-active-chain}: A non-leaf external snapshot is deleted only in the current snapshot's chain (9.7 and later). */
    DELETE_NOT_IN_ACTIVE_CHAIN("delete.not-in-active-chain", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code delete.multiple-children}: An external snapshot with several children is not deleted (9.7 and later). */
    DELETE_MULTIPLE_CHILDREN("delete.multiple-children", LibvirtError.CONFIG_UNSUPPORTED),
    /** {@code delete.chain}: An external snapshot's overlay must be in the backing chain of the domain's disk. */
    DELETE_CHAIN("delete.chain", LibvirtError.INVALID_ARG),
    /** {@code delete.internal-parent}: An external snapshot whose parent is internal is not merged away. */
    DELETE_INTERNAL_PARENT("delete.internal-parent", LibvirtError.OPERATION_UNSUPPORTED),
    /** {@code delete.memory-only}: An external snapshot of memory only fails to delete, without a cause (before 9.1). */
    DELETE_MEMORY_ONLY("delete.memory-only", LibvirtError.INTERNAL_ERROR),
    /** {@code delete.base-image}: A delete removes the image its internal parent's snapshot or the domain's data lives in (9.7 to 10.x). */
    DELETE_BASE_IMAGE("delete.base-image", null),
    /** {@code delete.current-unknown}: The current snapshot is not known: taken as the newest leaf for the checks that need it. */
    DELETE_CURRENT_UNKNOWN("delete.current-unknown", null),
    /** {@code delete.state-unknown}: The domain's state is not known, and libvirt would refuse the delete of a running or paused domain. */
    DELETE_STATE_UNKNOWN("delete.state-unknown", null),

    /** {@code libvirt.version}: The libvirt release asked for lies outside the proven range: answered as the nearest proven one. */
    LIBVIRT_VERSION("libvirt.version", null);

    /** What breaking a rule means for the verdict. */
    public enum Kind {
        /** A mistake in the request: libvirt raises a code of {@link Verdict#INVALID} with it. */
        INVALID,
        /** A limit of the hypervisor: libvirt raises a code of {@link Verdict#UNSUPPORTED} with it. */
        UNSUPPORTED,
        /** Only ever a warning: libvirt raises nothing. */
        NOTE
    }

    private static final Map<String, Rule> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

    private final String id;
    private final LibvirtError libvirtError;

    Rule(String id, LibvirtError libvirtError) {
        this.id = id;
        this.libvirtError = libvirtError;
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

    /**
     * The error code libvirt raises when it refuses a request under this rule. A few of libvirt's
     * checks raise another code for some of their messages (a network host's port is an invalid
     * argument, its unknown transport an unsupported configuration); each problem carries the code
     * of its own message ({@link Problem#libvirtError()}).
     *
     * @return the code, or empty for a rule that only ever gives warnings
     */
    public Optional<LibvirtError> libvirtError() {
        return Optional.ofNullable(libvirtError);
    }

    /**
     * What breaking the rule means, from the code libvirt raises with it ({@link
     * LibvirtError#verdict()}).
     *
     * @return {@link Kind#NOTE} for a rule that only gives warnings, else the class of its code
     */
    public Kind kind() {
        if (libvirtError == null) {
            return Kind.NOTE;
        }
        return libvirtError.verdict() == Verdict.INVALID ? Kind.INVALID : Kind.UNSUPPORTED;
    }

    /** @return the severity of a problem under this rule */
    public Severity severity() {
        return libvirtError == null ? Severity.WARNING : Severity.ERROR;
    }
}
