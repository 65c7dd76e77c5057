package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * The reader every document goes through: it refuses DTDs, enforces {@link XmlLimits}, tracks
 * the XPath-like path of the current element and where each element was found, and captures the
 * subtrees that the model carries verbatim as {@link XmlElement}s (which keep attribute order,
 * unlike DOM), handing the binding an empty element in their place.
 *
 * <p>One instance reads one document on one thread.
 */
final class TrackingReader extends StreamReaderDelegate {
    /** Paths, with indexes removed, of the elements kept verbatim as XmlElement. */
    static final Set<String> SNAPSHOT_VERBATIM;

    static {
        List<String> paths = new ArrayList<>(
                List.of("/domainsnapshot/domain", "/domainsnapshot/inactiveDomain", "/domainsnapshot/cookie"));
        for (String list : List.of("disks", "revertDisks")) {
            String source = "/domainsnapshot/" + list + "/disk/source/";
            for (String child : List.of(
                    "cookies",
                    "ssl",
                    "readahead",
                    "timeout",
                    "initiator",
                    "reconnect",
                    "identity",
                    "knownHosts",
                    "slices",
                    "reservations",
                    "privateData")) {
                paths.add(source + child);
            }
            paths.add(source + "encryption/cipher");
            paths.add(source + "encryption/ivgen");
        }
        SNAPSHOT_VERBATIM = Set.copyOf(paths);
    }

    private static final int LONG_PATH = 24;

    private final String systemId;
    private final Predicate<String> verbatim;
    private final String[] names = new String[XmlLimits.MAX_DEPTH + 2];
    private final String[] segments = new String[XmlLimits.MAX_DEPTH + 2];
    private final List<Map<String, Integer>> childCounts = new ArrayList<>();
    private final Map<String, SourceLocation> locations = new LinkedHashMap<>();
    private final ArrayDeque<XmlElement> captured = new ArrayDeque<>();
    private final StringBuilder pathBuilder = new StringBuilder(64);
    private int depth;
    private long textInElement;
    private boolean captureNext;
    /** The last run of blanks seen of each length, to give again. */
    private final String[] blanks = new String[65];
    /**
     * The depth of the outermost element in a namespace, or 0: the binding keeps such an element
     * whole as unknown content, so nothing inside it may be captured for the binding.
     */
    private int foreignDepth;

    /**
     * @param reader the parser
     * @param systemId the name of the input for messages, or null
     * @param verbatim which unindexed paths are captured as XmlElement
     */
    TrackingReader(XMLStreamReader reader, String systemId, Predicate<String> verbatim) {
        super(reader);
        this.systemId = systemId;
        this.verbatim = verbatim;
    }

    /** @return where each element outside captured subtrees was found, by path */
    Map<String, SourceLocation> locations() {
        return locations;
    }

    /** @return the next captured subtree, in document order */
    XmlElement takeCaptured() {
        XmlElement e = captured.pollFirst();
        if (e == null) {
            throw new IllegalStateException("no captured element");
        }
        return e;
    }

    /** @return the XPath-like path of the current element, or "/" before the root */
    String currentPath() {
        if (depth == 0) {
            return "/";
        }
        pathBuilder.setLength(0);
        for (int i = 1; i <= depth; i++) {
            if (depth > LONG_PATH && i == 4) {
                // a path hundreds of levels deep says no more than its ends
                pathBuilder.append("/...(").append(depth - 5).append(" levels)");
                i = depth - 2;
                continue;
            }
            pathBuilder.append('/').append(segments[i]);
        }
        return pathBuilder.toString();
    }

    @Override
    public int next() throws XMLStreamException {
        if (captureNext) {
            captureNext = false;
            captured.addLast(capture());
            return XMLStreamConstants.END_ELEMENT;
        }
        int event = super.next();
        return observe(event);
    }

    @Override
    public int nextTag() throws XMLStreamException {
        int event = next();
        while (event == CHARACTERS && isWhiteSpace()
                || event == SPACE
                || event == COMMENT
                || event == PROCESSING_INSTRUCTION) {
            event = next();
        }
        if (event != START_ELEMENT && event != END_ELEMENT) {
            throw fail("expected an element", null);
        }
        return event;
    }

