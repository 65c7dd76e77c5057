package io.github.domainsnapshot.codec;

import static io.github.domainsnapshot.SnapshotXmlException.Kind.FORBIDDEN;
import static io.github.domainsnapshot.SnapshotXmlException.Kind.LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents built to hurt a parser: each fails fast with a SnapshotXmlException. */
class HostileInputTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final Duration FAST = Duration.ofSeconds(20);

    @Test
    void xxeReadingALocalFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xml = "<?xml version='1.0'?>\n<!DOCTYPE domainsnapshot [\n  <!ENTITY xxe SYSTEM '" + secret.toUri()
                + "'>\n]>\n<domainsnapshot><name>&xxe;</name></domainsnapshot>";
        for (SnapshotCodec codec : new SnapshotCodec[] {CODEC, CODEC.withSchemaValidation(true)}) {
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> codec.read(xml));
            assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
            assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
            assertEquals(2, e.getLine(), "the DOCTYPE starts on line 2");
            assertEquals(SnapshotXmlException.Kind.FORBIDDEN, e.kind());
        }
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.readElement(xml));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void externalDtdIsNeverFetched() throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            server.setSoTimeout(300);
            String xml = "<!DOCTYPE domainsnapshot SYSTEM 'http://127.0.0.1:" + server.getLocalPort()
                    + "/snapshot.dtd'>\n<domainsnapshot><name>x</name></domainsnapshot>";
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml));
            assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
            assertThrows(SocketTimeoutException.class, server::accept, "the parser connected to the DTD's host");
        }
    }

    @Test
    void schemaLocationIsNeverFetched() throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            server.setSoTimeout(300);
            String xml = "<domainsnapshot xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
                    + "xsi:noNamespaceSchemaLocation='http://127.0.0.1:" + server.getLocalPort()
                    + "/s.xsd'><name>x</name></domainsnapshot>";
            assertEquals("x", CODEC.read(xml).getName());
            // libvirt's schema has no xsi: attributes: refused before the validator could act on one
            SnapshotXmlException e = assertThrows(
                    SnapshotXmlException.class,
                    () -> CODEC.withSchemaValidation(true).read(xml));
            assertEquals(SnapshotXmlException.Kind.SCHEMA, e.kind());
            assertTrue(e.getMessage().contains("xsi:noNamespaceSchemaLocation"), e.getMessage());
            assertThrows(SocketTimeoutException.class, server::accept, "a schema location was fetched");
        }
    }

    @Test
    void billionLaughsFailsFast() {
        StringBuilder b = new StringBuilder("<?xml version='1.0'?>\n<!DOCTYPE lolz [\n<!ENTITY lol 'lol'>\n");
        b.append("<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n");
        for (int i = 2; i <= 9; i++) {
            b.append("<!ENTITY lol").append(i).append(" '");
            for (int j = 0; j < 10; j++) {
                b.append("&lol").append(i - 1).append(';');
            }
            b.append("'>\n");
        }
        b.append("]>\n<domainsnapshot><name>&lol9;</name></domainsnapshot>");
        SnapshotXmlException e = assertTimeoutPreemptively(
                FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(b.toString())));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void entityReferenceWithoutDeclarationIsAnError() {
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class,
                () -> CODEC.read("<domainsnapshot><name>&undeclared;</name></domainsnapshot>"));
        assertEquals(1, e.getLine());
    }

    @Test
    void deepNestingStopsAtTheDepthLimitWithoutReadingEverything() {
        CountingReader in = new CountingReader(() -> "<domainsnapshot>", "<a>", 100_000, "</a>");
        SnapshotXmlException e =
                assertTimeoutPreemptively(FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(in)));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
        assertTrue(e.getPath().length() < 200, e.getPath());
        assertTrue(in.consumed < 100_000, "read " + in.consumed + " characters before failing");
        assertTrue(e.getPath().startsWith("/domainsnapshot/a/a/"), e.getPath());
    }

    @Test
    void deepNestingInsideTheEmbeddedDomainIsLimitedToo() {
        CountingReader in = new CountingReader(() -> "<domainsnapshot><domain>", "<devices>", 100_000, "</devices>");
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(in));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void fiftyMegabyteTextNodeFailsAfterTheTextLimit() {
        CountingReader in = new CountingReader(() -> "<domainsnapshot><description>", "x", 50_000_000, "");
        SnapshotXmlException e =
                assertTimeoutPreemptively(FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(in)));
        assertTrue(e.getMessage().contains("longer than 10000000"), e.getMessage());
        assertEquals("/domainsnapshot/description", e.getPath());
        assertTrue(in.consumed < 12_000_000, "read " + in.consumed + " characters before failing");
    }

    @Test
    void hugeTextInsideTheDomainIsLimitedToo() {
        CountingReader in = new CountingReader(() -> "<domainsnapshot><domain><name>", "x", 50_000_000, "");
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(in));
        assertTrue(e.getMessage().contains("longer than 10000000"), e.getMessage());
        assertTrue(in.consumed < 12_000_000, "read " + in.consumed);
    }

    @Test
    void invalidUtf8IsReportedWithItsPosition() {
        byte[] head = "<domainsnapshot>\n  <name>bad ".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "</name>\n</domainsnapshot>\n".getBytes(StandardCharsets.US_ASCII);
        byte[] doc = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, doc, 0, head.length);
        doc[head.length] = (byte) 0xC3;
        doc[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, doc, head.length + 2, tail.length);
        SnapshotXmlException e =
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(new ByteArrayInputStream(doc)));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertEquals(2, e.getLine());
        assertEquals(13, e.getColumn());
    }

    @Test
    void manyAttributesAreRefused() {
        StringBuilder b = new StringBuilder("<domainsnapshot><memory");
        for (int i = 0; i < 20_000; i++) {
            b.append(" a").append(i).append("='1'");
        }
        b.append("/></domainsnapshot>");
        SnapshotXmlException e = assertTimeoutPreemptively(
                FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(b.toString())));
        assertEquals(1, e.getLine());
    }

    @Test
    void hugeNamesAreRefused() {
        String name = "n".repeat(100_000);
        assertThrows(SnapshotXmlException.class, () -> CODEC.read("<domainsnapshot><" + name + "/></domainsnapshot>"));
        assertThrows(
                SnapshotXmlException.class,
                () -> CODEC.read("<domainsnapshot><memory " + name + "='1'/></domainsnapshot>"));
    }

    @Test
    void truncatedDocumentNamesWhereItEnds() {
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class, () -> CODEC.read("<domainsnapshot>\n  <disks>\n    <disk name='vda'>"));
        assertEquals(3, e.getLine());
    }

    @Test
    void commentsAndProcessingInstructionsAreReadWithoutEffect() {
        String xml = "<?xml version='1.0'?><!-- c --><?pi data?><domainsnapshot><!-- x --><name>a<!-- y -->b</name>"
                + "<?target instruction?><domain><!-- in domain --><uuid>u</uuid></domain></domainsnapshot>";
        assertEquals(
                "<domainsnapshot>\n  <name>ab</name>\n  <domain>\n    <uuid>u</uuid>\n  </domain>\n</domainsnapshot>\n",
                CODEC.write(CODEC.read(xml)));
    }

    /** A document generated as it is read: head, then body repeated n times, then tail. */
    private static final class CountingReader extends Reader {
        private final String head;
        private final String body;
        private final String tail;
        private final long total;
        private long consumed;

        CountingReader(Supplier<String> head, String body, long times, String tail) {
            this.head = head.get();
            this.body = body;
            this.tail = tail;
            this.total = this.head.length() + body.length() * times + tail.length();
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (consumed >= total) {
                return -1;
            }
            int n = 0;
            while (n < len && consumed < total) {
                buf[off + n++] = charAt(consumed++);
            }
            return n;
        }

        private char charAt(long i) {
            if (i < head.length()) {
                return head.charAt((int) i);
            }
            long j = i - head.length();
            long bodyTotal = total - head.length() - tail.length();
            if (j < bodyTotal) {
                return body.charAt((int) (j % body.length()));
            }
            return tail.charAt((int) (j - bodyTotal));
        }

        @Override
        public void close() {}
    }

    @Test
    void namesWithAnEmptyPrefixAreRefused() {
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class,
                () -> SnapshotCodec.create().read("<domainsnapshot><disks><:disk/></disks></domainsnapshot>"));
        assertEquals(SnapshotXmlException.Kind.MALFORMED, e.kind());
        assertTrue(e.getReason().contains("':'"), e.getReason());
        assertEquals(25, e.getColumn());
        SnapshotXmlException a = assertThrows(
                SnapshotXmlException.class,
                () -> SnapshotCodec.create().read("<domainsnapshot><name :x='1'>n</name></domainsnapshot>"));
        assertEquals(SnapshotXmlException.Kind.MALFORMED, a.kind());
        assertTrue(a.getReason().contains("':'"), a.getReason());
    }

    @Test
    void knownNamesInAnotherNamespaceStayUnknownContentInPlace() {
        String doc = "<domainsnapshot><name>n</name><disks><disk name='vda'><source xmlns='urn:x'>"
                + "<encryption format='luks'><cipher name='aes'/></encryption></source></disk></disks>"
                + "<cookie xmlns='urn:y'><cpu/></cookie><domain type='kvm'><name>vm</name></domain></domainsnapshot>";
        SnapshotCodec codec = SnapshotCodec.create();
        String once = codec.write(codec.read(doc));
        assertEquals(once, codec.write(codec.read(once)));
        assertTrue(once.contains("<source xmlns='urn:x'>"), once);
        assertTrue(once.indexOf("<cipher") > once.indexOf("<source"), "the cipher stays inside its source: " + once);
        assertTrue(once.contains("<domain type='kvm'>"), once);
    }

    /** Every way of declaring or using entities: all need a DOCTYPE, which is refused before anything is expanded. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "<!DOCTYPE d [<!ENTITY a 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'>]>"
                        + "<domainsnapshot><name>&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;</name></domainsnapshot>",
                "<!DOCTYPE d [<!ENTITY % p '<!ENTITY x \"y\">'> %p;]><domainsnapshot><name>&x;</name></domainsnapshot>",
                "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><domainsnapshot><name>&e;</name></domainsnapshot>",
                "<!DOCTYPE d [<!ENTITY % e SYSTEM 'http://127.0.0.1:9/x.dtd'> %e;]><domainsnapshot/>",
                "<!DOCTYPE d SYSTEM 'http://127.0.0.1:9/x.dtd'><domainsnapshot/>",
                "<!DOCTYPE d PUBLIC '-//X//Y' 'file:///etc/hostname'><domainsnapshot/>",
                "<!DOCTYPE d [<!ENTITY a 'x'>]><domainsnapshot><memory file='&a;'/></domainsnapshot>",
                "<!DOCTYPE d [<!ENTITY u SYSTEM 'jar:file:///x.jar!/y'>]><domainsnapshot><name>&u;</name></domainsnapshot>"
            })
    void everyFormOfEntityIsRefusedBeforeExpansion(String xml) {
        SnapshotXmlException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml)));
        assertTrue(e.getReason().contains("DOCTYPE"), e.getReason());
    }

    @Test
    void aSchemaLocationIsNeverFetchedEither() throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            server.setSoTimeout(300);
            String xml = "<domainsnapshot xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
                    + "xsi:schemaLocation='urn:x http://127.0.0.1:" + server.getLocalPort() + "/s.xsd'>"
                    + "<name>x</name></domainsnapshot>";
            assertEquals("x", CODEC.read(xml).getName());
            assertThrows(SocketTimeoutException.class, server::accept, "a schema location was fetched");
        }
    }

    @Test
    void aMillionAttributesFailWithoutReadingThemAll() {
        CountingReader in =
                new CountingReader(() -> "<domainsnapshot><memory", " a='1'", 1_000_000, "/></domainsnapshot>");
        SnapshotXmlException e =
                assertTimeoutPreemptively(FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(in)));
        assertTrue(e.getReason().contains("attribute"), e.getReason());
        assertTrue(in.consumed < 1_000_000, "read " + in.consumed + " characters before failing");
    }

    @Test
    void aFiftyMillionCharacterNameIsRefused() {
        // the parser reads a name whole before it can be measured: linear, and then refused
        CountingReader in = new CountingReader(() -> "<domainsnapshot><", "n", 50_000_000, "/></domainsnapshot>");
        SnapshotXmlException e =
                assertTimeoutPreemptively(FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(in)));
        assertEquals(SnapshotXmlException.Kind.LIMIT, e.kind());
        assertTrue(e.getReason().contains("longer than 1000 characters"), e.getReason());
    }

    /**
     * Every name, prefix and processing instruction is measured while it is read: refused after a
     * few thousand characters of a name (the limit and one buffer of the parser), not after
     * reading 50,000,000 of them into memory.
     */
    @Test
    void namesPrefixesAndInstructionsAreRefusedWhileTheyAreRead() {
        record Shape(String what, String head, String body, String tail, SnapshotXmlException.Kind kind, long most) {}
        long name = 20_000;
        long text = 10_100_000;
        List<Shape> shapes = List.of(
                new Shape("an element name", "<domainsnapshot><", "n", "/></domainsnapshot>", LIMIT, name),
                new Shape("an end tag's name", "<domainsnapshot></", "n", "></domainsnapshot>", LIMIT, name),
                new Shape("an attribute name", "<domainsnapshot><memory ", "n", "='1'/></domainsnapshot>", LIMIT, name),
                new Shape("an element's prefix", "<domainsnapshot><", "p", ":x/></domainsnapshot>", LIMIT, name),
                new Shape(
                        "an attribute's prefix", "<domainsnapshot><x ", "p", ":a='1'/></domainsnapshot>", LIMIT, name),
                new Shape("a declared prefix", "<domainsnapshot xmlns:", "p", "='urn:x'/>", LIMIT, name),
                new Shape(
                        "a processing instruction's target",
                        "<domainsnapshot><?",
                        "t",
                        " d?></domainsnapshot>",
                        LIMIT,
                        name),
                new Shape("a processing instruction", "<domainsnapshot><?t ", "d", "?></domainsnapshot>", LIMIT, text),
                new Shape("one in the prolog", "<?t ", "d", "?><domainsnapshot/>", LIMIT, text),
                new Shape("a comment", "<domainsnapshot><!--", "c", "--></domainsnapshot>", LIMIT, text),
                new Shape("an entity's name", "<domainsnapshot><name>&", "e", ";</name></domainsnapshot>", LIMIT, name),
                new Shape("a DOCTYPE's system id", "<!DOCTYPE d SYSTEM '", "s", "'><domainsnapshot/>", FORBIDDEN, name),
                new Shape("a DOCTYPE's subset", "<!DOCTYPE d [", " ", "]><domainsnapshot/>", FORBIDDEN, name));
        for (Shape shape : shapes) {
            CountingReader in = new CountingReader(() -> shape.head(), shape.body(), 50_000_000, shape.tail());
            SnapshotXmlException e = assertTimeoutPreemptively(
                    FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(in)), shape.what());
            assertEquals(shape.kind(), e.kind(), shape.what() + ": " + e.getMessage());
            assertTrue(in.consumed < shape.most(), shape.what() + ": read " + in.consumed + " characters first");
            assertEquals(1, e.getLine(), shape.what() + ": " + e.getMessage());
        }
    }

    @Test
    void prefixesAreHeldToTheLimitOfNames() {
        String ok = "p".repeat(1000);
        String over = "p".repeat(1001);
        assertEquals(
                ok,
                CODEC.read("<domainsnapshot><" + ok + ":x xmlns:" + ok + "='urn:x'/></domainsnapshot>")
                        .getUnknownElements()
                        .get(0)
                        .getPrefix());
        for (String xml : List.of(
                "<domainsnapshot><" + over + ":x xmlns:" + over + "='urn:x'/></domainsnapshot>",
                "<domainsnapshot><x " + over + ":a='1' xmlns:" + over + "='urn:x'/></domainsnapshot>",
                "<domainsnapshot xmlns:" + over + "='urn:x'/>")) {
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml));
            assertEquals(LIMIT, e.kind(), e.getMessage());
            assertTrue(e.getReason().contains("longer than 1000 characters"), e.getReason());
        }
    }

    /** What libxml2, and so libvirt, refuses as not XML, refused the same way from every kind of input. */
    @Test
    void documentsThatAreNotXmlAreRefusedAsLibvirtRefusesThem() {
        record NotXml(String what, String xml, String reason, int column) {}
        for (NotXml n : List.of(
                new NotXml(
                        "U+FFFE in text",
                        "<domainsnapshot><description>a\uFFFEb</description></domainsnapshot>",
                        "Char 0xFFFE out of allowed range",
                        31),
                new NotXml(
                        "U+FFFF in an attribute",
                        "<domainsnapshot><memory snapshot='no' x='\uFFFF'/></domainsnapshot>",
                        "Char 0xFFFF out of allowed range",
                        42),
                new NotXml(
                        "U+FFFF in a comment",
                        "<domainsnapshot><!-- \uFFFF --></domainsnapshot>",
                        "Char 0xFFFF out of allowed range",
                        22),
                new NotXml(
                        "U+FFFE inside the domain",
                        "<domainsnapshot><domain><name>\uFFFE</name></domain></domainsnapshot>",
                        "Char 0xFFFE out of allowed range",
                        31),
                new NotXml(
                        "XML 1.1's control characters",
                        "<?xml version='1.1'?><domainsnapshot><description>&#x1;</description></domainsnapshot>",
                        "",
                        0),
                new NotXml(
                        "an empty encoding name",
                        "<?xml version='1.0' encoding=' '?><domainsnapshot/>",
                        "Invalid XML encoding name",
                        0),
                new NotXml(
                        "an encoding name that is not a name",
                        "<?xml version='1.0' encoding='1UTF'?><domainsnapshot/>",
                        "Invalid XML encoding name",
                        0))) {
            byte[] bytes = n.xml().getBytes(StandardCharsets.UTF_8);
            for (Supplier<DomainSnapshot> read : List.<Supplier<DomainSnapshot>>of(
                    () -> CODEC.read(n.xml()),
                    () -> CODEC.read(new java.io.StringReader(n.xml())),
                    () -> CODEC.read(new ByteArrayInputStream(bytes)),
                    () -> CODEC.withSchemaValidation(true).read(n.xml()))) {
                SnapshotXmlException e = assertThrows(SnapshotXmlException.class, read::get, n.what());
                assertEquals(SnapshotXmlException.Kind.MALFORMED, e.kind(), n.what() + ": " + e.getMessage());
                assertTrue(e.getReason().contains(n.reason()), n.what() + ": " + e.getReason());
                assertEquals(1, e.getLine(), n.what() + ": " + e.getMessage());
                if (n.column() > 0) {
                    assertEquals(n.column(), e.getColumn(), n.what() + ": " + e.getMessage());
                }
            }
            assertThrows(SnapshotXmlException.class, () -> CODEC.readElement(n.xml()), n.what());
        }
        // what libvirt reads: XML 1.1 without what only 1.1 allows, a byte order mark, a named encoding
        for (String xml : List.of(
                "<?xml version='1.1'?><domainsnapshot><name>s</name></domainsnapshot>",
                "\uFEFF<domainsnapshot><name>s</name></domainsnapshot>",
                "<?xml version='1.0' encoding='ISO-8859-1'?><domainsnapshot><name>s</name></domainsnapshot>")) {
            assertEquals("s", CODEC.read(xml).getName(), xml);
            assertEquals(
                    "s",
                    CODEC.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                            .getName());
        }
    }

    @Test
    void aDoubledByteOrderMarkIsRefused() {
        byte[] doc = "\uFEFF\uFEFF<domainsnapshot><name>s</name></domainsnapshot>".getBytes(StandardCharsets.UTF_8);
        SnapshotXmlException e =
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(new ByteArrayInputStream(doc)));
        assertEquals(SnapshotXmlException.Kind.MALFORMED, e.kind());
        assertTrue(e.getReason().contains("Start tag expected"), e.getReason());
        assertThrows(SnapshotXmlException.class, () -> CODEC.read(new String(doc, StandardCharsets.UTF_8)));
    }

    /** Streams and readers that break their contract: an error of kind IO, promptly, never a hang or another exception. */
    @Test
    void inputsThatBreakTheirContractFailPromptly() {
        java.io.InputStream nothingForever = new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return 0;
            }
        };
        SnapshotXmlException e = assertTimeoutPreemptively(
                FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(nothingForever)));
        assertEquals(SnapshotXmlException.Kind.IO, e.kind(), e.getMessage());
        String doc = "<domainsnapshot><name>s</name></domainsnapshot>";
        Reader tooMuch = new Reader() {
            private final Reader in = new java.io.StringReader(doc);

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                // says it gave more than there is room for
                int n = in.read(buf, off, len);
                return n < 0 ? n : len + 1;
            }

            @Override
            public void close() {}
        };
        Reader none = new Reader() {
            @Override
            public int read(char[] buf, int off, int len) {
                return 0;
            }

            @Override
            public void close() {}
        };
        for (Reader r : List.of(tooMuch, none)) {
            SnapshotXmlException x = assertTimeoutPreemptively(
                    FAST, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(r)));
            assertEquals(SnapshotXmlException.Kind.IO, x.kind(), x.getMessage());
        }
    }

    @Test
    void anUnknownElementNamedXmlnsIsKeptAsAnyOther() {
        // XML allows the name (only the prefix is reserved); a DOM would refuse it
        String xml = "<domainsnapshot><disks><disk name='vda'>\n<xmlns/></disk></disks></domainsnapshot>";
        DomainSnapshot s = CODEC.read(xml);
        assertEquals(
                "xmlns",
                s.getDisks().getDisks().get(0).getUnknownElements().get(0).getLocalName());
        String written = CODEC.write(s);
        assertTrue(written.contains("<disk name='vda'>\n      <xmlns/>\n    </disk>"), written);
        assertEquals(written, CODEC.write(CODEC.read(written)));
    }

    @Test
    void nulIsRefusedWhereverItIs() {
        for (String doc : List.of(
                "<domainsnapshot><name>a\u0000b</name></domainsnapshot>",
                "<domainsnapshot><memory file='/a\u0000'/></domainsnapshot>",
                "<domainsnapshot><domain><name>\u0000</name></domain></domainsnapshot>",
                "<domainsnapshot>\u0000</domainsnapshot>")) {
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(doc));
            assertEquals(1, e.getLine(), e.getMessage());
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            assertThrows(SnapshotXmlException.class, () -> CODEC.read(new ByteArrayInputStream(bytes)));
        }
    }

    @Test
    void aDocumentCutAtAnyByteFailsCleanly() throws IOException {
        java.util.List<java.nio.file.Path> candidates =
                io.github.domainsnapshot.SharedCorpus.xmlFiles("libvirt-tests/out").stream()
                        .filter(p -> p.getFileName().toString().equals("full_domain.xml"))
                        .toList();
        byte[] whole = candidates.isEmpty()
                ? HostileInputTest.class
                        .getResourceAsStream("/bench/full-domain.xml")
                        .readAllBytes()
                : java.nio.file.Files.readAllBytes(candidates.get(0));
        int complete = new String(whole, StandardCharsets.UTF_8).lastIndexOf('>') + 1;
        long start = System.nanoTime();
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            if (cut < complete) {
                SnapshotXmlException e = assertThrows(
                        SnapshotXmlException.class, () -> CODEC.read(new ByteArrayInputStream(part)), "cut at " + cut);
                assertTrue(e.getReason() != null && !e.getReason().isEmpty(), "cut at " + cut);
            } else {
                // only trailing blanks are cut: still the whole document
                assertEquals(
                        CODEC.read(new ByteArrayInputStream(whole)).getName(),
                        CODEC.read(new ByteArrayInputStream(part)).getName());
            }
        }
        assertTrue(System.nanoTime() - start < FAST.toNanos(), "every cut failed fast");
    }
}
