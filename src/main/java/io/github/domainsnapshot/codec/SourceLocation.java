package io.github.domainsnapshot.codec;

/**
 * Where an element was found in a parsed document.
 *
 * <p>The position is where the parser stood after the element's start tag, as reported by the
 * JDK's StAX parser: the line is the one the start tag ends on.
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
