package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * For every element and attribute the XSD declares, a document holding it (and what it takes to
 * reach it) reads into the model's typed properties, with no unknown content anywhere, and is
 * written back byte for byte. A declaration added to the XSD that the reader or the writer did
 * not carry through fails here.
 */
class SchemaWalkTest {
    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    /**
     * One declaration of the XSD, a document that holds it, and the same document without it.
     */
    record Case(String path, String document, String without) {}

    @TestFactory
    Stream<DynamicTest> everyDeclarationIsReadIntoTheModelAndWrittenBack() throws Exception {
        List<Case> cases = cases();
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.path(), () -> {
                    DomainSnapshot s = CODEC.read(c.document());
                    List<String> unknown = new ArrayList<>();
                    findUnknownContent(s, "/domainsnapshot", unknown, new IdentityHashMap<>());
                    assertEquals(List.of(), unknown, c.path() + " read as unknown content from\n" + c.document());
                    assertEquals(c.document(), CODEC.write(s), c.path() + " written back");
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyDeclarationTakesPartInEqualsHashCodeAndCopies() throws Exception {
        // inside content kept verbatim the walk may not tell a declaration's presence from its absence
        return cases().stream()
                .filter(c -> !c.document().equals(c.without()))
                .map(c -> DynamicTest.dynamicTest(c.path(), () -> {
                    DomainSnapshot s = CODEC.read(c.document());
                    DomainSnapshot copy = CODEC.copy(s);
                    assertNotSame(s, copy);
                    assertEquals(s, copy, c.path() + " copied");
                    assertEquals(s.hashCode(), copy.hashCode(), c.path() + " hash of the copy");
                    assertEquals(c.document(), CODEC.write(copy), c.path() + " copy written");
                    assertEquals(s, CODEC.read(c.document()), c.path() + " read twice");
                    DomainSnapshot without = CODEC.read(c.without());
                    assertNotEquals(without, s, c.path() + " left out of equals: " + s);
                    assertNotEquals(without.toString(), s.toString(), c.path() + " left out of toString");
                }));
    }

    @Test
    void theWalkCoversTheWholeSchema() throws Exception {
        List<String> paths = cases().stream().map(Case::path).toList();
        for (String expected : List.of(
                "/domainsnapshot/name",
                "/domainsnapshot/state",
                "/domainsnapshot/creationTime",
                "/domainsnapshot/memory/@snapshot",
                "/domainsnapshot/disks/disk/@snapshot",
                "/domainsnapshot/disks/disk/driver/@type",
                "/domainsnapshot/memory/@file",
                "/domainsnapshot/disks/disk/@type",
                "/domainsnapshot/disks/disk/driver/metadata_cache/max_size/@unit",
                "/domainsnapshot/disks/disk/source/host/@socket",
                "/domainsnapshot/disks/disk/source/encryption/secret/@usage",
                "/domainsnapshot/revertDisks/disk/snapshotDeleteInProgress",
                "/domainsnapshot/disks/disk/source/knownHosts/@path",
                "/domainsnapshot/disks/disk/source/identity/@agentsock",
                "/domainsnapshot/disks/disk/source/reconnect/@delay",
                "/domainsnapshot/disks/disk/source/dataStore/source/address/@slot",
                "/domainsnapshot/disks/disk/source/dataStore/source/dataStore",
                "/domainsnapshot/domain",
                "/domainsnapshot/active")) {
            assertTrue(paths.contains(expected), expected + " in " + paths);
        }
        assertFalse(paths.size() < 80, "only " + paths.size() + " declarations walked");
    }

    // ---- the walk

    private static List<Case> cases() throws Exception {
        Document xsd;
        try (InputStream in = SchemaWalkTest.class.getResourceAsStream("/schema/domainsnapshot.xsd")) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            xsd = f.newDocumentBuilder().parse(in);
        }
        Map<String, Element> complexTypes = new HashMap<>();
        Map<String, Element> simpleTypes = new HashMap<>();
        for (Element e : children(xsd.getDocumentElement())) {
            if (e.getLocalName().equals("complexType")) {
                complexTypes.put(e.getAttribute("name"), e);
            } else if (e.getLocalName().equals("simpleType")) {
                simpleTypes.put(e.getAttribute("name"), e);
            }
        }
        Walk walk = new Walk(complexTypes, simpleTypes);
        Node root = new Node("domainsnapshot");
        walk.type(complexTypes.get("DomainSnapshot"), List.of(root), "/domainsnapshot");
        return walk.cases;
    }

    /** An element of a generated document. */
    private static final class Node {
        final String name;
        final List<String[]> attributes = new ArrayList<>();
        final List<Node> children = new ArrayList<>();
        String text;

        Node(String name) {
            this.name = name;
        }

        Node copy() {
            Node n = new Node(name);
            n.attributes.addAll(attributes);
            for (Node c : children) {
                n.children.add(c.copy());
            }
            n.text = text;
            return n;
        }
    }

    private static final class Walk {
        final Map<String, Element> complexTypes;
        final Map<String, Element> simpleTypes;
        final List<Case> cases = new ArrayList<>();
        /** The complex types being walked, outermost first. */
        final Set<String> walking = new HashSet<>();

        Walk(Map<String, Element> complexTypes, Map<String, Element> simpleTypes) {
            this.complexTypes = complexTypes;
            this.simpleTypes = simpleTypes;
        }

        /**
         * Every declaration of a complex type, under the chain of elements that reaches it.
         *
         * @param chain the elements from the root to the one of this type, the last one being it
         */
        void type(Element type, List<Node> chain, String path) {
            for (Element e : descendants(type, "attribute")) {
                if (e.getAttribute("id").startsWith("lenient-")) {
                    continue;
                }
                String name = e.getAttribute("name");
                List<Node> copy = copyChain(chain);
                List<String[]> attributes = last(copy).attributes;
                attributes.removeIf(a -> a[0].equals(name));
                String without = document(copy);
                attributes.add(new String[] {name, sample(e.getAttribute("type"), name)});
                emit(path + "/@" + name, copy, without);
            }
            for (Element e : descendants(type, "element")) {
                String name = e.getAttribute("name");
                String typeName = e.getAttribute("type");
                List<Node> copy = copyChain(chain);
                String without = document(copy);
                Node child = new Node(name);
                last(copy).children.add(child);
                copy.add(child);
                String childPath = path + "/" + name;
                Element complex = complexTypes.get(typeName);
                if (typeName.equals("EmbeddedXml")) {
                    Node inner = new Node("inner");
                    inner.attributes.add(new String[] {"a", "1"});
                    inner.text = "t";
                    child.children.add(inner);
                    emit(childPath, copy, without);
                } else if (complex == null) {
                    child.text = sample(typeName, name);
                    emit(childPath, copy, without);
                } else {
                    if (!descendants(complex, "simpleContent").isEmpty()) {
                        // simple content: its text is what it holds
                        child.text = "42";
                    } else if (name.equals("driver") || name.equals("source")) {
                        // libvirt reads an empty driver or source as absent: give it its first attribute
                        Element first = descendants(complex, "attribute").get(0);
                        child.attributes.add(new String[] {
                            first.getAttribute("name"), sample(first.getAttribute("type"), first.getAttribute("name"))
                        });
                    }
                    emit(childPath, copy, without);
                    // a type that holds itself (a data store's source holds a data store) is walked once
                    if (walking.add(typeName)) {
                        type(complex, copy, childPath);
                        walking.remove(typeName);
                    }
                }
            }
        }

        private void emit(String path, List<Node> chain, String without) {
            cases.add(new Case(path, document(chain), without));
        }

        private static String document(List<Node> chain) {
            StringBuilder out = new StringBuilder();
            write(chain.get(0), 0, out);
            return out.toString();
        }

        /** A value the type takes: an enumeration's first, else a path-like string. */
        private String sample(String type, String name) {
            Element simple = simpleTypes.get(type);
            if (simple != null) {
                List<Element> values = descendants(simple, "enumeration");
                if (!values.isEmpty()) {
                    return values.get(0).getAttribute("value");
                }
            }
            return "/v/" + name;
        }

        private static List<Node> copyChain(List<Node> chain) {
            Node root = chain.get(0).copy();
            List<Node> copy = new ArrayList<>();
            copy.add(root);
            Node at = root;
            for (int i = 1; i < chain.size(); i++) {
                at = at.children.get(at.children.size() - 1);
                copy.add(at);
            }
            return copy;
        }

        private static Node last(List<Node> chain) {
            return chain.get(chain.size() - 1);
        }

        /** libvirt's form, as the writer must give it back. */
        private static void write(Node n, int indent, StringBuilder out) {
            out.append(" ".repeat(indent)).append('<').append(n.name);
            List<String[]> attributes = new ArrayList<>(n.attributes);
            if (n.name.equals("disk")
                    && attributes.stream().noneMatch(a -> a[0].equals("type"))
                    && n.children.stream().anyMatch(c -> c.name.equals("driver") || c.name.equals("source"))) {
                // libvirt's parser gives a disk with a driver or source the type file; its formatter writes it
                attributes.add(new String[] {"type", "file"});
            }
            for (String[] a : attributes) {
                out.append(' ').append(a[0]).append("='").append(a[1]).append('\'');
            }
            if (n.text != null) {
                out.append('>').append(n.text).append("</").append(n.name).append(">\n");
            } else if (n.children.isEmpty() && !n.name.equals("domainsnapshot") && !n.name.equals("encryption")) {
                out.append("/>\n");
            } else {
                out.append(">\n");
                for (Node c : n.children) {
                    write(c, indent + 2, out);
                }
                out.append(" ".repeat(indent)).append("</").append(n.name).append(">\n");
            }
        }
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    /** Declarations of a type itself, not of the types it names. */
    private static List<Element> descendants(Element e, String localName) {
        List<Element> out = new ArrayList<>();
        for (Element c : children(e)) {
            if (XS.equals(c.getNamespaceURI()) && c.getLocalName().equals(localName)) {
                out.add(c);
            }
            out.addAll(descendants(c, localName));
        }
        return out;
    }

    // ---- unknown content anywhere in the model

    private static void findUnknownContent(Object o, String path, List<String> found, Map<Object, Object> seen) {
        if (o == null || seen.put(o, o) != null || o instanceof XmlElement) {
            return;
        }
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                findUnknownContent(list.get(i), path + "[" + (i + 1) + "]", found, seen);
            }
            return;
        }
        if (!o.getClass().getPackageName().equals("io.github.domainsnapshot.model")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                try {
                    Object value = f.get(o);
                    if ((f.getName().equals("unknownElements") || f.getName().equals("otherAttributes"))
                            && value != null
                            && !(value instanceof List<?> l && l.isEmpty())
                            && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                        found.add(path + "/" + f.getName() + ": " + value);
                    }
                    findUnknownContent(value, path + "/" + f.getName(), found, seen);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
