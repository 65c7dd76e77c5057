package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.internal.CapturedTree;
import io.github.domainsnapshot.internal.XmlElementAccess;
import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.xml.XMLConstants;

/**
 * Writes an {@link XmlElement} as libvirt writes XML: elements with only element children are
 * indented two spaces a level; attributes are single-quoted. The {@code <metadata>} child of an
 * embedded domain is written as libvirt writes it, through libxml2's node dump (see {@link
 * LibvirtConventions#isDumpedByLibxml}).
 *
 * <p>What is written is what the reader takes back, and reads back to an equal tree: the writer
 * checks what the reader checks, with the same limits ({@link XmlLimits}), and refuses with a
 * {@link SnapshotXmlException} that says where. Names are XML names without a colon in them; a
 * prefix is bound where it is used (declared on that element when nothing around declares it),
 * and never two ways on one element; {@code xml} and {@code xmlns} keep their meaning; no
 * attribute comes twice (by namespace and local name); values, names, attributes and nesting stay
 * within the reader's limits; a child is an element or a text, never null; and an element is in
 * the tree once (one that contains itself, or a child shared by two parents, would be written
 * forever or exponentially often).
 *
 * <p>Text is written as the reader will read it: an element with element children and only blank
 * text is indented (the reader drops that text as layout), any other element's text is written as
 * it is.
 */
final class XmlElementWriter {
    private final StringBuilder out;
    /** The path of the parent of what is written, for messages. */
    private final Supplier<String> basePath;
    /** How deep the parent of the elements written is in the document: 0 for none. */
    private final int baseDepth;
    /** What each prefix is bound to here (the default namespace: the empty prefix). */
    private final Map<String, String> bound = new HashMap<>();
    /**
     * The declarations of the elements open here, innermost last: prefix, URI, and what the
     * prefix was bound to before (null for nothing), to restore when the element ends.
     */
    private final List<String[]> scope = new ArrayList<>();
    /** The elements written, by identity: each may be written once. */
    private final Set<XmlElement> written = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The names of the elements open here, for paths. */
    private final List<String> open = new ArrayList<>();
    /** The prefixes the element being started declares or binds (used by one start tag at a time). */
    private final Set<String> declaredHere = new HashSet<>();

    /**
     * @param out where to write
     * @param basePath the path of the parent of the elements written, for messages
     * @param baseDepth the depth of that parent in the document (the root is 1), 0 for none
     */
    XmlElementWriter(StringBuilder out, Supplier<String> basePath, int baseDepth) {
        this.out = out;
        this.basePath = basePath;
        this.baseDepth = baseDepth;
    }

