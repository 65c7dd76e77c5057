package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.profile.LibvirtProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
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
 * {@code snapshot} mode, its {@code type} and its source's {@code protocol} (and a data store's
 * source, on the data store's {@code type}). Checked in the same strict mode as the XSD, on the
 * document's own events as the validator sees them, so that an empty {@code <source/>}, the order
 * of elements and blanks around values count as written, not as the lenient model reads them.
 *
 * <p>What changed between libvirt's releases is taken from the profile of the release whose
 * schema applies ({@link Release#of}): which protocols there are and what their sources hold, how
 * many secrets an encryption takes and in which order, whether a source may hold a data store,
 * whether an nfs source needs its identity.
 *
 * <p>One instance checks one document; {@link SchemaSupport} feeds it every element. It checks
 * an element when the element ends, after the XSD validator has checked its content, so that where
 * both would refuse a document the XSD's message comes first. Values are compared as RELAX NG
 * tokens (blanks around them ignored), as libvirt's schema compares them.
 */
final class SchemaRules {
    /** The changes of libvirt these rules ask about; the XSD's own are named in it. */
    static final Set<Feature> FEATURES = Collections.unmodifiableSet(EnumSet.of(
            Feature.NBD_RECONNECT_DELAY,
            Feature.SSH_IDENTITY,
            Feature.SCHEMA_LAYERED_ENCRYPTION,
            Feature.SCHEMA_DATA_STORE,
            Feature.SCHEMA_NFS_IDENTITY_OPTIONAL));

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

    /**
     * What the rules take from one libvirt release: which protocols its schema has and what their
     * sources hold, and the other changes of {@link #FEATURES}. Immutable; one per strict form.
     *
     * @param protocols the network protocols, by name
     * @param dataStore whether a source may hold a {@code <dataStore>}
     * @param layeredEncryption whether an encryption takes several secrets, and its cipher and ivgen
     *     in any order
     * @param nfsIdentityOptional whether an nfs source may leave out its identity
     * @param absFilePath the pattern of an absolute path, which some forms of a data store's source
     *     ask where the XSD's declaration takes more
     */
    record Release(
            Map<String, Protocol> protocols,
            boolean dataStore,
            boolean layeredEncryption,
            boolean nfsIdentityOptional,
            List<SchemaPatterns.Type> absFilePath) {

        /**
         * @param profile the release's profile
         * @param patterns the strict form's patterned types, by name
         * @return what the rules take from it
         */
        static Release of(LibvirtProfile profile, Map<String, List<SchemaPatterns.Type>> patterns) {
            Set<String> web = Set.of("encryption", "readahead", "timeout", "auth");
            Map<String, Protocol> m = new HashMap<>();
            m.put(
                    "nbd",
                    new Protocol(
                            false,
                            Set.of("tls", "tlsHostname"),
                            profile.has(Feature.NBD_RECONNECT_DELAY)
                                    ? Set.of("encryption", "reconnect")
                                    : Set.of("encryption"),
                            Hosts.ONE));
            m.put("gluster", new Protocol(true, Set.of(), Set.of("encryption"), Hosts.ONE_OR_MORE));
            m.put("rbd", new Protocol(false, Set.of(), Set.of("snapshot", "config", "auth", "encryption"), Hosts.ANY));
            m.put("iscsi", new Protocol(true, Set.of(), Set.of("auth", "encryption", "initiator"), Hosts.ONE));
            m.put("http", new Protocol(true, Set.of("query"), union(web, "cookies"), Hosts.ONE));
            m.put("https", new Protocol(true, Set.of("query"), union(web, "cookies", "ssl"), Hosts.ONE));
            m.put("ftps", new Protocol(true, Set.of(), union(web, "ssl"), Hosts.ONE));
            m.put("ftp", new Protocol(true, Set.of(), web, Hosts.ONE));
            if (profile.has(Feature.SSH_IDENTITY)) {
                // an identity or an auth, not both: checked below
                m.put("ssh", new Protocol(true, Set.of(), union(web, "knownHosts", "identity"), Hosts.ONE));
            }
            Protocol simple = new Protocol(true, Set.of(), Set.of("encryption", "readahead", "timeout"), Hosts.ONE);
            m.put("sheepdog", simple);
            m.put("tftp", simple);
            m.put("vxhs", new Protocol(true, Set.of("tls"), Set.of(), Hosts.ONE));
            m.put("nfs", new Protocol(true, Set.of(), Set.of("identity"), Hosts.ONE));
            List<SchemaPatterns.Type> absFilePath = patterns.get("AbsFilePath");
            if (absFilePath == null) {
                throw new IllegalStateException("the schema has no type AbsFilePath");
            }
            return new Release(
                    Map.copyOf(m),
                    profile.has(Feature.SCHEMA_DATA_STORE),
                    profile.has(Feature.SCHEMA_LAYERED_ENCRYPTION),
                    profile.has(Feature.SCHEMA_NFS_IDENTITY_OPTIONAL),
                    absFilePath);
        }
    }

    private static Set<String> union(Set<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /**
     * What the source of each kind of storage a {@code <dataStore>} holds takes (libvirt's
     * diskSource but for network, whose sources are checked as a network disk's): its
     * attributes, those it needs, and its children (each at most once, but seclabels).
     */
    private record Form(boolean sourceRequired, Set<String> attributes, Set<String> required, Set<String> children) {}

    private static final Map<String, Form> FORMS = Map.of(
            "file",
                    new Form(
                            false,
                            Set.of("file", "fdgroup", "index"),
                            Set.of(),
                            Set.of("slices", "dataStore", "encryption", "seclabel")),
            "block",
                    new Form(
                            false,
                            Set.of("dev", "index"),
                            Set.of(),
                            Set.of("slices", "dataStore", "encryption", "reservations", "seclabel")),
            "dir", new Form(false, Set.of("dir", "index"), Set.of("dir"), Set.of("slices", "dataStore", "encryption")),
            "volume",
                    new Form(
                            false,
                            Set.of("pool", "volume", "mode", "index"),
                            Set.of("pool", "volume"),
                            Set.of("slices", "dataStore", "encryption", "seclabel")),
            "nvme",
                    new Form(
                            false,
                            Set.of("type", "namespace", "managed", "index"),
                            Set.of("type", "namespace"),
                            Set.of("address", "slices", "dataStore", "encryption")),
            "vhostuser", new Form(true, Set.of("type", "path"), Set.of("type", "path"), Set.of("reconnect")),
            "vhostvdpa", new Form(true, Set.of("dev"), Set.of("dev"), Set.of()),
            "ctl", new Form(true, Set.of("dev"), Set.of("dev"), Set.of()));

    private final Release release;

    /** @param release what the rules take from the release whose schema applies */
    SchemaRules(Release release) {
        this.release = release;
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

    private void disk(Node d) {
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

    /** The source of a file or block disk: its children in the order libvirt's schema takes them. */
    private void localSource(Node s, String type) {
        String pathAttribute = type.equals("block") ? "dev" : "file";
        for (String a : s.attributes.keySet()) {
            if (!a.equals(pathAttribute) && !a.equals("index")) {
                throw fail(s, "/@" + a, "attribute '" + a + "' is not allowed in the <source> of a " + type + " disk");
            }
        }
        if (type.equals("block") && s.attribute("dev") == null) {
            throw fail(s, "", "the <source> of a block disk needs a 'dev' attribute");
        }
        List<String> order = release.dataStore()
                ? List.of("seclabel", "slices", "dataStore", "encryption")
                : List.of("seclabel", "slices", "encryption");
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
            child(c);
        }
    }

    /** What the rules check of a child of a source, whichever source holds it. */
    private void child(Node c) {
        switch (c.name) {
            case "seclabel" -> seclabel(c);
            case "auth" -> auth(c);
            case "encryption" -> encryption(c);
            case "reconnect" -> reconnect(c);
            case "dataStore" -> dataStore(c);
            case "reservations" -> {
                Node socket = c.child("source");
                Node reconnect = socket == null ? null : socket.child("reconnect");
                if (reconnect != null) {
                    reconnect(reconnect);
                }
            }
            default -> {
                // the XSD says all there is to say of the others
            }
        }
    }

    private void networkSource(Node s) {
        String protocol = token(s.attribute("protocol"));
        if (protocol == null) {
            throw fail(s, "", "the <source> of a network disk needs a 'protocol' attribute");
        }
        Protocol spec = release.protocols().get(protocol);
        if (spec == null) {
            // not one of this release's protocols: the XSD has refused it
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
            // every protocol takes what a source of any kind takes (libvirt's diskSourceCommon)
            boolean common = c.name.equals("slices") || (c.name.equals("dataStore") && release.dataStore());
            if (!common && !spec.children().contains(c.name)) {
                throw fail(c, "", "<" + c.name + "> is not allowed in " + which);
            }
            if (seen.merge(c.name, 1, Integer::sum) > 1) {
                throw fail(c, "", "<" + c.name + "> appears more than once in <source>");
            }
            if (c.name.equals("identity")) {
                identity(c, protocol);
            } else {
                child(c);
            }
        }
        if (hosts.isEmpty() && spec.hosts() != Hosts.ANY) {
            throw fail(s, "", which + " needs a <host>");
        }
        if (protocol.equals("nfs") && !seen.containsKey("identity") && !release.nfsIdentityOptional()) {
            throw fail(s, "", which + " needs an <identity>");
        }
        if (protocol.equals("ssh") && seen.containsKey("identity") && seen.containsKey("auth")) {
            throw fail(s.child("auth"), "", which + " takes an <identity> or an <auth>, not both");
        }
    }

    /** An nfs source's identity (a user and a group), or an ssh source's (a user and its key). */
    private static void identity(Node identity, String protocol) {
        Set<String> allowed =
                protocol.equals("ssh") ? Set.of("username", "keyfile", "agentsock") : Set.of("user", "group");
        for (String a : identity.attributes.keySet()) {
            if (!allowed.contains(a)) {
                throw fail(
                        identity,
                        "/@" + a,
                        "attribute '" + a + "' is not allowed in the <identity> of a source with protocol='" + protocol
                                + "'");
            }
        }
        if (protocol.equals("ssh")) {
            if (identity.attribute("username") == null) {
                throw fail(identity, "", "the <identity> of an ssh source needs a 'username' attribute");
            }
            if ((identity.attribute("keyfile") == null) == (identity.attribute("agentsock") == null)) {
                throw fail(
                        identity,
                        identity.attribute("keyfile") == null ? "" : "/@agentsock",
                        "the <identity> of an ssh source takes a 'keyfile' or an 'agentsock', one of them");
            }
        }
    }

    /** A reconnect: enabled (and a timeout), or a delay. */
    private static void reconnect(Node r) {
        boolean enabled = r.attribute("enabled") != null;
        if (r.attribute("delay") != null) {
            if (enabled || r.attribute("timeout") != null) {
                throw fail(
                        r,
                        enabled ? "/@enabled" : "/@timeout",
                        "a <reconnect> with a 'delay' takes no '" + (enabled ? "enabled" : "timeout") + "'");
            }
        } else if (!enabled) {
            throw fail(r, "", "a <reconnect> needs an 'enabled' or a 'delay' attribute");
        }
    }

    /**
     * A data store: its format (the XSD requires it) and the source of its kind, any of a domain
     * disk's, whose parts come in any order.
     */
    private void dataStore(Node d) {
        String type = token(d.attribute("type"));
        if (type == null) {
            type = "file";
        }
        Node source = d.child("source");
        if (type.equals("network")) {
            if (source == null) {
                throw fail(d, "", "a <dataStore type='network'> needs a <source>");
            }
            networkSource(source);
            return;
        }
        Form form = FORMS.get(type);
        if (form == null) {
            // not a kind of storage this release's schema has: the XSD has refused it
            return;
        }
        String which = "the <source> of a <dataStore type='" + type + "'>";
        if (source == null) {
            if (form.sourceRequired()) {
                throw fail(d, "", "a <dataStore type='" + type + "'> needs a <source>");
            }
            return;
        }
        for (String a : source.attributes.keySet()) {
            if (!form.attributes().contains(a)) {
                throw fail(source, "/@" + a, "attribute '" + a + "' is not allowed in " + which);
            }
        }
        for (String a : form.required()) {
            if (source.attribute(a) == null) {
                throw fail(source, "", which + " needs a '" + a + "' attribute");
            }
        }
        if (source.attribute("fdgroup") != null && source.attribute("file") == null) {
            throw fail(source, "/@fdgroup", which + " takes an 'fdgroup' only with a 'file'");
        }
        String kind = token(source.attribute("type"));
        String expected = type.equals("nvme") ? "pci" : "unix";
        if (kind != null && !kind.equals(expected)) {
            throw fail(source, "/@type", which + " is of type '" + expected + "', not '" + kind + "'");
        }
        String dev = source.attribute("dev");
        if (dev != null && !type.equals("block")) {
            // a block device may be named; the others' devices are paths
            for (SchemaPatterns.Type t : release.absFilePath()) {
                if (!t.matches(dev)) {
                    throw fail(source, "/@dev", which + ": " + t.refusal(dev));
                }
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Node c : source.children) {
            if (!form.children().contains(c.name)) {
                throw fail(c, "", "<" + c.name + "> is not allowed in " + which);
            }
            if (!c.name.equals("seclabel") && seen.merge(c.name, 1, Integer::sum) > 1) {
                throw fail(c, "", "<" + c.name + "> appears more than once in <source>");
            }
            child(c);
        }
        if (type.equals("nvme") && !seen.containsKey("address")) {
            throw fail(source, "", which + " needs an <address>");
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

    /**
     * An encryption: secrets of type passphrase, and a cipher and an ivgen together or neither,
     * with a secret. Before layered encryption (libvirt 9.3) one secret at most, and the cipher
     * before the ivgen; since, a secret per layer, all in any order.
     */
    private void encryption(Node e) {
        List<Node> secrets = e.children("secret");
        if (secrets.size() > 1 && !release.layeredEncryption()) {
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
        if (!release.layeredEncryption() && e.children.indexOf(ivgen) < e.children.indexOf(cipher)) {
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
