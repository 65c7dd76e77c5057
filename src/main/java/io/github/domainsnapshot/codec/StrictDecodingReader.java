package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a document's bytes as UTF-8, strictly, and reports the first malformed byte with its
 * line and column. libvirt reads every document as UTF-8, whatever its XML declaration says, and
 * so does this library; a UTF-8 byte order mark is skipped.
 */
final class StrictDecodingReader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // a snapshot document is a few kilobytes: larger buffers cost more to allocate than they save
    private final ByteBuffer bytes = ByteBuffer.allocate(2048);
    private boolean eof;
    private boolean flushed;
    private boolean started;
    /** Whether a byte order mark was skipped, and nothing has been handed out since. */
    private boolean afterByteOrderMark;
    /** Reads in a row that gave no byte: a stream that breaks InputStream's contract. */
    private int emptyReads;

    private int line = 1;
    private int column = 1;

    /**
     * How many reads that give nothing are waited out: InputStream.read blocks until it has a byte,
     * so a stream that returns none breaks its contract, and would be read forever.
     */
    private static final int MAX_EMPTY_READS = 1000;

    private StrictDecodingReader(InputStream in) {
        this.in = in;
        bytes.flip();
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
        if (len == 0) {
            return 0;
        }
        if (flushed) {
            return -1;
        }
        // decoded straight into the caller's buffer
        CharBuffer chars = CharBuffer.wrap(buf, off, len);
        while (chars.position() == off) {
            if (!eof && bytes.remaining() < 4) {
                fill();
            }
            if (!started) {
                if (bytes.remaining() < 3 && !eof) {
                    continue;
                }
                started = true;
                skipByteOrderMark();
            }
            check(decoder.decode(bytes, chars, eof), buf, off, chars.position());
            if (eof) {
                if (!flushed && !bytes.hasRemaining()) {
                    flushed = true;
                    check(decoder.flush(chars), buf, off, chars.position());
                }
                if (chars.position() == off) {
                    if (bytes.hasRemaining()) {
                        count(buf, off, off);
                        throw error("the document ends inside a character");
                    }
                    return -1;
                }
            }
        }
        int end = chars.position();
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
        count(buf, off, end);
        return end - off;
    }

    private void fill() throws IOException {
        bytes.compact();
        int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (r < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + r);
        }
        bytes.flip();
        if (r == 0 && ++emptyReads == MAX_EMPTY_READS) {
            throw new IOException("the InputStream (" + in.getClass().getName() + ") returned no bytes "
                    + MAX_EMPTY_READS + " times in a row, and no end either");
        } else if (r != 0) {
            emptyReads = 0;
        }
    }

    private void skipByteOrderMark() {
        if (bytes.remaining() >= 3
                && (bytes.get(bytes.position()) & 0xFF) == 0xEF
                && (bytes.get(bytes.position() + 1) & 0xFF) == 0xBB
                && (bytes.get(bytes.position() + 2) & 0xFF) == 0xBF) {
            bytes.position(bytes.position() + 3);
            afterByteOrderMark = true;
        }
    }

    private void check(CoderResult result, char[] buf, int off, int end) {
        if (result.isError()) {
            count(buf, off, end);
            throw error("malformed byte sequence (0x" + hex(result.length()) + ")");
        }
    }

    private SnapshotXmlException error(String what) {
        return new SnapshotXmlException(Kind.MALFORMED, "invalid UTF-8: " + what, line, column, null, null);
    }

    /** Advances the position past characters handed out, which the parser has not yet seen. */
    private void count(char[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }

    private String hex(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length && bytes.position() + i < bytes.limit(); i++) {
            s.append(String.format("%02X", bytes.get(bytes.position() + i) & 0xFF));
        }
        return s.toString();
    }

    @Override
    public void close() {
        // the caller's stream is the caller's to close
    }
}
