package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.codec.BindingModel.ClassBinding;
import io.github.domainsnapshot.codec.BindingModel.ElementBinding;
import io.github.domainsnapshot.model.ExtensibleElement;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import jakarta.xml.bind.Unmarshaller;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The document as the JAXB unmarshaller sees it: only what the schema declares, in the form the
 * binding reads. Everything else is taken aside here and given to the object the unmarshaller
 * makes for the enclosing element, when it is done with it ({@link #listener()}):
 *
 * <ul>
 *   <li>elements and attributes the schema does not declare for their parent, and an element
 *       the schema allows once when it comes again (libvirt reads the first), are kept as
 *       unknown content;
 *   <li>elements kept verbatim (the embedded domain) are read whole into an {@link XmlElement};
 *   <li>a text element is passed as its whole text, as libvirt reads it (XPath's {@code
 *       string()}); when it also holds elements or attributes, it is kept as unknown content too,
 *       so that nothing is lost. Of a list, only the first such element is passed as well: the
 *       writer puts its text first and the original after it, so a later one passed too would
 *       add an item at each round trip.
 * </ul>
 *
 * <p>Which is which comes from {@link BindingModel}, the same description the writer follows. Each
 * model element opens a frame that collects what was taken aside; the unmarshaller's listener
 * checks that the object it made is of the frame's class and hands it the frame's content.
 *
 * <p>One instance reads one document on one thread.
 */
final class BindingReader implements XMLStreamReader {
    private static final String ROOT = "domainsnapshot";

    private final HardenedParser in;
    private final XMLStreamReader parser;
    private final BindingModel model;
    private final LocationIndex locations;
    private final List<Frame> frames = new ArrayList<>();

    // the event shown to the unmarshaller
    private int event = START_DOCUMENT;
    private String localName;
    private int attributeCount;
    private String[] attributeNames = new String[8];
    private String[] attributeValues = new String[8];
    private char[] text = new char[64];
    private int textLength;
    /** For a text element: its text and end tag still to be shown. */
    private int replay;

    private static final int REPLAY_NONE = 0;
    private static final int REPLAY_TEXT = 1;
    private static final int REPLAY_END = 2;

    /**
     * @param in the parser
     * @param model the schema's description
     * @param locations where to note each element's location, or null not to
     */
    BindingReader(HardenedParser in, BindingModel model, LocationIndex locations) {
        this.in = in;
        this.parser = in.parser();
        this.model = model;
        this.locations = locations;
    }

    /** Content taken aside for one object of the model, and where it is. */
    private static final class Frame {
        final ClassBinding binding;
        final Frame parent;
        final String name;
        final int index;
        final boolean[] seen;
        /** This element's entry in the locations, or null. */
        Object location;

        Map<String, Integer> childCounts;
        List<XmlElement> unknown;
        Map<QName, String> otherAttributes;
        List<Object> verbatim;

        Frame(ClassBinding binding, Frame parent, String name, int index) {
            this.binding = binding;
            this.parent = parent;
            this.name = name;
            this.index = index;
            this.seen = new boolean[binding.elements.size()];
        }

        /**
         * The index of a child in paths: 1-based, given when it can repeat or is not the first of
         * its name, else 0.
         */
        int childIndex(String name, boolean repeatable) {
            if (childCounts == null) {
                childCounts = new HashMap<>(8);
            }
            int index = childCounts.merge(name, 1, Integer::sum);
            return repeatable || index > 1 ? index : 0;
        }

        String path() {
            return (parent == null ? "" : parent.path()) + '/' + name + (index > 0 ? "[" + index + ']' : "");
        }

        void unknown(XmlElement e) {
            if (unknown == null) {
                unknown = new ArrayList<>(2);
            }
            unknown.add(e);
        }

        void otherAttribute(QName name, String value) {
            if (otherAttributes == null) {
                otherAttributes = new LinkedHashMap<>(4);
            }
            otherAttributes.put(name, value);
        }

        void verbatim(ElementBinding b, XmlElement e) {
            if (verbatim == null) {
                verbatim = new ArrayList<>(4);
            }
            verbatim.add(b);
            verbatim.add(e);
        }

        void applyTo(Object target) {
            ExtensibleElement e = (ExtensibleElement) target;
            if (unknown != null) {
                e.getUnknownElements().addAll(unknown);
            }
            if (otherAttributes != null) {
                e.getOtherAttributes().putAll(otherAttributes);
            }
            if (verbatim != null) {
                for (int i = 0; i < verbatim.size(); i += 2) {
                    ((ElementBinding) verbatim.get(i)).set(target, verbatim.get(i + 1));
                }
            }
        }
    }

    /**
     * The listener to give the unmarshaller: it hands each object the content taken aside for
     * it, and fails loudly should the binding and this reader ever disagree on the structure.
     */
    Unmarshaller.Listener listener() {
        return new Unmarshaller.Listener() {
            @Override
            public void beforeUnmarshal(Object target, Object parent) {
                Frame top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
                if (top == null || top.binding.type != target.getClass()) {
                    throw mismatch(target, top);
                }
            }

            @Override
            public void afterUnmarshal(Object target, Object parent) {
                Frame top = frames.isEmpty() ? null : frames.remove(frames.size() - 1);
                if (top == null || top.binding.type != target.getClass()) {
                    throw mismatch(target, top);
                }
                top.applyTo(target);
            }
        };
    }

    private IllegalStateException mismatch(Object target, Frame top) {
        return new IllegalStateException(
                "the binding made a " + target.getClass().getSimpleName() + " where "
                        + (top == null ? "no element" : top.path() + " (" + top.binding.type.getSimpleName() + ")")
                        + " was expected");
    }

    // ---- events

    @Override
    public int next() {
        if (replay == REPLAY_TEXT) {
            replay = REPLAY_END;
            event = CHARACTERS;
            return event;
        }
        if (replay == REPLAY_END) {
            replay = REPLAY_NONE;
            event = END_ELEMENT;
            return event;
        }
        while (true) {
            switch (in.next()) {
                case START_ELEMENT -> {
                    if (startElement()) {
                        return event;
                    }
                }
                case END_ELEMENT -> {
                    event = END_ELEMENT;
                    localName = parser.getLocalName();
                    return event;
                }
                case END_DOCUMENT -> {
                    event = END_DOCUMENT;
                    return event;
                }
                default -> {
                    // text between model elements is layout; comments and processing instructions are not kept
                }
            }
        }
    }

    /** @return whether the element is shown to the unmarshaller (else it was taken aside whole) */
    private boolean startElement() {
        String name = parser.getLocalName();
        String namespace = parser.getNamespaceURI();
        boolean noNamespace = namespace == null || namespace.isEmpty();
        if (frames.isEmpty()) {
            // libvirt checks the root's local name only; its children in a namespace stay unknown
            if (!name.equals(ROOT)) {
                throw in.fail(Kind.ROOT, "expecting root element of '" + ROOT + "', not '" + name + "'");
            }
            Object location = note(null, name, 0);
            showModelElement(model.root(), null, 0).location = location;
            return true;
        }
        Frame parent = frames.get(frames.size() - 1);
        ElementBinding b = noNamespace ? parent.binding.element(name) : null;
        int index = parent.childIndex(name, b != null && b.list);
        in.setIndex(index);
        Object location = note(parent, name, index);
        if (b == null || !b.list && parent.seen[b.index]) {
            parent.unknown(in.capture());
            return false;
        }
        boolean later = parent.seen[b.index];
        parent.seen[b.index] = true;
        switch (b.kind) {
            case VERBATIM -> {
                parent.verbatim(b, in.capture());
                return false;
            }
            case TEXT -> {
                XmlElement e = in.capture();
                boolean plain = !e.hasAttributes() && !e.hasNamespaceDeclarations() && onlyText(e);
                if (!plain) {
                    parent.unknown(e);
                    if (later) {
                        return false;
                    }
                }
                showText(e, plain ? e.text() : e.textContent(), null);
                return true;
            }
            default -> {
                if (b.target.value != null) {
                    // simple content with attributes: the text as libvirt reads it, the attributes known
                    XmlElement e = in.capture();
                    boolean plain = onlyText(e);
                    if (!plain) {
                        parent.unknown(e);
                        if (later) {
                            return false;
                        }
                    }
                    Frame frame = new Frame(b.target, parent, name, index);
                    frame.location = location;
                    frames.add(frame);
                    showText(e, plain ? e.text() : e.textContent(), frame);
                } else {
                    showModelElement(b.target, parent, index).location = location;
                }
                return true;
            }
        }
    }

    /** @return the element's entry in the locations, or null when they are not kept */
    private Object note(Frame parent, String name, int index) {
        if (locations == null) {
            return null;
        }
        Location loc = parser.getLocation();
        return locations.note(
                parent == null ? null : parent.location, name, index, loc.getLineNumber(), loc.getColumnNumber());
    }

    private static boolean onlyText(XmlElement e) {
        if (!e.hasChildren()) {
            return true;
        }
        for (Object c : e.getChildren()) {
            if (!(c instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Shows the start tag the parser stands on, with the attributes its class declares. */
    private Frame showModelElement(ClassBinding binding, Frame parent, int index) {
        Frame frame = new Frame(binding, parent, parser.getLocalName(), index);
        frames.add(frame);
        event = START_ELEMENT;
        localName = parser.getLocalName();
        attributeCount = 0;
        for (int i = 0, n = parser.getAttributeCount(); i < n; i++) {
            String ns = parser.getAttributeNamespace(i);
            String name = parser.getAttributeLocalName(i);
            if ((ns == null || ns.isEmpty()) && binding.hasAttribute(name)) {
                addAttribute(name, parser.getAttributeValue(i));
            } else {
                String prefix = parser.getAttributePrefix(i);
                frame.otherAttribute(
                        new QName(ns == null ? "" : ns, name, prefix == null ? "" : prefix),
                        parser.getAttributeValue(i));
            }
        }
        return frame;
    }

    /**
     * Shows a text element read whole: its start tag (with the attributes its class declares,
     * for simple content), its text, its end tag.
     */
    private void showText(XmlElement e, String value, Frame frame) {
        event = START_ELEMENT;
        localName = e.getLocalName();
        attributeCount = 0;
        if (frame != null && e.hasAttributes()) {
            for (XmlAttribute a : e.getAttributes()) {
                if (a.namespaceUri().isEmpty() && frame.binding.hasAttribute(a.localName())) {
                    addAttribute(a.localName(), a.value());
                } else {
                    frame.otherAttribute(new QName(a.namespaceUri(), a.localName(), a.prefix()), a.value());
                }
            }
        }
        int n = value.length();
        if (text.length < n) {
            text = new char[Math.max(n, text.length * 2)];
        }
        value.getChars(0, n, text, 0);
        textLength = n;
        replay = REPLAY_TEXT;
    }

    private void addAttribute(String name, String value) {
        if (attributeCount == attributeNames.length) {
            attributeNames = java.util.Arrays.copyOf(attributeNames, attributeCount * 2);
            attributeValues = java.util.Arrays.copyOf(attributeValues, attributeCount * 2);
        }
        attributeNames[attributeCount] = name;
        attributeValues[attributeCount] = value;
        attributeCount++;
    }

    // ---- the reader's state, as the unmarshaller asks for it

    @Override
    public int getEventType() {
        return event;
    }

    @Override
    public boolean hasNext() {
        return event != END_DOCUMENT;
    }

    @Override
    public int nextTag() throws XMLStreamException {
        int e = next();
        while (e == CHARACTERS) {
            e = next();
        }
        if (e != START_ELEMENT && e != END_ELEMENT) {
            throw new XMLStreamException("expected an element");
        }
        return e;
    }

    @Override
    public String getElementText() throws XMLStreamException {
        StringBuilder b = new StringBuilder();
        while (next() == CHARACTERS) {
            b.append(text, 0, textLength);
        }
        return b.toString();
    }

    @Override
    public void require(int type, String namespaceURI, String localName) throws XMLStreamException {
        if (type != event) {
            throw new XMLStreamException("expected event " + type + ", not " + event);
        }
    }

    @Override
    public Object getProperty(String name) {
        // element and attribute names are Woodstox's, which interns them
        return parser.getProperty(name);
    }

    @Override
    public void close() {
        in.close();
    }

    @Override
    public String getNamespaceURI(String prefix) {
        return parser.getNamespaceURI(prefix);
    }

    @Override
    public boolean isStartElement() {
        return event == START_ELEMENT;
    }

    @Override
    public boolean isEndElement() {
        return event == END_ELEMENT;
    }

    @Override
    public boolean isCharacters() {
        return event == CHARACTERS;
    }

    @Override
    public boolean isWhiteSpace() {
        if (event != CHARACTERS) {
            return false;
        }
        for (int i = 0; i < textLength; i++) {
            char c = text[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String getAttributeValue(String namespaceURI, String localName) {
        if (namespaceURI != null && !namespaceURI.isEmpty()) {
            return null;
        }
        for (int i = 0; i < attributeCount; i++) {
            if (attributeNames[i].equals(localName)) {
                return attributeValues[i];
            }
        }
        return null;
    }

    @Override
    public int getAttributeCount() {
        return attributeCount;
    }

    @Override
    public QName getAttributeName(int index) {
        return new QName(attributeNames[index]);
    }

    @Override
    public String getAttributeNamespace(int index) {
        return XMLConstants.NULL_NS_URI;
    }

    @Override
    public String getAttributeLocalName(int index) {
        return attributeNames[index];
    }

    @Override
    public String getAttributePrefix(int index) {
        return XMLConstants.DEFAULT_NS_PREFIX;
    }

    @Override
    public String getAttributeType(int index) {
        return "CDATA";
    }

    @Override
    public String getAttributeValue(int index) {
        return attributeValues[index];
    }

    @Override
    public boolean isAttributeSpecified(int index) {
        return true;
    }

    @Override
    public int getNamespaceCount() {
        return 0;
    }

    @Override
    public String getNamespacePrefix(int index) {
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public String getNamespaceURI(int index) {
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return parser.getNamespaceContext();
    }

    @Override
    public String getText() {
        return new String(text, 0, textLength);
    }

    @Override
    public char[] getTextCharacters() {
        return text;
    }

    @Override
    public int getTextCharacters(int sourceStart, char[] target, int targetStart, int length) {
        int n = Math.min(length, textLength - sourceStart);
        System.arraycopy(text, sourceStart, target, targetStart, n);
        return n;
    }

    @Override
    public int getTextStart() {
        return 0;
    }

    @Override
    public int getTextLength() {
        return textLength;
    }

    @Override
    public String getEncoding() {
        return null;
    }

    @Override
    public boolean hasText() {
        return event == CHARACTERS;
    }

    @Override
    public Location getLocation() {
        return parser.getLocation();
    }

    @Override
    public QName getName() {
        return new QName(localName);
    }

    @Override
    public String getLocalName() {
        return localName;
    }

    @Override
    public boolean hasName() {
        return event == START_ELEMENT || event == END_ELEMENT;
    }

    @Override
    public String getNamespaceURI() {
        return XMLConstants.NULL_NS_URI;
    }

    @Override
    public String getPrefix() {
        return XMLConstants.DEFAULT_NS_PREFIX;
    }

    @Override
    public String getVersion() {
        return parser.getVersion();
    }

    @Override
    public boolean isStandalone() {
        return parser.isStandalone();
    }

    @Override
    public boolean standaloneSet() {
        return parser.standaloneSet();
    }

    @Override
    public String getCharacterEncodingScheme() {
        return parser.getCharacterEncodingScheme();
    }

    @Override
    public String getPITarget() {
        return null;
    }

    @Override
    public String getPIData() {
        return null;
    }
}
