package io.github.domainsnapshot.codec;

/**
 * Where an element was found in a parsed document: the line and column of the {@code <} that
 * starts its start tag.
 *
 * @param line 1-based line
 * @param column 1-based column
 */
public record SourceLocation(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
