package io.github.domainsnapshot.validation;

import java.util.Objects;

/**
 * One problem found in a request.
 *
 * @param rule the rule broken
 * @param severity error or warning
 * @param message what is wrong, in libvirt's words where libvirt has words for it
 * @param path XPath-like path of the element or attribute concerned, or {@code null}
 * @param line 1-based line in the parsed document, or 0 when unknown (as in {@link
 *     io.github.domainsnapshot.SnapshotXmlException#getLine()})
 * @param column 1-based column in the parsed document, or 0 when unknown
 * @param libvirtError the error code libvirt raises with the message (which decides the verdict),
 *     or {@code null} for a warning, which libvirt does not raise
 */
public record Problem(
        Rule rule, Severity severity, String message, String path, int line, int column, LibvirtError libvirtError) {

    /**
     * Checks the fields.
     *
     * @param rule the rule broken
     * @param severity error or warning
     * @param message what is wrong
     * @param path the path, or null
     * @param line the line, or 0 (or any value below 1) when unknown
     * @param column the column, or 0 (or any value below 1) when unknown
     * @param libvirtError the code libvirt raises with the message; {@code null} for an error takes
     *     the rule's ({@link Rule#libvirtError()}), and a warning has none
     */
    public Problem {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        line = Math.max(line, 0);
        column = line > 0 ? Math.max(column, 0) : 0;
        if (severity == Severity.WARNING) {
            libvirtError = null;
        } else if (libvirtError == null) {
            libvirtError = rule.libvirtError()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "rule " + rule.id() + " only gives warnings, and libvirt raises no code with them"));
        }
    }

    /**
     * A problem with the code libvirt raises with its rule.
     *
     * @param rule the rule broken
     * @param severity error or warning
     * @param message what is wrong
     * @param path the path, or null
     * @param line the line, or 0 when unknown
     * @param column the column, or 0 when unknown
     */
    public Problem(Rule rule, Severity severity, String message, String path, int line, int column) {
        this(rule, severity, message, path, line, column, null);
    }

    /**
     * The verdict this problem gives on its own: the class of libvirt's code for an error,
     * {@link Verdict#OK} for a warning.
     *
     * @return the verdict
     */
    public Verdict verdict() {
        return libvirtError == null ? Verdict.OK : libvirtError.verdict();
    }

    /** @return whether the problem has a line and column */
    public boolean hasLocation() {
        return line > 0;
    }

    /** @return whether this is an error */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (hasLocation()) {
            b.append(line).append(':').append(column).append(": ");
        }
        b.append(severity.name().toLowerCase(java.util.Locale.ROOT))
                .append(": ")
                .append(message)
                .append(" [")
                .append(rule.id())
                .append(']');
        return b.toString();
    }
}
