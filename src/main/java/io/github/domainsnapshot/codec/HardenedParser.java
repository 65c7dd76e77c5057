package io.github.domainsnapshot.codec;

import com.ctc.wstx.api.WstxInputProperties;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.internal.CapturedTree;
import io.github.domainsnapshot.internal.XmlElementAccess;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * One document read through Woodstox with this library's limits: every event of the input passes
 * through {@link #next()}, which refuses DTDs and entities before anything in them is used, keeps
 * the nesting and the path for messages, hands the events to a schema validator when there is
 * one, and turns every parser failure into a {@link SnapshotXmlException} with its kind, line,
 * column and path. {@link #capture} reads an element whole into an {@link XmlElement}.
 *
 * <p>One instance reads one document on one thread.
 */
final class HardenedParser implements AutoCloseable {
    private static final XMLInputFactory FACTORY = factory();
    /** Woodstox's limit messages: "Maximum attribute size limit (10000000) exceeded", ... */
    private static final Pattern LIMIT = Pattern.compile("(?i)\\blimit \\((\\d+)\\) exceeded");

    private final XMLStreamReader parser;
    private final EventForwarder validator;
    /** Names of the open elements, [1] is the root's, with their index in paths (0 for none). */
    private String[] names = new String[16];

    private int[] indexes = new int[16];

    private int depth;
    /** The state of {@link #capture}, kept for the next one. */
    private Capture capture;
    /** Whether the root element has begun: an end of input before it is an empty document. */
    private boolean rootSeen;

    private HardenedParser(XMLStreamReader parser, EventForwarder validator) {
        this.parser = parser;
        this.validator = validator;
    }

    /**
     * Starts reading a document.
     *
     * @param input the document's text; not closed
     * @param validator where every event goes as well, or null
     */
    static HardenedParser open(Reader input, EventForwarder validator) {
        XMLStreamReader parser;
        try {
            parser = FACTORY.createXMLStreamReader(InputGuard.of(input));
        } catch (XMLStreamException e) {
            // the XML declaration, read first
            throw new HardenedParser(null, null).parseError(e);
        }
        HardenedParser p = new HardenedParser(parser, validator);
        String encoding = parser.getCharacterEncodingScheme();
        if (encoding != null && !ENCODING_NAME.matcher(encoding).matches()) {
            // libxml2's check of the declaration; the bytes are read as UTF-8 whatever it names
            throw new SnapshotXmlException(Kind.MALFORMED, "malformed XML: Invalid XML encoding name", 1, 1, "/", null);
        }
        return p;
    }

    /** XML's EncName: what an encoding declaration may name. */
    private static final Pattern ENCODING_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    /** Why a document type declaration is refused, wherever it is noticed. */
    static final String DOCTYPE_REFUSED = "a document type declaration (<!DOCTYPE>) is not allowed";

    private static XMLInputFactory factory() {
        XMLInputFactory f = new LimitedStreamReader.Factory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        // a token is parsed whole by next(), so that every error comes from there, with its place
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, false);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, XmlLimits.MAX_DEPTH);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, XmlLimits.MAX_ATTRIBUTES);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, XmlLimits.MAX_TEXT);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, XmlLimits.MAX_TEXT);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        return f;
    }

    /** @return the parser, standing on the event {@link #next()} returned */
    XMLStreamReader parser() {
        return parser;
    }

    /** @return the depth of the current element (1 for the root), 0 outside it */
    int depth() {
        return depth;
    }

    /**
     * Gives the current element an index in paths, as in {@code disk[2]}; by default it has none.
     *
     * @param index the 1-based index, or 0 for none
     */
    void setIndex(int index) {
        indexes[depth] = index;
    }

    /**
     * The next event of the document.
     *
     * @return the event type
     * @throws SnapshotXmlException when the document is not well-formed, uses a DTD or an entity,
     *     or is beyond a limit
     */
    int next() {
        int event;
        try {
            event = parser.next();
        } catch (XMLStreamException e) {
            throw parseError(e);
        }
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
                rootSeen = true;
                depth++;
                String name = parser.getLocalName();
                if (depth == names.length) {
                    names = Arrays.copyOf(names, depth * 2);
                    indexes = Arrays.copyOf(indexes, depth * 2);
                }
                names[depth] = name;
                indexes[depth] = 0;
                checkNames(name);
            }
            case XMLStreamConstants.END_ELEMENT -> depth--;
            case XMLStreamConstants.DTD -> throw fail(Kind.FORBIDDEN, DOCTYPE_REFUSED);
            case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                throw fail(Kind.FORBIDDEN, "entity references are not allowed");
            default -> {
                // text, comments and processing instructions are legal
            }
        }
        if (validator != null) {
            validator.forward(event, parser, this);
        }
        return event;
    }

    /**
     * Names and prefixes longer than a reader takes. Woodstox reads a name that fits its buffer
     * whole; {@link LimitedStreamReader} refuses longer ones while they are read.
     */
    private void checkNames(String element) {
        if (element.length() > XmlLimits.MAX_NAME || length(parser.getPrefix()) > XmlLimits.MAX_NAME) {
            throw fail(Kind.LIMIT, "element name longer than " + XmlLimits.MAX_NAME + " characters");
        }
        for (int i = 0, n = parser.getAttributeCount(); i < n; i++) {
            if (parser.getAttributeLocalName(i).length() > XmlLimits.MAX_NAME
                    || length(parser.getAttributePrefix(i)) > XmlLimits.MAX_NAME) {
                throw fail(
                        Kind.LIMIT,
                        "attribute name of element <" + element + "> longer than " + XmlLimits.MAX_NAME
                                + " characters");
            }
        }
        for (int i = 0, n = parser.getNamespaceCount(); i < n; i++) {
            if (length(parser.getNamespacePrefix(i)) > XmlLimits.MAX_NAME) {
                throw fail(
                        Kind.LIMIT,
                        "namespace prefix declared on element <" + element + "> longer than " + XmlLimits.MAX_NAME
                                + " characters");
            }
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Reads to the end of the document, so that content after the root element is an error. */
    void finish() {
        while (parser.getEventType() != XMLStreamConstants.END_DOCUMENT) {
            next();
        }
    }

    /**
     * Reads the element the parser stands on, to its end, into an {@link XmlElement}. Blank text
     * between child elements is layout and is dropped, as libvirt's parser drops it. A namespace
     * prefix the element uses but its ancestors declared is declared on it, so that it can be
     * written on its own.
     *
     * @return the element; the parser stands on its end tag
     */
    XmlElement capture() {
        return captureTree(false).view().toElement();
    }

    /**
     * Reads the element the parser stands on as {@link #capture()} does, into an element that
     * keeps what was read as a {@link CapturedTree} until its content is first asked for: for
     * the embedded domain, which most applications write back as it came without looking into
     * it. A small element costs more memory so (the tree and the element).
     *
     * @return the element; the parser stands on its end tag
     */
    XmlElement captureVerbatim() {
        return XmlElementAccess.element(captureTree(true).build().root());
    }

    /**
     * Reads a text element the parser stands on, to its end: its text when it holds nothing else
     * (no attributes, declarations or child elements), else null, and {@link #captured()} gives
     * the element.
     *
     * @return the text, or null
     */
    String captureText() {
        CapturedTree.Builder tree = captureTree(false);
        return tree.isPlainText() ? tree.plainText() : null;
    }

    /** @return the element {@link #captureText()} read last, when it was not plain text */
    XmlElement captured() {
        return capture.tree.view().toElement();
    }

    /** @param large whether a large element is expected (an embedded domain) */
    private CapturedTree.Builder captureTree(boolean large) {
        int base = depth;
        Capture c = capture;
        if (c == null) {
            // one per document: a document captures many elements, each a text element most often
            c = new Capture();
            capture = c;
        }
        c.reset(large);
        c.open(parser);
        // one call per event: the loop here runs once per captured element (a domain is one), so
        // that the JIT would compile its body only after a hundred documents, where a method
        // called for each event is compiled during the first
        while (captureEvent(c, base)) {
            // the next event
        }
        return c.tree;
    }

    /** @return whether the captured element goes on after the next event, which it takes in */
    private boolean captureEvent(Capture c, int base) {
        switch (next()) {
            case XMLStreamConstants.START_ELEMENT -> c.open(parser);
            case XMLStreamConstants.END_ELEMENT -> {
                c.close();
                return depth >= base;
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> c.text(parser);
            case XMLStreamConstants.END_DOCUMENT ->
                throw fail(Kind.MALFORMED, "the document ends inside <" + c.rootName() + ">");
            default -> {
                // comments and processing instructions are not kept, as in libvirt
            }
        }
        return true;
    }

    /** The state of one {@link #capture}: the tree being built and the pending text. */
    private static final class Capture {
        final CapturedTree.Builder tree = new CapturedTree.Builder();
        private final StringBuilder text = new StringBuilder();
        /** The last blank run of each length, given again: layout repeats, and most of it is dropped. */
        private final String[] blanks = new String[33];
        /** How many open elements of the capture declare each prefix. */
        private final Map<String, Integer> declaredInside = new HashMap<>();
        /** The prefixes the open elements declare, innermost last. */
        private final List<String> declared = new ArrayList<>();
        /** Per open element: how many prefixes it declares. */
        private int[] declaredCounts = new int[8];

        /** Ready for a capture: a failed one leaves the parser failed, so only a new or finished one comes here. */
        void reset(boolean large) {
            tree.reset(large);
            text.setLength(0);
            declaredInside.clear();
            declared.clear();
        }

        /** @return the qualified name of the element being captured, for a message */
        String rootName() {
            CapturedTree root = tree.view();
            String prefix = root.prefix(0);
            return prefix.isEmpty() ? root.localName(0) : prefix + ':' + root.localName(0);
        }

        void open(XMLStreamReader p) {
            flushText();
            int level = tree.depth();
            String uri = empty(p.getNamespaceURI());
            String prefix = empty(p.getPrefix());
            String localName = p.getLocalName();
            int ns = p.getNamespaceCount();
            int count = p.getAttributeCount();
            boolean namespacedAttributes = false;
            for (int i = 0; i < count && !namespacedAttributes; i++) {
                namespacedAttributes = !empty(p.getAttributePrefix(i)).isEmpty();
            }
            tree.start(uri, prefix, localName, ns, count, namespacedAttributes);
            if (level == declaredCounts.length) {
                declaredCounts = Arrays.copyOf(declaredCounts, level * 2);
            }
            declaredCounts[level] = ns;
            for (int i = 0; i < ns; i++) {
                String declaredPrefix = empty(p.getNamespacePrefix(i));
                tree.declaration(declaredPrefix, empty(p.getNamespaceURI(i)));
                declaredInside.merge(declaredPrefix, 1, Integer::sum);
                declared.add(declaredPrefix);
            }
            inherit(prefix, uri);
            for (int i = 0; i < count; i++) {
                String attributePrefix = empty(p.getAttributePrefix(i));
                String attributeUri = empty(p.getAttributeNamespace(i));
                tree.attribute(attributeUri, attributePrefix, p.getAttributeLocalName(i), p.getAttributeValue(i));
                if (!attributePrefix.isEmpty()) {
                    inherit(attributePrefix, attributeUri);
                }
            }
        }

        /** Declares on the root a prefix used inside it that only an ancestor outside declares. */
        private void inherit(String prefix, String uri) {
            if (prefix.equals("xml") || prefix.isEmpty() && uri.isEmpty()) {
                return;
            }
            // counted, not looked for in every open element: thousands may be declared around
            if (declaredInside.getOrDefault(prefix, 0) > 0) {
                return;
            }
            tree.inherit(prefix, uri);
            declaredInside.merge(prefix, 1, Integer::sum);
        }

        void text(XMLStreamReader p) {
            text.append(p.getTextCharacters(), p.getTextStart(), p.getTextLength());
        }

        private void flushText() {
            int n = text.length();
            if (n == 0) {
                return;
            }
            if (tree.depth() == 0) {
                text.setLength(0);
                return;
            }
            String s;
            boolean blank = isBlank(text);
            if (blank) {
                s = n < blanks.length && blanks[n] != null && blanks[n].contentEquals(text)
                        ? blanks[n]
                        : text.toString();
                if (n < blanks.length) {
                    blanks[n] = s;
                }
            } else {
                s = text.toString();
            }
            text.setLength(0);
            tree.text(s, blank);
        }

        void close() {
            flushText();
            tree.end();
            int level = tree.depth();
            for (int i = 0, n = level == 0 ? 0 : declaredCounts[level]; i < n; i++) {
                declaredInside.merge(declared.remove(declared.size() - 1), -1, Integer::sum);
            }
        }

        private static boolean isBlank(CharSequence s) {
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private static String empty(String s) {
        return s == null ? "" : s;
    }

    /** @return the XPath-like path of the current element, or "/" before the root */
    String currentPath() {
        if (depth <= 0) {
            return "/";
        }
        StringBuilder b = new StringBuilder(64);
        int last = Math.min(depth, names.length - 1);
        for (int i = 1; i <= last; i++) {
            if (last > 24 && i == 4) {
                // a path hundreds of levels deep says no more than its ends
                b.append("/...(").append(last - 5).append(" levels)");
                i = last - 2;
                continue;
            }
            b.append('/').append(names[i]);
            if (indexes[i] > 0) {
                b.append('[').append(indexes[i]).append(']');
            }
        }
        return b.toString();
    }

    /** @return where the parser stands (the start of the current event), or null */
    Location location() {
        try {
            return parser == null ? null : parser.getLocation();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * An exception at the parser's current position.
     *
     * @param kind what kind of failure
     * @param message what is wrong
     * @return the exception
     */
    SnapshotXmlException fail(Kind kind, String message) {
        return fail(kind, message, null);
    }

    SnapshotXmlException fail(Kind kind, String message, Throwable cause) {
        Location loc = location();
        return new SnapshotXmlException(
                kind,
                message,
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                currentPath(),
                cause);
    }

    /** Woodstox's exception, with its kind and this library's wording. */
    private SnapshotXmlException parseError(XMLStreamException e) {
        SnapshotXmlException inner = find(e);
        if (inner != null) {
            return inner;
        }
        if (e instanceof LimitedStreamReader.Refused r) {
            Location at = r.getLocation();
            return new SnapshotXmlException(
                    r.kind,
                    r.reason,
                    at == null ? -1 : at.getLineNumber(),
                    at == null ? -1 : at.getColumnNumber(),
                    currentPath(),
                    e);
        }
        if (e.getNestedException() instanceof InputGuard.OutOfRange c) {
            // in the XML declaration, read before the parser counts lines
            return new SnapshotXmlException(
                    Kind.MALFORMED, "malformed XML: " + c.getMessage(), 1, -1, currentPath(), e);
        }
        SnapshotXmlException io = inputFailed(e);
        if (io != null) {
            return io;
        }
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("\n at [row,col");
        if (at < 0) {
            at = message.indexOf(" at [row,col");
        }
        if (at >= 0) {
            message = message.substring(0, at).strip();
        }
        if (!rootSeen && e instanceof com.ctc.wstx.exc.WstxEOFException) {
            // nothing but blanks, comments or a declaration: no document at all
            return new SnapshotXmlException(Kind.MALFORMED, "empty document", 0, 0, null, e);
        }
        Kind kind = Kind.MALFORMED;
        Matcher limit = LIMIT.matcher(message);
        if (limit.find()) {
            kind = Kind.LIMIT;
            message = limitMessage(message, limit.group(1));
        } else if (message.startsWith("Undeclared general entity") || message.contains("external resource refused")) {
            kind = Kind.FORBIDDEN;
            message = "entities and external resources are not allowed: " + message;
        }
        Location loc = e.getLocation() != null ? e.getLocation() : location();
        return new SnapshotXmlException(
                kind,
                kind == Kind.MALFORMED ? "malformed XML: " + message : message,
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                currentPath(),
                e);
    }

    private static String limitMessage(String message, String limit) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("depth")) {
            return "elements nested deeper than " + limit + " levels";
        }
        if (lower.contains("attribute size")) {
            return "an attribute value is longer than " + limit + " characters";
        }
        if (lower.contains("attribute limit")) {
            return "an element has more than " + limit + " attributes";
        }
        if (lower.contains("text size")) {
            return "a text is longer than " + limit + " characters";
        }
        return "beyond a limit of the parser: " + message;
    }

    /**
     * The input itself failed (a directory, a stream that broke), which Woodstox reports as a
     * parse error holding the IOException: an {@link Kind#IO} failure, not a malformed document.
     *
     * @return the failure, or null when the input did not fail
     */
    private static SnapshotXmlException inputFailed(XMLStreamException e) {
        if (find(e) == null && e.getNestedException() instanceof IOException io) {
            return new SnapshotXmlException(Kind.IO, "cannot read: " + io.getMessage(), 0, 0, null, io);
        }
        return null;
    }

    /** A SnapshotXmlException that a reader or validator wrapped on its way out, if any. */
    static SnapshotXmlException find(Throwable t) {
        for (int i = 0; t != null && i < 10; i++) {
            if (t instanceof SnapshotXmlException s) {
                return s;
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof XMLStreamException x) {
                next = x.getNestedException();
            }
            t = next;
        }
        return null;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (XMLStreamException e) {
            // nothing more to learn from a parser that failed
        }
    }

    /** Receives every event of the document, for schema validation. */
    interface EventForwarder {
        /**
         * @param event the event type
         * @param parser standing on the event
         * @param source for errors at the current position
         */
        void forward(int event, XMLStreamReader parser, HardenedParser source);
    }
}
