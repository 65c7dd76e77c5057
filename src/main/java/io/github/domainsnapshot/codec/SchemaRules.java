package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamReader;

/**
 * The parts of libvirt's snapshot schema that an XML Schema cannot say: which attributes go
 * together (RELAX NG choices over attributes), and what a disk may hold, which depends on its
 * {@code snapshot} mode, its {@code type} and its source's {@code protocol}. Checked in the same
 * strict mode as the XSD, on the document's own events as the validator sees them, so that an
 * empty {@code <source/>}, the order of elements and blanks around values count as written, not
 * as the lenient model reads them.
 *
 * <p>One instance checks one document; {@link SchemaSupport} feeds it every element. It checks
 * an element when the element ends, after the XSD validator has checked its content, so that where
 * both would refuse a document the XSD's message comes first. Values are compared as RELAX NG
 * tokens (blanks around them ignored), as libvirt's schema compares them.
 */
final class SchemaRules {
    /** Root children whose content is checked here. */
    private static final Set<String> CHECKED = Set.of("memory", "disks", "revertDisks");
    /** Root children whose content is any XML, not validated: attributes there are anything. */
    private static final Set<String> VERBATIM = Set.of("domain", "inactiveDomain", "cookie");

    private static final Set<String> NO_CONTENT_MODES = Set.of("no", "internal", "manual");
    /** libvirt's objectName: what the usage of an {@code <auth>}'s secret may be. */
    private static final Pattern OBJECT_NAME = Pattern.compile("[^/\\n]+");

    /** How many {@code <host>} elements the source of a network protocol takes. */
    private enum Hosts {
        ONE,
        ONE_OR_MORE,
        ANY
    }

    /** What the {@code <source>} of a network disk takes, by protocol. */
    private record Protocol(boolean nameRequired, Set<String> attributes, Set<String> children, Hosts hosts) {}

    private static final Map<String, Protocol> PROTOCOLS = protocols();

    private static Map<String, Protocol> protocols() {
        Set<String> web = Set.of("encryption", "readahead", "timeout", "auth");
        Map<String, Protocol> m = new HashMap<>();
        m.put("nbd", new Protocol(false, Set.of("tls", "tlsHostname"), Set.of("encryption"), Hosts.ONE));
        m.put("gluster", new Protocol(true, Set.of(), Set.of("encryption"), Hosts.ONE_OR_MORE));
        m.put("rbd", new Protocol(false, Set.of(), Set.of("snapshot", "config", "auth", "encryption"), Hosts.ANY));
        m.put("iscsi", new Protocol(true, Set.of(), Set.of("auth", "encryption", "initiator"), Hosts.ONE));
        m.put("http", new Protocol(true, Set.of("query"), union(web, "cookies"), Hosts.ONE));
        m.put("https", new Protocol(true, Set.of("query"), union(web, "cookies", "ssl"), Hosts.ONE));
        m.put("ftps", new Protocol(true, Set.of(), union(web, "ssl"), Hosts.ONE));
        m.put("ftp", new Protocol(true, Set.of(), web, Hosts.ONE));
        Protocol simple = new Protocol(true, Set.of(), Set.of("encryption", "readahead", "timeout"), Hosts.ONE);
        m.put("sheepdog", simple);
        m.put("tftp", simple);
        m.put("vxhs", new Protocol(true, Set.of("tls"), Set.of(), Hosts.ONE));
        m.put("nfs", new Protocol(true, Set.of(), Set.of("identity"), Hosts.ONE));
        return Map.copyOf(m);
    }