    @Override
    public String getElementText() throws XMLStreamException {
        StringBuilder b = new StringBuilder();
        int event = next();
        while (event != END_ELEMENT) {
            if (event == CHARACTERS || event == CDATA || event == SPACE) {
                b.append(getText());
            } else if (event == START_ELEMENT) {
                throw fail("element <" + getLocalName() + "> where only text is allowed", null);
            }
            event = next();
        }
        return b.toString();
    }

    private int observe(int event) {
        switch (event) {
            case START_ELEMENT -> startElement();
            case END_ELEMENT -> {
                if (depth == foreignDepth) {
                    foreignDepth = 0;
                }
                depth--;
                if (childCounts.size() > depth + 1) {
                    childCounts.get(depth + 1).clear();
                }
                textInElement = 0;
            }
            case CHARACTERS, CDATA, SPACE -> checkText();
            case DTD -> throw fail("a document type declaration (<!DOCTYPE>) is not allowed", null);
            case ENTITY_REFERENCE, ENTITY_DECLARATION, NOTATION_DECLARATION ->
                throw fail("entity references are not allowed", null);
            default -> {
                // comments and processing instructions are legal and ignored
            }
        }
        return event;
    }

    private void startElement() {
        depth++;
        if (depth > XmlLimits.MAX_DEPTH) {
            depth--;
            throw fail("elements nested deeper than " + XmlLimits.MAX_DEPTH + " levels", null);
        }
        String name = getLocalName();
        checkElement(name);
        while (childCounts.size() <= depth) {
            childCounts.add(new HashMap<>());
        }
        int index = childCounts.get(depth - 1).merge(name, 1, Integer::sum);
        names[depth] = name;
        segments[depth] = SnapshotPaths.segment(name, index);
        textInElement = 0;
        Location loc = getLocation();
        locations.put(currentPath(), new SourceLocation(loc.getLineNumber(), loc.getColumnNumber()));
        String namespace = getNamespaceURI();
        if (foreignDepth == 0 && namespace != null && !namespace.isEmpty()) {
            foreignDepth = depth;
        }
        if (foreignDepth == 0 && verbatim.test(unindexedPath())) {
            captureNext = true;
        }
    }

