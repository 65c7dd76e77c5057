package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.profile.LibvirtProfile;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.TypeInfoProvider;
import javax.xml.validation.ValidatorHandler;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.TypeInfo;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The strict form of domainsnapshot.xsd for one libvirt release, used when schema validation is
 * on: the same schema without the attributes and elements libvirt reads but its schema refuses
 * ({@code id="lenient-*"}) and without the declarations the release's schema does not have yet
 * ({@code id="since-FEATURE"} or {@code id="since-FEATURE.WHAT"}, for a {@link Feature} the
 * release lacks), and with the sequences that stand for libvirt's interleaves made
 * order-insensitive ({@code all-*} become {@code xs:all}, {@code any-*} become repeatable
 * choices). The validator sees every event of the input, before the reader takes anything aside
 * for the binding, and so do the {@link SchemaRules} that the XSD cannot express, with what they
 * take from the same release's profile.
 *
 * <p>One strict form is built, on first use, for each set of the changes that make a difference
 * to the schema ({@link #FEATURES}): releases that have the same ones share it. Each change comes
 * in once and goes at most once, so there are at most {@code 2 * FEATURES.size() + 1} such sets
 * whatever the releases asked for, and the cache of them is bounded by that.
 */
final class SchemaSupport {
    static final String XSD = "/schema/domainsnapshot.xsd";
    private static final String SINCE = "since-";

    private SchemaSupport() {}

    /**
     * The schema, the names of its types with empty content (attributes only), its patterns, and
     * what the rules take from the release. RELAX NG lets an element of empty content hold blanks,
     * as any element that holds no text; XML Schema does not, so the validator is not shown them.
     */
    private record Strict(
            Schema schema,
            Set<String> emptyContent,
            Map<String, List<SchemaPatterns.Type>> patterns,
            SchemaRules.Release rules) {}

    /**
     * The changes of libvirt that the strict form depends on: those the XSD's {@code since-*}
     * declarations name, and those {@link SchemaRules} asks about. Read once from the XSD.
     */
    static final class Features {
        static final List<Feature> FEATURES = List.copyOf(read());

        private static Set<Feature> read() {
            Set<Feature> out = EnumSet.copyOf(SchemaRules.FEATURES);
            Document doc = parse();
            for (String kind : new String[] {"element", "attribute", "enumeration", "pattern"}) {
                for (Element e : elements(doc, kind)) {
                    Feature f = since(e);
                    if (f != null) {
                        out.add(f);
                    }
                }
            }
            if (out.size() > 62) {
                throw new IllegalStateException("too many changes of the schema for a key of 64 bits: " + out);
            }
            return out;
        }
    }

    /** The strict forms built so far, by the set of changes they have ({@link #key}). */
    private static final Map<Long, Strict> STRICT = new ConcurrentHashMap<>();

    /**
     * @param release a libvirt release
     * @return which of the schema's changes it has, one bit each in the order of {@link
     *     Features#FEATURES}
     */
    private static long key(LibvirtVersion release) {
        List<Feature> features = Features.FEATURES;
        long key = 0;
        for (int i = 0, n = features.size(); i < n; i++) {
            if (features.get(i).in(release)) {
                key |= 1L << i;
            }
        }
        return key;
    }

    private static Strict strict(LibvirtVersion release) {
        long key = key(release);
        Strict strict = STRICT.get(key);
        return strict != null ? strict : STRICT.computeIfAbsent(key, k -> build(LibvirtProfile.of(release)));
    }

    /**
     * @param release a libvirt release
     * @return the changes of libvirt its strict form has: those of {@link Features#FEATURES} it
     *     has
     */
    static Set<Feature> featuresOf(LibvirtVersion release) {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        for (Feature f : Features.FEATURES) {
            if (f.in(release)) {
                out.add(f);
            }
        }
        return out;
    }

    /** @return how many strict forms have been built in this process (each set of changes once) */
    static int built() {
        return STRICT.size();
    }

    private static Document parse() {
        try (InputStream in = SchemaSupport.class.getResourceAsStream(XSD)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + XSD);
            }
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newDefaultInstance();
            dbf.setNamespaceAware(true);
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return dbf.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the schema " + XSD + ": " + e.getMessage(), e);
        }
    }

    private static Strict build(LibvirtProfile profile) {
        try {
            Document doc = parse();
            makeStrict(doc, profile);
            Map<String, List<SchemaPatterns.Type>> patterns = SchemaPatterns.takeFrom(doc);
            SchemaFactory sf = SchemaFactory.newDefaultInstance();
            sf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return new Strict(
                    sf.newSchema(new DOMSource(doc)),
                    emptyContent(doc),
                    patterns,
                    SchemaRules.Release.of(profile, patterns));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot build the validation schema of libvirt " + profile.version() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param declaration an element, attribute, enumerated value or pattern of the XSD
     * @return the change its {@code since-*} id names, or null without one
     * @throws IllegalStateException for an id that names no change
     */
    private static Feature since(Element declaration) {
        String id = declaration.getAttribute("id");
        if (!id.startsWith(SINCE)) {
            return null;
        }
        int dot = id.indexOf('.');
        String name = id.substring(SINCE.length(), dot < 0 ? id.length() : dot);
        try {
            return Feature.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(XSD + ": id='" + id + "' names no change of libvirt (" + name + ")", e);
        }
    }

    private static void makeStrict(Document doc, LibvirtProfile profile) {
        // what the release's schema does not have yet (or no longer has)
        for (String kind : new String[] {"element", "attribute", "enumeration", "pattern"}) {
            for (Element e : elements(doc, kind)) {
                Feature f = since(e);
                if (f != null && !profile.has(f)) {
                    e.getParentNode().removeChild(e);
                }
            }
        }
        // the binding's bases (ExtensibleElement, ExtensibleValue) are not libvirt's: the strict form
        // declares each type's content as its own, and a text's own type
        for (Element extension : elements(doc, "extension")) {
            String base = extension.getAttribute("base");
            if (base.equals("Extensible")) {
                Element content = (Element) extension.getParentNode();
                Element type = (Element) content.getParentNode();
                while (extension.getFirstChild() != null) {
                    type.insertBefore(extension.getFirstChild(), content);
                }
                type.removeChild(content);
            } else if (base.equals("ExtensibleValue")) {
                String id = extension.getAttribute("id");
                if (!id.startsWith("value-")) {
                    throw new IllegalStateException(
                            "a text derived from ExtensibleValue names its type: id='value-TYPE'");
                }
                extension.setAttribute("base", id.substring("value-".length()));
                extension.removeAttribute("id");
            }
        }
        for (String declaration : new String[] {"attribute", "element"}) {
            for (Element e : elements(doc, declaration)) {
                if (e.getAttribute("id").startsWith("lenient-")) {
                    e.getParentNode().removeChild(e);
                }
            }
        }
        for (Element seq : elements(doc, "sequence")) {
            String id = seq.getAttribute("id");
            if (id.startsWith("all-")) {
                rename(doc, seq, "all", false);
            } else if (id.startsWith("any-")) {
                rename(doc, seq, "choice", true);
            }
        }
    }

    /** The named complex types that declare attributes only: no content model, no text. */
    private static Set<String> emptyContent(Document doc) {
        Set<String> names = new HashSet<>();
        for (Element type : elements(doc, "complexType")) {
            if (type.getAttribute("name").isEmpty()
                    || type.getAttribute("mixed").equals("true")) {
                continue;
            }
            boolean content = false;
            for (Node c = type.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e
                        && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI())
                        && !e.getLocalName().equals("attribute")
                        && !e.getLocalName().equals("anyAttribute")
                        && !e.getLocalName().equals("annotation")) {
                    content = true;
                }
            }
            if (!content) {
                names.add(type.getAttribute("name"));
            }
        }
        return Set.copyOf(names);
    }

    /**
     * @param type an element's or attribute's type, as the validator says, or null
     * @param patterns the patterned types of each named type
     * @return the patterned types its values must match, or null for none
     */
    private static List<SchemaPatterns.Type> patternsOf(
            TypeInfo type, Map<String, List<SchemaPatterns.Type>> patterns) {
        if (type == null
                || type.getTypeNamespace() != null && !type.getTypeNamespace().isEmpty()) {
            return null;
        }
        String name = type.getTypeName();
        return name == null ? null : patterns.get(name);
    }

    /**
     * @param release the libvirt release whose schema applies
     * @return a validator of one document, fed every event of it
     */
    static HardenedParser.EventForwarder newValidator(LibvirtVersion release) {
        Strict strict = strict(release);
        return new Forwarder(
                strict.schema().newValidatorHandler(), strict.emptyContent(), strict.patterns(), strict.rules());
    }

    /**
     * Hands StAX events to a SAX validator and to the rules, and the first complaint back as an
     * exception.
     */
    private static final class Forwarder implements HardenedParser.EventForwarder, Locator {
        private final ValidatorHandler handler;
        private final SchemaRules rules;
        private final AttributesImpl attributes = new AttributesImpl();
        private HardenedParser source;
        /** Per open element (index: depth), whether its type has empty content. */
        private boolean[] empty = new boolean[16];

        private int depth;

        Forwarder(
                ValidatorHandler handler,
                Set<String> emptyContent,
                Map<String, List<SchemaPatterns.Type>> patterns,
                SchemaRules.Release release) {
            this.handler = handler;
            this.rules = new SchemaRules(release);
            TypeInfoProvider types = handler.getTypeInfoProvider();
            // the type of each element and attribute is known as the validator passes the element
            // on: what the schema's patterns say of the values is checked here, in linear time
            handler.setContentHandler(new DefaultHandler() {
                /** The patterns of the element whose text is being collected, and the depth it is at. */
                private List<SchemaPatterns.Type> textPatterns;

                private int textDepth;
                private final StringBuilder text = new StringBuilder();

                @Override
                public void startElement(String uri, String localName, String qName, Attributes atts)
                        throws SAXException {
                    TypeInfo type = types.getElementTypeInfo();
                    depth++;
                    if (depth == empty.length) {
                        empty = Arrays.copyOf(empty, depth * 2);
                    }
                    empty[depth] = type != null
                            && (type.getTypeNamespace() == null
                                    || type.getTypeNamespace().isEmpty())
                            && emptyContent.contains(type.getTypeName());
                    for (int i = 0, n = atts.getLength(); i < n; i++) {
                        check(patternsOf(types.getAttributeTypeInfo(i), patterns), atts.getValue(i));
                    }
                    textPatterns = patternsOf(type, patterns);
                    textDepth = depth;
                    text.setLength(0);
                }

                @Override
                public void characters(char[] ch, int start, int length) {
                    if (textPatterns != null) {
                        text.append(ch, start, length);
                    }
                }

                @Override
                public void endElement(String uri, String localName, String qName) throws SAXException {
                    if (textPatterns != null && textDepth == depth) {
                        List<SchemaPatterns.Type> p = textPatterns;
                        textPatterns = null;
                        check(p, text.toString());
                        text.setLength(0);
                    }
                    depth--;
                }

                private void check(List<SchemaPatterns.Type> p, String value) throws SAXException {
                    if (p != null) {
                        for (SchemaPatterns.Type t : p) {
                            if (!t.matches(value)) {
                                throw new SAXException(t.refusal(value));
                            }
                        }
                    }
                }
            });
            handler.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not make a document invalid
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            handler.setDocumentLocator(this);
        }

        @Override
        public void forward(int event, XMLStreamReader p, HardenedParser parser) {
            source = parser;
            try {
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (parser.depth() == 1) {
                            // libvirt checks the root's name before it validates the document
                            if (!"domainsnapshot".equals(p.getLocalName())) {
                                throw parser.fail(
                                        Kind.ROOT,
                                        "expecting root element of 'domainsnapshot', not '" + p.getLocalName() + "'");
                            }
                            handler.startDocument();
                        }
                        for (int i = 0, n = p.getNamespaceCount(); i < n; i++) {
                            handler.startPrefixMapping(empty(p.getNamespacePrefix(i)), empty(p.getNamespaceURI(i)));
                        }
                        attributes.clear();
                        for (int i = 0, n = p.getAttributeCount(); i < n; i++) {
                            String prefix = empty(p.getAttributePrefix(i));
                            String local = p.getAttributeLocalName(i);
                            attributes.addAttribute(
                                    empty(p.getAttributeNamespace(i)),
                                    local,
                                    prefix.isEmpty() ? local : prefix + ':' + local,
                                    "CDATA",
                                    p.getAttributeValue(i));
                        }
                        // first: the rules refuse xsi: attributes, which mean something to the validator
                        rules.start(p, parser);
                        handler.startElement(empty(p.getNamespaceURI()), p.getLocalName(), qName(p), attributes);
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        handler.endElement(empty(p.getNamespaceURI()), p.getLocalName(), qName(p));
                        rules.end(parser.depth() + 1);
                        for (int i = 0, n = p.getNamespaceCount(); i < n; i++) {
                            handler.endPrefixMapping(empty(p.getNamespacePrefix(i)));
                        }
                        if (parser.depth() == 0) {
                            handler.endDocument();
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        char[] text = p.getTextCharacters();
                        int start = p.getTextStart();
                        int length = p.getTextLength();
                        if (!(empty[depth] && isBlank(text, start, length))) {
                            handler.characters(text, start, length);
                        }
                    }
                    default -> {
                        // nothing else matters to the schema
                    }
                }
            } catch (SAXException e) {
                String message = e.getMessage();
                // Xerces prefixes its messages with the rule number ("cvc-complex-type.2.4.a: ...")
                int colon = message == null ? -1 : message.indexOf(": ");
                if (colon > 0 && message.startsWith("cvc-")) {
                    message = message.substring(colon + 2);
                }
                throw parser.fail(Kind.SCHEMA, "document does not match the schema: " + message, e);
            }
        }

        private static boolean isBlank(char[] text, int start, int length) {
            for (int i = start; i < start + length; i++) {
                char c = text[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
            }
            return true;
        }

        private static String qName(XMLStreamReader p) {
            String prefix = p.getPrefix();
            return prefix == null || prefix.isEmpty() ? p.getLocalName() : prefix + ':' + p.getLocalName();
        }

        private static String empty(String s) {
            return s == null ? "" : s;
        }

        @Override
        public String getPublicId() {
            return null;
        }

        @Override
        public String getSystemId() {
            return null;
        }

        @Override
        public int getLineNumber() {
            Location loc = source == null ? null : source.location();
            return loc == null ? -1 : loc.getLineNumber();
        }

        @Override
        public int getColumnNumber() {
            Location loc = source == null ? null : source.location();
            return loc == null ? -1 : loc.getColumnNumber();
        }
    }

    private static void rename(Document doc, Element seq, String to, boolean repeat) {
        Element replacement = doc.createElementNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "xs:" + to);
        if (repeat) {
            replacement.setAttribute("minOccurs", "0");
            replacement.setAttribute("maxOccurs", "unbounded");
        }
        while (seq.getFirstChild() != null) {
            replacement.appendChild(seq.getFirstChild());
        }
        seq.getParentNode().replaceChild(replacement, seq);
    }

    private static List<Element> elements(Document doc, String localName) {
        NodeList list = doc.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, localName);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            Node n = list.item(i);
            out.add((Element) n);
        }
        return out;
    }
}
