package io.github.domainsnapshot.profile;

import io.github.domainsnapshot.LibvirtVersion;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A change of libvirt's logic between releases, as the rules ask for it ({@link
 * LibvirtProfile#has(Feature)}); the release it came in, and the one it went in, are data ({@code
 * features.txt}, each with its source), not literals. The constants name the changes; a message
 * that only changed its words is an overlay of the messages instead, and a value libvirt came to
 * take is a line of {@code values.txt}.
 */
public enum Feature {
    // ---- creating
    /** A shut-off domain's external disks are made with qemu-img without DISK_ONLY (memory left out). */
    OFFLINE_EXTERNAL_WITHOUT_DISK_ONLY,
    /** A running domain's internal snapshot is made by QEMU's {@code snapshot-save} job, not HMP {@code savevm}. */
    INTERNAL_VIA_SNAPSHOT_SAVE,
    /** A shut-off domain with a pflash firmware has internal snapshots (qemu-img leaves the varstore alone). */
    PFLASH_OFFLINE_INTERNAL,
    /** An internal snapshot of a running domain with a pflash firmware is taken where its NVRAM is qcow2. */
    PFLASH_INTERNAL_WITH_QCOW2_NVRAM,
    /** The domain a snapshot stores leaves out the backing chain qemu detected, its terminator included. */
    STORED_DOMAIN_WITHOUT_DETECTED_CHAIN,

    // ---- parsing a disk's source
    /** An nbd source's {@code <reconnect delay>}: read, kept, in the schema. */
    NBD_RECONNECT_DELAY,
    /** An ssh source's {@code <knownHosts>} and {@code <identity>}: read, kept, in the schema. */
    SSH_IDENTITY,
    /** A host's port is read before its name, and a host without transport is a tcp one in messages. */
    HOST_PORT_BEFORE_NAME,
    /** rbd and gluster names may hold a namespace: split before tls is read, no empty image. */
    NETWORK_NAME_NAMESPACES,
    /** A secret's uuid is read, and refused when bad, before the uuid-or-usage check. */
    SECRET_UUID_FIRST,

    // ---- reverting and deleting
    /** Reverting to an external snapshot (memory in a file, or disks in overlays). */
    REVERT_EXTERNAL,
    /** Reverting to a disk-only snapshot, which leaves the domain shut off. */
    REVERT_DISK_ONLY,
    /** Reverting to an internal snapshot fails in QEMU's snapshot-load job (a regression of these releases). */
    REVERT_INTERNAL_LOAD_BROKEN,
    /** Deleting an external snapshot that kept only memory. */
    DELETE_MEMORY_ONLY_EXTERNAL,
    /** Deleting an external snapshot: block commit, and the refusals of non-leaf and branching cases. */
    DELETE_EXTERNAL,
    /** Deleting an external snapshot removes its memory file (it was left behind before). */
    DELETE_REMOVES_MEMORY_FILE,
    /** Deleting after a revert to an internal parent keeps the base image (it was removed before). */
    DELETE_KEEPS_BASE_AFTER_INTERNAL_REVERT,

    // ---- libvirt's schema (the VALIDATE flag)
    /** {@code <snapshotDeleteInProgress/>} in a disk's source. */
    SCHEMA_SNAPSHOT_DELETE_IN_PROGRESS,
    /** {@code <revertDisks>}. */
    SCHEMA_REVERT_DISKS,
    /** Layered encryption: {@code luks-any}, several {@code <secret>}s, cipher and ivgen in any order. */
    SCHEMA_LAYERED_ENCRYPTION,
    /** {@code <dataStore>} in a source. */
    SCHEMA_DATA_STORE,
    /** An nfs source without {@code <identity>}. */
    SCHEMA_NFS_IDENTITY_OPTIONAL,
    /** A disk named by an NVMe target, such as {@code nvme0n1}. */
    SCHEMA_NVME_DISK_NAME,
    /** A {@code <dataStore>} of type {@code ctl}. */
    SCHEMA_DATA_STORE_CTL,
    /** The {@code migration} attribute of the {@code <reservations>} of a {@code <dataStore>}'s block source. */
    SCHEMA_RESERVATIONS_MIGRATION;

    private static final String RESOURCE = "features.txt";

    private record Dates(LibvirtVersion since, LibvirtVersion until, String source) {}

    private static final class Loaded {
        static final Map<Feature, Dates> DATES = load();
    }

    private static Map<Feature, Dates> load() {
        Map<Feature, Dates> out = new EnumMap<>(Feature.class);
        for (DataLines.Line line : DataLines.read(RESOURCE, 4)) {
            Feature f;
            try {
                f = valueOf(line.field(0).toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw line.error("no such feature '" + line.field(0) + "'");
            }
            LibvirtVersion since = line.version(1);
            if (since == null) {
                throw line.error("a feature needs the release it came in");
            }
            if (out.put(f, new Dates(since, line.version(2), line.field(3))) != null) {
                throw line.error("feature '" + line.field(0) + "' listed twice");
            }
        }
        for (Feature f : values()) {
            if (!out.containsKey(f)) {
                throw new IllegalStateException(RESOURCE + ": no line for feature " + f.id());
            }
        }
        return out;
    }

    /** @return the id in {@code features.txt}, such as {@code revert-external} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the first release with the change */
    public LibvirtVersion since() {
        return Loaded.DATES.get(this).since();
    }

    /** @return the first release without it again, if it went */
    public Optional<LibvirtVersion> until() {
        return Optional.ofNullable(Loaded.DATES.get(this).until());
    }

    /** @return where the dates come from */
    public String source() {
        return Loaded.DATES.get(this).source();
    }

    /**
     * @param version a release
     * @return whether the release has the change
     */
    public boolean in(LibvirtVersion version) {
        Dates d = Loaded.DATES.get(this);
        return version.isAtLeast(d.since()) && (d.until() == null || !version.isAtLeast(d.until()));
    }
}
