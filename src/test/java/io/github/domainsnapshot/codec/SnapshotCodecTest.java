package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCodecTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final String DOC = """
            <domainsnapshot>
              <name>s1</name>
              <memory snapshot='external' file='/m'/>
              <disks>
                <disk name='vda' snapshot='external' type='file'>
                  <source file='/a'/>
                </disk>
                <disk name='vdb' snapshot='no'/>
              </disks>
            </domainsnapshot>
            """;

    @Test
    void everyInputKindGivesTheSameSnapshot(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.xml");
        Files.writeString(file, DOC);
        assertEquals(DOC, CODEC.write(CODEC.read(DOC)));
        assertEquals(DOC, CODEC.write(CODEC.read(new StringReader(DOC))));
        assertEquals(DOC, CODEC.write(CODEC.read(new ByteArrayInputStream(DOC.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(DOC, CODEC.write(CODEC.read(file)));
    }

    /** What cannot be read at all is an IO failure, not a malformed document: a program (the CLI) tells them apart. */
    @Test
    void inputThatCannotBeReadIsAnIoFailure(@TempDir Path dir) {
        for (Path p : new Path[] {dir, dir.resolve("missing.xml")}) {
            assertEquals(
                    SnapshotXmlException.Kind.IO,
                    assertThrows(SnapshotXmlException.class, () -> CODEC.read(p))
                            .kind());
            assertEquals(
                    SnapshotXmlException.Kind.IO,
                    assertThrows(SnapshotXmlException.class, () -> CODEC.readElement(p))
                            .kind());
        }
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the stream broke");
            }
        };
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(broken));
        assertEquals(SnapshotXmlException.Kind.IO, e.kind());
        assertTrue(e.getReason().contains("the stream broke"), e.getReason());
        byte[] start = "<domainsnapshot><name>".getBytes(StandardCharsets.UTF_8);
        java.io.InputStream breaksLater = new java.io.SequenceInputStream(new ByteArrayInputStream(start), broken);
        assertEquals(
                SnapshotXmlException.Kind.IO,
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(breaksLater))
                        .kind());
    }

    @Test
    void everyOutputKindGivesTheSameBytes() {
        DomainSnapshot s = CODEC.read(DOC);
        StringWriter w = new StringWriter();
        CODEC.write(s, w);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        CODEC.write(s, o);
        assertEquals(DOC, w.toString());
        assertEquals(DOC, o.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readingIsOrderInsensitive() {
        String shuffled = "<domainsnapshot><disks><disk snapshot='no' name='vdb'/></disks>"
                + "<memory file='/m' snapshot='external'/><name>s1</name></domainsnapshot>";
        String written = CODEC.write(CODEC.read(shuffled));
        assertTrue(
                written.indexOf("<name>") < written.indexOf("<memory")
                        && written.indexOf("<memory") < written.indexOf("<disks>"),
                written);
        assertTrue(written.contains("<disk name='vdb' snapshot='no'/>"), written);
    }

    @Test
    void bytesAreUtf8WhateverTheDeclarationSaysAsLibvirtReadsThem() {
        String declared =
                "<?xml version='1.0' encoding='ISO-8859-1'?><domainsnapshot><name>Grüße</name></domainsnapshot>";
        assertEquals(
                "Grüße",
                CODEC.read(new ByteArrayInputStream(declared.getBytes(StandardCharsets.UTF_8)))
                        .getName());
        SnapshotXmlException latin1 = assertThrows(
                SnapshotXmlException.class,
                () -> CODEC.read(new ByteArrayInputStream(declared.getBytes(StandardCharsets.ISO_8859_1))));
        assertEquals(SnapshotXmlException.Kind.MALFORMED, latin1.kind());
        assertEquals(1, latin1.getLine());
        byte[] utf16 = "\uFEFF<domainsnapshot><name>✓</name></domainsnapshot>".getBytes(StandardCharsets.UTF_16BE);
        assertThrows(SnapshotXmlException.class, () -> CODEC.read(new ByteArrayInputStream(utf16)));
        byte[] bom = "\uFEFF<domainsnapshot><name>✓</name></domainsnapshot>".getBytes(StandardCharsets.UTF_8);
        assertEquals("✓", CODEC.read(new ByteArrayInputStream(bom)).getName());
    }

    @Test
    void unknownValuesAreKeptAsWritten() {
        DomainSnapshot s =
                CODEC.read("<domainsnapshot><memory snapshot='bogus'/><state>sleeping</state></domainsnapshot>");
        assertEquals("bogus", s.getMemory().getSnapshot().value());
        assertEquals("sleeping", s.getState().value());
    }

    @Test
    void unknownContentIsKeptAndWrittenAfterTheKnownContent() {
        DomainSnapshot s = CODEC.read("<domainsnapshot x='1'><later/><name>n</name></domainsnapshot>");
        assertEquals("1", s.getOtherAttributes().get(new QName("x")));
        assertEquals("later", s.getUnknownElements().get(0).getLocalName());
        assertEquals("<domainsnapshot x='1'>\n  <name>n</name>\n  <later/>\n</domainsnapshot>\n", CODEC.write(s));
    }

    @Test
    void schemaValidationIsOffByDefaultAndAVariant() {
        SnapshotCodec strict = CODEC.withSchemaValidation(true);
        assertFalse(CODEC.isSchemaValidation());
        assertTrue(strict.isSchemaValidation());
        assertNotSame(CODEC, strict);
        assertSame(strict, strict.withSchemaValidation(true));
        assertFalse(CODEC.isSchemaValidation(), "withSchemaValidation changed the original");
    }

    @Test
    void schemaValidationReportsUnknownElementsWithTheirLocation() {
        String doc = "<domainsnapshot>\n  <name>n</name>\n  <disks>\n    <disk name='vda'>\n      <bogus/>\n"
                + "    </disk>\n  </disks>\n</domainsnapshot>\n";
        CODEC.read(doc);
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class,
                () -> CODEC.withSchemaValidation(true).read(doc));
        assertEquals(5, e.getLine());
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        assertEquals("/domainsnapshot/disks/disk[1]/bogus", e.getPath());
    }

    @Test
    void schemaValidationReportsUnknownAttributesAndValues() {
        SnapshotCodec strict = CODEC.withSchemaValidation(true);
        SnapshotXmlException attr = assertThrows(
                SnapshotXmlException.class,
                () -> strict.read("<domainsnapshot>\n<memory snapshot='no' color='red'/></domainsnapshot>"));
        assertTrue(attr.getMessage().contains("color"), attr.getMessage());
        assertEquals(2, attr.getLine());
        SnapshotXmlException value = assertThrows(
                SnapshotXmlException.class,
                () -> strict.read("<domainsnapshot><memory snapshot='bogus'/></domainsnapshot>"));
        assertTrue(value.getMessage().contains("bogus"), value.getMessage());
        SnapshotXmlException state = assertThrows(
                SnapshotXmlException.class,
                () -> strict.read("<domainsnapshot><state>sleeping</state></domainsnapshot>"));
        assertTrue(state.getMessage().contains("sleeping"), state.getMessage());
    }

    @Test
    void schemaValidationRefusesTheOwnCasesLibvirtsSchemaRefuses() {
        // StrictSchemaAgreementTest compares every verdict with libvirt's own schema check
        SnapshotCodec strict = CODEC.withSchemaValidation(true);
        strict.read(Xml2XmlTest.dir("out").resolve("uuid-only-domain.xml"));
        Map<String, String> refused = Map.of(
                "all-elements.xml", "pmsuspended",
                "escaping.xml", "AbsFilePath",
                "empty-parts.xml", "parent",
                "unknown-content.xml", "future");
        refused.forEach((name, why) -> {
            SnapshotXmlException e = assertThrows(
                    SnapshotXmlException.class,
                    () -> strict.read(Xml2XmlTest.dir("out").resolve(name)));
            assertTrue(e.getMessage().contains(why), name + ": " + e.getMessage());
        });
    }

    @Test
    void enumeratedValuesAreTokensForTheSchemaAndReadAsWritten() {
        String doc = "<domainsnapshot><state> shutoff\n</state><memory snapshot=' external ' file='/m'/>"
                + "<disks><disk name='vda' snapshot='bogus'/></disks></domainsnapshot>";
        DomainSnapshot lenient = CODEC.read(doc);
        assertEquals(" shutoff\n", lenient.getState().value());
        assertEquals(" external ", lenient.getMemory().getSnapshot().value());
        assertEquals("bogus", lenient.getDisks().getDisks().get(0).getSnapshot().value());
        SnapshotCodec strict = CODEC.withSchemaValidation(true);
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> strict.read(doc));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        DomainSnapshot valid = strict.read(doc.replace("bogus", " no "));
        assertEquals(" shutoff\n", valid.getState().value());
        assertEquals(" no ", valid.getDisks().getDisks().get(0).getSnapshot().value());
    }

    @Test
    void schemaValidationChecksWhatASourceMayHoldByDiskType() {
        SnapshotCodec strict = CODEC.withSchemaValidation(true);
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class,
                () -> strict.read(
                        "<domainsnapshot><disks>\n<disk name='vda' type='network'>\n<source protocol='rbd' name='p/i'>\n"
                                + "<seclabel relabel='no'/></source></disk></disks></domainsnapshot>"));
        assertEquals("/domainsnapshot/disks/disk[1]/source/seclabel[1]", e.getPath());
        assertEquals(4, e.getLine());
        assertThrows(
                SnapshotXmlException.class,
                () -> strict.read(
                        "<domainsnapshot><disks><disk name='vda' type='block'><source file='/x'/></disk></disks></domainsnapshot>"));
        assertThrows(
                SnapshotXmlException.class,
                () -> strict.read(
                        "<domainsnapshot><disks><disk name='vda' snapshot='no'><source file='/x'/></disk></disks></domainsnapshot>"));
    }

    @Test
    void documentsKnowWhereTheirElementsAre() {
        SnapshotDocument doc = CODEC.readDocument(DOC);
        assertEquals(3, doc.locationOf("/domainsnapshot/memory").orElseThrow().line());
        assertEquals(
                8,
                doc.locationOf("/domainsnapshot/disks/disk[2]/@snapshot")
                        .orElseThrow()
                        .line());
        assertTrue(doc.locationOf("/domainsnapshot/nothing").isEmpty());
    }

    @Test
    void pathsCountChildrenByLocalName() {
        SnapshotDocument doc = CODEC.readDocument("<domainsnapshot xmlns:f='urn:f'>\n"
                + "<name>a</name>\n"
                + "<name>b</name>\n"
                + "<x/>\n"
                + "<x/>\n"
                + "<f:description>d</f:description>\n"
                + "<description>e</description>\n"
                + "<disks><disk name='vda'/>\n<disk name='vdb'/></disks>\n"
                + "</domainsnapshot>");
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put("/domainsnapshot/name", 2);
        lines.put("/domainsnapshot/name[2]", 3);
        lines.put("/domainsnapshot/x", 4);
        lines.put("/domainsnapshot/x[2]", 5);
        // in a namespace or not, one count for a local name
        lines.put("/domainsnapshot/description", 6);
        lines.put("/domainsnapshot/description[2]", 7);
        lines.put("/domainsnapshot/disks/disk[1]", 8);
        lines.put("/domainsnapshot/disks/disk[2]", 9);
        lines.forEach((path, line) ->
                assertEquals(line, doc.locationOf(path).orElseThrow().line(), path));
        assertTrue(doc.locationOf("/domainsnapshot/x[3]").isEmpty());
    }

    @Test
    void wrongRootIsRefusedAsLibvirtDoes() {
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read("<snapshot/>"));
        assertEquals("expecting root element of 'domainsnapshot', not 'snapshot'", e.getReason());
        assertEquals(SnapshotXmlException.Kind.ROOT, e.kind());
    }

    @Test
    void trailingContentAndEmptyInputAreErrors() {
        assertThrows(SnapshotXmlException.class, () -> CODEC.read("<domainsnapshot/><more/>"));
        assertThrows(SnapshotXmlException.class, () -> CODEC.read(""));
        SnapshotXmlException missing =
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(Path.of("/nonexistent/s.xml")));
        assertTrue(missing.getMessage().contains("/nonexistent/s.xml"), missing.getMessage());
    }

    @Test
    void copyIsIndependent() {
        DomainSnapshot s = CODEC.read(Xml2XmlTest.dir("out").resolve("all-elements.xml"));
        DomainSnapshot copy = CODEC.copy(s);
        ModelAssertions.assertModelEquals(s, copy);
        copy.getDisks().getDisks().get(0).getSource().setFile("/changed");
        copy.getDomain().setAttribute("type", "qemu");
        assertEquals(
                "/images/vda.all", s.getDisks().getDisks().get(0).getSource().getFile());
        assertEquals("kvm", s.getDomain().attribute("type"));
    }

    @Test
    void embeddedDomainKeepsAttributeOrder() {
        DomainSnapshot s = CODEC.read("<domainsnapshot><domain><devices><disk type='file' device='disk' snapshot='no'/>"
                + "</devices></domain></domainsnapshot>");
        XmlElement disk = s.getDomain().element("devices").element("disk");
        assertEquals("type", disk.getAttributes().get(0).localName());
        assertEquals("snapshot", disk.getAttributes().get(2).localName());
    }

    @Test
    void builtModelsAreWrittenAsLibvirtWould() {
        DomainSnapshot s = new DomainSnapshot();
        s.setName("built <&>");
        DiskSnapshot d = new DiskSnapshot();
        d.setName("vda");
        d.setSnapshot(DiskSnapshotMode.EXTERNAL);
        io.github.domainsnapshot.model.Source src = new io.github.domainsnapshot.model.Source();
        src.setFile("/x");
        d.setSource(src);
        s.setDisks(new io.github.domainsnapshot.model.DiskSnapshotList());
        s.getDisks().getDisks().add(d);
        assertEquals(
                "<domainsnapshot>\n  <name>built &lt;&amp;&gt;</name>\n  <disks>\n"
                        + "    <disk name='vda' snapshot='external' type='file'>\n      <source file='/x'/>\n    </disk>\n"
                        + "  </disks>\n</domainsnapshot>\n",
                CODEC.write(s));
    }

    @Test
    void anyXmlDocumentCanBeReadAsAnElement() {
        XmlElement domain = CODEC.readElement("<domain type='kvm'>\n  <name>g</name>\n</domain>");
        assertEquals("kvm", domain.attribute("type"));
        assertEquals("<domain type='kvm'>\n  <name>g</name>\n</domain>\n", CODEC.writeElement(domain));
    }

    /** A failure to read a file keeps its reason: permission denied, not the file's name twice. */
    @Test
    void anUnreadableFileSaysWhy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertEquals(
                "permission denied",
                SnapshotCodec.ioReason(new java.nio.file.AccessDeniedException(
                        dir.resolve("x.xml").toString())));
        assertEquals("no such file", SnapshotCodec.ioReason(new java.nio.file.NoSuchFileException("/x.xml")));
        assertEquals(
                "Is a directory",
                SnapshotCodec.ioReason(new java.nio.file.FileSystemException("/x", null, "Is a directory")));
        assertEquals("disk on fire", SnapshotCodec.ioReason(new java.io.IOException("disk on fire")));
        Path secret = Files.writeString(dir.resolve("secret.xml"), "<domainsnapshot/>");
        Files.setPosixFilePermissions(secret, java.util.Set.of());
        if (!Files.isReadable(secret)) { // root reads it all the same
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(secret));
            assertEquals("cannot read " + secret + ": permission denied", e.getReason());
        }
    }

    /** A file name given as a String is XML text to the codec: the message says so. */
    @Test
    void aFileNameGivenAsAStringIsToldApart() {
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read("snapshot.xml"));
        assertEquals(SnapshotXmlException.Kind.MALFORMED, e.kind());
        assertTrue(e.getReason().contains("a String is read as the document's XML text"), e.getReason());
        assertTrue(e.getReason().contains("Path.of(\"snapshot.xml\")"), e.getReason());
        SnapshotXmlException f =
                assertThrows(SnapshotXmlException.class, () -> CODEC.readElement("/etc/libvirt/qemu/vm.xml"));
        assertTrue(f.getReason().contains("a String is read as the document's XML text"), f.getReason());
        SnapshotXmlException xml = assertThrows(SnapshotXmlException.class, () -> CODEC.read("<domainsnapshot>"));
        assertFalse(xml.getReason().contains("a String"), "XML text cut short is not a file name: " + xml.getReason());
    }

    /** An empty document (or one of blanks only) says so. */
    @Test
    void anEmptyDocumentSaysSo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.xml"), "");
        for (java.util.function.Supplier<Object> read : List.<java.util.function.Supplier<Object>>of(
                () -> CODEC.read(empty),
                () -> CODEC.read(""),
                () -> CODEC.read("  \n"),
                () -> CODEC.readElement(empty),
                () -> CODEC.read(new java.io.ByteArrayInputStream(new byte[0])))) {
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, read::get);
            assertEquals(SnapshotXmlException.Kind.MALFORMED, e.kind());
            assertEquals("empty document", e.getReason());
        }
    }

    @Test
    void aWriteRefusedHalfWayLeavesNothingToTheNext() {
        DomainSnapshot bad = new DomainSnapshot();
        bad.setName("half");
        bad.setDescription("a control character \u0001 after the name");
        DomainSnapshot good = CODEC.read("<domainsnapshot><name>whole</name></domainsnapshot>");
        String expected = CODEC.write(good);
        for (int i = 0; i < 3; i++) {
            assertThrows(SnapshotXmlException.class, () -> CODEC.write(bad));
            assertEquals(expected, CODEC.write(good));
        }
        // a document larger than the builder kept between writes, then a small one
        DomainSnapshot large = CODEC.read("<domainsnapshot><name>" + "n".repeat(100_000) + "</name></domainsnapshot>");
        assertTrue(CODEC.write(large).contains("n".repeat(100_000)));
        assertEquals(expected, CODEC.write(good));
    }
}
