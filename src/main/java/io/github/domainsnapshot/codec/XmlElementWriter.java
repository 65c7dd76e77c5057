package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes an {@link XmlElement} as libvirt writes XML: elements with only element children are
 * indented two spaces a level; attributes are single-quoted. The {@code <metadata>} child of an
 * embedded domain is written as libvirt writes it, through libxml2's node dump (see {@link
 * LibvirtConventions#isDumpedByLibxml}).
 *
 * <p>The output is always well-formed: a namespace prefix the element uses is declared where no
 * enclosing element written here declares it, names are checked, a character XML cannot hold is
 * refused, and so is nesting deeper than a reader accepts.
 */
final class XmlElementWriter {
    private final StringBuilder out;
    /** The path of the parent of what is written, for messages. */
    private final Supplier<String> basePath;
    /** What each prefix is bound to here (the default namespace: the empty prefix). */
    private final Map<String, String> bound = new HashMap<>();
    /**
     * The declarations of the elements open here, innermost last: prefix, URI, and what the
     * prefix was bound to before (null for nothing), to restore when the element ends.
     */
    private final List<String[]> scope = new ArrayList<>();

    private int depth;

    /**
     * @param out where to write
     * @param basePath the path of the parent of the elements written, for messages
     */
    XmlElementWriter(StringBuilder out, Supplier<String> basePath) {
        this.out = out;
        this.basePath = basePath;
    }

    /**
     * @param e the element
     * @param name the name to write it under, or null for its own
     * @param indent spaces before its start tag
     * @param embedded whether e is the root of embedded content (its {@code metadata} child is
     *     written in libxml2's style)
     */
    void libvirtStyle(XmlElement e, String name, int indent, boolean embedded) {
        String qname = name != null ? name : e.qualifiedName();
        indent(indent);
        int scopeMark = startTag(e, qname, '\'');
        depth++;
        if (!e.hasChildren()) {
            out.append("/>\n");
        } else if (!onlyElements(e.getChildren())) {
            inlineContent(e, qname);
            out.append('\n');
        } else {
            out.append(">\n");
            List<Object> children = e.getChildren();
            for (int i = 0, n = children.size(); i < n; i++) {
                Object c = children.get(i);
                if (c instanceof XmlElement child) {
                    if (embedded && LibvirtConventions.isDumpedByLibxml(child)) {
                        indent(indent + 2);
                        libxml(child, (indent + 2) / 2, true);
                        out.append('\n');
                    } else {
                        libvirtStyle(child, null, indent + 2, false);
                    }
                }
            }
            indent(indent);
            out.append("</").append(qname).append(">\n");
        }
        depth--;
        endScope(scopeMark);
    }

    /**
     * libvirt's start tag, unclosed: attributes, then namespace declarations, single-quoted (or
     * libxml2's: declarations first, double-quoted).
     *
     * @return the mark to end this element's declarations with
     */
    private int startTag(XmlElement e, String qname, char quote) {
        if (depth >= XmlLimits.MAX_DEPTH) {
            throw new SnapshotXmlException(
                    Kind.LIMIT,
                    "cannot write elements nested deeper than " + XmlLimits.MAX_DEPTH
                            + " levels: no reader would take them back",
                    -1,
                    -1,
                    basePath.get(),
                    null);
        }
        checkName(qname);
        int mark = scope.size();
        if (e.hasNamespaceDeclarations()) {
            for (NamespaceDeclaration ns : e.getNamespaceDeclarations()) {
                if (!ns.prefix().isEmpty()) {
                    checkName(ns.prefix());
                }
                declare(ns.prefix(), ns.namespaceUri());
            }
        }
        // a prefix this element uses that nothing in scope binds to its namespace
        declareIfUnbound(e.getPrefix(), e.getNamespaceUri(), qname);
        List<XmlAttribute> attributes = e.hasAttributes() ? e.getAttributes() : List.of();
        for (int i = 0, n = attributes.size(); i < n; i++) {
            XmlAttribute a = attributes.get(i);
            if (!a.prefix().isEmpty()) {
                declareIfUnbound(a.prefix(), a.namespaceUri(), a.qualifiedName());
            } else if (!a.namespaceUri().isEmpty()) {
                throw invalid("attribute '" + a.localName() + "' of <" + qname
                        + "> has a namespace but no prefix to write it with");
            }
        }
        out.append('<').append(qname);
        if (quote == '"') {
            declarations(mark, quote);
        }
        for (int i = 0, n = attributes.size(); i < n; i++) {
            XmlAttribute a = attributes.get(i);
            String an = a.qualifiedName();
            checkName(an);
            out.append(' ').append(an).append('=').append(quote);
            attributeValue(a.value(), quote, qname, an);
            out.append(quote);
        }
        if (quote == '\'') {
            declarations(mark, quote);
        }
        return mark;
    }

    /** Writes the declarations this element makes: its own, then those it needs. */
    private void declarations(int mark, char quote) {
        for (int i = mark; i < scope.size(); i++) {
            String prefix = scope.get(i)[0];
            out.append(prefix.isEmpty() ? " xmlns" : " xmlns:")
                    .append(prefix)
                    .append('=')
                    .append(quote);
            attributeValue(scope.get(i)[1], quote, null, "xmlns");
            out.append(quote);
        }
    }

    private void declare(String prefix, String uri) {
        scope.add(new String[] {prefix, uri, bound.put(prefix, uri)});
    }

