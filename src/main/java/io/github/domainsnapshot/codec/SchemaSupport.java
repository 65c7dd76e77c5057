package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException.Kind;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The strict form of domainsnapshot.xsd, used when schema validation is on: the same schema
 * without the attributes and elements libvirt reads but its schema refuses ({@code
 * id="lenient-*"}), and with the sequences that stand for libvirt's interleaves made
 * order-insensitive ({@code all-*} become {@code xs:all}, {@code any-*} become repeatable
 * choices). Built once, on first use. The validator sees every event of the input, before the
 * reader takes anything aside for the binding, and so do the {@link SchemaRules} that the XSD
 * cannot express.
 */
final class SchemaSupport {
    static final String XSD = "/schema/domainsnapshot.xsd";

    private SchemaSupport() {}

    /**
     * The schema, and the names of its types with empty content (attributes only). RELAX NG lets
     * such an element hold blanks, as any element that holds no text; XML Schema does not, so the
     * validator is not shown them.
     */
    private record Strict(Schema schema, Set<String> emptyContent, Map<String, List<SchemaPatterns.Type>> patterns) {}

    private static final class Holder {
        static final Strict STRICT = build();
    }

    private static Strict build() {
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
            Document doc = dbf.newDocumentBuilder().parse(in);
            makeStrict(doc);
            Map<String, List<SchemaPatterns.Type>> patterns = SchemaPatterns.takeFrom(doc);
            SchemaFactory sf = SchemaFactory.newDefaultInstance();
            sf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return new Strict(sf.newSchema(new DOMSource(doc)), emptyContent(doc), patterns);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the validation schema: " + e.getMessage(), e);
        }
    }

    private static void makeStrict(Document doc) {
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

    /** @return a validator of one document, fed every event of it */
    static HardenedParser.EventForwarder newValidator() {
        Strict strict = Holder.STRICT;
        return new Forwarder(strict.schema().newValidatorHandler(), strict.emptyContent(), strict.patterns());
    }

    /**
     * Hands StAX events to a SAX validator and to the rules, and the first complaint back as an
     * exception.
     */
    private static final class Forwarder implements HardenedParser.EventForwarder, Locator {
        private final ValidatorHandler handler;
        private final SchemaRules rules = new SchemaRules();
        private final AttributesImpl attributes = new AttributesImpl();
        private HardenedParser source;
        /** Per open element (index: depth), whether its type has empty content. */
        private boolean[] empty = new boolean[16];

        private int depth;

        Forwarder(ValidatorHandler handler, Set<String> emptyContent, Map<String, List<SchemaPatterns.Type>> patterns) {
            this.handler = handler;
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
