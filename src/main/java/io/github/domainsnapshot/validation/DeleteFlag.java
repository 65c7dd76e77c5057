package io.github.domainsnapshot.validation;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * libvirt's {@code virDomainSnapshotDeleteFlags}, with the same values, for {@code
 * virDomainSnapshotDelete}. Each flag also has the lower-case, dashed name that the command line
 * uses ({@code children}, {@code metadata-only}...).
 */
public enum DeleteFlag {
    /** Delete the snapshot's descendants too. */
    CHILDREN(1),
    /** Delete only libvirt's metadata of the snapshot, leaving the images and files alone. */
    METADATA_ONLY(2),
    /** Delete the snapshot's descendants, not the snapshot itself. */
    CHILDREN_ONLY(4);

    private final int value;

    DeleteFlag(int value) {
        this.value = value;
    }

    /** @return libvirt's value of the flag, such as 4 for {@code VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY} */
    public int libvirtValue() {
        return value;
    }

    /** @return libvirt's C name, such as {@code VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN} */
    public String libvirtName() {
        return "VIR_DOMAIN_SNAPSHOT_DELETE_" + name();
    }

    /** @return the command-line name, such as {@code metadata-only} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The flag with a command-line name.
     *
     * @param name a name such as {@code metadata-only} (case and {@code _} versus {@code -} do not matter)
     * @return the flag
     * @throws IllegalArgumentException when no flag has that name
     */
    public static DeleteFlag fromCliName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DeleteFlag f : values()) {
            if (f.cliName().equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown snapshot delete flag '" + name + "'");
    }

    /**
     * @param flags some flags
     * @return the {@code int} libvirt's bindings take for them
     */
    public static int toMask(Collection<DeleteFlag> flags) {
        int mask = 0;
        for (DeleteFlag f : flags) {
            mask |= f.value;
        }
        return mask;
    }

    /**
     * @param mask a value of {@code virDomainSnapshotDeleteFlags}
     * @return the flags set in it
     * @throws IllegalArgumentException when the mask holds a bit libvirt does not define
     */
    public static Set<DeleteFlag> fromMask(int mask) {
        EnumSet<DeleteFlag> out = EnumSet.noneOf(DeleteFlag.class);
        int rest = mask;
        for (DeleteFlag f : values()) {
            if ((mask & f.value) != 0) {
                out.add(f);
                rest &= ~f.value;
            }
        }
        if (rest != 0) {
            throw new IllegalArgumentException("unknown snapshot delete flags 0x" + Integer.toHexString(rest));
        }
        return out;
    }
}