    private void declareIfUnbound(String prefix, String uri, String what) {
        if (prefix.equals("xml")) {
            return;
        }
        if (prefix.equals("xmlns")) {
            throw invalid("'" + what + "' uses the reserved prefix xmlns");
        }
        if (!prefix.isEmpty() && uri.isEmpty()) {
            throw invalid("'" + what + "' has a prefix but no namespace");
        }
        String here = bound(prefix);
        if (here == null ? !uri.isEmpty() : !here.equals(uri)) {
            declare(prefix, uri);
        }
    }

    /** @return the URI a prefix is bound to here, or null when it is not (the default: "" for none) */
    private String bound(String prefix) {
        // looked up, not searched for: thousands of declarations may be in scope
        String uri = bound.get(prefix);
        return uri != null ? uri : prefix.isEmpty() ? "" : null;
    }

    private void endScope(int mark) {
        for (int i = scope.size() - 1; i >= mark; i--) {
            String[] made = scope.remove(i);
            if (made[2] == null) {
                bound.remove(made[0]);
            } else {
                bound.put(made[0], made[2]);
            }
        }
    }

    private static boolean onlyElements(List<Object> children) {
        for (int i = 0, n = children.size(); i < n; i++) {
            Object c = children.get(i);
            if (c instanceof String s && !isBlank(s)) {
                return false;
            }
        }
        return true;
    }

    static boolean isBlank(String s) {
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
        String qname = e.qualifiedName();
        int scopeMark = startTag(e, qname, '\'');
        depth++;
        if (!e.hasChildren()) {
            out.append("/>");
        } else {
            inlineContent(e, qname);
        }
        depth--;
        endScope(scopeMark);
    }

    /** Closes the start tag, then writes the children as they came and the end tag. */
    private void inlineContent(XmlElement e, String qname) {
        out.append('>');
        List<Object> children = e.getChildren();
        for (int i = 0, n = children.size(); i < n; i++) {
            Object c = children.get(i);
            if (c instanceof String s) {
                text(s, qname, false);
            } else {
                inline((XmlElement) c);
            }
        }
        out.append("</").append(qname).append('>');
    }

    /**
     * libxml2's xmlNodeDump with formatting on, as libvirt uses it for metadata. Blank text is
     * dropped as libxml2's parser drops it (a blank node survives only as an element's sole
     * child or beside other text); an element with text children is written without added
     * white space, and so is everything inside it.
     */
    private void libxml(XmlElement e, int level, boolean format) {
        String qname = e.qualifiedName();
        int scopeMark = startTag(e, qname, '"');
        depth++;
        List<Object> children = e.hasChildren() ? withoutBlanks(e.getChildren()) : List.of();
        if (children.isEmpty()) {
            out.append("/>");
        } else {
            out.append('>');
            boolean formatChildren = format;
            for (int i = 0, n = children.size(); i < n; i++) {
                Object c = children.get(i);
                if (c instanceof String) {
                    formatChildren = false;
                    break;
                }
            }
            for (int i = 0, n = children.size(); i < n; i++) {
                Object c = children.get(i);
                if (formatChildren) {
                    out.append('\n');
                    indent(2 * (level + 1));
                }
                if (c instanceof String s) {
                    text(s, qname, true);
                } else {
                    libxml((XmlElement) c, level + 1, formatChildren);
                }
            }
            if (formatChildren) {
                out.append('\n');
                indent(2 * level);
            }
            out.append("</").append(qname).append('>');
        }
        depth--;
        endScope(scopeMark);
    }

    /** libxml2's areBlanks: which blank text nodes its parser keeps. */
    private static List<Object> withoutBlanks(List<Object> children) {
        if (children.size() == 1 || children.isEmpty()) {
            return children;
        }
        boolean firstIsText = children.get(0) instanceof String s0 && !isBlank(s0);
        List<Object> kept = new ArrayList<>(children.size());
        for (int i = 0, n = children.size(); i < n; i++) {
            Object c = children.get(i);
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

    private void text(String s, String element, boolean libxml) {
        try {
            if (libxml) {
                XmlEscaping.libxmlText(out, s);
            } else {
                XmlEscaping.libvirtText(out, s);
            }
        } catch (XmlEscaping.InvalidCharacter e) {
            throw invalid("the text of <" + element + ">: " + e.getMessage());
        }
    }

    private void attributeValue(String s, char quote, String element, String attribute) {
        try {
            if (quote == '"') {
                XmlEscaping.libxmlAttribute(out, s);
            } else {
                XmlEscaping.libvirtAttribute(out, s);
            }
        } catch (XmlEscaping.InvalidCharacter e) {
            throw invalid("the value of " + (element == null ? attribute : element + "/@" + attribute) + ": "
                    + e.getMessage());
        }
    }

    private void checkName(String name) {
        if (!XmlNames.isQualifiedName(name)) {
            throw invalid("'" + name + "' is not an XML name");
        }
    }

    private SnapshotXmlException invalid(String message) {
        return new SnapshotXmlException(Kind.INVALID, "cannot write " + message, 0, 0, basePath.get(), null);
    }

    private void indent(int n) {
        for (; n > SPACES.length(); n -= SPACES.length()) {
            out.append(SPACES);
        }
        out.append(SPACES, 0, n);
    }

    private static final String SPACES = " ".repeat(128);
}
