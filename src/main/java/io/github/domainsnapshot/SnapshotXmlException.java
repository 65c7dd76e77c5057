package io.github.domainsnapshot;

import java.util.Objects;

/**
 * The one exception this library throws for a document it cannot read, write or accept, or for
 * a model whose content it cannot write (a null argument is a {@link NullPointerException} naming
 * the parameter, as the Java convention has it).
 *
 * <p>It says what went wrong ({@link #kind()} for programs, the message for people) and where:
 * the line and column in the input (when the problem was found while reading one) and an
 * XPath-like path to the element or attribute concerned, such as
 * {@code /domainsnapshot/disks/disk[2]/source/@file}. A line or column that is not known is 0, as
 * in {@link io.github.domainsnapshot.validation.Problem}: lines and columns count from 1.
 */
public class SnapshotXmlException extends RuntimeException {
    private static final long serialVersionUID = 2L;

    /** What kind of failure an exception reports, so that no caller has to read its message. */
    public enum Kind {
        /** The input is not well-formed XML, or not UTF-8. */
        MALFORMED,
        /** The input uses what is refused on purpose: a DTD, an entity, an external reference. */
        FORBIDDEN,
        /** The input is beyond a limit: nesting depth, attributes per element, size of a value. */
        LIMIT,
        /** The document is not a snapshot document: its root element is another. */
        ROOT,
        /** The document does not match the schema (when schema validation is on). */
        SCHEMA,
        /** Content the library refuses to write or build, such as a character XML cannot hold. */
        INVALID,
        /** The input or output failed: a missing file, a failing stream or writer. */
        IO,
        /** libvirt failed a call made through the libvirt-java bridge; its message is libvirt's. */
        LIBVIRT
    }

    /** What kind of failure this is. */
    private final Kind kind;
    /** Line of the problem in the input, or 0 when unknown. */
    private final int line;
    /** Column of the problem in the input, or 0 when unknown. */
    private final int column;
    /** XPath-like path of the element or attribute concerned, or {@code null} when unknown. */
    private final String path;

    /**
     * Creates an exception.
     *
     * @param kind what kind of failure it is
     * @param message what went wrong, naming the element or attribute
     * @param line the 1-based line, or 0 (or any value below 1) when unknown
     * @param column the 1-based column, or 0 (or any value below 1) when unknown
     * @param path the XPath-like path, or {@code null} when unknown
     * @param cause the underlying cause, or {@code null}
     */
    public SnapshotXmlException(Kind kind, String message, int line, int column, String path, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.line = Math.max(line, 0);
        this.column = line > 0 ? Math.max(column, 0) : 0;
        this.path = path;
    }

    /**
     * Creates an exception with no location.
     *
     * @param kind what kind of failure it is
     * @param message what went wrong
     */
    public SnapshotXmlException(Kind kind, String message) {
        this(kind, message, 0, 0, null, null);
    }

    /**
     * Creates an exception for content the library refuses ({@link Kind#INVALID}), with no
     * location.
     *
     * @param message what went wrong
     */
    public SnapshotXmlException(String message) {
        this(Kind.INVALID, message);
    }

    /** @return what kind of failure this is */
    public Kind kind() {
        return kind;
    }

    /** @return the 1-based line of the problem in the input, or 0 when unknown */
    public int getLine() {
        return line;
    }

    /** @return the 1-based column of the problem in the input, or 0 when unknown */
    public int getColumn() {
        return column;
    }

    /** @return whether the problem's line in the input is known (its column may still be 0) */
    public boolean hasLocation() {
        return line > 0;
    }

    /** @return the XPath-like path of the element or attribute concerned, or {@code null} */
    public String getPath() {
        return path;
    }

    /** @return the message without location, as passed to the constructor */
    public String getReason() {
        return super.getMessage();
    }

    /** @return the reason followed by the line, column and path where known */
    @Override
    public String getMessage() {
        StringBuilder b = new StringBuilder(super.getMessage());
        if (line > 0) {
            b.append(" (line ").append(line);
            if (column > 0) {
                b.append(", column ").append(column);
            }
            if (path != null) {
                b.append(", at ").append(path);
            }
            b.append(')');
        } else if (path != null) {
            b.append(" (at ").append(path).append(')');
        }
        return b.toString();
    }
}
