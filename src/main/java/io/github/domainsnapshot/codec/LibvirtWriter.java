package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.codec.BindingModel.AttributeBinding;
import io.github.domainsnapshot.codec.BindingModel.ClassBinding;
import io.github.domainsnapshot.codec.BindingModel.ElementBinding;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.ExtensibleElement;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;

/**
 * Writes a snapshot the way libvirt's virDomainSnapshotDefFormat does, driven by the binding's
 * description of the model ({@link BindingModel}): the schema's element and attribute order,
 * two spaces of indent, single-quoted attributes, empty elements as {@code />}, libvirt's
 * escaping of the five markup characters, and the rules in {@link LibvirtConventions}. Content
 * this library does not know follows the known content of its element.
 *
 * <p>Where libvirt's own output would lose what the document says, this writer keeps it: an
 * attribute value's line breaks and tabs are written as character references (libvirt writes
 * them raw, and a parser turns them into spaces).
 */
final class LibvirtWriter {
    private final StringBuilder out;
    private final BindingModel model;
    /** Names of the elements being written below the root, with their index (0 for none), for messages. */
    private String[] names = new String[8];

    private int[] indexes = new int[8];
    private int depth;

    LibvirtWriter(StringBuilder out, BindingModel model) {
        this.out = out;
        this.model = model;
    }

    void snapshot(DomainSnapshot s) {
        object(model.root(), s, "domainsnapshot", 0);
    }

    private void object(ClassBinding c, Object bean, String name, int indent) {
        indent(indent);
        out.append('<').append(name);
        int attributeCount = 0;
        List<AttributeBinding> attributes = c.attributes;
        for (int k = 0, n = attributes.size(); k < n; k++) {
            AttributeBinding a = attributes.get(k);
            String value = a.printed(bean);
            if (value == null && bean instanceof DiskSnapshot d && a.name.equals("type")) {
                DiskType type = LibvirtConventions.diskType(d, model);
                value = type == null ? null : type.value();
            }
            if (value != null) {
                attribute(a.name, value);
                attributeCount++;
            }
        }
        ExtensibleElement extensible = (ExtensibleElement) bean;
        boolean unknown = extensible.hasUnknownContent();
        if (unknown) {
            otherAttributes(c, extensible.getOtherAttributes(), attributeCount);
        }
        List<XmlElement> unknownElements = unknown ? unknownElements(c, bean, extensible) : List.of();
        if (c.value != null) {
            if (!unknownElements.isEmpty()) {
                // what the reader does with markup in a text: the whole element is the parent's unknown content
                throw invalid(
                        currentPath(),
                        "<" + unknownElements.get(0).qualifiedName() + "> inside <" + name + ">, whose content is"
                                + " text: a reader takes an element there as part of the text (put the whole <"
                                + name + "> in the parent's unknown elements instead)");
            }
            String text = c.value.printed(bean);
            if (text == null) {
                out.append("/>\n");
                return;
            }
            out.append('>');
            text(text);
            out.append("</").append(name).append(">\n");
            return;
        }
        int mark = out.length();
        out.append(">\n");
        int before = out.length();
        List<ElementBinding> elements = c.elements;
        for (int k = 0, n = elements.size(); k < n; k++) {
            ElementBinding e = elements.get(k);
            Object value = e.get(bean);
            if (value == null) {
                continue;
            }
            if (e.list) {
                List<?> items = (List<?>) value;
                for (int i = 0; i < items.size(); i++) {
                    Object item = items.get(i);
                    push(e.name, i + 1);
                    if (item == null) {
                        throw invalid(currentPath(), "a null in the list of <" + e.name + ">: a list holds its items");
                    }
                    child(e, item, bean, indent + 2);
                    depth--;
                }
            } else {
                push(e.name, 0);
                child(e, value, bean, indent + 2);
                depth--;
            }
        }
        if (!unknownElements.isEmpty()) {
            XmlElementWriter w = new XmlElementWriter(out, this::currentPath, depth + 1);
            for (int k = 0, n = unknownElements.size(); k < n; k++) {
                w.libvirtStyle(unknownElements.get(k), null, indent + 2, false);
            }
        }
        if (out.length() == before && !LibvirtConventions.isAlwaysOpened(bean)) {
            out.setLength(mark);
            out.append("/>\n");
        } else {
            indent(indent);
            out.append("</").append(name).append(">\n");
        }
    }

