package io.github.domainsnapshot.validation;

/** The outcome of a check. */
public enum Verdict {
    /** libvirt will accept the request. */
    OK,
    /** The request is wrong: libvirt refuses it whatever the hypervisor. */
    INVALID,
    /** The request is valid, but the hypervisor cannot carry it out. */
    UNSUPPORTED;

    /** @return the lower-case name used in reports ({@code ok}, {@code invalid}, {@code unsupported}) */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
