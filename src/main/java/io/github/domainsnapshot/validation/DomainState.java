package io.github.domainsnapshot.validation;

import java.util.Locale;

/**
 * The state of the domain a snapshot is made of: libvirt's {@code virDomainState} names, plus
 * {@link #UNKNOWN} for a check made without knowing it.
 */
public enum DomainState {
    /** libvirt's "nostate". */
    NOSTATE,
    /** Running. */
    RUNNING,
    /** Blocked on a resource. */
    BLOCKED,
    /** Paused by the user or by libvirt. */
    PAUSED,
    /** Being shut down. */
    SHUTDOWN,
    /** Shut off: the only inactive state. */
    SHUTOFF,
    /** Crashed. */
    CRASHED,
    /** Suspended by guest power management. */
    PMSUSPENDED,
    /** Not known to the caller: the rules that depend on the state are not applied. */
    UNKNOWN;

    /** @return whether the state is known */
    public boolean isKnown() {
        return this != UNKNOWN;
    }

    /**
     * Whether the domain is active, as libvirt's {@code virDomainObjIsActive}: every state but
     * shutoff. The combination table calls this "online".
     *
     * @return true when active
     * @throws IllegalStateException for {@link #UNKNOWN}
     */
    public boolean isActive() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("the domain state is unknown");
        }
        return this != SHUTOFF;
    }

    /** @return libvirt's name of the state, such as {@code running} */
    public String libvirtName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state with a libvirt name.
     *
     * @param name a name such as {@code running} or {@code unknown}, in any case
     * @return the state
     * @throws IllegalArgumentException for any other name
     */
    public static DomainState fromName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (DomainState s : values()) {
            if (s.libvirtName().equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown domain state '" + name + "'");
    }
}