    private static Set<String> union(Set<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** An element of a checked part of the document, as written. */
    private static final class Node {
        final String name;
        final String path;
        final int line;
        final int column;
        /** Attributes without namespace, by name, as written. */
        final Map<String, String> attributes = new LinkedHashMap<>();

        final List<Node> children = new ArrayList<>();
        private Map<String, Integer> counts;

        Node(String name, String path, Location at) {
            this.name = name;
            this.path = path;
            this.line = at == null ? -1 : at.getLineNumber();
            this.column = at == null ? -1 : at.getColumnNumber();
        }

        String attribute(String n) {
            return attributes.get(n);
        }

        Node child(String n) {
            for (Node c : children) {
                if (c.name.equals(n)) {
                    return c;
                }
            }
            return null;
        }

        List<Node> children(String n) {
            List<Node> out = new ArrayList<>(2);
            for (Node c : children) {
                if (c.name.equals(n)) {
                    out.add(c);
                }
            }
            return out;
        }

        /** The path of a new child: repeatable elements always carry an index, others from the second on. */
        String childPath(String child) {
            if (counts == null) {
                counts = new HashMap<>(4);
            }
            int index = counts.merge(child, 1, Integer::sum);
            boolean repeatable = switch (child) {
                case "disk", "host", "seclabel", "label" -> true;
                case "secret" -> name.equals("encryption");
                default -> false;
            };
            return path + '/' + child + (repeatable || index > 1 ? "[" + index + ']' : "");
        }
    }

    /** The open elements of the checked part being read, innermost last. */
    private final List<Node> open = new ArrayList<>();
    /** The name of the root child being read, or null outside one. */
    private String section;

    private final Map<String, Integer> rootCounts = new HashMap<>();

    /**
     * An element starts.
     *
     * @param p the parser, standing on the start tag
     * @param source the document being read, for its depth and location
     */
    void start(XMLStreamReader p, HardenedParser source) {
        int depth = source.depth();
        String name = p.getLocalName();
        if (depth == 2) {
            section = name;
        }
        if (depth <= 2 || section == null || !VERBATIM.contains(section)) {
            refuseSchemaInstanceAttributes(p, name, source);
        }
        Location at = source.location();
        if (depth < 2
                || !CHECKED.contains(section)
                || !empty(p.getNamespaceURI()).isEmpty()) {
            return;
        }
        String path;
        if (depth == 2) {
            int index = rootCounts.merge(name, 1, Integer::sum);
            path = "/domainsnapshot/" + name + (index > 1 ? "[" + index + ']' : "");
        } else if (open.size() == depth - 2) {
            path = open.get(open.size() - 1).childPath(name);
        } else {
            // inside an element in a namespace: the XSD refuses that element
            return;
        }
        Node n = new Node(name, path, at);
        for (int i = 0, count = p.getAttributeCount(); i < count; i++) {
            if (empty(p.getAttributeNamespace(i)).isEmpty()) {
                n.attributes.put(p.getAttributeLocalName(i), p.getAttributeValue(i));
            }
        }
        if (!open.isEmpty()) {
            open.get(open.size() - 1).children.add(n);
        }
        open.add(n);
    }

    /**
     * An element ends.
     *
     * @param depth the depth of the element that ends, 1 for the root
     */
    void end(int depth) {
        if (depth == 2) {
            section = null;
        }
        if (open.size() != depth - 1 || open.isEmpty()) {
            return;
        }
        Node n = open.remove(open.size() - 1);
        if (depth == 2 && n.name.equals("memory")) {
            memory(n);
        } else if (depth == 3 && n.name.equals("disk")) {
            disk(n);
        }
    }

    /**
     * The XML Schema validator gives {@code xsi:} attributes a meaning (another type, no value, a
     * schema to load); for libvirt's schema they are attributes like any other, which it does not
     * declare.
     */
    private static void refuseSchemaInstanceAttributes(XMLStreamReader p, String element, HardenedParser source) {
        for (int i = 0, count = p.getAttributeCount(); i < count; i++) {
            if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(p.getAttributeNamespace(i))) {
                String prefix = empty(p.getAttributePrefix(i));
                String qName = (prefix.isEmpty() ? "" : prefix + ':') + p.getAttributeLocalName(i);
                throw source.fail(
                        Kind.SCHEMA,
                        "document does not match the schema: attribute '" + qName + "' is not allowed in element '"
                                + element + "'");
            }
        }
    }

    // ---- the rules

    private static void memory(Node m) {
        String mode = token(m.attribute("snapshot"));
        if ("no".equals(mode) || "internal".equals(mode)) {
            if (m.attribute("file") != null) {
                throw fail(m, "/@file", "<memory snapshot='" + mode + "'> takes no 'file'");
            }
        } else if (m.attribute("file") == null) {
            throw fail(
                    m,
                    "",
                    mode == null
                            ? "<memory> needs snapshot='no' or 'internal', or a 'file'"
                            : "<memory snapshot='" + mode + "'> needs a 'file'");
        }
    }

