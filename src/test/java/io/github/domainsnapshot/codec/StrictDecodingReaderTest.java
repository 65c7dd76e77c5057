package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder of streams agrees with the JDK's strict UTF-8 decoder on every sequence of up to
 * two bytes, on every lead and first continuation byte of longer ones and on random bytes, read
 * in chunks of every size, and refuses U+FFFE and U+FFFF as the guard of other readers does.
 */
class StrictDecodingReaderTest {
    /**
     * What the JDK makes of the bytes: the text, "refused" when U+FFFE or U+FFFF comes before
     * anything malformed, or null when they are not UTF-8. The first problem in the text wins.
     */
    private static String jdk(byte[] bytes) {
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        java.nio.charset.CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        String text = out.flip().toString();
        if (text.indexOf('\uFFFE') >= 0 || text.indexOf('\uFFFF') >= 0) {
            return "refused";
        }
        return result.isError() ? null : text;
    }

    /** What the reader makes of them, read chunk characters at a time, from a stream of trickle bytes per read. */
    private static String ours(byte[] bytes, int chunk, int trickle) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, trickle));
            }
        };
        Reader r = StrictDecodingReader.open(in);
        StringBuilder out = new StringBuilder();
        char[] buf = new char[chunk + 3];
        try {
            int n;
            while ((n = r.read(buf, 3, chunk)) >= 0) {
                out.append(buf, 3, n);
            }
        } catch (SnapshotXmlException e) {
            assertTrue(e.getMessage().startsWith("invalid UTF-8: "), e.getMessage());
            return null;
        } catch (InputGuard.OutOfRange e) {
            return "refused";
        }
        return out.toString();
    }

    private static void agree(byte[] bytes) throws IOException {
        String expected = jdk(bytes);
        if (expected != null && expected.startsWith("\uFEFF")) {
            return; // a byte order mark, skipped: its own test
        }
        for (int chunk : new int[] {1, 2, 3, 7, 4096}) {
            for (int trickle : new int[] {1, 3, 4096}) {
                assertEquals(expected, ours(bytes, chunk, trickle), () -> hex(bytes) + " in chunks of " + chunk);
            }
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X ", b & 0xFF));
        }
        return s.toString();
    }

    @Test
    void everySequenceOfOneOrTwoBytes() throws IOException {
        for (int a = 0; a < 256; a++) {
            agree(new byte[] {'x', (byte) a, 'y'});
            for (int b = 0; b < 256; b++) {
                byte[] bytes = {(byte) a, (byte) b};
                String expected = jdk(bytes);
                String got = ours(bytes, 4096, 4096);
                assertEquals(expected, got, hex(bytes));
            }
        }
    }

    @Test
    void everyLeadAndFirstContinuationOfLongerSequences() throws IOException {
        for (int a = 0xE0; a <= 0xFF; a++) {
            for (int b = 0x70; b <= 0xD0; b++) {
                agree(new byte[] {'<', (byte) a, (byte) b, (byte) 0x80, (byte) 0x80, '>'});
                agree(new byte[] {'<', (byte) a, (byte) b, (byte) 0xBF, (byte) 0xBF, '>'});
                agree(new byte[] {'<', (byte) a, (byte) b, (byte) 0xBF});
                agree(new byte[] {'<', (byte) a, (byte) b});
            }
        }
    }

    @Test
    void randomBytesAndText() throws IOException {
        Random random = new Random(21);
        String[] pieces = {"a", "\n", "é", "€", "\uD83D\uDE00", "\uFFFD", "\uFFFE", "<x/>"};
        for (int i = 0; i < 3000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
            } else {
                StringBuilder s = new StringBuilder();
                for (int k = random.nextInt(20); k > 0; k--) {
                    s.append(pieces[random.nextInt(pieces.length)]);
                }
                bytes = s.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0 && random.nextInt(4) == 0) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            agree(bytes);
        }
    }

    @Test
    void aMalformedByteIsReportedAtItsLineAndColumnAfterTheTextBeforeIt() throws IOException {
        byte[] bytes = "ab\ncd\u00e9\uD83D\uDE00e\n\nfgh".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = (byte) 0xFF;
        for (int chunk : new int[] {1, 5, 4096}) {
            Reader r = StrictDecodingReader.open(new ByteArrayInputStream(bad));
            StringBuilder text = new StringBuilder();
            char[] buf = new char[chunk];
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> {
                int n;
                while ((n = r.read(buf, 0, chunk)) >= 0) {
                    text.append(buf, 0, n);
                }
            });
            assertEquals("ab\ncd\u00e9\uD83D\uDE00e\n\nfgh", text.toString(), "everything before it is handed out");
            assertEquals(4, e.getLine());
            assertEquals(4, e.getColumn());
            assertTrue(e.getMessage().contains("0xFF"), e.getMessage());
        }
    }

    @Test
    void aByteOrderMarkIsSkippedOnce() throws IOException {
        byte[] one = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'a', '/', '>'};
        assertEquals("<a/>", ours(one, 4096, 4096));
        assertEquals("<a/>", ours(one, 1, 1));
        byte[] two = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'a', '/', '>'};
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class,
                () -> StrictDecodingReader.open(new ByteArrayInputStream(two)).read(new char[16], 0, 16));
        assertTrue(e.getMessage().contains("a second byte order mark"), e.getMessage());
    }
}
