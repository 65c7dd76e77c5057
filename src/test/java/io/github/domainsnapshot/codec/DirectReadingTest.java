package io.github.domainsnapshot.codec;

import static io.github.domainsnapshot.codec.ModelAssertions.assertModelEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direct reader against the reference path (StAX and JAXB): whatever document the direct
 * reader takes, the reference path must take too and give the same model, the same locations and
 * the same written form; and the direct reader must take the usual documents, or it is no faster.
 */
class DirectReadingTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Path DIRECT = RESOURCES.resolve("io/github/domainsnapshot/codec/direct");
    private static final Path CORPUS = Path.of(System.getProperty("shared.corpus", "../shared/corpus"));

    @Test
    void agreesOnEveryDocumentOfTheProject() throws IOException {
        int taken = 0;
        int all = 0;
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                all++;
                if (agree(f.toString(), Files.readAllBytes(f))) {
                    taken++;
                }
            }
        }
        // the project's documents are mostly of the usual form; errors and oddities are not
        assertTrue(taken > all / 3, taken + " of " + all + " read directly");
    }

    @Test
    void agreesOnEveryDocumentOfLibvirt() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "../shared/corpus is absent: libvirt's documents not compared");
        List<String> notTaken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                boolean snapshot = new String(bytes, StandardCharsets.UTF_8).contains("<domainsnapshot");
                if (!agree(f.toString(), bytes) && snapshot && f.toString().contains("/out/")) {
                    notTaken.add(CORPUS.relativize(f).toString());
                }
            }
        }
        // what libvirt writes is exactly the usual form
        assertEquals(List.of(), notTaken, "libvirt's own output not read directly");
    }

    @Test
    void readsTheUsualFormsDirectly() throws IOException {
        for (String name : List.of("all-fields.xml", "crlf-unicode.xml", "namespaces.xml", "bom.xml")) {
            byte[] bytes = Files.readAllBytes(DIRECT.resolve(name));
            assertNotNull(SnapshotCodec.readDirect(bytes), name);
            assertTrue(agree(name, bytes), name);
        }
        assertNotNull(SnapshotCodec.readDirect(Files.readAllBytes(RESOURCES.resolve("bench/full-domain.xml"))));
    }

    @Test
    void leavesOtherFormsToTheReferencePath() {
        for (String xml : List.of(
                "<domainsnapshot><name><![CDATA[x]]></name></domainsnapshot>",
                "<!DOCTYPE d><domainsnapshot/>",
                "<?xml version='1.0' encoding='ISO-8859-1'?><domainsnapshot/>",
                "<?xml version='1.1'?><domainsnapshot/>",
                "<domainsnapshot><future/></domainsnapshot>",
                "<domainsnapshot><name a='1'>x</name></domainsnapshot>",
                "<domainsnapshot><name>a</name><name>b</name></domainsnapshot>",
                "<domainsnapshot xmlns:x='urn:x' x:a='1'/>",
                "<domainsnapshot><domain><x:y/></domain></domainsnapshot>",
                "<domainsnapshot><domain><xml:y/></domain></domainsnapshot>",
                "<domainsnapshot><name>&nbsp;</name></domainsnapshot>",
                "<domainsnapshot><name>&#0;</name></domainsnapshot>",
                "<domainsnapshot><name>]]></name></domainsnapshot>",
                "<domainsnapshot><name>\u00e9l\u00e8ve</name><d\u00e9/></domainsnapshot>",
                "<domainsnapshot><memory a='1' a='2'/></domainsnapshot>",
                "<domainsnapshot><!-- a -- b --></domainsnapshot>",
                "<domainsnapshot><?xml x?></domainsnapshot>",
                "<domainsnapshot></domainsnapshotx>",
                "<domainsnapshot/>trailing",
                "<domainsnapshot/><domainsnapshot/>",
                "<domain/>",
                "<domainsnapshot>\r<name>lone carriage return</name></domainsnapshot>",
                "")) {
            assertNull(SnapshotCodec.readDirect(xml), xml);
        }
        // the reference path gives the answer and the error
        assertEquals(
                "<x>",
                CODEC.read("<domainsnapshot><name><![CDATA[<x>]]></name></domainsnapshot>")
                        .getName());
    }

    @Test
    void agreesOnNamespacesAroundTheEmbeddedDomain() {
        assertNull(SnapshotCodec.readDirect(
                "<domainsnapshot><domain xmlns='urn:x'><name>a</name></domain></domainsnapshot>"));
        for (String xml : List.of(
                "<domainsnapshot><domain xmlns=''><name>a</name></domain></domainsnapshot>",
                "<domainsnapshot><domain xmlns:a='urn:a' a:b='1'><a:name a:c='2'/></domain></domainsnapshot>",
                "<domainsnapshot><domain><m xmlns='urn:m'><n xmlns=''/></m></domain></domainsnapshot>",
                "<domainsnapshot><name/><description></description><domain/></domainsnapshot>",
                // declarations after the first one of a tag are in scope for the tag's own name
                "<domainsnapshot><domain><a xmlns:x='urn:x' xmlns='urn:d'><b/></a></domain></domainsnapshot>",
                "<domainsnapshot><domain><p:a xmlns:x='urn:x' xmlns:p='urn:p'/></domain></domainsnapshot>")) {
            assertTrue(agree(xml, xml.getBytes(StandardCharsets.UTF_8)), xml);
        }
    }

    @Test
    void aLoneSurrogateIsLeftToTheReferencePath() {
        assertNull(SnapshotCodec.readDirect("<domainsnapshot><name>\ud800</name></domainsnapshot>"));
    }

    @Test
    void everyInputFormGivesTheSameDocument() throws IOException {
        Path file = DIRECT.resolve("all-fields.xml");
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        SnapshotDocument reference = CODEC.readReference(bytes);
        String expected = CODEC.write(reference.snapshot());
        assertEquals(expected, CODEC.write(CODEC.read(text)));
        assertEquals(expected, CODEC.write(CODEC.read(new StringReader(text))));
        assertEquals(expected, CODEC.write(CODEC.read(new ByteArrayInputStream(bytes))));
        SnapshotDocument fromFile = CODEC.readDocument(file);
        assertEquals(expected, CODEC.write(fromFile.snapshot()));
        assertEquals(file.toString(), fromFile.source());
        assertEquals(reference.locations(), fromFile.locations());
    }

    @Test
    void aDocumentLargerThanTheDirectLimitIsStreamed() {
        String padding = "<!--" + "x".repeat(DirectSnapshotReader.MAX_DOCUMENT) + "-->";
        String xml = "<domainsnapshot><name>big</name>" + padding + "</domainsnapshot>";
        assertEquals("big", CODEC.read(xml).getName());
        assertEquals("big", CODEC.read(new StringReader(xml)).getName());
        assertEquals(
                "big",
                CODEC.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                        .getName());
    }

    /**
     * Every document the direct reader takes after one change (a byte cut off, removed or
     * replaced by a character that matters to XML) reads the same through the reference path.
     */
    @Test
    void agreesOnEveryOneByteChangeOfItsSeeds() throws IOException {
        byte[] replacements = {
            '<', '>', '&', '\'', '"', ' ', ':', '/', '=', '-', '?', '!', ';', '#', 'x', '\r', '\n', '\t', 0, -61
        };
        int taken = 0;
        // libvirt-domain.xml: the children of its domain are deferred, so changes to them try the skimming
        for (String seed : List.of("namespaces.xml", "crlf-unicode.xml", "bom.xml", "libvirt-domain.xml")) {
            byte[] bytes = Files.readAllBytes(DIRECT.resolve(seed));
            for (int i = 0; i < bytes.length; i++) {
                taken += agreeIfTaken(seed + " cut at " + i, Arrays.copyOf(bytes, i));
                byte[] removed = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, removed, 0, i);
                System.arraycopy(bytes, i + 1, removed, i, bytes.length - i - 1);
                taken += agreeIfTaken(seed + " without byte " + i, removed);
                for (byte r : replacements) {
                    byte[] changed = bytes.clone();
                    changed[i] = r;
                    taken += agreeIfTaken(seed + " with byte " + i + " = " + r, changed);
                }
            }
        }
        assertTrue(taken > 1000, "only " + taken + " changed documents read directly");
    }

    /** @return 1 if the direct reader took the document (and agreed), else 0 */
    private static int agreeIfTaken(String label, byte[] bytes) {
        SnapshotDocument direct = SnapshotCodec.readDirect(bytes);
        if (direct == null) {
            return 0;
        }
        compare(label, direct, () -> CODEC.readReference(bytes));
        return 1;
    }

    /** @return whether the direct reader took the document, as bytes and as text */
    private static boolean agree(String label, byte[] bytes) {
        SnapshotDocument direct = SnapshotCodec.readDirect(bytes);
        if (direct != null) {
            compare(label, direct, () -> CODEC.readReference(bytes));
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        SnapshotDocument directText = SnapshotCodec.readDirect(text);
        if (directText != null) {
            compare(label + " (text)", directText, () -> CODEC.readReference(text));
        }
        return direct != null;
    }

    private static void compare(String label, SnapshotDocument direct, Supplier<SnapshotDocument> reference) {
        SnapshotDocument expected;
        try {
            expected = reference.get();
        } catch (SnapshotXmlException e) {
            fail(label + ": read directly, but the reference path refuses it: " + e.getMessage());
            return;
        } catch (UncheckedIOException e) {
            throw e;
        }
        String written = CODEC.write(expected.snapshot());
        // first while the embedded domain's children are as read, then with them built and their
        // children as read, then once comparing built them all
        assertEquals(written, CODEC.write(direct.snapshot()), label + ": written form");
        ModelAssertions.buildOneLevel(direct.snapshot().getDomain());
        assertEquals(written, CODEC.write(direct.snapshot()), label + ": written form, partly built");
        try {
            assertModelEquals(expected.snapshot(), direct.snapshot());
        } catch (AssertionError e) {
            fail(label + ": " + e.getMessage());
        }
        assertEquals(expected.locations(), direct.locations(), label + ": locations");
        assertEquals(written, CODEC.write(direct.snapshot()), label + ": written form, built");
    }
}
