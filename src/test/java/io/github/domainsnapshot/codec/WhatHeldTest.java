package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What held when the library was attacked and used carelessly, kept under test: the depth limit
 * in every place a tree is kept verbatim, character references and surrogates, other encodings,
 * line ends, attributes twice through two prefixes, namespace declarations past the limit, an
 * interrupted thread, special files and links.
 */
class WhatHeldTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    /** Where trees are kept verbatim: the start and end of the way there, and the depth of its last element. */
    private record Place(String head, String tail, int depth) {}

    private static final List<Place> VERBATIM = List.of(
            new Place("<domainsnapshot><domain>", "</domain></domainsnapshot>", 2),
            new Place("<domainsnapshot><inactiveDomain>", "</inactiveDomain></domainsnapshot>", 2),
            new Place("<domainsnapshot><cookie>", "</cookie></domainsnapshot>", 2),
            new Place("<domainsnapshot><domain><metadata>", "</metadata></domain></domainsnapshot>", 3),
            new Place(src("reconnect"), srcEnd("reconnect"), 5),
            new Place(src("knownHosts"), srcEnd("knownHosts"), 5),
            new Place(src("reservations"), srcEnd("reservations"), 5),
            new Place(src("privateData"), srcEnd("privateData"), 5));

    private static String src(String element) {
        return "<domainsnapshot><disks><disk name='vda'><source file='/a'><" + element + ">";
    }

    private static String srcEnd(String element) {
        return "</" + element + "></source></disk></disks></domainsnapshot>";
    }

    /** Elements nested inside a place so that the deepest is at {@code depth} in the document. */
    private static String nested(Place p, int depth) {
        int levels = depth - p.depth();
        return p.head() + "<a>".repeat(levels) + "x" + "</a>".repeat(levels) + p.tail();
    }

    @Test
    void theDepthLimitHoldsInEveryVerbatimPlace() {
        for (Place p : VERBATIM) {
            DomainSnapshot s = CODEC.read(nested(p, 256));
            String written = CODEC.write(s);
            assertEquals(s, CODEC.read(written), p.head());
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(nested(p, 257)));
            assertEquals(Kind.LIMIT, e.kind(), p.head() + ": " + e.getMessage());
        }
        // and the writer holds a tree one level deeper to the same limit
        DomainSnapshot s = CODEC.read(nested(VERBATIM.get(0), 256));
        XmlElement deepest = s.getDomain();
        while (!deepest.elements().isEmpty()) {
            deepest = deepest.elements().get(0);
        }
        deepest.add(new XmlElement("b"));
        assertEquals(
                Kind.LIMIT,
                assertThrows(SnapshotXmlException.class, () -> CODEC.write(s)).kind());
    }

    @Test
    void characterReferencesXmlExcludesAreRefused() {
        for (String ref :
                List.of("&#0;", "&#x0;", "&#xD800;", "&#xDFFF;", "&#xFFFE;", "&#xFFFF;", "&#x110000;", "&#1;")) {
            String xml = "<domainsnapshot><name>" + ref + "</name></domainsnapshot>";
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml), ref);
            assertEquals(Kind.MALFORMED, e.kind(), ref);
        }
        assertEquals(
                "\uD83D\uDE00",
                CODEC.read("<domainsnapshot><name>&#x1F600;</name></domainsnapshot>")
                        .getName());
    }

    @Test
    void loneSurrogatesAreRefused() {
        SnapshotXmlException text = assertThrows(
                SnapshotXmlException.class, () -> CODEC.read("<domainsnapshot><name>\uD800</name></domainsnapshot>"));
        assertEquals(Kind.MALFORMED, text.kind());
        // CESU-8's encoding of a surrogate is not UTF-8
        byte[] cesu = {'<', 'a', '>', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '<', '/', 'a', '>'};
        assertEquals(
                Kind.MALFORMED,
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(new ByteArrayInputStream(cesu)))
                        .kind());
    }

    @Test
    void otherEncodingsAreRefusedAsLibvirtRefusesThem() {
        String doc = "\uFEFF<domainsnapshot><name>s</name></domainsnapshot>";
        for (Charset c : List.of(
                StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16LE,
                Charset.forName("UTF-32BE"),
                Charset.forName("UTF-32LE"))) {
            byte[] bytes = doc.getBytes(c);
            SnapshotXmlException e = assertThrows(
                    SnapshotXmlException.class, () -> CODEC.read(new ByteArrayInputStream(bytes)), c.name());
            assertEquals(Kind.MALFORMED, e.kind(), c + ": " + e.getMessage());
        }
    }

    @Test
    void lineEndsAreReadAsXmlSaysAndWrittenStably() {
        String xml = "<domainsnapshot>\r\n<description>a\r\nb\rc</description>\r<cookie><x>1\r2</x></cookie>"
                + "<memory snapshot='no' file='/a\r\nb'/></domainsnapshot>\r\n";
        DomainSnapshot s = CODEC.read(xml);
        assertEquals("a\nb\nc", s.getDescription());
        String once = CODEC.write(s);
        assertEquals(once, CODEC.write(CODEC.read(once)));
        assertEquals(s, CODEC.read(once));
    }

    @Test
    void anAttributeTwiceThroughTwoPrefixesIsRefused() {
        String xml = "<domainsnapshot><x xmlns:p='urn:u' xmlns:q='urn:u' p:a='1' q:a='2'/></domainsnapshot>";
        assertEquals(
                Kind.MALFORMED,
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml)).kind());
    }

    @Test
    void aHundredThousandNamespaceDeclarationsAreRefusedAtTheAttributeLimit() {
        StringBuilder b = new StringBuilder("<domainsnapshot><x");
        for (int i = 0; i < 100_000; i++) {
            b.append(" xmlns:p").append(i).append("='urn:").append(i).append('\'');
        }
        String xml = b.append("/></domainsnapshot>").toString();
        SnapshotXmlException e = assertTimeoutPreemptively(
                PROMPTLY, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml)));
        assertEquals(Kind.LIMIT, e.kind(), e.getMessage());
    }

    @Test
    void anInterruptedThreadReadsOrFailsWithKindIo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.xml"), "<domainsnapshot><name>s</name></domainsnapshot>");
        for (int i = 0; i < 2; i++) {
            Thread.currentThread().interrupt();
            try {
                assertEquals(
                        "s",
                        i == 0
                                ? CODEC.read(file).getName()
                                : CODEC.read(Files.readString(file)).getName());
            } catch (SnapshotXmlException e) {
                assertEquals(Kind.IO, e.kind(), e.getMessage());
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void specialFilesAndLinkLoopsFailPromptly(@TempDir Path dir) throws IOException {
        Path loop = dir.resolve("loop.xml");
        Files.createSymbolicLink(loop, dir.resolve("loop.xml"));
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(loop));
        assertEquals(Kind.IO, e.kind(), e.getMessage());
        assertEquals(
                Kind.IO,
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(dir)).kind());
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            SnapshotXmlException z = assertTimeoutPreemptively(
                    PROMPTLY, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(zero)));
            assertTrue(z.kind() == Kind.MALFORMED || z.kind() == Kind.IO, z.getMessage());
        }
    }
}
