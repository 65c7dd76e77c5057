package io.github.domainsnapshot.validation;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * libvirt's {@code virDomainSnapshotRevertFlags}, with the same values, for {@code
 * virDomainRevertToSnapshot}. Each flag also has the lower-case, dashed name that the command line
 * uses ({@code running}, {@code reset-nvram}...).
 */
public enum RevertFlag {
    /** Run the domain after the revert, whatever state the snapshot holds. */
    RUNNING(1),
    /** Leave the domain paused after the revert, whatever state the snapshot holds. */
    PAUSED(2),
    /** Allow a risky revert (never needed by the qemu driver in the releases measured). */
    FORCE(4),
    /** Re-initialise the NVRAM from its template (takes effect only where the revert starts the domain). */
    RESET_NVRAM(8);

    private final int value;

    RevertFlag(int value) {
        this.value = value;
    }

    /** @return libvirt's value of the flag, such as 4 for {@code VIR_DOMAIN_SNAPSHOT_REVERT_FORCE} */
    public int libvirtValue() {
        return value;
    }

    /** @return libvirt's C name, such as {@code VIR_DOMAIN_SNAPSHOT_REVERT_FORCE} */
    public String libvirtName() {
        return "VIR_DOMAIN_SNAPSHOT_REVERT_" + name();
    }

    /** @return the command-line name, such as {@code reset-nvram} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The flag with a command-line name.
     *
     * @param name a name such as {@code reset-nvram} (case and {@code _} versus {@code -} do not matter)
     * @return the flag
     * @throws IllegalArgumentException when no flag has that name
     */
    public static RevertFlag fromCliName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RevertFlag f : values()) {
            if (f.cliName().equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown snapshot revert flag '" + name + "'");
    }

    /**
     * @param flags some flags
     * @return the {@code int} libvirt's bindings take for them
     */
    public static int toMask(Collection<RevertFlag> flags) {
        int mask = 0;
        for (RevertFlag f : flags) {
            mask |= f.value;
        }
        return mask;
    }

    /**
     * @param mask a value of {@code virDomainSnapshotRevertFlags}
     * @return the flags set in it
     * @throws IllegalArgumentException when the mask holds a bit libvirt does not define
     */
    public static Set<RevertFlag> fromMask(int mask) {
        EnumSet<RevertFlag> out = EnumSet.noneOf(RevertFlag.class);
        int rest = mask;
        for (RevertFlag f : values()) {
            if ((mask & f.value) != 0) {
                out.add(f);
                rest &= ~f.value;
            }
        }
        if (rest != 0) {
            throw new IllegalArgumentException("unknown snapshot revert flags 0x" + Integer.toHexString(rest));
        }
        return out;
    }
}