    private void child(ElementBinding e, Object value, Object parent, int indent) {
        Class<?> expected = e.kind == BindingModel.Kind.MODEL ? e.target.type : e.valueType;
        if (!expected.isInstance(value)) {
            throw invalid(
                    currentPath(),
                    "a " + value.getClass().getName() + " as <" + e.name + ">, which is a " + expected.getName());
        }
        switch (e.kind) {
            case TEXT -> {
                indent(indent);
                out.append('<').append(e.name).append('>');
                text(e.print(value));
                out.append("</").append(e.name).append(">\n");
            }
            case MODEL -> {
                if (!LibvirtConventions.isOmitted(value, e.name, parent, model)) {
                    object(e.target, value, e.name, indent);
                }
            }
            case VERBATIM ->
                new XmlElementWriter(out, this::parentPath, depth)
                        .libvirtStyle((XmlElement) value, e.name, indent, true);
        }
    }

    /**
     * The unknown elements of an object, each one a reader takes back as unknown: not null, an
     * element, and not named as a known child that the reader would take it for. An element the
     * schema allows once is unknown when the known one is written first; of a list, only an item
     * of text with markup in it, after the list's own items.
     */
    private List<XmlElement> unknownElements(ClassBinding c, Object bean, ExtensibleElement extensible) {
        List<XmlElement> list = extensible.getUnknownElements();
        for (int k = 0, n = list.size(); k < n; k++) {
            Object o = list.get(k);
            if (!(o instanceof XmlElement e)) {
                throw invalid(
                        currentPath(),
                        "unknown element " + (k + 1) + ": "
                                + (o == null ? "null" : "a " + o.getClass().getName())
                                + ", where unknown elements are XmlElements");
            }
            ElementBinding b = e.getNamespaceUri().isEmpty() ? c.element(e.getLocalName()) : null;
            if (b == null) {
                continue;
            }
            Object known = b.get(bean);
            boolean stays;
            if (!b.list) {
                stays = known != null && !LibvirtConventions.isOmitted(known, b.name, bean, model);
            } else {
                stays = b.kind == BindingModel.Kind.TEXT
                        && known instanceof List<?> items
                        && !items.isEmpty()
                        && (e.hasAttributes()
                                || e.hasNamespaceDeclarations()
                                || !e.elements().isEmpty());
            }
            if (!stays) {
                throw invalid(
                        currentPath(),
                        "an unknown <" + e.getLocalName() + ">: a reader takes it as the known <" + b.name
                                + "> (set that instead, or give the element a namespace)");
            }
        }
        return list;
    }

    private void attribute(String name, String value) {
        if (value.length() > XmlLimits.MAX_TEXT) {
            throw new SnapshotXmlException(
                    Kind.LIMIT,
                    "cannot write attribute '" + name + "': its value is longer than " + XmlLimits.MAX_TEXT
                            + " characters",
                    0,
                    0,
                    currentPath() + "/@" + name,
                    null);
        }
        out.append(' ').append(name).append("='");
        try {
            XmlEscaping.libvirtAttribute(out, value);
        } catch (XmlEscaping.InvalidCharacter e) {
            throw invalid(currentPath() + "/@" + name, "the value of attribute '" + name + "': " + e.getMessage());
        }
        out.append('\'');
    }

    private void text(String text) {
        if (text.length() > XmlLimits.MAX_TEXT) {
            throw new SnapshotXmlException(
                    Kind.LIMIT,
                    "cannot write a text longer than " + XmlLimits.MAX_TEXT + " characters",
                    0,
                    0,
                    currentPath(),
                    null);
        }
        try {
            XmlEscaping.libvirtText(out, text);
        } catch (XmlEscaping.InvalidCharacter e) {
            throw invalid(currentPath(), "the text of <" + names[depth - 1] + ">: " + e.getMessage());
        }
    }

