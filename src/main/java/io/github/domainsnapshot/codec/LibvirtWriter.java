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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        List<AttributeBinding> attributes = c.attributes;
        for (int k = 0, n = attributes.size(); k < n; k++) {
            AttributeBinding a = attributes.get(k);
            String value = a.printed(bean);
            if (value == null
                    && bean instanceof DiskSnapshot d
                    && a.name.getLocalPart().equals("type")) {
                DiskType type = LibvirtConventions.diskType(d, model);
                value = type == null ? null : type.value();
            }
            if (value != null) {
                attribute(a.name.getLocalPart(), value);
            }
        }
        ExtensibleElement extensible = (ExtensibleElement) bean;
        boolean unknown = extensible.hasUnknownContent();
        if (unknown) {
            otherAttributes(extensible.getOtherAttributes());
        }
        if (c.value != null) {
            String text = c.value.printed(bean);
            if (text == null && (!unknown || extensible.getUnknownElements().isEmpty())) {
                out.append("/>\n");
                return;
            }
            out.append('>');
            text(text == null ? "" : text);
            if (unknown) {
                List<XmlElement> unknownElements = extensible.getUnknownElements();
                for (int k = 0, n = unknownElements.size(); k < n; k++) {
                    XmlElement e = unknownElements.get(k);
                    // an element in simple content: it can only go inline
                    StringBuilder inline = new StringBuilder();
                    new XmlElementWriter(inline, this::currentPath).libvirtStyle(e, null, 0, false);
                    out.append(inline, 0, inline.length() - 1);
                }
            }
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
                    if (item != null) {
                        push(e.name, i + 1);
                        child(e, item, bean, indent + 2);
                        depth--;
                    }
                }
            } else {
                push(e.name, 0);
                child(e, value, bean, indent + 2);
                depth--;
            }
        }
        if (unknown && !extensible.getUnknownElements().isEmpty()) {
            XmlElementWriter w = new XmlElementWriter(out, this::currentPath);
            List<XmlElement> unknownElements = extensible.getUnknownElements();
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
                new XmlElementWriter(out, this::parentPath).libvirtStyle((XmlElement) value, e.name, indent, true);
        }
    }

    private void attribute(String name, String value) {
        out.append(' ').append(name).append("='");
        try {
            XmlEscaping.libvirtAttribute(out, value);
        } catch (XmlEscaping.InvalidCharacter e) {
            throw invalid(currentPath() + "/@" + name, "the value of attribute '" + name + "': " + e.getMessage());
        }
        out.append('\'');
    }

    private void text(String text) {
        try {
            XmlEscaping.libvirtText(out, text);
        } catch (XmlEscaping.InvalidCharacter e) {
            throw invalid(currentPath(), "the text of <" + names[depth - 1] + ">: " + e.getMessage());
        }
    }

    /**
     * Attributes the model does not know, in the order they were read; a namespaced one declares
     * its prefix on the same element.
     */
    private void otherAttributes(Map<QName, String> attributes) {
        List<String> declared = new ArrayList<>(0);
        int generated = 0;
        for (Map.Entry<QName, String> e : attributes.entrySet()) {
            QName q = e.getKey();
            String name = q.getLocalPart();
            String uri = q.getNamespaceURI();
            if (!uri.isEmpty()) {
                String prefix = q.getPrefix();
                if (prefix.isEmpty()) {
                    prefix = "ns" + ++generated;
                }
                if (!prefix.equals("xml") && !declared.contains(prefix)) {
                    declared.add(prefix);
                    checkName(prefix);
                    attribute("xmlns:" + prefix, uri);
                }
                name = prefix + ':' + name;
            }
            checkName(name);
            attribute(name, e.getValue());
        }
    }

    private void checkName(String name) {
        if (!XmlNames.isQualifiedName(name) || name.equals("xmlns") || name.startsWith("xmlns:")) {
            throw invalid(currentPath(), "'" + name + "' as an attribute name");
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
        for (int i = 0; i < n; i++) {
            out.append(' ');
        }
    }
}
