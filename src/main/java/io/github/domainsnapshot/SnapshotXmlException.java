package io.github.domainsnapshot;

/**
 * The one exception this library throws for a document it cannot read, write or accept.
 *
 * <p>It says what went wrong and where: the line and column in the input (when the problem was
 * found while reading one) and an XPath-like path to the element or attribute concerned, such as
 * {@code /domainsnapshot/disks/disk[2]/source/@file}.
 */
public class SnapshotXmlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Line of the problem in the input, or -1 when unknown. */
    private final int line;
    /** Column of the problem in the input, or -1 when unknown. */
    private final int column;
    /** XPath-like path of the element or attribute concerned, or {@code null} when unknown. */
    private final String path;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, naming the element or attribute
     * @param line the 1-based line, or -1 when unknown
     * @param column the 1-based column, or -1 when unknown
     * @param path the XPath-like path, or {@code null} when unknown
     * @param cause the underlying cause, or {@code null}
     */
    public SnapshotXmlException(String message, int line, int column, String path, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
        this.path = path;
    }

    /**
     * Creates an exception with no location.
     *
     * @param message what went wrong
     */
    public SnapshotXmlException(String message) {
        this(message, -1, -1, null, null);
    }

    /** @return the 1-based line of the problem in the input, or -1 when unknown */
    public int getLine() {
        return line;
    }

    /** @return the 1-based column of the problem in the input, or -1 when unknown */
    public int getColumn() {
        return column;
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