    private static void disk(Node d) {
        String mode = token(d.attribute("snapshot"));
        if (mode != null && NO_CONTENT_MODES.contains(mode)) {
            if (d.attribute("type") != null) {
                throw fail(d, "/@type", "a disk with snapshot='" + mode + "' takes no 'type'");
            }
            if (!d.children.isEmpty()) {
                Node c = d.children.get(0);
                throw fail(c, "", "a disk with snapshot='" + mode + "' holds nothing, not <" + c.name + ">");
            }
            return;
        }
        String type = token(d.attribute("type"));
        Node source = d.child("source");
        if ("network".equals(type)) {
            for (Node c : d.children) {
                if (!c.name.equals("source")) {
                    throw fail(c, "", "<" + c.name + "> is not allowed in a network disk");
                }
            }
            if (source == null) {
                throw fail(d, "", "a network disk needs a <source>");
            }
            networkSource(source);
        } else if (source != null) {
            localSource(source, type == null ? "file" : type);
        }
    }

    /** The source of a file or block disk. */
    private static void localSource(Node s, String type) {
        String pathAttribute = type.equals("block") ? "dev" : "file";
        for (String a : s.attributes.keySet()) {
            if (!a.equals(pathAttribute) && !a.equals("index")) {
                throw fail(s, "/@" + a, "attribute '" + a + "' is not allowed in the <source> of a " + type + " disk");
            }
        }
        if (type.equals("block") && s.attribute("dev") == null) {
            throw fail(s, "", "the <source> of a block disk needs a 'dev' attribute");
        }
        // libvirt's schema takes these in this order: seclabels, slices, encryption
        List<String> order = List.of("seclabel", "slices", "encryption");
        int rank = 0;
        Node previous = null;
        for (Node c : s.children) {
            int r = order.indexOf(c.name);
            if (r < 0) {
                throw fail(c, "", "<" + c.name + "> is not allowed in the <source> of a " + type + " disk");
            }
            if (r < rank) {
                throw fail(
                        c,
                        "",
                        "<" + c.name + "> must come before <" + previous.name + "> in the <source> of a " + type
                                + " disk");
            }
            if (r == rank && r > 0 && previous != null) {
                throw fail(c, "", "<" + c.name + "> appears more than once in <source>");
            }
            rank = r;
            previous = c;
            if (r == 0) {
                seclabel(c);
            } else if (r == 2) {
                encryption(c);
            }
        }
    }

