package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.internal.DeferredContent;
import io.github.domainsnapshot.internal.XmlElementAccess;
import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an {@link XmlElement} as libvirt writes XML: elements with only element children are
 * indented two spaces a level; attributes are single-quoted. The {@code <metadata>} child of an
 * embedded domain is written as libvirt writes it, through libxml2's node dump: double quotes,
 * libxml2's escaping, and blank text dropped between elements.
 */
final class XmlElementWriter {
    private static final XmlElementAccess.Hooks ELEMENTS = XmlElementAccess.hooks();

    private final StringBuilder out;

    XmlElementWriter(StringBuilder out) {
        this.out = out;
    }

    /**
     * @param e the element
     * @param indent spaces before its start tag
     * @param root whether e is the root of embedded content (its {@code metadata} child is
     *     written in libxml2's style)
     */
    void libvirtStyle(XmlElement e, int indent, boolean root) {
        indent(indent);
        if (!root) {
            // an element read from libvirt's own output and not used since is copied as it came
            DeferredContent d = ELEMENTS.deferredContent(e);
            if (d != null && d.appendAsRead(out, indent)) {
                out.append('\n');
                return;
            }
        }
        startTag(e);
        List<Object> children = e.getChildren();
        if (children.isEmpty()) {
            out.append("/>\n");
            return;
        }
        if (!onlyElements(children)) {
            out.append('>');
            for (Object c : children) {
                if (c instanceof String s) {
                    XmlEscaping.libvirtText(out, s);
                } else {
                    inline((XmlElement) c);
                }
            }
            out.append("</").append(e.qualifiedName()).append(">\n");
            return;
        }
        out.append(">\n");
        for (Object c : children) {
            if (c instanceof XmlElement child) {
                if (root && isMetadata(child)) {
                    indent(indent + 2);
                    libxml(child, (indent + 2) / 2, true);
                    out.append('\n');
                } else {
                    libvirtStyle(child, indent + 2, false);
                }
            }
        }
        indent(indent);
        out.append("</").append(e.qualifiedName()).append(">\n");
    }

    /** libvirt's start tag, unclosed: attributes, then namespace declarations, single-quoted. */
    private void startTag(XmlElement e) {
        out.append('<').append(e.qualifiedName());
        for (XmlAttribute a : e.getAttributes()) {
            out.append(' ').append(a.qualifiedName()).append("='");
            XmlEscaping.libvirtAttribute(out, a.value());
            out.append('\'');
        }
        for (NamespaceDeclaration ns : e.getNamespaceDeclarations()) {
            out.append(ns.prefix().isEmpty() ? " xmlns" : " xmlns:" + ns.prefix())
                    .append("='");
            XmlEscaping.libvirtAttribute(out, ns.namespaceUri());
            out.append('\'');
        }
    }

    private static boolean isMetadata(XmlElement e) {
        return e.getLocalName().equals("metadata") && e.getNamespaceUri().isEmpty();
    }

    private static boolean onlyElements(List<Object> children) {
        for (Object c : children) {
            if (c instanceof String s && !isBlank(s)) {
                return false;
            }
        }
        return true;
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

    /** Mixed content: written as it came, without added white space. */
    private void inline(XmlElement e) {
        startTag(e);
        if (e.getChildren().isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Object c : e.getChildren()) {
            if (c instanceof String s) {
                XmlEscaping.libvirtText(out, s);
            } else {
                inline((XmlElement) c);
            }
        }
        out.append("</").append(e.qualifiedName()).append('>');
    }

    /**
     * libxml2's xmlNodeDump with formatting on, as libvirt uses it for metadata. Blank text is
     * dropped as libxml2's parser drops it (a blank node survives only as an element's sole
     * child or beside other text); an element with text children is written without added
     * white space, and so is everything inside it.
     */
    private void libxml(XmlElement e, int level, boolean format) {
        out.append('<').append(e.qualifiedName());
        for (NamespaceDeclaration ns : e.getNamespaceDeclarations()) {
            out.append(ns.prefix().isEmpty() ? " xmlns" : " xmlns:" + ns.prefix())
                    .append("=\"");
            XmlEscaping.libxmlAttribute(out, ns.namespaceUri());
            out.append('"');
        }
        for (XmlAttribute a : e.getAttributes()) {
            out.append(' ').append(a.qualifiedName()).append("=\"");
            XmlEscaping.libxmlAttribute(out, a.value());
            out.append('"');
        }
        List<Object> children = withoutBlanks(e.getChildren());
        if (children.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        boolean formatChildren = format;
        for (Object c : children) {
            if (c instanceof String) {
                formatChildren = false;
                break;
            }
        }
        for (Object c : children) {
            if (formatChildren) {
                out.append('\n');
                indent(2 * (level + 1));
            }
            if (c instanceof String s) {
                XmlEscaping.libxmlText(out, s);
            } else {
                libxml((XmlElement) c, level + 1, formatChildren);
            }
        }
        if (formatChildren) {
            out.append('\n');
            indent(2 * level);
        }
        out.append("</").append(e.qualifiedName()).append('>');
    }

    /** libxml2's areBlanks: which blank text nodes its parser keeps. */
    private static List<Object> withoutBlanks(List<Object> children) {
        if (children.size() == 1 || children.isEmpty()) {
            return children;
        }
        boolean firstIsText = children.get(0) instanceof String s0 && !isBlank(s0);
        List<Object> kept = new ArrayList<>(children.size());
        for (Object c : children) {
            if (c instanceof String s && isBlank(s)) {
                boolean previousIsText = !kept.isEmpty() && kept.get(kept.size() - 1) instanceof String;
                if (!firstIsText && !previousIsText) {
                    continue;
                }
            }
            kept.add(c);
        }
        return kept;
    }

    private void indent(int n) {
        // nesting is limited (XmlLimits.MAX_DEPTH) but a model built in code may go deeper
        for (; n > SPACES.length(); n -= SPACES.length()) {
            out.append(SPACES);
        }
        out.append(SPACES, 0, n);
    }

    private static final String SPACES = " ".repeat(128);
}