    /**
     * @param e the element
     * @param name the name it is kept under (an embedded element, such as {@code domain}), which
     *     must be its own, or null for any
     * @param indent spaces before its start tag
     * @param embedded whether e is the root of embedded content (its {@code metadata} child is
     *     written in libxml2's style)
     */
    void libvirtStyle(XmlElement e, String name, int indent, boolean embedded) {
        if (name != null
                && (!e.getLocalName().equals(name)
                        || !e.getNamespaceUri().isEmpty()
                        || !e.getPrefix().isEmpty())) {
            throw invalid("<" + e.qualifiedName() + "> as <" + name + ">: the element kept there is named " + name
                    + ", without namespace, and reads back so");
        }
        CapturedTree.Node node = XmlElementAccess.pending(e);
        if (node != null && asRead(node.tree(), node.op())) {
            if (node.hasChildren() && !written.add(e)) {
                throw writtenTwice(e.qualifiedName());
            }
            captured(node.tree(), node.op(), indent, embedded);
            return;
        }
        String qname = e.qualifiedName();
        indent(indent);
        int scopeMark = startTag(e, qname, '\'');
        List<Object> children = e.hasChildren() ? e.getChildren() : List.of();
        int content = content(children);
        if (content == EMPTY) {
            out.append("/>\n");
        } else if (content != ELEMENTS) {
            inlineContent(children, qname, false);
            out.append('\n');
        } else {
            out.append(">\n");
            for (int i = 0, n = children.size(); i < n; i++) {
                if (children.get(i) instanceof XmlElement child) {
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
        endTag(scopeMark);
    }

    /** No children, or only empty text. */
    private static final int EMPTY = 0;
    /** Text only (blank or not): written as it is. */
    private static final int TEXT = 1;
    /** Elements, and no text but blanks: indented, the blanks being layout the reader drops. */
    private static final int ELEMENTS = 2;
    /** Elements and text: written as it is. */
    private static final int MIXED = 3;

    /**
     * What an element's children are, as the reader will see them; a child that is neither an
     * element nor a text is refused here, and a text longer than a reader takes.
     */
    private int content(List<Object> children) {
        boolean elements = false;
        boolean text = false;
        boolean blankOnly = true;
        long run = 0;
        for (int i = 0, n = children.size(); i < n; i++) {
            Object c = children.get(i);
            if (c instanceof String s) {
                if (!s.isEmpty()) {
                    text = true;
                    blankOnly &= isBlank(s);
                }
                // adjacent texts are one text to a reader
                run += s.length();
                if (run > XmlLimits.MAX_TEXT) {
                    throw limit("a text longer than " + XmlLimits.MAX_TEXT + " characters: no reader would take it");
                }
            } else if (c instanceof XmlElement) {
                elements = true;
                run = 0;
            } else {
                throw invalid("child " + (i + 1) + " of <" + open.get(open.size() - 1) + ">: "
                        + (c == null ? "null" : "a " + c.getClass().getName())
                        + ", where a child is an XmlElement or a String");
            }
        }
        if (elements) {
            return text && !blankOnly ? MIXED : ELEMENTS;
        }
        return text ? TEXT : EMPTY;
    }

    /**
     * libvirt's start tag, unclosed: attributes, then namespace declarations, single-quoted (or
     * libxml2's: declarations first, double-quoted).
     *
     * @return the mark to end this element's declarations with
     */
    private int startTag(XmlElement e, String qname, char quote) {
        // an element shared by two parents, or one that contains itself: written again and again.
        // Only elements with children can make that grow, so only they are noted
        if (e.hasChildren() && !written.add(e)) {
            throw writtenTwice(qname);
        }
        if (!isName(e.getPrefix(), e.getLocalName())) {
            checkName(e.getPrefix(), e.getLocalName(), "<" + qname + ">");
        }
        open.add(qname);
        if (baseDepth + open.size() > XmlLimits.MAX_DEPTH) {
            throw limit(
                    "elements nested deeper than " + XmlLimits.MAX_DEPTH + " levels: no reader would take them back");
        }
        int mark = scope.size();
        // prefixes this element declares or binds, each one way only
        Set<String> here = declaredHere;
        here.clear();
        if (e.hasNamespaceDeclarations()) {
            List<NamespaceDeclaration> declarations = e.getNamespaceDeclarations();
            for (int i = 0, n = declarations.size(); i < n; i++) {
                Object o = declarations.get(i);
                if (!(o instanceof NamespaceDeclaration ns)) {
                    throw invalid("namespace declaration " + (i + 1) + " of <" + qname + ">: "
                            + (o == null ? "null" : "a " + o.getClass().getName()));
                }
                ownDeclaration(ns.prefix(), ns.namespaceUri(), qname, here);
            }
        }
        bindElement(e.getPrefix(), e.getNamespaceUri(), qname, here);
        List<XmlAttribute> attributes = e.hasAttributes() ? e.getAttributes() : List.of();
        if (attributes.size() > XmlLimits.MAX_ATTRIBUTES) {
            throw limit("<" + qname + "> with " + attributes.size() + " attributes: a reader takes "
                    + XmlLimits.MAX_ATTRIBUTES);
        }
        for (int i = 0, n = attributes.size(); i < n; i++) {
            Object o = attributes.get(i);
            if (!(o instanceof XmlAttribute a)) {
                throw invalid("attribute " + (i + 1) + " of <" + qname + ">: "
                        + (o == null ? "null" : "a " + o.getClass().getName()));
            }
            if (!isName(a.prefix(), a.localName())) {
                checkName(a.prefix(), a.localName(), attributeWhat(a, qname));
            }
            if (a.prefix().isEmpty()) {
                if (!a.namespaceUri().isEmpty()) {
                    throw invalid(attributeWhat(a, qname) + ": it has a namespace but no prefix to write it with");
                }
                if (a.localName().equals("xmlns")) {
                    throw invalid(
                            attributeWhat(a, qname) + ": that is a namespace declaration (a NamespaceDeclaration)");
                }
            } else {
                bindAttribute(a.prefix(), a.namespaceUri(), a.localName(), qname, here);
            }
            if (a.value().length() > XmlLimits.MAX_TEXT) {
                throw limit(
                        attributeWhat(a, qname) + ": its value is longer than " + XmlLimits.MAX_TEXT + " characters");
            }
        }
        if (attributes.size() > 1) {
            refuseTwice(attributes, qname);
        }
        if (scope.size() - mark > XmlLimits.MAX_ATTRIBUTES) {
            throw limit("<" + qname + "> with " + (scope.size() - mark) + " namespace declarations: a reader takes "
                    + XmlLimits.MAX_ATTRIBUTES);
        }
        out.append('<').append(qname);
        if (quote == '"') {
            declarations(mark, quote);
        }
        for (int i = 0, n = attributes.size(); i < n; i++) {
            XmlAttribute a = attributes.get(i);
            String an = a.qualifiedName();
            out.append(' ').append(an).append('=').append(quote);
            attributeValue(a.value(), quote, qname, an);
            out.append(quote);
        }
        if (quote == '\'') {
            declarations(mark, quote);
        }
        return mark;
    }

    private SnapshotXmlException writtenTwice(String qname) {
        return invalid("<" + qname + "> a second time: an element is in a tree once (this one contains"
                + " itself, or has two parents); put a deepCopy() in the second place");
    }

    /**
     * Whether a tree the reader captured is within the limits where it is written: the reader
     * kept its names, attributes and declarations within them, but its texts are joined across
     * comments, its root holds the declarations it inherited, and it may be written deeper than
     * it was read. The depth and the longest text are the whole tree's, for an element inside it
     * too: an element within them is.
     */
    private boolean asRead(CapturedTree tree, int op) {
        return baseDepth + open.size() + tree.depth() <= XmlLimits.MAX_DEPTH
                && tree.longestText() <= XmlLimits.MAX_TEXT
                && tree.declarationCount(op) + (op == 0 ? tree.inherited().length / 2 : 0) <= XmlLimits.MAX_ATTRIBUTES;
    }

    /**
     * Writes an element of a tree the reader captured, as {@link #libvirtStyle} writes the
     * elements it would build: the same output, without the checks of what the reader already
     * checked (names, attributes twice, their number and length, the kind of each child).
     *
     * @param tree the tree
     * @param op the element's START
     */
    private void captured(CapturedTree tree, int op, int indent, boolean embedded) {
        String qname = qualified(tree.prefix(op), tree.localName(op));
        indent(indent);
        int scopeMark = capturedStartTag(tree, op, qname);
        int kind = tree.kind(op);
        int end = tree.end(op);
        if (kind == CapturedTree.EMPTY) {
            out.append("/>\n");
        } else if (kind == CapturedTree.ELEMENTS) {
            out.append(">\n");
            for (int i = CapturedTree.firstChild(op); i < end; i = tree.next(i)) {
                if (tree.isText(i)) {
                    // layout, which the reader dropped
                    continue;
                }
                if (embedded && LibvirtConventions.isDumpedByLibxml(tree.namespaceUri(i), tree.localName(i))) {
                    indent(indent + 2);
                    libxml(tree.element(i), (indent + 2) / 2, true);
                    out.append('\n');
                } else {
                    captured(tree, i, indent + 2, false);
                }
            }
            indent(indent);
            out.append("</").append(qname).append(">\n");
        } else {
            // text, or elements and text: as it came
            out.append('>');
            for (int i = CapturedTree.firstChild(op); i < end; i = tree.next(i)) {
                if (tree.isText(i)) {
                    text(tree.text(i), qname, false);
                } else {
                    inline(tree.element(i));
                }
            }
            out.append("</").append(qname).append(">\n");
        }
        endTag(scopeMark);
    }

    /** {@link #startTag} for an element of a captured tree. */
    private int capturedStartTag(CapturedTree tree, int op, String qname) {
        String[] strings = tree.strings();
        String uri = tree.namespaceUri(op);
        String prefix = tree.prefix(op);
        open.add(qname);
        int mark = scope.size();
        Set<String> here = declaredHere;
        here.clear();
        int declarations = tree.declarationCount(op);
        for (int i = 0, next = tree.firstDeclaration(op); i < declarations; i++, next += 2) {
            ownDeclaration(strings[next], strings[next + 1], qname, here);
        }
        if (op == 0) {
            String[] inherited = tree.inherited();
            for (int i = 0; i < inherited.length; i += 2) {
                ownDeclaration(inherited[i], inherited[i + 1], qname, here);
            }
        }
        bindElement(prefix, uri, qname, here);
        int attributes = tree.attributeCount(op);
        int first = tree.firstAttribute(op);
        // attributes without namespace keep their local name and value only, and need no binding
        int stride = tree.attributesNamespaced(op) ? 4 : 2;
        for (int i = 0, a = first; stride == 4 && i < attributes; i++, a += 4) {
            if (!strings[a + 1].isEmpty()) {
                bindAttribute(strings[a + 1], strings[a], strings[a + 2], qname, here);
            }
        }
        out.append('<').append(qname);
        for (int i = 0, a = first + stride - 2; i < attributes; i++, a += stride) {
            String an = stride == 4 ? qualified(strings[a - 1], strings[a]) : strings[a];
            out.append(' ').append(an).append("='");
            attributeValue(strings[a + 1], '\'', qname, an);
            out.append('\'');
        }
        declarations(mark, '\'');
        return mark;
    }

    private static String qualified(String prefix, String localName) {
        return prefix.isEmpty() ? localName : prefix + ':' + localName;
    }

    private static String attributeWhat(XmlAttribute a, String qname) {
        return attributeWhat(a.prefix(), a.localName(), qname);
    }

    private static String attributeWhat(String prefix, String localName, String qname) {
        return "attribute '" + qualified(prefix, localName) + "' of <" + qname + ">";
    }

    /** @return whether a name is one the reader takes, without building a message */
    private static boolean isName(String prefix, String localName) {
        return isCheckedName(localName) && (prefix.isEmpty() || isCheckedName(prefix));
    }

    /**
     * Names found to be names, by identity: the reader's names are the parser's interned
     * strings, met again in every document, and checking their characters each time costs a
     * process that writes a document now and then more than the lookup (racy by design: a
     * missed entry is checked again).
     */
    private static final String[] NAMES = new String[512];

    private static boolean isCheckedName(String name) {
        int slot = name.hashCode() & (NAMES.length - 1);
        if (NAMES[slot] == name) {
            return true;
        }
        if (name.length() > XmlLimits.MAX_NAME || !XmlNames.isNcName(name)) {
            return false;
        }
        NAMES[slot] = name;
        return true;
    }

    /** An attribute twice, by namespace and local name: compared pairwise when few, by a set when many. */
    private void refuseTwice(List<XmlAttribute> attributes, String qname) {
        int n = attributes.size();
        if (n <= 16) {
            for (int i = 1; i < n; i++) {
                XmlAttribute a = attributes.get(i);
                for (int j = 0; j < i; j++) {
                    XmlAttribute b = attributes.get(j);
                    if (a.localName().equals(b.localName()) && a.namespaceUri().equals(b.namespaceUri())) {
                        throw twice(a, qname);
                    }
                }
            }
            return;
        }
        Set<String> expanded = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            XmlAttribute a = attributes.get(i);
            if (!expanded.add(a.namespaceUri() + '\u0000' + a.localName())) {
                throw twice(a, qname);
            }
        }
    }

    private SnapshotXmlException twice(XmlAttribute a, String qname) {
        return invalid("attribute '" + a.qualifiedName() + "' of <" + qname + ">: an attribute of that name"
                + (a.namespaceUri().isEmpty() ? "" : " in namespace '" + a.namespaceUri() + "'")
                + " comes twice");
    }

    private void endTag(int scopeMark) {
        open.remove(open.size() - 1);
        endScope(scopeMark);
    }

    /** A declaration the element makes, checked, then in scope. */
    private void ownDeclaration(String prefix, String uri, String qname, Set<String> here) {
        checkDeclaration(prefix, uri, qname);
        if (!here.add(prefix)) {
            throw invalid("<" + qname + ">: it declares "
                    + (prefix.isEmpty() ? "the default namespace" : "prefix '" + prefix + "'")
                    + " twice");
        }
        if (!prefix.equals(XMLConstants.XML_NS_PREFIX)) {
            // xml is bound without a declaration: the reader does not report one, and one
            // written would be gone at the next round trip
            declare(prefix, uri);
        }
    }

    /** A declaration the element makes: what XML's namespaces allow, and what the reader keeps. */
    private void checkDeclaration(String prefix, String uri, String qname) {
        if (!prefix.isEmpty() && !isCheckedName(prefix)) {
            checkName("", prefix, declarationWhat(qname, prefix));
        }
        if (prefix.equals(XMLConstants.XMLNS_ATTRIBUTE)) {
            throw invalid(declarationWhat(qname, prefix) + ": xmlns cannot be declared");
        }
        if (prefix.equals(XMLConstants.XML_NS_PREFIX) != uri.equals(XMLConstants.XML_NS_URI)) {
            throw invalid(declarationWhat(qname, prefix) + " as '" + uri + "': the prefix xml and the namespace "
                    + XMLConstants.XML_NS_URI + " go together only");
        }
        if (uri.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)) {
            throw invalid(declarationWhat(qname, prefix) + ": " + XMLConstants.XMLNS_ATTRIBUTE_NS_URI
                    + " cannot be declared");
        }
        if (!prefix.isEmpty() && uri.isEmpty()) {
            throw invalid(declarationWhat(qname, prefix) + " as '': XML 1.0 cannot undeclare a prefix");
        }
        if (uri.length() > XmlLimits.MAX_TEXT) {
            throw limit(declarationWhat(qname, prefix) + ": its namespace is longer than " + XmlLimits.MAX_TEXT
                    + " characters");
        }
    }

    /** The subject of a declaration's failure, made only when one fails: every declaration is checked. */
    private static String declarationWhat(String qname, String prefix) {
        return "<" + qname + ">'s declaration of "
                + (prefix.isEmpty() ? "the default namespace" : "prefix '" + prefix + "'");
    }

    /** {@link #bind} for an element's name, when its prefix is not bound so already. */
    private void bindElement(String prefix, String uri, String qname, Set<String> here) {
        if (!uri.equals(bound(prefix))
                || prefix.equals(XMLConstants.XMLNS_ATTRIBUTE)
                || prefix.equals(XMLConstants.XML_NS_PREFIX)) {
            bind(prefix, uri, "<" + qname + ">", here);
        }
        if (!prefix.isEmpty()) {
            // the name holds its prefix to its namespace on this element, bound here or above: an
            // attribute may not declare it another way (the default namespace is not an
            // attribute's)
            here.add(prefix);
        }
    }

    /** {@link #bind} for a prefixed attribute's name, when its prefix is not bound so already. */
    private void bindAttribute(String prefix, String uri, String localName, String qname, Set<String> here) {
        if (!uri.equals(bound(prefix)) || prefix.equals(XMLConstants.XMLNS_ATTRIBUTE)) {
            bind(prefix, uri, attributeWhat(prefix, localName, qname), here);
        }
        here.add(prefix);
    }

    /**
     * Makes sure a name's prefix is bound to its namespace where it is written: declared on this
     * element when nothing in scope binds it so, refused when this element already binds it
     * another way, by a declaration or by a name of its that the binding in scope serves.
     */
    private void bind(String prefix, String uri, String what, Set<String> here) {
        if (prefix.equals(XMLConstants.XML_NS_PREFIX) || uri.equals(XMLConstants.XML_NS_URI)) {
            if (!prefix.equals(XMLConstants.XML_NS_PREFIX) || !uri.equals(XMLConstants.XML_NS_URI)) {
                throw invalid(
                        what + ": the prefix xml and the namespace " + XMLConstants.XML_NS_URI + " go together only");
            }
            return;
        }
        if (prefix.equals(XMLConstants.XMLNS_ATTRIBUTE) || uri.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)) {
            throw invalid(what + ": the prefix xmlns and its namespace are for declarations only");
        }
        if (!prefix.isEmpty() && uri.isEmpty()) {
            throw invalid(what + ": it has a prefix but no namespace");
        }
        String current = bound(prefix);
        if (uri.equals(current)) {
            return;
        }
        if (here.contains(prefix)) {
            throw invalid(what + " is in namespace '" + uri + "', but "
                    + (prefix.isEmpty() ? "the default namespace" : "prefix '" + prefix + "'")
                    + " is bound to '" + current + "' on this element");
        }
        here.add(prefix);
        declare(prefix, uri);
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
        List<Object> children = e.hasChildren() ? e.getChildren() : List.of();
        int content = content(children);
        if (content == EMPTY) {
            out.append("/>");
        } else {
            // blank text among elements only is layout: the reader drops it, so it is not written
            inlineContent(children, qname, content == ELEMENTS);
        }
        endTag(scopeMark);
    }

