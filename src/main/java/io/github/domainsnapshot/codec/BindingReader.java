package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.codec.BindingModel.AttributeBinding;
import io.github.domainsnapshot.codec.BindingModel.ClassBinding;
import io.github.domainsnapshot.codec.BindingModel.ElementBinding;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.ExtensibleElement;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.HashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a document into the model, as the JAXB runtime's binding of the classes would, with
 * nothing lost: what the schema declares goes to the model's properties, and everything else is
 * kept with the object of the enclosing element:
 *
 * <ul>
 *   <li>elements and attributes the schema does not declare for their parent, and an element
 *       the schema allows once when it comes again (libvirt reads the first), are kept as
 *       unknown content;
 *   <li>elements kept verbatim (the embedded domain) are read whole into an {@link XmlElement};
 *   <li>a text element is read as its whole text, as libvirt reads it (XPath's {@code
 *       string()}); when it also holds elements or attributes, it is kept as unknown content too,
 *       so that nothing is lost. Of a list, only the first such element is read as well: the
 *       writer puts its text first and the original after it, so a later one read too would
 *       add an item at each round trip.
 * </ul>
 *
 * <p>Which is which comes from {@link BindingModel}, the same description the writer follows.
 *
 * <p>One instance reads one document on one thread.
 */
final class BindingReader {
    private static final String ROOT = "domainsnapshot";

    private final HardenedParser in;
    private final XMLStreamReader parser;
    private final BindingModel model;
    private final LocationIndex locations;

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

    /** An element of the model being read: its object, and which of its children were seen. */
    private static final class Frame {
        final ClassBinding binding;
        final Object bean;
        final Frame parent;
        final boolean[] seen;
        /** This element's entry in the locations, or null. */
        Object location;

        /** How many children of each declared name were met, by the name's binding, when any. */
        int[] declaredCounts;
        /** How many of each other name, when any. */
        Map<String, Integer> otherCounts;

        Frame(ClassBinding binding, Object bean, Frame parent) {
            this.binding = binding;
            this.bean = bean;
            this.parent = parent;
            this.seen = new boolean[binding.elements.size()];
        }

        /**
         * The index of a child in paths: 1-based, given when it can repeat or is not the first of
         * its name, else 0.
         */
        int childIndex(String name, boolean repeatable) {
            // counted by local name, in a namespace or not; an array for the declared names,
            // which are most children: a map per element was most of what a frame allocated
            ElementBinding declared = binding.element(name);
            int index;
            if (declared != null) {
                if (declaredCounts == null) {
                    declaredCounts = new int[binding.elements.size()];
                }
                index = ++declaredCounts[declared.index];
            } else {
                if (otherCounts == null) {
                    otherCounts = new HashMap<>(8);
                }
                Integer before = otherCounts.get(name);
                index = before == null ? 1 : before + 1;
                otherCounts.put(name, index);
            }
            return repeatable || index > 1 ? index : 0;
        }

        ExtensibleElement owner() {
            return (ExtensibleElement) bean;
        }
    }

    /**
     * Reads the document's root element, leaving the parser on its end tag.
     *
     * @return the snapshot
     */
    DomainSnapshot read() {
        Frame top = null;
        while (top == null) {
            top = event(null);
        }
        Frame root = top;
        // one call per event, so that the JIT compiles the work of an event during the first
        // document rather than the loop of a method called once a document after a thousand
        while (top != null) {
            top = event(top);
        }
        return (DomainSnapshot) root.bean;
    }

    /** @return the frame after the next event: null before the root and after it */
    private Frame event(Frame top) {
        switch (in.next()) {
            case XMLStreamConstants.START_ELEMENT -> {
                return top == null ? rootElement() : startElement(top);
            }
            case XMLStreamConstants.END_ELEMENT -> {
                return top.parent;
            }
            case XMLStreamConstants.END_DOCUMENT ->
                throw in.fail(Kind.MALFORMED, "the document ends before its root element does", null);
            default -> {
                // text between model elements is layout; comments and processing instructions are not kept
                return top;
            }
        }
    }