    private static void networkSource(Node s) {
        String protocol = token(s.attribute("protocol"));
        if (protocol == null) {
            throw fail(s, "", "the <source> of a network disk needs a 'protocol' attribute");
        }
        Protocol spec = PROTOCOLS.get(protocol);
        if (spec == null) {
            // not one of libvirt's protocols: the XSD has refused it
            return;
        }
        String which = "the <source> of a network disk with protocol='" + protocol + "'";
        for (String a : s.attributes.keySet()) {
            if (!a.equals("protocol")
                    && !a.equals("name")
                    && !a.equals("index")
                    && !spec.attributes().contains(a)) {
                throw fail(s, "/@" + a, "attribute '" + a + "' is not allowed in " + which);
            }
        }
        if (spec.nameRequired() && s.attribute("name") == null) {
            throw fail(s, "", which + " needs a 'name' attribute");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<Node> hosts = new ArrayList<>();
        for (Node c : s.children) {
            if (c.name.equals("host")) {
                hosts.add(c);
                if (spec.hosts() == Hosts.ONE && hosts.size() > 1) {
                    throw fail(c, "", which + " takes one <host>");
                }
                host(c);
                continue;
            }
            if (!c.name.equals("slices") && !spec.children().contains(c.name)) {
                throw fail(c, "", "<" + c.name + "> is not allowed in " + which);
            }
            if (seen.merge(c.name, 1, Integer::sum) > 1) {
                throw fail(c, "", "<" + c.name + "> appears more than once in <source>");
            }
            switch (c.name) {
                case "auth" -> auth(c);
                case "encryption" -> encryption(c);
                default -> {
                    // the XSD says all there is to say of the others
                }
            }
        }
        if (hosts.isEmpty() && spec.hosts() != Hosts.ANY) {
            throw fail(s, "", which + " needs a <host>");
        }
        if (protocol.equals("nfs") && !seen.containsKey("identity")) {
            throw fail(s, "", which + " needs an <identity>");
        }
    }

    private static void host(Node h) {
        if ("unix".equals(token(h.attribute("transport")))) {
            if (h.attribute("socket") == null) {
                throw fail(h, "", "a <host transport='unix'> needs a 'socket' attribute");
            }
            for (String a : List.of("name", "port")) {
                if (h.attribute(a) != null) {
                    throw fail(h, "/@" + a, "a <host transport='unix'> takes no '" + a + "'");
                }
            }
        } else {
            if (h.attribute("name") == null) {
                throw fail(h, "", "a <host> needs a 'name' attribute, or transport='unix' and a 'socket'");
            }
            if (h.attribute("socket") != null) {
                throw fail(h, "/@socket", "only a <host transport='unix'> takes a 'socket'");
            }
        }
    }

    private static void seclabel(Node s) {
        String relabel = token(s.attribute("relabel"));
        List<Node> labels = s.children("label");
        if (s.attribute("labelskip") != null) {
            if (relabel != null) {
                throw fail(s, "/@relabel", "a <seclabel> with 'labelskip' takes no 'relabel'");
            }
            if (!labels.isEmpty()) {
                throw fail(labels.get(0), "", "a <seclabel> with 'labelskip' takes no <label>");
            }
        } else if ("no".equals(relabel)) {
            if (!labels.isEmpty()) {
                throw fail(labels.get(0), "", "a <seclabel relabel='no'> takes no <label>");
            }
        } else if (labels.isEmpty()) {
            throw fail(s, "", "a <seclabel> needs relabel='no', labelskip='yes' or a <label>");
        }
    }

    private static void auth(Node a) {
        Node secret = a.child("secret");
        if (secret == null) {
            return; // the XSD requires it
        }
        String type = token(secret.attribute("type"));
        if (!"ceph".equals(type) && !"iscsi".equals(type)) {
            throw fail(secret, "/@type", "the <secret> of an <auth> is of type 'ceph' or 'iscsi', not '" + type + "'");
        }
        uuidOrUsage(secret);
        String usage = secret.attribute("usage");
        if (usage != null && !OBJECT_NAME.matcher(usage).matches()) {
            throw fail(secret, "/@usage", "the usage of an <auth>'s secret is a name without '/' or line break");
        }
    }

    private static void encryption(Node e) {
        List<Node> secrets = e.children("secret");
        if (secrets.size() > 1) {
            throw fail(secrets.get(1), "", "an <encryption> holds one <secret>");
        }
        for (Node secret : secrets) {
            String type = token(secret.attribute("type"));
            if (!"passphrase".equals(type)) {
                throw fail(
                        secret,
                        "/@type",
                        "the <secret> of an <encryption> is of type 'passphrase', not '" + type + "'");
            }
            uuidOrUsage(secret);
        }
        List<Node> ciphers = e.children("cipher");
        List<Node> ivgens = e.children("ivgen");
        for (List<Node> once : List.of(ciphers, ivgens)) {
            if (once.size() > 1) {
                throw fail(once.get(1), "", "<" + once.get(1).name + "> appears more than once in <encryption>");
            }
        }
        Node cipher = ciphers.isEmpty() ? null : ciphers.get(0);
        Node ivgen = ivgens.isEmpty() ? null : ivgens.get(0);
        if (cipher == null && ivgen == null) {
            return;
        }
        if (cipher == null || ivgen == null) {
            Node alone = cipher == null ? ivgen : cipher;
            throw fail(alone, "", "<cipher> and <ivgen> go together in an <encryption>");
        }
        if (e.children.indexOf(ivgen) < e.children.indexOf(cipher)) {
            throw fail(ivgen, "", "<ivgen> must come after <cipher> in an <encryption>");
        }
        if (secrets.isEmpty()) {
            throw fail(e, "", "an <encryption> with a <cipher> needs a <secret>");
        }
        if ((cipher.attribute("mode") == null) != (cipher.attribute("hash") == null)) {
            throw fail(cipher, "", "a <cipher> takes 'mode' and 'hash' together or neither");
        }
    }

    private static void uuidOrUsage(Node secret) {
        boolean uuid = secret.attribute("uuid") != null;
        boolean usage = secret.attribute("usage") != null;
        if (uuid == usage) {
            throw fail(
                    secret,
                    uuid ? "/@usage" : "",
                    uuid
                            ? "a <secret> takes a 'uuid' or a 'usage', not both"
                            : "a <secret> needs a 'uuid' or a 'usage'");
        }
    }

    // ---- helpers

    /** A value as RELAX NG's token type sees it: blanks collapsed, none around; null stays null. */
    static String token(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(value.length());
        boolean blank = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                blank = b.length() > 0;
            } else {
                if (blank) {
                    b.append(' ');
                    blank = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String empty(String s) {
        return s == null ? "" : s;
    }

    private static SnapshotXmlException fail(Node n, String attribute, String message) {
        return new SnapshotXmlException(
                Kind.SCHEMA,
                "document does not match the schema: " + message,
                n.line,
                n.column,
                n.path + attribute,
                null);
    }
}
