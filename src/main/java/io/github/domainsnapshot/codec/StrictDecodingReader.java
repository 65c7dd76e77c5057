package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes a document's bytes strictly, in the encoding its XML declaration names (UTF-8 by
 * default), and reports the first malformed byte with its line and column. The JDK's parser
 * reports such bytes only approximately and prints them to standard error as well.
 */
final class StrictDecodingReader extends Reader {
    private static final Pattern ENCODING =
            Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final String encoding;
    // a snapshot document is a few kilobytes: larger buffers cost more to allocate than they save
    private final ByteBuffer bytes = ByteBuffer.allocate(2048);
    private final CharBuffer chars = CharBuffer.allocate(1024);
    private boolean eof;
    private int line = 1;
    private int column = 1;

    private StrictDecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.encoding = charset.name();
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
    }

    /**
     * A reader of the document's text.
     *
     * @param raw the document's bytes
     * @return the reader
     * @throws IOException when the stream fails
     */
    static Reader open(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
        in.mark(1024);
        byte[] head = in.readNBytes(1024);
        in.reset();
        Charset charset = StandardCharsets.UTF_8;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            in.skipNBytes(3);
        } else if (head.length >= 2
                && (head[0] == 0 || head[1] == 0 || (head[0] & 0xFF) == 0xFE || (head[0] & 0xFF) == 0xFF)) {
            charset = utf16(head);
            if ((head[0] & 0xFF) == 0xFE || (head[0] & 0xFF) == 0xFF) {
                in.skipNBytes(2);
            }
        } else if (startsWithDeclaration(head)) {
            // only the XML declaration can name an encoding: look no further than its end
            int end = 5;
            while (end < head.length - 1 && !(head[end] == '?' && head[end + 1] == '>')) {
                end++;
            }
            Matcher m = ENCODING.matcher(new String(head, 0, end, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                charset = charset(m.group(1));
            }
        }
        return new StrictDecodingReader(in, charset);
    }

    private static boolean startsWithDeclaration(byte[] head) {
        return head.length >= 5
                && head[0] == '<'
                && head[1] == '?'
                && head[2] == 'x'
                && head[3] == 'm'
                && head[4] == 'l';
    }

    private static Charset utf16(byte[] head) {
        boolean bigEndian = (head[0] & 0xFF) == 0xFE || head[0] == 0;
        return bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name.toUpperCase(Locale.ROOT));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new SnapshotXmlException("unsupported encoding '" + name + "' in the XML declaration", 1, 1, null, e);
        }
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        return n;
    }

    private boolean fill() throws IOException {
        if (eof && !bytes.hasRemaining()) {
            return false;
        }
        bytes.compact();
        if (!eof) {
            int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (r < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + r);
            }
        }
        bytes.flip();
        chars.clear();
        CoderResult result = decoder.decode(bytes, chars, eof);
        if (eof && !result.isError()) {
            result = decoder.flush(chars);
        }
        chars.flip();
        count();
        if (result.isError()) {
            throw new SnapshotXmlException(
                    "invalid " + encoding + ": malformed byte sequence (0x" + hex(bytes, result.length()) + ")",
                    line,
                    column,
                    null,
                    null);
        }
        if (eof && bytes.hasRemaining() && !chars.hasRemaining()) {
            throw new SnapshotXmlException(
                    "invalid " + encoding + ": the document ends inside a character", line, column, null, null);
        }
        return chars.hasRemaining() || !eof;
    }

    /** Advances the position past the characters just decoded, which the parser has not yet seen. */
    private void count() {
        for (int i = chars.position(); i < chars.limit(); i++) {
            if (chars.get(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }

    private static String hex(ByteBuffer b, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length && b.position() + i < b.limit(); i++) {
            s.append(String.format("%02X", b.get(b.position() + i) & 0xFF));
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
