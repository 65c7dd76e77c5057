package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Decodes a document's bytes as UTF-8, strictly, and reports the first malformed byte with its
 * line and column. libvirt reads every document as UTF-8, whatever its XML declaration says, and
 * so does this library; a UTF-8 byte order mark is skipped.
 *
 * <p>It also refuses what {@link InputGuard} refuses of other readers, so that the text of a
 * stream passes through one loop, not three (the JDK's decoder, the guard, and a count of lines
 * for this class's messages): U+FFFE and U+FFFF, which UTF-8 can encode and XML excludes, are
 * refused as the guard refuses them, after the characters before them are handed on; a half of
 * a surrogate pair cannot come out of well-formed UTF-8. A process that reads a document now and
 * then runs this loop in the interpreter, where every pass over the text costs.
 *
 * <p>Well-formed UTF-8 is the Unicode standard's (Table 3-7): no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF.
 */
final class StrictDecodingReader extends Reader {
    private final InputStream in;
    // a snapshot document is a few kilobytes: larger buffers cost more to allocate than they save
    private final byte[] bytes = new byte[2048];
    private int position;
    private int limit;
    private boolean eof;
    private boolean started;
    /** Whether a byte order mark was skipped, and nothing has been handed out since. */
    private boolean afterByteOrderMark;
    /** Reads in a row that gave no byte: a stream that breaks InputStream's contract. */
    private int emptyReads;
    /** The second half of a surrogate pair whose first half ended the last read; else 0. */
    private char pendingLow;
    /** U+FFFE or U+FFFF, when everything before it has been handed on; else 0. */
    private char refused;
    /**
     * What is wrong with the bytes at the position, when everything before them has been handed
     * on: the next read fails, at their line and column; else null.
     */
    private String malformed;

    /** Lines handed out before the current one. */
    private int line = 1;
    /** Characters handed out, and where the current line began among them. */
    private long handedOut;

    private long lineStart;

    /**
     * How many reads that give nothing are waited out: InputStream.read blocks until it has a byte,
     * so a stream that returns none breaks its contract, and would be read forever.
     */
    private static final int MAX_EMPTY_READS = 1000;

    private StrictDecodingReader(InputStream in) {
        this.in = in;
    }

    /**
     * A reader of the document's text.
     *
     * @param in the document's bytes; not closed by the reader
     * @return the reader
     */
    static Reader open(InputStream in) {
        return new StrictDecodingReader(in);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (refused != 0) {
            throw new InputGuard.OutOfRange(refused);
        }
        if (malformed != null) {
            throw error(malformed);
        }
        if (len == 0) {
            return 0;
        }
        if (!started) {
            start();
        }
        while (true) {
            if (limit - position < 4 && !eof) {
                fill();
            }
            int n = decode(buf, off, len);
            if (n > 0) {
                if (afterByteOrderMark) {
                    afterByteOrderMark = false;
                    if (buf[off] == '\uFEFF') {
                        // the parser skips one mark, as libxml2 does; a second is text before the root
                        throw new SnapshotXmlException(
                                Kind.MALFORMED,
                                "malformed XML: Start tag expected, '<' not found (a second byte order mark)",
                                1,
                                1,
                                "/",
                                null);
                    }
                }
                return n;
            }
            if (refused != 0) {
                throw new InputGuard.OutOfRange(refused);
            }
            if (malformed != null) {
                throw error(malformed);
            }
            if (eof && position == limit) {
                return -1;
            }
            if (eof) {
                throw error("the document ends inside a character");
            }
        }
    }

    /** Skips a byte order mark, once the first three bytes are in (or the stream ended before). */
    private void start() throws IOException {
        while (limit < 3 && !eof) {
            fill();
        }
        started = true;
        if (limit - position >= 3
                && (bytes[position] & 0xFF) == 0xEF
                && (bytes[position + 1] & 0xFF) == 0xBB
                && (bytes[position + 2] & 0xFF) == 0xBF) {
            position += 3;
            afterByteOrderMark = true;
        }
    }

    /**
     * Decodes what the buffer holds into buf, up to len characters, stopping before a character
     * whose bytes are not all in yet, and before U+FFFE or U+FFFF (noted in {@link #refused}).
     *
     * @return the characters decoded
     */
    private int decode(char[] buf, int off, int len) {
        byte[] b = bytes;
        int p = position;
        int end = limit;
        int d = off;
        int dl = off + len;
        int newlines = 0;
        int lastNewline = -1;
        if (pendingLow != 0) {
            buf[d++] = pendingLow;
            pendingLow = 0;
        }
        while (d < dl && p < end) {
            int b0 = b[p];
            if (b0 >= 0) {
                int run = ascii(b, p, Math.min(end - p, dl - d), buf, d);
                int lines = run >>> 16;
                int length = run & 0xFFFF;
                if (lines > 0) {
                    newlines += lines;
                    lastNewline = d + lastNewlineInRun;
                }
                p += length;
                d += length;
                continue;
            }
            int c = decodeSequence(b, p, end);
            if (c < 0) {
                // incomplete (its bytes are not all in yet), or malformed
                break;
            }
            if (c >= 0x10000) {
                buf[d++] = Character.highSurrogate(c);
                if (d < dl) {
                    buf[d++] = Character.lowSurrogate(c);
                } else {
                    pendingLow = Character.lowSurrogate(c);
                }
                p += 4;
                continue;
            }
            if (c >= 0xFFFE) {
                // a character no XML document holds: handed on up to it, refused at the next read
                refused = (char) c;
                break;
            }
            buf[d++] = (char) c;
            p += c < 0x800 ? 2 : 3;
        }
        position = p;
        int n = d - off;
        if (newlines > 0) {
            line += newlines;
            lineStart = handedOut + (lastNewline - off) + 1;
        }
        handedOut += n;
        return n;
    }

    /** The longest run {@link #ascii} copies in one call: a 5 KB document makes some 180 calls. */
    private static final int RUN = 32;

    /** Where the last line break of the last {@link #ascii} run was, from its start. */
    private int lastNewlineInRun;

    /**
     * Copies a run of ASCII bytes, at most {@link #RUN} and at most max, as characters. A short
     * method called again and again, so that the JIT queues it for compiling during the first
     * document (after a hundred calls): a loop over the whole text in one call would run in the
     * interpreter for the first ten documents.
     *
     * @return the line breaks in the run, shifted left 16 bits, plus the run's length
     */
    private int ascii(byte[] b, int p, int max, char[] buf, int d) {
        int n = Math.min(max, RUN);
        int lines = 0;
        int i = 0;
        for (; i < n; i++) {
            int c = b[p + i];
            if (c < 0) {
                break;
            }
            if (c == '\n') {
                lines++;
                lastNewlineInRun = i;
            }
            buf[d + i] = (char) c;
        }
        return lines << 16 | i;
    }

    /**
     * The code point of the multi-byte sequence at p, checked as Table 3-7 of the Unicode
     * standard does.
     *
     * @return the code point, or -1 when its bytes are not all in the buffer yet or are malformed
     *     (noted in {@link #malformed})
     */
    private int decodeSequence(byte[] b, int p, int end) {
        int b0 = b[p] & 0xFF;
        int need;
        int min;
        int c;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            min = 0x80;
            c = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            min = 0x800;
            c = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            min = 0x10000;
            c = b0 & 0x07;
        } else {
            return malformed(b, p, 1);
        }
        for (int i = 1; i <= need; i++) {
            if (p + i >= end) {
                if (eof) {
                    malformed = "the document ends inside a character";
                }
                return -1;
            }
            int bi = b[p + i] & 0xFF;
            if ((bi & 0xC0) != 0x80) {
                return malformed(b, p, i);
            }
            c = (c << 6) | (bi & 0x3F);
            if (i == 1
                    && ((need == 2 && (c < 0x20 || c >= 0x360 && c < 0x380))
                            || (need == 3 && (c < 0x10 || c >= 0x110)))) {
                // overlong (E0 80-9F, F0 80-8F), a surrogate (ED A0-BF) or beyond U+10FFFF (F4 90-)
                return malformed(b, p, 1);
            }
        }
        if (c < min) {
            return malformed(b, p, need + 1);
        }
        return c;
    }

    private int malformed(byte[] b, int p, int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length && p + i < limit; i++) {
            hex.append(String.format("%02X", b[p + i] & 0xFF));
        }
        malformed = "malformed byte sequence (0x" + hex + ")";
        return -1;
    }

    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(bytes, position, bytes, 0, limit - position);
            limit -= position;
            position = 0;
        }
        int r = in.read(bytes, limit, bytes.length - limit);
        if (r < 0) {
            eof = true;
        } else {
            limit += r;
        }
        if (r == 0 && ++emptyReads == MAX_EMPTY_READS) {
            throw new IOException("the InputStream (" + in.getClass().getName() + ") returned no bytes "
                    + MAX_EMPTY_READS + " times in a row, and no end either");
        } else if (r != 0) {
            emptyReads = 0;
        }
    }

    /** An error at the next character to hand out: everything before it has been handed out. */
    private SnapshotXmlException error(String what) {
        return new SnapshotXmlException(
                Kind.MALFORMED, "invalid UTF-8: " + what, line, (int) (handedOut - lineStart + 1), null, null);
    }

    @Override
    public void close() {
        // the caller's stream is the caller's to close
    }
}