    private String unindexedPath() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= depth; i++) {
            b.append('/').append(names[i]);
        }
        return b.toString();
    }

    private void checkElement(String name) {
        if (name.length() > XmlLimits.MAX_NAME) {
            throw fail("element name longer than " + XmlLimits.MAX_NAME + " characters", null);
        }
        // the JDK's parser lets a name like ':disk' through, which no namespace-aware tool can hold
        if (name.indexOf(':') >= 0) {
            throw fail("element name '" + name + "' is not a qualified name (prefix:name)", null);
        }
        int count = getAttributeCount();
        if (count > XmlLimits.MAX_ATTRIBUTES) {
            throw fail(
                    "element <" + name + "> has " + count + " attributes, more than " + XmlLimits.MAX_ATTRIBUTES, null);
        }
        for (int i = 0; i < count; i++) {
            if (getAttributeLocalName(i).indexOf(':') >= 0) {
                throw fail(
                        "attribute name '" + getAttributeLocalName(i) + "' of element <" + name
                                + "> is not a qualified name (prefix:name)",
                        null);
            }
            if (getAttributeValue(i).length() > XmlLimits.MAX_TEXT) {
                throw fail(
                        "attribute '" + getAttributeLocalName(i) + "' of element <" + name + "> is longer than "
                                + XmlLimits.MAX_TEXT + " characters",
                        null);
            }
        }
    }

    private void checkText() {
        textInElement += getTextLength();
        if (textInElement > XmlLimits.MAX_TEXT) {
            throw fail(
                    "text of element <" + (depth > 0 ? names[depth] : "?") + "> is longer than " + XmlLimits.MAX_TEXT
                            + " characters",
                    null);
        }
    }

    /** Reads the element the parser stands on, to its end, into an XmlElement. */
    private XmlElement capture() throws XMLStreamException {
        XmlElement root = newElement();
        int captureDepth = depth;
        ArrayDeque<XmlElement> open = new ArrayDeque<>();
        open.push(root);
        while (true) {
            int event = super.next();
            switch (event) {
                case START_ELEMENT -> {
                    depth++;
                    if (depth > XmlLimits.MAX_DEPTH) {
                        depth--;
                        throw fail("elements nested deeper than " + XmlLimits.MAX_DEPTH + " levels", null);
                    }
                    checkElement(getLocalName());
                    names[depth] = getLocalName();
                    segments[depth] = getLocalName();
                    textInElement = 0;
                    XmlElement e = newElement();
                    open.peek().getChildren().add(e);
                    open.push(e);
                }
                case END_ELEMENT -> {
                    dropBlanksBetweenElements(open.pop());
                    textInElement = 0;
                    if (depth == captureDepth) {
                        // the caller's END_ELEMENT handling pops this level
                        observe(END_ELEMENT);
                        return root;
                    }
                    depth--;
                }
                case CHARACTERS, CDATA, SPACE -> {
                    checkText();
                    appendText(open.peek(), textOfEvent());
                }
                case DTD, ENTITY_REFERENCE, ENTITY_DECLARATION, NOTATION_DECLARATION -> observe(event);
                case END_DOCUMENT -> throw fail("document ends inside <" + root.getLocalName() + ">", null);
                default -> {
                    // comments and processing instructions are not kept, as in libvirt
                }
            }
        }
    }

    /**
     * In element-only content, blank text is layout, not data (libvirt's parser drops it too):
     * dropping it makes a document and its reindented form read to equal trees.
     */
    static void dropBlanksBetweenElements(XmlElement e) {
        List<Object> children = e.getChildren();
        boolean hasElement = false;
        for (Object c : children) {
            if (c instanceof String s) {
                if (!s.isBlank()) {
                    return;
                }
            } else {
                hasElement = true;
            }
        }
        if (hasElement) {
            children.removeIf(c -> c instanceof String);
        }
    }

    private static void appendText(XmlElement parent, String text) {
        List<Object> children = parent.getChildren();
        int last = children.size() - 1;
        if (last >= 0 && children.get(last) instanceof String s) {
            children.set(last, s + text);
        } else {
            children.add(text);
        }
    }

    /**
     * The current text, without a new String for the indentation between elements (the same few
     * runs of blanks come again and again, and most are dropped afterwards).
     */
    private String textOfEvent() {
        int length = getTextLength();
        if (length >= blanks.length) {
            return getText();
        }
        char[] text = getTextCharacters();
        int start = getTextStart();
        for (int i = 0; i < length; i++) {
            char c = text[start + i];
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                return getText();
            }
        }
        String known = blanks[length];
        if (known != null && sameChars(known, text, start)) {
            return known;
        }
        String blank = new String(text, start, length);
        blanks[length] = blank;
        return blank;
    }

    private static boolean sameChars(String s, char[] text, int start) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != text[start + i]) {
                return false;
            }
        }
        return true;
    }

    private XmlElement newElement() {
        String uri = getNamespaceURI();
        String prefix = getPrefix();
        XmlElement e = new XmlElement(uri == null ? "" : uri, prefix == null ? "" : prefix, getLocalName());
        int ns = getNamespaceCount();
        for (int i = 0; i < ns; i++) {
            String p = getNamespacePrefix(i);
            String u = getNamespaceURI(i);
            e.getNamespaceDeclarations().add(new NamespaceDeclaration(p == null ? "" : p, u == null ? "" : u));
        }
        int count = getAttributeCount();
        for (int i = 0; i < count; i++) {
            String au = getAttributeNamespace(i);
            String ap = getAttributePrefix(i);
            e.getAttributes()
                    .add(new XmlAttribute(
                            au == null ? "" : au,
                            ap == null ? "" : ap,
                            getAttributeLocalName(i),
                            getAttributeValue(i)));
        }
        return e;
    }

    /**
     * An exception at the parser's current position.
     *
     * @param message what is wrong
     * @param cause the underlying cause, or null
     * @return the exception
     */
    SnapshotXmlException fail(String message, Throwable cause) {
        Location loc = getLocation();
        int line = loc == null ? -1 : loc.getLineNumber();
        int column = loc == null ? -1 : loc.getColumnNumber();
        return new SnapshotXmlException(message, line, column, currentPath(), cause);
    }

    /** @return the name of the input for messages, or null */
    String systemId() {
        return systemId;
    }
}
