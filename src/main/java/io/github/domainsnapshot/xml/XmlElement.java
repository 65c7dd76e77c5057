package io.github.domainsnapshot.xml;

import io.github.domainsnapshot.internal.DeferredContent;
import io.github.domainsnapshot.internal.XmlElementAccess;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An XML element carried verbatim: the embedded {@code <domain>}, {@code <inactiveDomain>} and
 * {@code <cookie>} of a snapshot, and the parts of a disk source this library does not interpret.
 *
 * <p>Unlike a DOM element it keeps attributes in document order, which libvirt's own output
 * depends on. Children are {@code XmlElement}s and {@code String}s (text); comments and processing
 * instructions are not kept, as libvirt does not keep them either.
 *
 * <p>Like the rest of the model it is mutable and not thread-safe: share it between threads only
 * with proper publication and without changing it. Elements read by the codec may build their
 * attributes and children on first use; that is done once, under a lock, so reading a shared
 * element from several threads stays safe.
 */
@XmlAccessorType(XmlAccessType.NONE)
public final class XmlElement {
    private String namespaceUri = "";
    private String prefix = "";
    private String localName = "";
    private final List<XmlAttribute> attributes = new ArrayList<>();
    private final List<NamespaceDeclaration> namespaceDeclarations = new ArrayList<>();
    private final List<Object> children = new ArrayList<>();

    /**
     * Content checked by a reader but not built yet; null once built. Volatile: a thread that
     * sees null also sees the lists filled by the thread that built them.
     */
    private volatile DeferredContent deferred;

    static {
        XmlElementAccess.install(new XmlElementAccess.Hooks() {
            @Override
            public XmlElement deferred(String localName, DeferredContent content) {
                XmlElement e = new XmlElement(localName);
                e.deferred = content;
                return e;
            }

            @Override
            public DeferredContent deferredContent(XmlElement e) {
                return e.deferred;
            }
        });
    }

    /** An element without name, to be filled in; used by the XML binding. */
    public XmlElement() {}

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

    /** Builds deferred content, if any, before the lists are used. */
    private void ensureBuilt() {
        DeferredContent d = deferred;
        if (d != null) {
            build(d);
        }
    }

    private void build(DeferredContent d) {
        // the lock is the content's: private, so no caller can hold it
        synchronized (d) {
            if (deferred == d) {
                XmlElement full = d.build();
                attributes.addAll(full.attributes);
                namespaceDeclarations.addAll(full.namespaceDeclarations);
                children.addAll(full.children);
                deferred = null;
            }
        }
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
        ensureBuilt();
        return attributes;
    }

    /** @return the namespace declarations made on this element; live */
    public List<NamespaceDeclaration> getNamespaceDeclarations() {
        ensureBuilt();
        return namespaceDeclarations;
    }

    /** @return the children, {@code XmlElement}s and {@code String}s, in order; live */
    public List<Object> getChildren() {
        ensureBuilt();
        return children;
    }

    /**
     * The value of an attribute without namespace.
     *
     * @param name the attribute's local name
     * @return its value, or {@code null} when absent
     */
    public String attribute(String name) {
        ensureBuilt();
        for (XmlAttribute a : attributes) {
            if (a.localName().equals(name) && a.namespaceUri().isEmpty()) {
                return a.value();
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
        ensureBuilt();
        for (int i = 0; i < attributes.size(); i++) {
            XmlAttribute a = attributes.get(i);
            if (a.localName().equals(name) && a.namespaceUri().isEmpty()) {
                if (value == null) {
                    attributes.remove(i);
                } else {
                    attributes.set(i, XmlAttribute.of(name, value));
                }
                return this;
            }
        }
        if (value != null) {
            attributes.add(XmlAttribute.of(name, value));
        }
        return this;
    }

    /** @return the child elements, in order (a new list) */
    public List<XmlElement> elements() {
        ensureBuilt();
        List<XmlElement> out = new ArrayList<>();
        for (Object c : children) {
            if (c instanceof XmlElement e) {
                out.add(e);
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
        ensureBuilt();
        List<XmlElement> out = new ArrayList<>();
        for (Object c : children) {
            if (c instanceof XmlElement e && e.localName.equals(name)) {
                out.add(e);
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
        ensureBuilt();
        for (Object c : children) {
            if (c instanceof XmlElement e && e.localName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** @return the concatenated text children of this element (not of its descendants) */
    public String text() {
        ensureBuilt();
        StringBuilder b = new StringBuilder();
        for (Object c : children) {
            if (c instanceof String s) {
                b.append(s);
            }
        }
        return b.toString();
    }

    /**
     * Appends a child.
     *
     * @param child an {@code XmlElement} or a {@code String}
     * @return this element
     */
    public XmlElement add(Object child) {
        ensureBuilt();
        if (!(child instanceof XmlElement) && !(child instanceof String)) {
            throw new IllegalArgumentException("a child is an XmlElement or a String, not " + child);
        }
        children.add(child);
        return this;
    }

    /** @return a deep copy of this element */
    public XmlElement deepCopy() {
        XmlElement copy = new XmlElement(namespaceUri, prefix, localName);
        DeferredContent d = deferred;
        if (d != null) {
            // the content is immutable until built: the copy may share it
            copy.deferred = d;
            return copy;
        }
        copy.attributes.addAll(attributes);
        copy.namespaceDeclarations.addAll(namespaceDeclarations);
        for (Object c : children) {
            copy.children.add(c instanceof XmlElement e ? e.deepCopy() : c);
        }
        return copy;
    }

    /**
     * Moves the whole of another element (name, attributes, declarations, children) into this
     * one, leaving the other empty. The XML binding creates an empty element and the codec fills
     * it in with this.
     *
     * @param other the element to take over
     */
    public void takeOver(XmlElement other) {
        ensureBuilt();
        other.ensureBuilt();
        this.namespaceUri = other.namespaceUri;
        this.prefix = other.prefix;
        this.localName = other.localName;
        attributes.clear();
        attributes.addAll(other.attributes);
        namespaceDeclarations.clear();
        namespaceDeclarations.addAll(other.namespaceDeclarations);
        children.clear();
        children.addAll(other.children);
        other.attributes.clear();
        other.namespaceDeclarations.clear();
        other.children.clear();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof XmlElement e)) {
            return false;
        }
        ensureBuilt();
        e.ensureBuilt();
        return namespaceUri.equals(e.namespaceUri)
                && prefix.equals(e.prefix)
                && localName.equals(e.localName)
                && attributes.equals(e.attributes)
                && namespaceDeclarations.equals(e.namespaceDeclarations)
                && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        ensureBuilt();
        return Objects.hash(namespaceUri, localName, attributes, children);
    }

    @Override
    public String toString() {
        ensureBuilt();
        return '<' + qualifiedName() + "> with " + attributes.size() + " attribute(s) and " + children.size()
                + " child(ren)";
    }
}
