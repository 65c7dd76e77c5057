package io.github.domainsnapshot;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * libvirt's {@code virDomainSnapshotCreateFlags}, with the same bit values, for
 * {@code virDomainSnapshotCreateXML}.
 *
 * <p>Each flag also has the lower-case, dashed name that the command line uses
 * ({@code disk-only}, {@code reuse-ext}...).
 */
public enum CreateFlag {
    /** Restore or alter the metadata of a snapshot (VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE). */
    REDEFINE(1),
    /** With {@link #REDEFINE}, make the snapshot the current one. */
    CURRENT(2),
    /** Make the snapshot without recording metadata for it. */
    NO_METADATA(4),
    /** Stop the domain once the snapshot is made. */
    HALT(8),
    /** Snapshot the disks only, not the memory. */
    DISK_ONLY(16),
    /** Reuse external files that already exist. */
    REUSE_EXT(32),
    /** Freeze the guest's file systems through its agent while the disks are snapshotted. */
    QUIESCE(64),
    /** Change nothing unless every disk can be snapshotted. */
    ATOMIC(128),
    /** Keep the domain running while its memory is saved. */
    LIVE(256),
    /** Check the document against libvirt's schema first. */
    VALIDATE(512);

    private final int bit;

    CreateFlag(int bit) {
        this.bit = bit;
    }

    /** @return libvirt's bit value of this flag */
    public int bit() {
        return bit;
    }

    /** @return libvirt's C name, such as {@code VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY} */
    public String libvirtName() {
        return "VIR_DOMAIN_SNAPSHOT_CREATE_" + name();
    }

    /** @return the command-line name, such as {@code disk-only} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The flag with a command-line name.
     *
     * @param name a name such as {@code disk-only} (case and {@code _} versus {@code -} do not matter)
     * @return the flag
     * @throws IllegalArgumentException when no flag has that name
     */
    public static CreateFlag fromCliName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (CreateFlag f : values()) {
            if (f.cliName().equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown snapshot create flag '" + name + "'");
    }

    /**
     * The {@code int} that libvirt's bindings take for a set of flags.
     *
     * @param flags the flags
     * @return the bitwise OR of their values
     */
    public static int toMask(Collection<CreateFlag> flags) {
        int mask = 0;
        for (CreateFlag f : flags) {
            mask |= f.bit;
        }
        return mask;
    }

    /**
     * The flags of a libvirt bit mask.
     *
     * @param mask a value of {@code virDomainSnapshotCreateFlags}
     * @return the flags set in it
     * @throws IllegalArgumentException when the mask holds a bit libvirt does not define
     */
    public static Set<CreateFlag> fromMask(int mask) {
        EnumSet<CreateFlag> out = EnumSet.noneOf(CreateFlag.class);
        int rest = mask;
        for (CreateFlag f : values()) {
            if ((mask & f.bit) != 0) {
                out.add(f);
                rest &= ~f.bit;
            }
        }
        if (rest != 0) {
            throw new IllegalArgumentException("unknown snapshot create flags (0x" + Integer.toHexString(rest) + ")");
        }
        return out;
    }
}
