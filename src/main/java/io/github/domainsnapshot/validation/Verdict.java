package io.github.domainsnapshot.validation;

/** The outcome of a check. */
public enum Verdict {
    /** libvirt will accept the request. */
    OK,
    /**
     * libvirt refuses the request with a code of a mistake in it: an XML error, an invalid
     * argument, an internal error ({@link LibvirtError#verdict()}).
     */
    INVALID,
    /**
     * libvirt refuses the request as a configuration or an operation the hypervisor does not
     * support ({@code VIR_ERR_CONFIG_UNSUPPORTED}, {@code VIR_ERR_OPERATION_UNSUPPORTED}).
     */
    UNSUPPORTED;

    /** @return the lower-case name used in reports ({@code ok}, {@code invalid}, {@code unsupported}) */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
