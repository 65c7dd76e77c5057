package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.internal.XmlElementAccess;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The embedded domain, inactive domain and cookie are kept as the reader captured them until
 * their content is asked for, one level at a time, and written from there: the same output as
 * from the elements, and the same refusals.
 */
class VerbatimTreeTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    /** Namespaces, mixed content, metadata, comments and CDATA in and around the verbatim elements. */
    private static final List<String> SHAPES = List.of(
            "<domainsnapshot><domain type='kvm'><name>vm</name><devices><disk type='file'/></devices></domain>"
                    + "</domainsnapshot>",
            "<domainsnapshot xmlns:f='urn:f'><domain type='kvm' f:a='1'><f:x f:b='2'>t</f:x></domain></domainsnapshot>",
            "<domainsnapshot xmlns:f='urn:f'><cookie><f:x/><y xmlns:f='urn:g'><f:z/></y></cookie></domainsnapshot>",
            "<domainsnapshot><domain type='kvm' xmlns:q='urn:q'><q:a xmlns='urn:d'><b/><c xmlns=''/></q:a></domain>"
                    + "</domainsnapshot>",
            "<domainsnapshot><domain><description>a <b>bold</b> move</description><x>  </x><e></e></domain>"
                    + "</domainsnapshot>",
            "<domainsnapshot><domain><metadata><m:app xmlns:m='urn:m'>\n  <m:v a='&quot;'>1</m:v>\n</m:app>"
                    + "<other>x</other></metadata><name>n</name></domain></domainsnapshot>",
            "<domainsnapshot><domain><a>one<!-- c -->two<?pi x?>three</a><b><![CDATA[<&>]]></b>"
                    + "<c attr='a&amp;b&lt;&#10;'>&amp;&#x9;</c></domain></domainsnapshot>",
            "<domainsnapshot><domain xml:lang='en'><a xml:space='preserve'>  </a></domain>"
                    + "<inactiveDomain><name>i</name></inactiveDomain><cookie>c</cookie></domainsnapshot>",
            "<domainsnapshot><domain>\n\t<a>\n</a>\n\t<b/>\n</domain><cookie>  <x/>  y  </cookie></domainsnapshot>",
            "<domainsnapshot><domain/><inactiveDomain></inactiveDomain><cookie><![CDATA[]]></cookie>"
                    + "</domainsnapshot>");

    @TestFactory
    Stream<DynamicTest> writtenFromTheTreeAsFromTheElements() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("in", "out")) {
            try (Stream<Path> s = Files.list(Xml2XmlTest.dir(folder))) {
                s.sorted().forEach(files::add);
            }
        }
        if (SharedCorpus.presentFor("VerbatimTreeTest (the shared corpus written from the captured trees)")) {
            for (String folder :
                    List.of("libvirt-tests/in", "libvirt-tests/out", "libvirt-real/in", "libvirt-real/out")) {
                files.addAll(SharedCorpus.xmlFiles(folder));
            }
        }
        Stream<DynamicTest> fromFiles = files.stream()
                .map(f -> DynamicTest.dynamicTest(
                        f.getParent().getFileName() + "/" + f.getFileName(),
                        () -> sameBothWays(Files.readString(f, StandardCharsets.UTF_8))));
        Stream<DynamicTest> shapes =
                SHAPES.stream().map(x -> DynamicTest.dynamicTest(x, () -> assertTrue(sameBothWays(x), x)));
        return Stream.concat(shapes, fromFiles);
    }

    /**
     * Writes a document as read, then read again and every verbatim element built first: the same
     * text, or the same refusal.
     *
     * @return whether it was read (some files of the corpus are refused)
     */
    private static boolean sameBothWays(String xml) {
        DomainSnapshot asRead;
        try {
            asRead = CODEC.read(xml);
        } catch (SnapshotXmlException e) {
            return false;
        }
        String fromTree = null;
        SnapshotXmlException treeRefused = null;
        try {
            fromTree = CODEC.write(asRead);
        } catch (SnapshotXmlException e) {
            treeRefused = e;
        }
        for (XmlElement e : verbatim(asRead)) {
            assertNotNull(XmlElementAccess.pending(e), "written without being built");
        }
        DomainSnapshot built = CODEC.read(xml);
        for (XmlElement e : verbatim(built)) {
            buildThroughout(e);
        }
        // the first level built, the levels below it still the tree
        DomainSnapshot half = CODEC.read(xml);
        for (XmlElement e : verbatim(half)) {
            e.hasChildren();
            assertNull(XmlElementAccess.pending(e));
        }
        // two levels built, the third still the tree
        DomainSnapshot twoLevels = CODEC.read(xml);
        for (XmlElement e : verbatim(twoLevels)) {
            e.hasChildren();
            assertOneLevelBuilt(e);
        }
        DomainSnapshot original = CODEC.read(xml);
        DomainSnapshot copy = CODEC.copy(original);
        for (DomainSnapshot s : List.of(original, copy)) {
            for (XmlElement e : verbatim(s)) {
                assertNotNull(XmlElementAccess.pending(e), "copied without being built");
            }
        }
        if (treeRefused != null) {
            SnapshotXmlException again = assertThrows(SnapshotXmlException.class, () -> CODEC.write(built));
            assertEquals(again.getMessage(), treeRefused.getMessage());
            again = assertThrows(SnapshotXmlException.class, () -> CODEC.write(half));
            assertEquals(again.getMessage(), treeRefused.getMessage());
            again = assertThrows(SnapshotXmlException.class, () -> CODEC.write(twoLevels));
            assertEquals(again.getMessage(), treeRefused.getMessage());
            again = assertThrows(SnapshotXmlException.class, () -> CODEC.write(copy));
            assertEquals(again.getMessage(), treeRefused.getMessage());
        } else {
            assertEquals(CODEC.write(built), fromTree);
            assertEquals(CODEC.write(half), fromTree, "written from the tree below a built level");
            assertEquals(CODEC.write(twoLevels), fromTree, "and below two");
            assertEquals(CODEC.write(CODEC.copy(twoLevels)), fromTree, "and its copy");
            assertEquals(built.getDomain(), asRead.getDomain());
            assertEquals(fromTree, CODEC.write(copy), "the copy writes as the original");
        }
        assertEquals(built, copy);
        assertEquals(built, half);
        assertEquals(built, twoLevels);
        assertEquals(built, CODEC.copy(half));
        return true;
    }

    /**
     * Of an element just built, the children still hold the tree: a level is built when asked
     * for, not below it; but for those with nothing to build, which do not keep the tree alive.
     * Builds each child's level (not below it) to see what it has.
     */
    private static void assertOneLevelBuilt(XmlElement e) {
        for (XmlElement child : e.elements()) {
            boolean holdsTheTree = XmlElementAccess.pending(child) != null;
            boolean bare = !child.hasAttributes() && !child.hasNamespaceDeclarations() && !child.hasChildren();
            // the message made only on failure: toString builds every level below
            assertEquals(!bare, holdsTheTree, () -> "<" + child.qualifiedName() + "> " + child);
        }
    }

    /** Asks every element for its content, level by level: none holds the tree afterwards. */
    private static void buildThroughout(XmlElement root) {
        List<XmlElement> level = List.of(root);
        while (!level.isEmpty()) {
            List<XmlElement> next = new ArrayList<>();
            for (XmlElement e : level) {
                e.hasChildren();
                assertNull(XmlElementAccess.pending(e));
                next.addAll(e.elements());
            }
            level = next;
        }
    }

    private static List<XmlElement> verbatim(DomainSnapshot s) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement e : new XmlElement[] {s.getDomain(), s.getInactiveDomain(), s.getCookie()}) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void aTreeAskedForByManyThreadsAtOnceIsBuiltOnce() throws Exception {
        String xml = Files.readString(
                Path.of(VerbatimTreeTest.class
                        .getResource("/bench/full-domain.xml")
                        .toURI()),
                StandardCharsets.UTF_8);
        XmlElement expected = CODEC.read(xml).getDomain();
        expected.hasChildren();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                XmlElement domain = CODEC.read(xml).getDomain();
                assertNotNull(XmlElementAccess.pending(domain));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Object>>> seen = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    seen.add(pool.submit(() -> {
                        start.await();
                        return domain.getChildren();
                    }));
                }
                start.countDown();
                List<Object> first = seen.get(0).get();
                for (Future<List<Object>> f : seen) {
                    assertTrue(first == f.get(), "built twice");
                }
                assertEquals(expected, domain);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTreeWrittenDeeperThanReadIsRefusedAsItsElementsWouldBe() {
        // 250 levels inside the domain: within the limit where it was read, not 10 levels deeper
        String xml = "<domainsnapshot><domain>" + "<a>".repeat(250) + "</a>".repeat(250) + "</domain></domainsnapshot>";
        SnapshotXmlException fromTree = refusedDeeper(CODEC.read(xml).getDomain(), false);
        SnapshotXmlException fromElements = refusedDeeper(CODEC.read(xml).getDomain(), true);
        assertEquals(SnapshotXmlException.Kind.LIMIT, fromTree.kind());
        assertEquals(fromElements.getMessage(), fromTree.getMessage());
        assertEquals(fromElements.getPath(), fromTree.getPath());
    }

    private static SnapshotXmlException refusedDeeper(XmlElement domain, boolean built) {
        if (built) {
            buildThroughout(domain);
        }
        assertEquals(built, XmlElementAccess.pending(domain) == null);
        XmlElement cookie = new XmlElement("cookie");
        XmlElement inner = cookie;
        for (int i = 0; i < 10; i++) {
            XmlElement next = new XmlElement("w");
            inner.add(next);
            inner = next;
        }
        inner.add(domain);
        DomainSnapshot s = new DomainSnapshot();
        s.setCookie(cookie);
        return assertThrows(SnapshotXmlException.class, () -> CODEC.write(s));
    }

    @Test
    void aCopySharesTheTreeButNothingElse() {
        String xml = "<domainsnapshot><domain type='kvm'><name>vm</name><devices><disk type='file'/></devices>"
                + "</domain></domainsnapshot>";
        XmlElement original = CODEC.read(xml).getDomain();
        XmlElement copy = original.deepCopy();
        assertNotNull(XmlElementAccess.pending(copy), "the copy is not built");
        assertNotNull(XmlElementAccess.pending(original), "nor is the original");
        assertTrue(XmlElementAccess.pending(copy) == XmlElementAccess.pending(original), "one tree for both");
        copy.setAttribute("type", "qemu");
        copy.element("devices").add(new XmlElement("tpm"));
        assertEquals("kvm", original.attribute("type"), "the original keeps its own attributes");
        assertEquals(1, original.element("devices").elements().size(), "and its own children");
        original.element("name").getChildren().set(0, "renamed");
        assertEquals("vm", copy.element("name").textContent(), "the copy is not changed by the original");

        // inside a built parent, an unbuilt child is copied unbuilt
        XmlElement domain = CODEC.read(xml).getDomain();
        XmlElement parent = new XmlElement("cookie").add(domain);
        XmlElement parentCopy = parent.deepCopy();
        XmlElement childCopy = (XmlElement) parentCopy.getChildren().get(0);
        assertNotNull(XmlElementAccess.pending(childCopy));
        assertNotNull(XmlElementAccess.pending(domain));
        assertTrue(childCopy != domain, "a copy, not the same element");
        assertEquals(domain, childCopy);

        XmlElement twice = CODEC.read(xml).getDomain();
        XmlElement badParent = new XmlElement("cookie").add(twice).add(twice);
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, badParent::deepCopy);
        assertTrue(e.getMessage().contains("is in the tree twice"), e.getMessage());
        assertNotNull(XmlElementAccess.pending(twice), "refused without being built");
    }

    @Test
    void aTreeInItsOwnPlaceTwiceIsRefusedAsAnElementIs() {
        XmlElement domain = CODEC.read("<domainsnapshot><domain><a/></domain></domainsnapshot>")
                .getDomain();
        XmlElement cookie = new XmlElement("cookie").add(domain).add(domain);
        DomainSnapshot s = new DomainSnapshot();
        s.setCookie(cookie);
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.write(s));
        assertTrue(e.getMessage().contains("<domain> a second time"), e.getMessage());
        assertFalse(XmlElementAccess.pending(domain) == null, "refused without being built");
    }

    @Test
    void aLevelIsBuiltWhenAskedForAndNoDeeper() throws Exception {
        String xml = Files.readString(
                Path.of(VerbatimTreeTest.class
                        .getResource("/bench/full-domain.xml")
                        .toURI()),
                StandardCharsets.UTF_8);
        String asRead = CODEC.write(CODEC.read(xml));
        DomainSnapshot s = CODEC.read(xml);
        XmlElement domain = s.getDomain();
        XmlElement devices = domain.element("devices");
        assertNull(XmlElementAccess.pending(domain));
        assertNotNull(XmlElementAccess.pending(devices));
        List<XmlElement> disks = devices.elements("disk");
        assertFalse(disks.isEmpty());
        assertNull(XmlElementAccess.pending(devices));
        for (XmlElement disk : disks) {
            assertNotNull(XmlElementAccess.pending(disk));
        }
        assertNotNull(XmlElementAccess.pending(domain.element("name")));
        XmlElement first = disks.get(0);
        assertNotNull(first.element("target").attribute("dev"));
        assertNull(XmlElementAccess.pending(first));
        assertNotNull(XmlElementAccess.pending(disks.get(1)), "its sibling is not asked for");
        assertNotNull(XmlElementAccess.pending(domain.element("os")), "nor another branch");
        assertEquals(asRead, CODEC.write(s), "written as read, built or not");

        // a change in one built level, the rest from the tree: as if all were built
        first.element("target").setAttribute("dev", "vdz");
        DomainSnapshot all = CODEC.read(xml);
        buildThroughout(all.getDomain());
        all.getDomain()
                .element("devices")
                .elements("disk")
                .get(0)
                .element("target")
                .setAttribute("dev", "vdz");
        assertEquals(CODEC.write(all), CODEC.write(s));
        assertTrue(CODEC.write(s).contains("dev='vdz'"));
        assertEquals(all, s);
    }

    @Test
    void anElementTakenFromItsTreeWritesAsItsBuiltCopy() {
        // prefixes declared by an ancestor in the tree, and by one outside it (inherited by the root)
        String xml = "<domainsnapshot xmlns:f='urn:f'><domain xmlns:q='urn:q'><devices><q:a q:b='1'>"
                + "<q:c f:d='2'/></q:a><d xmlns='urn:e'><e/></d><f:g><f:h>t</f:h></f:g></devices></domain></domainsnapshot>";
        for (String name : List.of("a", "d", "g")) {
            XmlElement lazy = takeToACookie(CODEC.read(xml), name, false);
            XmlElement built = takeToACookie(CODEC.read(xml), name, true);
            assertNotNull(XmlElementAccess.pending(lazy));
            assertNull(XmlElementAccess.pending(built));
            String written = CODEC.write(snapshotWithCookie(lazy));
            assertNotNull(XmlElementAccess.pending(lazy), "written from the tree");
            assertEquals(CODEC.write(snapshotWithCookie(built)), written, name);
            assertEquals(lazy, built);
            assertEquals(built, CODEC.read(written).getCookie().elements().get(0), "reads back the same: " + written);
        }
    }

    /** Takes a child of the domain's devices, built throughout or not, out of its tree. */
    private static XmlElement takeToACookie(DomainSnapshot s, String name, boolean built) {
        XmlElement devices = s.getDomain().element("devices");
        XmlElement taken = devices.element(name);
        assertTrue(devices.getChildren().remove(taken));
        if (built) {
            buildThroughout(taken);
        }
        return taken;
    }

    private static DomainSnapshot snapshotWithCookie(XmlElement child) {
        DomainSnapshot s = new DomainSnapshot();
        s.setCookie(new XmlElement("cookie").add(child));
        return s;
    }
}
