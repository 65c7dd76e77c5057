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
    UNSUPPORTED,
    /**
     * The domain's state was not given, and libvirt accepts the request in some of the states a
     * domain is snapshotted in and refuses it in others ({@link ValidationReport#acceptedIn()}
     * says where): not ok, as the caller cannot know that it will be accepted.
     */
    DEPENDS_ON_STATE;

    /**
     * @return the lower-case name used in reports ({@code ok}, {@code invalid}, {@code
     *     unsupported}, {@code depends-on-state})
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