    /**
     * Closes the start tag, then writes the children as they came (but layout, when {@code
     * dropLayout}) and the end tag.
     */
    private void inlineContent(List<Object> children, String qname, boolean dropLayout) {
        out.append('>');
        for (int i = 0, n = children.size(); i < n; i++) {
            Object c = children.get(i);
            if (c instanceof String s) {
                if (!dropLayout) {
                    text(s, qname, false);
                }
            } else {
                inline((XmlElement) c);
            }
        }
        out.append("</").append(qname).append('>');
    }

    /**
     * libxml2's xmlNodeDump with formatting on, as libvirt uses it for metadata: an element with
     * element children and only blank text between them is indented (the blanks are layout, as
     * the reader reads them); an element with text children is written without added white
     * space, and so is everything inside it.
     */
    private void libxml(XmlElement e, int level, boolean format) {
        String qname = e.qualifiedName();
        int scopeMark = startTag(e, qname, '"');
        List<Object> children = e.hasChildren() ? e.getChildren() : List.of();
        int content = content(children);
        if (content == EMPTY) {
            out.append("/>");
        } else {
            out.append('>');
            boolean formatChildren = format && content == ELEMENTS;
            for (int i = 0, n = children.size(); i < n; i++) {
                Object c = children.get(i);
                if (c instanceof String && content == ELEMENTS) {
                    // layout, which the reader drops
                    continue;
                }
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
        endTag(scopeMark);
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

    /** A name as the reader takes it: a name without colon, and a prefix that is one too, each short enough. */
    private void checkName(String prefix, String localName, String what) {
        if (!XmlNames.isNcName(localName) || !prefix.isEmpty() && !XmlNames.isNcName(prefix)) {
            throw invalid(what + ": '" + (prefix.isEmpty() ? localName : prefix + ":" + localName)
                    + "' is not an XML name (a prefix and a local name, each without ':')");
        }
        if (localName.length() > XmlLimits.MAX_NAME || prefix.length() > XmlLimits.MAX_NAME) {
            throw limit(what + ": a name longer than " + XmlLimits.MAX_NAME + " characters: no reader would take it");
        }
    }

    /** @return where in the document the current element is */
    private String path() {
        StringBuilder b = new StringBuilder(basePath.get());
        if (b.length() == 1 && b.charAt(0) == '/' && !open.isEmpty()) {
            b.setLength(0);
        }
        int n = open.size();
        for (int i = 0; i < n; i++) {
            if (n > 24 && i == 4) {
                b.append("/...(").append(n - 8).append(" levels)");
                i = n - 5;
                continue;
            }
            b.append('/').append(open.get(i));
        }
        return b.toString();
    }

    private SnapshotXmlException invalid(String message) {
        return new SnapshotXmlException(Kind.INVALID, "cannot write " + message, 0, 0, path(), null);
    }

    private SnapshotXmlException limit(String message) {
        return new SnapshotXmlException(Kind.LIMIT, "cannot write " + message, 0, 0, path(), null);
    }

    private void indent(int n) {
        for (; n > SPACES.length(); n -= SPACES.length()) {
            out.append(SPACES);
        }
        out.append(SPACES, 0, n);
    }

    private static final String SPACES = " ".repeat(128);
}
