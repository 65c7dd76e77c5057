package io.github.domainsnapshot.differential;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.validation.DomainState;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Seeded structured mutations of snapshot requests: a seed document is parsed by the JDK into a
 * DOM tree, changed one step at a time (elements dropped, repeated, reordered or inserted;
 * values switched for the ones libvirt knows and for near misses; paths, disk names, snapshot
 * names, namespaces), written back, and paired with a domain state and a set of create flags.
 *
 * <p>Whatever libvirt parses with its own domain parser (the embedded {@code <domain>}, {@code
 * <inactiveDomain>}, qemu's {@code <cookie>}) is left alone but for its uuid and its presence:
 * the validator does not claim to check a domain definition, and mutations inside it would only
 * measure that. Everything else is fair game.
 *
 * <p>The same random source gives the same case: a case is reproduced from its seed alone.
 */
final class Mutator {
    /** The parts of a request libvirt reads with another parser than the snapshot's. */
    private static final Set<String> OPAQUE = Set.of("domain", "inactiveDomain", "cookie");

    private static final List<String> MODES = List.of("no", "internal", "external", "manual");
    private static final List<String> DISK_TYPES =
            List.of("file", "block", "network", "dir", "volume", "nvme", "vhostuser", "none");
    private static final List<String> STATES = List.of(
            "running",
            "paused",
            "shutoff",
            "disk-snapshot",
            "nostate",
            "blocked",
            "shutdown",
            "crashed",
            "pmsuspended",
            "sleeping");
    private static final List<String> FORMATS =
            List.of("qcow2", "raw", "qed", "vpc", "vmdk", "vhdx", "luks", "none", "iso", "dir");
    private static final List<String> PROTOCOLS = List.of(
            "nbd", "rbd", "gluster", "iscsi", "http", "https", "ftp", "ftps", "tftp", "ssh", "nfs", "vxhs", "bogus");
    private static final List<String> TRANSPORTS = List.of("tcp", "unix", "rdma", "udp");
    private static final List<String> NUMBERS =
            List.of("0", "1", "1024", "1700000000", "-1", "+5", "0x10", "010", "65536", "99999999999999999999", "abc");
    private static final List<String> UNITS = List.of("b", "KiB", "k", "MB", "M", "GiB", "XB");
    private static final List<String> SNAPSHOT_NAMES =
            List.of("s", "a/b", "..", ".", "-", "snap shot", "sn\u00e4p", "<&'\">", "1700000000", "vda");
    private static final List<String> OTHER_UUIDS =
            List.of("6695eb01-f6a4-8304-79aa-97f2502e193f", "6695eb01f6a4830479aa97f2502e193f", "not-a-uuid");
    private static final List<String> FOREIGN_NAMESPACES =
            List.of("http://example.org/other", "http://libvirt.org/schemas/domainsnapshot/1.0", "urn:x");

    /** Create flags, as often as a caller would pass each: the test driver's own more than the others. */
    private static final List<CreateFlag> FLAG_WEIGHTS = List.of(
            CreateFlag.REDEFINE,
            CreateFlag.REDEFINE,
            CreateFlag.CURRENT,
            CreateFlag.HALT,
            CreateFlag.LIVE,
            CreateFlag.VALIDATE,
            CreateFlag.VALIDATE,
            CreateFlag.ATOMIC,
            CreateFlag.QUIESCE,
            CreateFlag.DISK_ONLY,
            CreateFlag.REUSE_EXT,
            CreateFlag.NO_METADATA);

    /** What a case starts from: a document and where it came from. */
    record Seed(String origin, String xml) {}

    /** The kinds of steps, for people and for the list of known disagreements. */
    enum Kind {
        DROP_ELEMENT,
        DROP_ATTRIBUTE,
        REPEAT,
        REORDER,
        INSERT,
        SWITCH_VALUE,
        PATH,
        DISK_NAME,
        SNAPSHOT_NAME,
        NAMESPACE,
        PROLOG
    }

    private final List<Seed> seeds;
    private final DomainFacts domain;

    /**
     * @param seeds the documents to start from
     * @param domain what the mutations may name: the domain's disks, paths and uuid
     */
    Mutator(List<Seed> seeds, DomainFacts domain) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.seeds = List.copyOf(seeds);
        this.domain = domain;
    }

    /** What mutations can name of the domain the requests are for. */
    record DomainFacts(String uuid, List<String> diskNames, List<String> diskPaths) {}

    /** Makes the case of one seed of randomness. */
    DifferentialCase next(long caseSeed) {
        Random rnd = new Random(caseSeed);
        Seed seed = seeds.get(rnd.nextInt(seeds.size()));
        Document doc = parse(seed.xml());
        List<String> steps = new ArrayList<>();
        steps.add("seed " + seed.origin());
        int count = 1 + rnd.nextInt(4);
        String prolog = "";
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
            if (kind == Kind.PROLOG) {
                String p = pick(rnd, PROLOGS);
                prolog = p + prolog;
                steps.add(kind + " " + DifferentialCase.oneLine(p));
                continue;
            }
            String done;
            try {
                done = apply(kind, doc, rnd);
            } catch (DOMException e) {
                // a name the tree cannot hold (a prefix on a prefix): the step is not taken
                done = null;
            }
            if (done != null) {
                steps.add(kind + " " + done);
            }
        }
        boolean looksRedefined = doc.getDocumentElement() != null
                && (child(doc.getDocumentElement(), "creationTime") != null
                        || child(doc.getDocumentElement(), "state") != null);
        Set<CreateFlag> flags = flags(rnd, looksRedefined);
        DomainState state = pickState(rnd);
        return new DifferentialCase(
                "random " + Long.toHexString(caseSeed), state, flags, steps, prolog + DomTexts.write(doc));
    }

    private static final List<String> PROLOGS = List.of(
            "<!DOCTYPE domainsnapshot>\n",
            "<?xml version='1.0' encoding='ISO-8859-1'?>\n",
            "<?xml version='1.0' encoding='UTF-8'?>\n",
            "<?xml version=\"1.0\"?>\n",
            "<!-- a comment -->\n",
            "<?libvirt something?>\n",
            "\n  \n");

    private static DomainState pickState(Random rnd) {
        int r = rnd.nextInt(10);
        return r < 6 ? DomainState.RUNNING : r < 8 ? DomainState.PAUSED : DomainState.SHUTOFF;
    }

    private static Set<CreateFlag> flags(Random rnd, boolean looksRedefined) {
        Set<CreateFlag> flags = EnumSet.noneOf(CreateFlag.class);
        if (looksRedefined && rnd.nextInt(10) < 6) {
            flags.add(CreateFlag.REDEFINE);
            if (rnd.nextBoolean()) {
                flags.add(CreateFlag.CURRENT);
            }
        }
        int r = rnd.nextInt(4);
        int more = r < 2 ? 0 : r == 2 ? 1 : 1 + rnd.nextInt(3);
        for (int i = 0; i < more; i++) {
            flags.add(pick(rnd, FLAG_WEIGHTS));
        }
        return flags;
    }

    /** Applies one step; returns what it did, or null when the document offered nothing to do it to. */
    private String apply(Kind kind, Document doc, Random rnd) {
        Element root = doc.getDocumentElement();
        List<Element> elements = new ArrayList<>();
        collect(root, elements);
        switch (kind) {
            case DROP_ELEMENT -> {
                List<Element> candidates = new ArrayList<>(elements);
                candidates.remove(root);
                addOpaque(root, candidates);
                if (candidates.isEmpty()) {
                    return null;
                }
                Element e = pick(rnd, candidates);
                String where = path(e);
                e.getParentNode().removeChild(e);
                return where;
            }
            case DROP_ATTRIBUTE -> {
                List<Attr> attrs = attributes(elements);
                if (attrs.isEmpty()) {
                    return null;
                }
                Attr a = pick(rnd, attrs);
                String where = path(a.getOwnerElement()) + "/@" + a.getName();
                a.getOwnerElement().removeAttributeNode(a);
                return where;
            }
            case REPEAT -> {
                List<Element> candidates = new ArrayList<>(elements);
                addOpaque(root, candidates);
                candidates.remove(root);
                if (candidates.isEmpty()) {
                    return null;
                }
                Element e = pick(rnd, candidates);
                Node copy = e.cloneNode(true);
                e.getParentNode().insertBefore(copy, e.getNextSibling());
                if (copy instanceof Element c && c.hasAttribute("name") && rnd.nextBoolean()) {
                    // a repeated disk under another name as often as under the same
                    c.setAttribute("name", pick(rnd, domain.diskNames()));
                    return path(e) + " as name='" + c.getAttribute("name") + "'";
                }
                return path(e);
            }
            case REORDER -> {
                List<Element> parents = new ArrayList<>();
                for (Element e : elements) {
                    if (childElements(e).size() > 1) {
                        parents.add(e);
                    }
                }
                if (parents.isEmpty()) {
                    return null;
                }
                Element parent = pick(rnd, parents);
                List<Element> children = childElements(parent);
                int i = rnd.nextInt(children.size());
                int j = rnd.nextInt(children.size() - 1);
                if (j >= i) {
                    j++;
                }
                // moves the one before the other, so that the order changes whatever i and j are
                Element a = children.get(Math.max(i, j));
                Element b = children.get(Math.min(i, j));
                parent.insertBefore(a, b);
                return path(parent) + ": " + a.getTagName() + " before " + b.getTagName();
            }
            case INSERT -> {
                return insert(doc, root, elements, rnd);
            }
            case SWITCH_VALUE -> {
                return switchValue(elements, rnd);
            }
            case PATH -> {
                List<Attr> attrs = new ArrayList<>();
                for (Attr a : attributes(elements)) {
                    if (Set.of("file", "dev", "socket", "path").contains(a.getName())) {
                        attrs.add(a);
                    }
                }
                if (attrs.isEmpty()) {
                    return null;
                }
                Attr a = pick(rnd, attrs);
                String value = path(rnd);
                a.setValue(value);
                return path(a.getOwnerElement()) + "/@" + a.getName() + "='" + value + "'";
            }
            case DISK_NAME -> {
                List<Element> disks = named(elements, "disk");
                if (disks.isEmpty()) {
                    return null;
                }
                Element d = pick(rnd, disks);
                String value = diskName(rnd, disks);
                d.setAttribute("name", value);
                return path(d) + "/@name='" + value + "'";
            }
            case SNAPSHOT_NAME -> {
                Element name = child(root, "name");
                String value = rnd.nextInt(4) == 0 ? "" : pick(rnd, SNAPSHOT_NAMES);
                if (name == null) {
                    name = doc.createElementNS(null, "name");
                    root.insertBefore(name, root.getFirstChild());
                }
                name.setTextContent(value);
                return "name='" + value + "'";
            }
            case NAMESPACE -> {
                return namespace(doc, elements, rnd);
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private String insert(Document doc, Element root, List<Element> elements, Random rnd) {
        String disk = pick(rnd, domain.diskNames());
        String path = pick(rnd, domain.diskPaths());
        List<String> top = List.of(
                "<memory snapshot='external' file='/save/vm.mem'/>",
                "<memory snapshot='no'/>",
                "<memory snapshot='internal'/>",
                "<memory file='/save/vm.mem'/>",
                "<disks><disk name='" + disk + "' snapshot='external'/></disks>",
                "<disks><disk name='" + disk + "' snapshot='internal'/></disks>",
                "<disks/>",
                "<state>running</state>",
                "<creationTime>1700000000</creationTime>",
                "<description>d</description>",
                "<parent><name>p</name></parent>",
                "<domain><uuid>" + domain.uuid() + "</uuid></domain>",
                "<active>1</active>",
                "<name>n</name>",
                "<unknown/>");
        List<String> inDisks = List.of(
                "<disk name='" + disk + "' snapshot='no'/>",
                "<disk name='" + disk + "' snapshot='internal'/>",
                "<disk name='" + disk + "' snapshot='external'><source file='" + path + ".new'/></disk>",
                "<disk name='" + disk + "' snapshot='external' type='block'><source dev='/dev/vg/new'/></disk>",
                "<disk name='" + disk
                        + "' type='network'><source protocol='nbd' name='e'><host name='h'/></source></disk>",
                "<disk name='" + path + "'/>",
                "<disk/>");
        List<String> inDisk = List.of(
                "<driver type='qcow2'/>",
                "<driver type='raw'/>",
                "<driver><metadata_cache><max_size unit='KiB'>1</max_size></metadata_cache></driver>",
                "<source file='" + path + ".other'/>",
                "<source/>",
                "<source dev='/dev/x'/>");
        List<Element> disksLists = named(elements, "disks");
        List<Element> disks = named(elements, "disk");
        int where = rnd.nextInt(3);
        Element parent;
        String fragment;
        if (where == 1 && !disksLists.isEmpty()) {
            parent = pick(rnd, disksLists);
            fragment = pick(rnd, inDisks);
        } else if (where == 2 && !disks.isEmpty()) {
            parent = pick(rnd, disks);
            fragment = pick(rnd, inDisk);
        } else {
            parent = root;
            fragment = pick(rnd, top);
        }
        Element made = (Element) doc.importNode(parse(fragment).getDocumentElement(), true);
        List<Element> siblings = childElements(parent);
        Node before = siblings.isEmpty() || rnd.nextBoolean() ? null : pick(rnd, siblings);
        parent.insertBefore(made, before);
        return path(parent) + " gets " + fragment;
    }

    private String switchValue(List<Element> elements, Random rnd) {
        List<Attr> attrs = attributes(elements);
        List<Element> texts = new ArrayList<>();
        for (Element e : elements) {
            if (childElements(e).isEmpty() && !e.getTagName().equals("domainsnapshot")) {
                texts.add(e);
            }
        }
        if (!elements.isEmpty()) {
            texts.addAll(opaqueUuids(elements.get(0)));
        }
        if (attrs.isEmpty() && texts.isEmpty()) {
            return null;
        }
        boolean onAttribute = texts.isEmpty() || (!attrs.isEmpty() && rnd.nextInt(3) > 0);
        if (onAttribute) {
            Attr a = pick(rnd, attrs);
            String value = valueFor(a.getOwnerElement().getLocalName(), a.getLocalName(), a.getValue(), rnd);
            a.setValue(value);
            return path(a.getOwnerElement()) + "/@" + a.getName() + "='" + value + "'";
        }
        Element e = pick(rnd, texts);
        String value = valueFor(e.getLocalName(), null, e.getTextContent(), rnd);
        e.setTextContent(value);
        return path(e) + "='" + value + "'";
    }

    /** A value for an attribute (or, with a null name, an element's text) that libvirt reads, or a near miss. */
    private String valueFor(String element, String attribute, String current, Random rnd) {
        int r = rnd.nextInt(10);
        if (r == 0) {
            return "";
        }
        if (r == 1) {
            return rnd.nextBoolean() ? " " + current : current + " ";
        }
        if (r == 2) {
            return current.toUpperCase(Locale.ROOT);
        }
        String key = attribute == null ? element : attribute;
        List<String> dictionary = switch (key == null ? "" : key) {
            case "snapshot" -> MODES;
            case "type" ->
                element != null && element.equals("driver")
                        ? FORMATS
                        : element != null && element.equals("disk") ? DISK_TYPES : List.of("ceph", "iscsi", "volume");
            case "state" -> STATES;
            case "name" -> element != null && element.equals("disk") ? domain.diskNames() : SNAPSHOT_NAMES;
            case "file", "dev", "socket", "path" -> List.of(path(rnd));
            case "protocol" -> PROTOCOLS;
            case "transport" -> TRANSPORTS;
            case "port", "creationTime", "max_size", "active", "index" -> NUMBERS;
            case "unit" -> UNITS;
            case "uuid" -> uuids();
            default -> List.of("yes", "no", "on", "off", "default", "x", "1");
        };
        return pick(rnd, dictionary);
    }

    private List<String> uuids() {
        List<String> all = new ArrayList<>(OTHER_UUIDS);
        all.add(domain.uuid());
        all.add(domain.uuid());
        all.add(domain.uuid().toUpperCase(Locale.ROOT));
        return all;
    }

    private String path(Random rnd) {
        List<String> paths = new ArrayList<>(List.of(
                "rel.qcow2",
                "",
                " ",
                "/a/../b.qcow2",
                "/a/./b.qcow2",
                "./b.qcow2",
                "../b.qcow2",
                "/",
                "/new/overlay.qcow2",
                "/guest/vm-root.qcow2",
                "/dev/vg/x"));
        for (String p : domain.diskPaths()) {
            paths.add(p);
            paths.add(p + ".snap");
        }
        return pick(rnd, paths);
    }

    private String diskName(Random rnd, List<Element> disks) {
        List<String> names = new ArrayList<>(domain.diskNames());
        names.addAll(domain.diskPaths());
        names.addAll(List.of("hda", "unknown", "", "VDA", "vda ", "/guest/vm-root.qcow2"));
        for (Element d : disks) {
            // another disk's name: the same disk twice
            names.add(d.getAttribute("name"));
        }
        return pick(rnd, names);
    }

    private String namespace(Document doc, List<Element> elements, Random rnd) {
        String uri = pick(rnd, FOREIGN_NAMESPACES);
        int r = rnd.nextInt(4);
        if (r == 0) {
            // a prefix declared and not used
            Element e = pick(rnd, elements);
            e.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:x", uri);
            return path(e) + " declares xmlns:x='" + uri + "'";
        }
        if (r == 1) {
            // a default namespace on an element: it and its children in that namespace
            Element e = pick(rnd, elements);
            renameTree(doc, e, uri);
            return path(e) + " and its children in default namespace '" + uri + "'";
        }
        if (r == 2) {
            List<Attr> attrs = attributes(elements);
            if (attrs.isEmpty()) {
                return null;
            }
            Attr a = pick(rnd, attrs);
            Element owner = a.getOwnerElement();
            String where = path(owner) + "/@" + a.getName();
            owner.removeAttributeNode(a);
            owner.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:x", uri);
            String local = a.getLocalName() != null ? a.getLocalName() : a.getName();
            if (owner.getAttributeNode("x:" + local) != null) {
                // one in another namespace already: the same name twice is not XML
                return null;
            }
            owner.setAttributeNS(uri, "x:" + local, a.getValue());
            return where + " as x:" + local + " in '" + uri + "'";
        }
        Element e = pick(rnd, elements);
        Element renamed = (Element) doc.renameNode(e, uri, "x:" + e.getLocalName());
        renamed.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:x", uri);
        return path(renamed) + " as x:" + renamed.getLocalName() + " in '" + uri + "'";
    }

    private static void renameTree(Document doc, Element e, String uri) {
        String local = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
        Element renamed = (Element) doc.renameNode(e, uri, local);
        renamed.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", uri);
        for (Element c : childElements(renamed)) {
            renameChildren(doc, c, uri);
        }
    }

    private static void renameChildren(Document doc, Element e, String uri) {
        String local = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
        Element renamed = (Element) doc.renameNode(e, uri, local);
        for (Element c : childElements(renamed)) {
            renameChildren(doc, c, uri);
        }
    }

    // ---- DOM helpers

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // silent: a seed that does not parse is left out, not printed
            b.setErrorHandler(new DefaultHandler());
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not a seed: " + e.getMessage(), e);
        }
    }

    /** Whether a document can be a seed: well-formed, as the mutations work on its tree. */
    static boolean parses(String xml) {
        try {
            parse(xml);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void collect(Element e, List<Element> out) {
        out.add(e);
        for (Element c : childElements(e)) {
            if (!OPAQUE.contains(c.getLocalName())) {
                collect(c, out);
            }
        }
    }

    /** The opaque parts themselves may be dropped or repeated, and their uuid switched. */
    private static void addOpaque(Element root, List<Element> out) {
        for (Element c : childElements(root)) {
            if (OPAQUE.contains(c.getLocalName())) {
                out.add(c);
            }
        }
    }

    private static List<Attr> attributes(List<Element> elements) {
        List<Attr> out = new ArrayList<>();
        for (Element e : elements) {
            NamedNodeMap map = e.getAttributes();
            for (int i = 0; i < map.getLength(); i++) {
                Attr a = (Attr) map.item(i);
                if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The uuid of an embedded domain: what a redefinition is matched by, so worth switching. */
    private static List<Element> opaqueUuids(Element root) {
        List<Element> out = new ArrayList<>();
        for (Element c : childElements(root)) {
            if (c.getLocalName().equals("domain") || c.getLocalName().equals("inactiveDomain")) {
                Element uuid = child(c, "uuid");
                if (uuid != null) {
                    out.add(uuid);
                }
            }
        }
        return out;
    }

    static List<Element> childElements(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    static Element child(Element e, String localName) {
        for (Element c : childElements(e)) {
            if (localName.equals(c.getLocalName())) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> named(List<Element> elements, String localName) {
        List<Element> out = new ArrayList<>();
        for (Element e : elements) {
            if (localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String path(Element e) {
        StringBuilder b = new StringBuilder();
        for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
            b.insert(0, "/" + el.getTagName());
        }
        return b.toString();
    }

    private static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }
}