    /**
     * Attributes the model does not know, in the order they were read; a namespaced one declares
     * its prefix on the same element, a prefix of its own where its given one cannot be used
     * there (another attribute binds it to another namespace, or it is none or reserved): a
     * prefix is how a name is written, not part of it ({@link QName#equals}).
     */
    private void otherAttributes(ClassBinding c, Map<QName, String> attributes, int known) {
        if (known + attributes.size() > XmlLimits.MAX_ATTRIBUTES) {
            throw new SnapshotXmlException(
                    Kind.LIMIT,
                    "cannot write " + (known + attributes.size()) + " attributes on one element: a reader takes "
                            + XmlLimits.MAX_ATTRIBUTES,
                    0,
                    0,
                    currentPath(),
                    null);
        }
        Map<String, String> declared = new HashMap<>(4);
        Map<String, String> prefixOf = new HashMap<>(4);
        Set<String> ownPrefixes = new HashSet<>(4);
        for (Object key : attributes.keySet()) {
            if (key instanceof QName q) {
                ownPrefixes.add(q.getPrefix());
            }
        }
        int generated = 0;
        for (Map.Entry<?, ?> entry : attributes.entrySet()) {
            Object key = entry.getKey();
            Object value = entry.getValue();
            if (!(key instanceof QName q)) {
                throw invalid(
                        currentPath(),
                        "an unknown attribute named by "
                                + (key == null ? "null" : "a " + key.getClass().getName())
                                + ", where names are QNames");
            }
            String local = q.getLocalPart();
            String uri = q.getNamespaceURI();
            if (!XmlNames.isNcName(local)) {
                throw invalid(
                        currentPath(), "'" + local + "' as the name of an attribute: not an XML name without ':'");
            }
            if (local.length() > XmlLimits.MAX_NAME) {
                throw new SnapshotXmlException(
                        Kind.LIMIT,
                        "cannot write an attribute name longer than " + XmlLimits.MAX_NAME + " characters",
                        0,
                        0,
                        currentPath(),
                        null);
            }
            if (!(value instanceof String text)) {
                throw invalid(
                        currentPath() + "/@" + local,
                        (value == null ? "null" : "a " + value.getClass().getName()) + " as the value of attribute '"
                                + local + "'");
            }
            String name;
            if (uri.isEmpty()) {
                if (c.hasAttribute(local)) {
                    throw invalid(
                            currentPath() + "/@" + local,
                            "attribute '" + local + "' among the unknown attributes: it is a known attribute, which a"
                                    + " reader takes it for (set that instead)");
                }
                if (local.equals(XMLConstants.XMLNS_ATTRIBUTE)) {
                    throw invalid(currentPath(), "'xmlns' as an attribute: it declares a namespace");
                }
                name = local;
            } else if (uri.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)) {
                throw invalid(currentPath(), "an attribute in " + uri + ": namespace declarations are not attributes");
            } else if (uri.equals(XMLConstants.XML_NS_URI)) {
                name = XMLConstants.XML_NS_PREFIX + ':' + local;
            } else {
                String prefix = prefixOf.get(uri);
                if (prefix == null) {
                    prefix = q.getPrefix();
                    if (prefix.isEmpty()
                            || prefix.equals(XMLConstants.XML_NS_PREFIX)
                            || prefix.equals(XMLConstants.XMLNS_ATTRIBUTE)
                            || prefix.length() > XmlLimits.MAX_NAME
                            || !XmlNames.isNcName(prefix)
                            || declared.containsKey(prefix)) {
                        do {
                            prefix = "ns" + ++generated;
                        } while (declared.containsKey(prefix) || ownPrefixes.contains(prefix));
                    }
                    declared.put(prefix, uri);
                    prefixOf.put(uri, prefix);
                    attribute("xmlns:" + prefix, uri);
                }
                name = prefix + ':' + local;
            }
            attribute(name, text);
        }
    }

    private void push(String name, int index) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
        }
        names[depth] = name;
        indexes[depth] = index;
        depth++;
    }

    private String currentPath() {
        return path(depth);
    }

    private String parentPath() {
        return path(depth - 1);
    }

    private String path(int levels) {
        StringBuilder b = new StringBuilder("/domainsnapshot");
        for (int i = 0; i < levels; i++) {
            b.append('/').append(names[i]);
            if (indexes[i] > 0) {
                b.append('[').append(indexes[i]).append(']');
            }
        }
        return b.toString();
    }

    private static SnapshotXmlException invalid(String path, String what) {
        return new SnapshotXmlException(Kind.INVALID, "cannot write " + what, 0, 0, path, null);
    }

    private void indent(int n) {
        for (; n > SPACES.length(); n -= SPACES.length()) {
            out.append(SPACES);
        }
        out.append(SPACES, 0, n);
    }

    private static final String SPACES = " ".repeat(64);
}
