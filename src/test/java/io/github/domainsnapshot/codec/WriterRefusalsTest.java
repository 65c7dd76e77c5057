package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.model.MetadataCache;
import io.github.domainsnapshot.model.ScaledInteger;
import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

/**
 * Models built in code, as a careless or hostile caller builds them: the writer refuses, saying
 * where, what it cannot write so that the reader takes it back equal, and what it writes reads
 * back equal. It never writes what is not XML, nor what the reader refuses or reads otherwise.
 */
class WriterRefusalsTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    /** A snapshot with one disk, vda, to hang things on. */
    private static DomainSnapshot withDisk(Consumer<DiskSnapshot> change) {
        DomainSnapshot s = new DomainSnapshot();
        s.setName("s");
        s.setDisks(new DiskSnapshotList());
        DiskSnapshot disk = new DiskSnapshot();
        disk.setName("vda");
        s.getDisks().getDisks().add(disk);
        change.accept(disk);
        return s;
    }

    /** A snapshot whose cookie holds an element. */
    private static DomainSnapshot withCookie(XmlElement child) {
        DomainSnapshot s = new DomainSnapshot();
        s.setName("s");
        XmlElement cookie = new XmlElement("cookie");
        cookie.add(child);
        s.setCookie(cookie);
        return s;
    }

    private static SnapshotXmlException refused(DomainSnapshot s, Kind kind, String reason) {
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.write(s), reason);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getReason().contains(reason), "'" + reason + "' not in: " + e.getReason());
        assertTrue(e.getPath() != null && e.getPath().startsWith("/domainsnapshot"), e.getMessage());
        return e;
    }

    private static void readsBackEqual(DomainSnapshot s) {
        String xml = CODEC.write(s);
        DomainSnapshot back = CODEC.read(xml);
        assertEquals(s, back, xml);
        assertEquals(xml, CODEC.write(back));
    }

    private static XmlElement element(String name, XmlAttribute... attributes) {
        XmlElement e = new XmlElement(name);
        e.getAttributes().addAll(List.of(attributes));
        return e;
    }

    @Test
    void attributesThatComeTwiceAreRefused() {
        refused(withCookie(element("c", XmlAttribute.of("a", "1"), XmlAttribute.of("a", "2"))), Kind.INVALID, "twice");
        refused(
                withCookie(element(
                        "c", new XmlAttribute("urn:a", "p", "x", "1"), new XmlAttribute("urn:a", "q", "x", "2"))),
                Kind.INVALID,
                "twice");
        // an unknown attribute named as a known one: written twice, or read back as the known one
        for (boolean knownSet : new boolean[] {true, false}) {
            DomainSnapshot s = withDisk(d -> d.getOtherAttributes().put(new QName("name"), "vdb"));
            if (!knownSet) {
                s.getDisks().getDisks().get(0).setName(null);
            }
            SnapshotXmlException e = refused(s, Kind.INVALID, "known attribute");
            assertEquals("/domainsnapshot/disks/disk[1]/@name", e.getPath());
        }
    }

    @Test
    void prefixesBoundTwoWaysOnOneElementAreRefused() {
        XmlElement twice = new XmlElement("c");
        twice.getNamespaceDeclarations().add(new NamespaceDeclaration("p", "urn:a"));
        twice.getNamespaceDeclarations().add(new NamespaceDeclaration("p", "urn:a"));
        refused(withCookie(twice), Kind.INVALID, "twice");

        XmlElement twoWays = new XmlElement("urn:b", "p", "c");
        twoWays.getNamespaceDeclarations().add(new NamespaceDeclaration("p", "urn:a"));
        refused(withCookie(twoWays), Kind.INVALID, "bound to 'urn:a'");

        XmlElement attributes =
                element("c", new XmlAttribute("urn:a", "p", "x", "1"), new XmlAttribute("urn:b", "p", "y", "2"));
        refused(withCookie(attributes), Kind.INVALID, "bound to 'urn:a'");

        // the first name served by a binding made above: declaring the prefix again here would
        // move that name into the other namespace
        XmlElement named = new XmlElement("urn:b", "p", "c");
        named.getAttributes().add(new XmlAttribute("urn:a", "p", "x", "1"));
        refused(withCookie(declaringAbove("urn:b", named)), Kind.INVALID, "bound to 'urn:b'");
        XmlElement served =
                element("c", new XmlAttribute("urn:a", "p", "x", "1"), new XmlAttribute("urn:b", "p", "y", "2"));
        refused(withCookie(declaringAbove("urn:a", served)), Kind.INVALID, "bound to 'urn:a'");

        // a prefix bound above and used the same way is no conflict
        XmlElement same = new XmlElement("urn:b", "p", "c");
        same.getAttributes().add(new XmlAttribute("urn:b", "p", "x", "1"));
        DomainSnapshot s = withCookie(declaringAbove("urn:b", same));
        assertEquals(s, CODEC.read(CODEC.write(s)));
    }

    /** An element that declares prefix p and holds the child. */
    private static XmlElement declaringAbove(String uri, XmlElement child) {
        XmlElement above = new XmlElement("w");
        above.getNamespaceDeclarations().add(new NamespaceDeclaration("p", uri));
        return above.add(child);
    }

    @Test
    void reservedPrefixesAndUndeclaringAreRefused() {
        XmlElement empty = new XmlElement("c");
        empty.getNamespaceDeclarations().add(new NamespaceDeclaration("p", ""));
        refused(withCookie(empty), Kind.INVALID, "cannot undeclare");
        XmlElement xml = new XmlElement("c");
        xml.getNamespaceDeclarations().add(new NamespaceDeclaration("xml", "urn:other"));
        refused(withCookie(xml), Kind.INVALID, "go together only");
        XmlElement xmlns = new XmlElement("c");
        xmlns.getNamespaceDeclarations().add(new NamespaceDeclaration("xmlns", "urn:other"));
        refused(withCookie(xmlns), Kind.INVALID, "xmlns cannot be declared");
        refused(withCookie(new XmlElement("urn:other", "xml", "c")), Kind.INVALID, "go together only");
        refused(withCookie(new XmlElement("urn:other", "xmlns", "c")), Kind.INVALID, "for declarations only");
        refused(withCookie(element("c", new XmlAttribute("urn:x", "xmlns", "p", "1"))), Kind.INVALID, "declarations");
        refused(withCookie(element("c", XmlAttribute.of("xmlns", "urn:x"))), Kind.INVALID, "namespace declaration");
        // the XML namespace is always bound, to its prefix only
        readsBackEqual(withCookie(element("c", new XmlAttribute(XML_NS, "xml", "lang", "en"))));
        refused(withCookie(element("c", new XmlAttribute(XML_NS, "x", "lang", "en"))), Kind.INVALID, "go together");
    }

    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

    @Test
    void namesThatAreNotXmlNamesAreRefused() {
        refused(withCookie(new XmlElement("a:b")), Kind.INVALID, "not an XML name");
        refused(withCookie(new XmlElement("urn:x", "p:q", "b")), Kind.INVALID, "not an XML name");
        refused(withCookie(element("c", XmlAttribute.of("p:q", "1"))), Kind.INVALID, "not an XML name");
        refused(withDisk(d -> d.getOtherAttributes().put(new QName("p:q"), "1")), Kind.INVALID, "not an XML name");
        refused(withCookie(new XmlElement("1a")), Kind.INVALID, "not an XML name");
    }

    @Test
    void whatIsBeyondTheReadersLimitsIsRefused() {
        String tooLong = "v".repeat(10_000_001);
        refused(withCookie(element("c", XmlAttribute.of("a", tooLong))), Kind.LIMIT, "longer than 10000000");
        refused(withCookie(new XmlElement("c").add(tooLong)), Kind.LIMIT, "longer than 10000000");
        refused(withCookie(new XmlElement("c").add(tooLong.substring(1)).add("v")), Kind.LIMIT, "longer than 10000000");
        DomainSnapshot file = new DomainSnapshot();
        file.setMemory(new MemorySpec());
        file.getMemory().setFile("/" + tooLong);
        refused(file, Kind.LIMIT, "longer than 10000000");
        refused(withDisk(d -> d.getOtherAttributes().put(new QName("x"), tooLong)), Kind.LIMIT, "longer than");
        DomainSnapshot description = new DomainSnapshot();
        description.setDescription(tooLong);
        refused(description, Kind.LIMIT, "longer than 10000000");

        XmlElement many = new XmlElement("c");
        for (int i = 0; i < 1025; i++) {
            many.getAttributes().add(XmlAttribute.of("a" + i, "1"));
        }
        refused(withCookie(many), Kind.LIMIT, "1025 attributes");
        refused(
                withDisk(d -> {
                    for (int i = 0; i < 1024; i++) {
                        d.getOtherAttributes().put(new QName("a" + i), "1");
                    }
                }),
                Kind.LIMIT,
                "attributes");
        many.getAttributes().remove(0);
        readsBackEqual(withCookie(many));

        refused(withCookie(new XmlElement("n".repeat(1001))), Kind.LIMIT, "longer than 1000");
        refused(withCookie(new XmlElement("urn:x", "p".repeat(1001), "c")), Kind.LIMIT, "longer than 1000");
        refused(withCookie(element("c", XmlAttribute.of("a".repeat(1001), "1"))), Kind.LIMIT, "longer than 1000");
        readsBackEqual(withCookie(new XmlElement("n".repeat(1000))));
    }

    /** Nesting is counted from the document's root, wherever a tree is written. */
    @Test
    void nestingIsHeldToTheReadersDepthFromTheRoot() {
        // under a disk: domainsnapshot, disks, disk, then the unknown tree
        for (int levels : new int[] {253, 254, 255}) {
            XmlElement top = new XmlElement("x");
            XmlElement at = top;
            for (int i = 1; i < levels; i++) {
                XmlElement next = new XmlElement("x");
                at.add(next);
                at = next;
            }
            DomainSnapshot s = withDisk(d -> d.getUnknownElements().add(top));
            if (3 + levels <= 256) {
                readsBackEqual(s);
            } else {
                refused(s, Kind.LIMIT, "deeper than 256");
            }
            // in the domain: domainsnapshot, domain, then the tree
            DomainSnapshot inDomain = new DomainSnapshot();
            XmlElement domain = new XmlElement("domain");
            domain.add(top.deepCopy());
            inDomain.setDomain(domain);
            if (2 + levels <= 256) {
                readsBackEqual(inDomain);
            } else {
                refused(inDomain, Kind.LIMIT, "deeper than 256");
            }
        }
    }

    @Test
    void unknownContentTheReaderWouldTakeAsKnownIsRefused() {
        // an unknown <source> of a disk without one: read back as its source
        refused(withDisk(d -> d.getUnknownElements().add(new XmlElement("source"))), Kind.INVALID, "known <source>");
        // an unknown <disk> of the disks: read back as a disk
        DomainSnapshot list = withDisk(d -> {});
        list.getDisks().getUnknownElements().add(element("disk", XmlAttribute.of("name", "vdb")));
        refused(list, Kind.INVALID, "known <disk>");
        // with the known one written first, it stays unknown, as the reader keeps a second one
        DomainSnapshot second = withDisk(d -> {
            d.setType(io.github.domainsnapshot.model.DiskType.FILE);
            d.setDriver(new Driver());
            d.getDriver().setType(io.github.domainsnapshot.model.DriverFormat.QCOW2);
            d.getUnknownElements().add(element("driver", XmlAttribute.of("type", "raw")));
        });
        readsBackEqual(second);
        // an element inside text: the reader takes it as part of the text
        DomainSnapshot size = withDisk(d -> {
            d.setDriver(new Driver());
            d.getDriver().setMetadataCache(new MetadataCache());
            ScaledInteger max = new ScaledInteger();
            max.setValue("64");
            max.getUnknownElements().add(new XmlElement("x"));
            d.getDriver().getMetadataCache().setMaxSize(max);
        });
        refused(size, Kind.INVALID, "whose content is text");
        // the embedded domain is named <domain>, and read back so
        DomainSnapshot renamed = new DomainSnapshot();
        renamed.setDomain(new XmlElement("dom"));
        refused(renamed, Kind.INVALID, "as <domain>");
    }

    /** Unknown attributes whose prefixes cannot be written as they are: another prefix, same name. */
    @Test
    void unknownAttributesKeepTheirNamespaceWhenTheirPrefixesCollide() {
        DomainSnapshot s = withDisk(d -> {
            d.getOtherAttributes().put(new QName("urn:a", "x", "p"), "1");
            d.getOtherAttributes().put(new QName("urn:b", "y", "p"), "2");
            d.getOtherAttributes().put(new QName("urn:c", "z", "xml"), "3");
            d.getOtherAttributes().put(new QName("urn:d", "w", ""), "4");
            d.getOtherAttributes().put(new QName(XML_NS, "lang", "l"), "en");
        });
        readsBackEqual(s);
        DiskSnapshot back = CODEC.read(CODEC.write(s)).getDisks().getDisks().get(0);
        assertEquals("2", back.getOtherAttributes().get(new QName("urn:b", "y")));
        assertEquals("3", back.getOtherAttributes().get(new QName("urn:c", "z")));
        assertEquals("en", back.getOtherAttributes().get(new QName(XML_NS, "lang")));
    }

    // ---- what a live collection may hold, and what an element may contain

    @Test
    void nullsAndForeignObjectsInLiveCollectionsAreRefusedNamingWhere() {
        DomainSnapshot withNull = withDisk(d -> {});
        withNull.getDisks().getDisks().add(null);
        SnapshotXmlException e = refused(withNull, Kind.INVALID, "null");
        assertEquals("/domainsnapshot/disks/disk[2]", e.getPath());

        DomainSnapshot foreign = withDisk(d -> {});
        rawAdd(foreign.getDisks().getDisks(), "not a disk");
        refused(foreign, Kind.INVALID, "java.lang.String");

        XmlElement nullChild = new XmlElement("c");
        nullChild.getChildren().add(null);
        refused(withCookie(nullChild), Kind.INVALID, "null");
        XmlElement foreignChild = new XmlElement("c");
        foreignChild.getChildren().add(42);
        refused(withCookie(foreignChild), Kind.INVALID, "java.lang.Integer");
        XmlElement nullAttribute = new XmlElement("c");
        nullAttribute.getAttributes().add(null);
        refused(withCookie(nullAttribute), Kind.INVALID, "null");
        XmlElement nullDeclaration = new XmlElement("c");
        nullDeclaration.getNamespaceDeclarations().add(null);
        refused(withCookie(nullDeclaration), Kind.INVALID, "null");

        refused(withDisk(d -> d.getUnknownElements().add(null)), Kind.INVALID, "null");
        refused(withDisk(d -> rawAdd(d.getUnknownElements(), "x")), Kind.INVALID, "java.lang.String");
        refused(withDisk(d -> d.getOtherAttributes().put(new QName("x"), null)), Kind.INVALID, "null");
        refused(withDisk(d -> rawPut(d.getOtherAttributes(), "x", "1")), Kind.INVALID, "java.lang.String");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void rawAdd(List list, Object o) {
        list.add(o);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void rawPut(java.util.Map map, Object k, Object v) {
        map.put(k, v);
    }

    /** An element that contains itself, or a child shared by many parents: refused, at once. */
    @Test
    void anElementInATreeTwiceIsRefusedInTimeLinearInTheTree() {
        XmlElement self = new XmlElement("c");
        self.add(self);
        refused(withCookie(self), Kind.INVALID, "a second time");

        // 28 levels, each with two references to the next: 2^28 paths through 28 elements
        XmlElement top = new XmlElement("c");
        XmlElement at = top;
        for (int i = 0; i < 28; i++) {
            XmlElement next = new XmlElement("c");
            at.add(next);
            at.add(next);
            at = next;
        }
        SnapshotXmlException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThrows(SnapshotXmlException.class, () -> CODEC.write(withCookie(top))));
        assertTrue(e.getReason().contains("a second time"), e.getReason());
        assertThrows(SnapshotXmlException.class, () -> CODEC.writeElement(top));
    }

    /** What the writer declares for a tree built without declarations reads back as the same tree. */
    @Test
    void treesBuiltWithoutDeclarationsReadBackEqual() {
        List<Supplier<XmlElement>> trees = new ArrayList<>();
        trees.add(() -> new XmlElement("urn:c", "c", "thing")
                .add(new XmlElement("urn:c", "c", "inner"))
                .add(new XmlElement("plain")));
        trees.add(() -> new XmlElement("urn:e", "", "e").add(new XmlElement("none")));
        trees.add(() -> element("c", new XmlAttribute("urn:d", "d", "attr", "1")));
        for (Supplier<XmlElement> tree : trees) {
            readsBackEqual(withCookie(tree.get()));
        }
    }
}
