package io.github.domainsnapshot.codec;

import java.io.IOException;
import java.io.Reader;

/**
 * What every document's text passes through on its way to the parser: the characters XML excludes
 * that Woodstox lets through, U+FFFE and U+FFFF (libxml2, and so libvirt, refuses them: "Char
 * 0xFFFE out of allowed range") and half of a surrogate pair (which a String or a Reader may hold,
 * and no UTF-8 can), and a {@code Reader} that breaks its contract (more characters than asked
 * for, which would write past Woodstox's buffer, or none at all).
 *
 * <p>A refused character is not handed on: the characters before it are, and the next read fails.
 * The parser then stands exactly on the character when it learns of it, which gives the line
 * and column of the error without counting them here.
 */
final class InputGuard extends Reader {
    private final Reader in;
    /** The refused character, when the parser has been given everything before it. */
    private int refused = -1;
    /** The last character handed on when it began a surrogate pair, which the next must end; else 0. */
    private char highSurrogate;

    private InputGuard(Reader in) {
        this.in = in;
    }

    static Reader of(Reader in) {
        // a stream's decoder refuses the same characters in its own pass over the text
        return in instanceof InputGuard || in instanceof StrictDecodingReader ? in : new InputGuard(in);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (refused >= 0) {
            throw new OutOfRange((char) refused);
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(buf, off, len);
        if (n > len || n < -1) {
            throw new IOException("the Reader (" + in.getClass().getName() + ") returned " + n
                    + " characters when asked for at most " + len);
        }
        if (n == 0) {
            throw new IOException("the Reader (" + in.getClass().getName()
                    + ") returned no characters when asked for up to " + len + ", and no end either");
        }
        if (n < 0) {
            if (highSurrogate != 0) {
                char c = highSurrogate;
                highSurrogate = 0;
                throw new OutOfRange(c);
            }
            return n;
        }
        for (int i = off, end = off + n; i < end; i++) {
            if (highSurrogate == 0) {
                // the common run of characters below the surrogates, in calls the JIT compiles early
                i = plain(buf, i, end);
                if (i == end) {
                    break;
                }
            }
            char c = buf[i];
            // a character no XML document holds: U+FFFE, U+FFFF, half of a surrogate pair
            char bad = 0;
            if (highSurrogate != 0) {
                if (!Character.isLowSurrogate(c)) {
                    bad = highSurrogate;
                }
                highSurrogate = 0;
            } else if (c < '\uD800') {
                continue;
            } else if (c >= '\uFFFE' || Character.isLowSurrogate(c)) {
                bad = c;
            } else if (Character.isHighSurrogate(c)) {
                highSurrogate = c;
            }
            if (bad != 0) {
                refused = bad;
                if (i == off) {
                    throw new OutOfRange(bad);
                }
                return i - off;
            }
        }
        return n;
    }

    /**
     * @return the index of the first character from i on that is not below U+D800, or end; at
     *     most 32 characters are looked at in one call, so that the method is called often
     *     enough to be compiled during the first document, where one loop over a whole buffer
     *     would run in the interpreter for the first ten
     */
    private static int plain(char[] buf, int i, int end) {
        while (i < end) {
            int stop = Math.min(end, i + 32);
            int j = run(buf, i, stop);
            if (j < stop) {
                return j;
            }
            i = j;
        }
        return end;
    }

    private static int run(char[] buf, int i, int stop) {
        while (i < stop && buf[i] < '\uD800') {
            i++;
        }
        return i;
    }

    @Override
    public void close() {
        // the caller's reader is the caller's to close
    }

    /** U+FFFE or U+FFFF in the text, which no XML document holds. */
    static final class OutOfRange extends IOException {
        private static final long serialVersionUID = 1L;

        OutOfRange(char c) {
            super(String.format("Char 0x%04X out of allowed range", (int) c));
        }
    }
}
