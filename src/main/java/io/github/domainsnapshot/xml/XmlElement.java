package io.github.domainsnapshot.xml;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.internal.CapturedTree;
import io.github.domainsnapshot.internal.XmlElementAccess;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An XML element carried verbatim: the embedded {@code <domain>}, {@code <inactiveDomain>} and
 * {@code <cookie>} of a snapshot, the parts of a disk source this library does not interpret, and
 * every element it does not know.
 *
 * <p>Unlike a DOM element it keeps attributes in document order, which libvirt's own output
 * depends on. Children are {@code XmlElement}s and {@code String}s (text); comments and processing
 * instructions are not kept, as libvirt does not keep them either.
 *
 * <p>An element has one parent: a tree that holds an element twice (one that contains itself, or
 * a child added to two parents) is refused by the writer and by {@link #equals}, {@link
 * #deepCopy} and {@link #textContent} with a {@link SnapshotXmlException}, rather than walked
 * forever or exponentially often; {@link #deepCopy} makes the copy to put elsewhere.
 *
 * <p>An embedded element the codec read keeps the compact form the parser gave it and makes its
 * attribute and child lists from it one level at a time, the first time each element's content is
 * asked for; a document read and written back makes none. Until its whole content has been asked
 * for, such an element, its children and its deep copies share that form of the embedded element
 * it came from: an element kept long after its document keeps that much memory with it.
 *
 * <p>Like the rest of the model it is mutable and not thread-safe: share it between threads only
 * with proper publication and without changing it (its lists are made under its lock, so threads
 * that only read it are safe).
 */
@XmlAccessorType(XmlAccessType.NONE)
public final class XmlElement {
    private final String namespaceUri;
    private final String prefix;
    private final String localName;
    // made when first needed: most elements of a domain have no declarations, many no attributes
    private List<XmlAttribute> attributes;
    private List<NamespaceDeclaration> namespaceDeclarations;
    private List<Object> children;
    /**
     * The content as the codec read it, until first asked for: a document read and written
     * again, its domain untouched, never makes these lists. Volatile, and cleared only once the
     * lists are set (under this element's lock), so that threads that only read the element see
     * it whole.
     */
    private volatile CapturedTree.Node pending;

    static {
        XmlElementAccess.register(new XmlElementAccess.Access() {
            @Override
            public XmlElement element(CapturedTree.Node node) {
                return new XmlElement(node);
            }

            @Override
            public CapturedTree.Node pending(XmlElement e) {
                return e.pending;
            }
        });
    }

    /** For the XML binding, which maps the embedded elements' type but never creates one. */
    private XmlElement() {
        this("");
    }

    /**
     * An element without namespace.
     *
     * @param localName its name
     */
    public XmlElement(String localName) {
        this("", "", localName);
    }

    /**
     * An element in a namespace.
     *
     * @param namespaceUri the namespace URI, empty for none
     * @param prefix the prefix as written, empty for none
     * @param localName the local name
     */
    public XmlElement(String namespaceUri, String prefix, String localName) {
        this.namespaceUri = Objects.requireNonNull(namespaceUri, "namespaceUri");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.localName = Objects.requireNonNull(localName, "localName");
    }

    /** An element that holds an element of a tree until its content is first asked for. */
    private XmlElement(CapturedTree.Node node) {
        CapturedTree tree = node.tree();
        int op = node.op();
        this.namespaceUri = tree.namespaceUri(op);
        this.prefix = tree.prefix(op);
        this.localName = tree.localName(op);
        this.pending = node;
    }

    /** @return the namespace URI, empty for none */
    public String getNamespaceUri() {
        return namespaceUri;
    }

    /** @return the prefix as written, empty for none */
    public String getPrefix() {
        return prefix;
    }

    /** @return the local name */
    public String getLocalName() {
        return localName;
    }

    /** @return the name as written: {@code prefix:localName} or {@code localName} */
    public String qualifiedName() {
        return prefix.isEmpty() ? localName : prefix + ':' + localName;
    }

    /** @return the attributes in document order; the list is live and may be changed */
    public List<XmlAttribute> getAttributes() {
        content();
        if (attributes == null) {
            attributes = new ArrayList<>(4);
        }
        return attributes;
    }

    /** @return the namespace declarations made on this element; live */
    public List<NamespaceDeclaration> getNamespaceDeclarations() {
        content();
        if (namespaceDeclarations == null) {
            namespaceDeclarations = new ArrayList<>(2);
        }
        return namespaceDeclarations;
    }

    /** @return the children, {@code XmlElement}s and {@code String}s, in order; live */
    public List<Object> getChildren() {
        content();
        if (children == null) {
            children = new ArrayList<>(4);
        }
        return children;
    }

    /** @return whether the element has attributes */
    public boolean hasAttributes() {
        List<XmlAttribute> list = attributeList();
        return list != null && !list.isEmpty();
    }

    /** @return whether the element declares namespaces */
    public boolean hasNamespaceDeclarations() {
        List<NamespaceDeclaration> list = declarationList();
        return list != null && !list.isEmpty();
    }

    /** @return whether the element has children (elements or text) */
    public boolean hasChildren() {
        List<Object> list = childList();
        return list != null && !list.isEmpty();
    }

    private List<XmlAttribute> attributeList() {
        content();
        return attributes;
    }

    private List<NamespaceDeclaration> declarationList() {
        content();
        return namespaceDeclarations;
    }

    private List<Object> childList() {
        content();
        return children;
    }

    /** Makes the lists from the tree the codec read, the first time the content is asked for. */
    private void content() {
        if (pending != null) {
            build();
        }
    }

    private synchronized void build() {
        CapturedTree.Node node = pending;
        if (node != null) {
            CapturedTree tree = node.tree();
            int op = node.op();
            attributes = tree.attributes(op);
            namespaceDeclarations = tree.declarations(op);
            children = tree.oneLevelOfChildren(op);
            pending = null;
        }
    }

    /**
     * The value of an attribute without namespace.
     *
     * @param name the attribute's local name
     * @return its value, or {@code null} when absent
     */
    public String attribute(String name) {
        List<XmlAttribute> list = attributeList();
        if (list != null) {
            for (XmlAttribute a : list) {
                if (a.localName().equals(name) && a.namespaceUri().isEmpty()) {
                    return a.value();
                }
            }
        }
        return null;
    }

    /**
     * Sets an attribute without namespace, keeping its place when it exists, else appending it.
     *
     * @param name the attribute's local name
     * @param value its value; {@code null} removes it
     * @return this element
     */
    public XmlElement setAttribute(String name, String value) {
        List<XmlAttribute> list = getAttributes();
        for (int i = 0; i < list.size(); i++) {
            XmlAttribute a = list.get(i);
            if (a.localName().equals(name) && a.namespaceUri().isEmpty()) {
                if (value == null) {
                    list.remove(i);
                } else {
                    list.set(i, XmlAttribute.of(name, value));
                }
                return this;
            }
        }
        if (value != null) {
            list.add(XmlAttribute.of(name, value));
        }
        return this;
    }

    /** @return the child elements, in order (a new list) */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>();
        List<Object> list = childList();
        if (list != null) {
            for (Object c : list) {
                if (c instanceof XmlElement e) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /**
     * The child elements with a name, in any namespace.
     *
     * @param name the local name
     * @return the matching children, in order (a new list)
     */
    public List<XmlElement> elements(String name) {
        List<XmlElement> out = new ArrayList<>();
        List<Object> list = childList();
        if (list != null) {
            for (Object c : list) {
                if (c instanceof XmlElement e && e.localName.equals(name)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /**
     * The first child element with a name, in any namespace.
     *
     * @param name the local name
     * @return the child, or {@code null}
     */
    public XmlElement element(String name) {
        List<Object> list = childList();
        if (list != null) {
            for (Object c : list) {
                if (c instanceof XmlElement e && e.localName.equals(name)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** @return the concatenated text children of this element (not of its descendants) */
    public String text() {
        List<Object> list = childList();
        if (list == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Object c : list) {
            if (c instanceof String s) {
                b.append(s);
            }
        }
        return b.toString();
    }

    /**
     * All the text inside this element, its descendants' included, in document order: what
     * libvirt's parser reads as an element's value (XPath's {@code string()}).
     *
     * @return the text, empty when there is none
     * @throws SnapshotXmlException when an element is in the tree twice (it contains itself, or
     *     has two parents)
     */
    public String textContent() {
        StringBuilder b = new StringBuilder();
        // iterative: nesting may be deep; each element once: a tree, not a graph
        Set<XmlElement> seen = identitySet();
        seen.add(this);
        Deque<Iterator<Object>> open = new ArrayDeque<>();
        List<Object> list = childList();
        if (list != null) {
            open.push(list.iterator());
        }
        while (!open.isEmpty()) {
            Iterator<Object> it = open.peek();
            if (!it.hasNext()) {
                open.pop();
                continue;
            }
            Object c = it.next();
            if (c instanceof String s) {
                b.append(s);
            } else if (c instanceof XmlElement e) {
                once(seen, e);
                List<Object> inner = e.childList();
                if (inner != null) {
                    open.push(inner.iterator());
                }
            }
        }
        return b.toString();
    }

    /** @return a set of elements by identity */
    private static Set<XmlElement> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * Notes an element met in a walk through a tree.
     *
     * @throws SnapshotXmlException when it was met before: a tree that contains itself would be
     *     walked forever, one that shares an element exponentially often
     */
    private static void once(Set<XmlElement> seen, XmlElement e) {
        // only an element with children can make a walk grow: only those are noted; an element
        // still holding the codec's tree is asked without being built
        CapturedTree.Node node = e.pending;
        boolean hasChildren = node != null ? node.hasChildren() : e.hasChildren();
        if (hasChildren && !seen.add(e)) {
            throw new SnapshotXmlException(
                    SnapshotXmlException.Kind.INVALID,
                    "<" + e.qualifiedName() + "> is in the tree twice (it contains itself, or has two parents): an"
                            + " element has one parent; put a deepCopy() in the second place");
        }
    }

    /**
     * Appends a child.
     *
     * @param child an {@code XmlElement} or a {@code String}
     * @return this element
     */
    public XmlElement add(Object child) {
        if (!(child instanceof XmlElement) && !(child instanceof String)) {
            throw new IllegalArgumentException("a child is an XmlElement or a String, not " + child);
        }
        getChildren().add(child);
        return this;
    }

    /**
     * @return a deep copy of this element
     * @throws SnapshotXmlException when an element is in the tree twice (it contains itself, or
     *     has two parents)
     */
    public XmlElement deepCopy() {
        XmlElement unbuilt = unbuiltCopy(this);
        if (unbuilt != null) {
            return unbuilt;
        }
        // iterative: nesting may be deep
        Set<XmlElement> seen = identitySet();
        seen.add(this);
        XmlElement root = shallowCopy(this);
        Deque<XmlElement[]> work = new ArrayDeque<>();
        work.push(new XmlElement[] {this, root});
        while (!work.isEmpty()) {
            XmlElement[] pair = work.pop();
            List<Object> original = pair[0].childList();
            if (original == null) {
                continue;
            }
            List<Object> copied = new ArrayList<>(original.size());
            for (Object c : original) {
                if (c instanceof XmlElement e) {
                    once(seen, e);
                    XmlElement copy = unbuiltCopy(e);
                    if (copy == null) {
                        copy = shallowCopy(e);
                        work.push(new XmlElement[] {e, copy});
                    }
                    copied.add(copy);
                } else {
                    copied.add(c);
                }
            }
            pair[1].children = copied;
        }
        return root;
    }

    /**
     * A copy of an element whose content is still the tree the codec read: the copy shares the
     * tree, which nothing changes, and builds its own lists from it when asked; neither is built
     * by the copy.
     *
     * @return the copy, or null when the element's lists are built
     */
    private static XmlElement unbuiltCopy(XmlElement e) {
        CapturedTree.Node node = e.pending;
        return node == null ? null : new XmlElement(node);
    }

    private static XmlElement shallowCopy(XmlElement e) {
        XmlElement copy = new XmlElement(e.namespaceUri, e.prefix, e.localName);
        List<XmlAttribute> itsAttributes = e.attributeList();
        if (itsAttributes != null) {
            copy.attributes = new ArrayList<>(itsAttributes);
        }
        List<NamespaceDeclaration> itsDeclarations = e.declarationList();
        if (itsDeclarations != null) {
            copy.namespaceDeclarations = new ArrayList<>(itsDeclarations);
        }
        return copy;
    }

    /**
     * Two elements are equal when they hold the same XML as it is read and written: the same
     * names (namespace, prefix and local name), the same attributes in the same order, and the
     * same children, texts compared as a reader sees them: adjacent texts are one text, an empty
     * text is none, and blank text among child elements, with no other text, is layout (the
     * reader drops it, the writer indents instead). Namespace declarations are not compared:
     * they say how names are written, and the writer declares what a name needs where nothing
     * declares it. So an element written and read back is equal to itself.
     *
     * @param o another object
     * @return whether it is an equal element
     * @throws SnapshotXmlException when an element is in either tree twice (it contains itself,
     *     or has two parents): such a graph is no tree to compare
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof XmlElement e)) {
            return false;
        }
        // iterative: nesting may be deep
        Set<XmlElement> seenHere = identitySet();
        Set<XmlElement> seenThere = identitySet();
        seenHere.add(this);
        seenThere.add(e);
        Deque<XmlElement[]> work = new ArrayDeque<>();
        work.push(new XmlElement[] {this, e});
        while (!work.isEmpty()) {
            XmlElement[] pair = work.pop();
            XmlElement a = pair[0];
            XmlElement b = pair[1];
            if (!a.namespaceUri.equals(b.namespaceUri)
                    || !a.prefix.equals(b.prefix)
                    || !a.localName.equals(b.localName)
                    || !sameList(a.attributeList(), b.attributeList())) {
                return false;
            }
            List<Object> ac = normalized(a.childList());
            List<Object> bc = normalized(b.childList());
            if (ac.size() != bc.size()) {
                return false;
            }
            for (int i = 0; i < ac.size(); i++) {
                Object x = ac.get(i);
                Object y = bc.get(i);
                if (x instanceof XmlElement xe && y instanceof XmlElement ye) {
                    once(seenHere, xe);
                    once(seenThere, ye);
                    work.push(new XmlElement[] {xe, ye});
                } else if (!Objects.equals(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Children as a reader sees them: adjacent texts joined, empty ones left out, and blank ones
     * left out among elements when there is no other text.
     *
     * @return the list itself when it is so already
     */
    private static List<Object> normalized(List<Object> children) {
        if (children == null || children.isEmpty()) {
            return List.of();
        }
        boolean elements = false;
        boolean text = false;
        boolean already = true;
        Object previous = null;
        for (Object c : children) {
            if (c instanceof String s) {
                if (s.isEmpty() || previous instanceof String) {
                    already = false;
                }
                if (!isBlank(s)) {
                    text = true;
                }
            } else if (c instanceof XmlElement) {
                elements = true;
            }
            previous = c;
        }
        boolean layout = elements && !text;
        if (already && !(layout && hasString(children))) {
            return children;
        }
        List<Object> out = new ArrayList<>(children.size());
        StringBuilder run = null;
        for (Object c : children) {
            if (c instanceof String s) {
                if (!layout) {
                    if (run == null) {
                        run = new StringBuilder();
                    }
                    run.append(s);
                }
                continue;
            }
            if (run != null && run.length() > 0) {
                out.add(run.toString());
            }
            run = null;
            out.add(c);
        }
        if (run != null && run.length() > 0) {
            out.add(run.toString());
        }
        return out;
    }

    private static boolean hasString(List<Object> children) {
        for (Object c : children) {
            if (c instanceof String) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean sameList(List<?> a, List<?> b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        return aEmpty && bEmpty || !aEmpty && !bEmpty && a.equals(b);
    }

    @Override
    public int hashCode() {
        // name and attributes only: cheap, and consistent with equals
        int h = Objects.hash(namespaceUri, localName);
        List<XmlAttribute> list = attributeList();
        return list == null || list.isEmpty() ? h : 31 * h + list.hashCode();
    }

    /** How much of a large tree {@link #toString()} shows. */
    private static final int TO_STRING_LIMIT = 65_536;

    /**
     * The element as compact XML, for people reading logs and test failures: double-quoted
     * attributes, the markup characters escaped, no layout added. A tree of more than 65,536
     * characters is cut there and ends in {@code ...}. Codecs write documents; this does not.
     *
     * @return the element as XML
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        // iterative: nesting may be deep; an XmlElement on the stack is an end tag still to write
        Deque<Object> work = new ArrayDeque<>();
        work.push(this);
        while (!work.isEmpty() && b.length() < TO_STRING_LIMIT) {
            Object next = work.pop();
            if (next instanceof String text) {
                escape(b, text, false);
            } else if (next instanceof XmlElement[] end) {
                b.append("</").append(end[0].qualifiedName()).append('>');
            } else {
                XmlElement e = (XmlElement) next;
                b.append('<').append(e.qualifiedName());
                List<NamespaceDeclaration> itsDeclarations = e.declarationList();
                if (itsDeclarations != null) {
                    for (NamespaceDeclaration d : itsDeclarations) {
                        b.append(d.prefix().isEmpty() ? " xmlns" : " xmlns:" + d.prefix())
                                .append("=\"");
                        escape(b, d.namespaceUri(), true);
                        b.append('"');
                    }
                }
                List<XmlAttribute> itsAttributes = e.attributeList();
                if (itsAttributes != null) {
                    for (XmlAttribute a : itsAttributes) {
                        b.append(' ').append(a.qualifiedName()).append("=\"");
                        escape(b, a.value(), true);
                        b.append('"');
                    }
                }
                List<Object> itsChildren = e.childList();
                if (itsChildren == null || itsChildren.isEmpty()) {
                    b.append("/>");
                } else {
                    b.append('>');
                    work.push(new XmlElement[] {e});
                    for (int i = itsChildren.size() - 1; i >= 0; i--) {
                        work.push(itsChildren.get(i));
                    }
                }
            }
        }
        if (b.length() >= TO_STRING_LIMIT) {
            b.setLength(TO_STRING_LIMIT);
            b.append("...");
        }
        return b.toString();
    }

    private static void escape(StringBuilder b, String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                default -> b.append(c);
            }
        }
    }
}
