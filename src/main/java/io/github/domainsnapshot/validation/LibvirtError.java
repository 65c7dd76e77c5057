package io.github.domainsnapshot.validation;

import java.util.Locale;

/**
 * The error code libvirt raises when it refuses a request ({@code virErrorNumber}, what
 * libvirt-java's {@code Error.getCode()} gives), which says what kind of refusal it is: the
 * verdict of a report comes from the codes of its errors ({@link #verdict()}). Each {@link Rule}
 * names the code libvirt raises with it ({@link Rule#libvirtError()}); a problem carries the code
 * of its own message ({@link Problem#libvirtError()}), as a few of libvirt's checks raise
 * another code for some of their messages.
 */
public enum LibvirtError {
    /**
     * {@code VIR_ERR_INTERNAL_ERROR} ("internal error: "): libvirt's code for what it names no
     * class for, such as a disk snapshot without a name or an inactive internal snapshot on a
     * network disk. Counted {@link Verdict#INVALID}: libvirt does not call it a limit of the
     * hypervisor.
     */
    INTERNAL_ERROR(1, "internal error: ", Verdict.INVALID),
    /**
     * {@code VIR_ERR_INVALID_ARG} ("invalid argument: "; without it for the flag checks, which
     * raise it with libvirt's message alone): flags that do not go together, a redefinition that
     * does not fit the domain, a number out of range.
     */
    INVALID_ARG(8, "invalid argument: ", Verdict.INVALID),
    /** {@code VIR_ERR_XML_ERROR} ("XML error: "): the document is wrong. */
    XML_ERROR(27, "XML error: ", Verdict.INVALID),
    /**
     * {@code VIR_ERR_XML_DETAIL} (no words before libvirt's message): the document is wrong, such
     * as an XML parse error or a name qemu cannot store.
     */
    XML_DETAIL(35, "", Verdict.INVALID),
    /**
     * {@code VIR_ERR_CONFIG_UNSUPPORTED} ("unsupported configuration: "): a configuration the
     * driver does not support, such as nothing selected for the snapshot or internal and external
     * disks mixed.
     */
    CONFIG_UNSUPPORTED(67, "unsupported configuration: ", Verdict.UNSUPPORTED),
    /**
     * {@code VIR_ERR_OVERFLOW} ("numerical overflow: "): a number too large, such as a metadata
     * cache size beyond 2^64 bytes.
     */
    OVERFLOW(82, "numerical overflow: ", Verdict.INVALID),
    /**
     * {@code VIR_ERR_OPERATION_UNSUPPORTED} ("Operation not supported: "): an operation the
     * hypervisor cannot carry out, such as an internal snapshot of a running domain without its
     * memory.
     */
    OPERATION_UNSUPPORTED(84, "Operation not supported: ", Verdict.UNSUPPORTED),
    /**
     * {@code VIR_ERR_SNAPSHOT_REVERT_RISKY} ("revert requires force: "): a revert libvirt will not
     * risk, such as to a snapshot that records no domain definition. Counted {@link
     * Verdict#INVALID}: the snapshot lacks what the revert needs.
     */
    SNAPSHOT_REVERT_RISKY(77, "revert requires force: ", Verdict.INVALID),
    /**
     * {@code VIR_ERR_XML_INVALID_SCHEMA} ("XML document failed to validate against schema: "): with
     * the VALIDATE flag, the document does not match libvirt's schema.
     */
    XML_INVALID_SCHEMA(92, "XML document failed to validate against schema: ", Verdict.INVALID);

    private final int code;
    private final String category;
    private final Verdict verdict;

    LibvirtError(int code, String category, Verdict verdict) {
        this.code = code;
        this.category = category;
        this.verdict = verdict;
    }

    /** @return libvirt's number for the code ({@code virErrorNumber}), such as 67 */
    public int code() {
        return code;
    }

    /** @return libvirt's name of the code, such as {@code VIR_ERR_CONFIG_UNSUPPORTED} */
    public String libvirtName() {
        return "VIR_ERR_" + name();
    }

    /**
     * What libvirt (and {@code virsh}) writes before the message of an error with this code, such
     * as {@code "unsupported configuration: "}; empty for {@link #XML_DETAIL}. libvirt's checks of
     * the create flags raise {@link #INVALID_ARG} without it.
     *
     * @return the words, with their colon and space, or an empty string
     */
    public String category() {
        return category;
    }

    /**
     * The verdict an error with this code gives: {@link Verdict#UNSUPPORTED} for the codes of a
     * configuration or operation the hypervisor does not support, else {@link Verdict#INVALID}.
     *
     * @return {@link Verdict#INVALID} or {@link Verdict#UNSUPPORTED}
     */
    public Verdict verdict() {
        return verdict;
    }

    /** @return the lower-case name used in reports, such as {@code config-unsupported} */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