    private Frame rootElement() {
        String name = parser.getLocalName();
        // libvirt checks the root's local name only; its children in a namespace stay unknown
        if (!name.equals(ROOT)) {
            throw in.fail(Kind.ROOT, "expecting root element of '" + ROOT + "', not '" + name + "'");
        }
        Object location = note(null, name, 0);
        Frame frame = modelElement(model.root(), null);
        frame.location = location;
        return frame;
    }

    /** @return the frame of the element's content: a new one for an element of the model, else the parent */
    private Frame startElement(Frame parent) {
        String name = parser.getLocalName();
        String namespace = parser.getNamespaceURI();
        boolean noNamespace = namespace == null || namespace.isEmpty();
        ElementBinding b = noNamespace ? parent.binding.element(name) : null;
        int index = parent.childIndex(name, b != null && b.list);
        in.setIndex(index);
        Object location = note(parent, name, index);
        if (b == null || !b.list && parent.seen[b.index]) {
            parent.owner().getUnknownElements().add(in.capture());
            return parent;
        }
        boolean later = parent.seen[b.index];
        parent.seen[b.index] = true;
        switch (b.kind) {
            case VERBATIM -> {
                b.add(parent.bean, in.captureVerbatim());
                return parent;
            }
            case TEXT -> {
                String text = in.captureText();
                if (text == null) {
                    XmlElement e = in.captured();
                    parent.owner().getUnknownElements().add(e);
                    if (later) {
                        return parent;
                    }
                    text = e.textContent();
                }
                b.add(parent.bean, b.parse(text));
                return parent;
            }
            default -> {
                if (b.target.value != null) {
                    // simple content with attributes: the text as libvirt reads it, the attributes known
                    XmlElement e = in.capture();
                    boolean plain = onlyText(e);
                    if (!plain) {
                        parent.owner().getUnknownElements().add(e);
                        if (later) {
                            return parent;
                        }
                    }
                    b.add(parent.bean, simpleContent(b.target, e, plain ? e.text() : e.textContent()));
                    return parent;
                }
                Frame frame = modelElement(b.target, parent);
                frame.location = location;
                b.add(parent.bean, frame.bean);
                return frame;
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

    /** Makes the object of the start tag the parser stands on, with its attributes. */
    private Frame modelElement(ClassBinding binding, Frame parent) {
        Object bean = binding.newInstance();
        Frame frame = new Frame(binding, bean, parent);
        for (int i = 0, n = parser.getAttributeCount(); i < n; i++) {
            String ns = parser.getAttributeNamespace(i);
            String name = parser.getAttributeLocalName(i);
            AttributeBinding a = ns == null || ns.isEmpty() ? binding.attribute(name) : null;
            if (a != null) {
                a.setText(bean, parser.getAttributeValue(i));
            } else {
                String prefix = parser.getAttributePrefix(i);
                frame.owner()
                        .getOtherAttributes()
                        .put(
                                new QName(ns == null ? "" : ns, name, prefix == null ? "" : prefix),
                                parser.getAttributeValue(i));
            }
        }
        return frame;
    }

    /** Makes the object of an element with simple content read whole: its attributes and its text. */
    private static Object simpleContent(ClassBinding binding, XmlElement e, String text) {
        Object bean = binding.newInstance();
        if (e.hasAttributes()) {
            for (XmlAttribute a : e.getAttributes()) {
                AttributeBinding known = a.namespaceUri().isEmpty() ? binding.attribute(a.localName()) : null;
                if (known != null) {
                    known.setText(bean, a.value());
                } else {
                    ((ExtensibleElement) bean)
                            .getOtherAttributes()
                            .put(new QName(a.namespaceUri(), a.localName(), a.prefix()), a.value());
                }
            }
        }
        binding.value.setText(bean, text);
        return bean;
    }
}
