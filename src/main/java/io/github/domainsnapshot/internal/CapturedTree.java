package io.github.domainsnapshot.internal;

import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An element read whole by the codec, kept as the parser gave it: its events in one array of
 * ints and its strings in one array, instead of an object per element, attribute and list. The
 * embedded domain is most of a snapshot document, and most documents are read and written again
 * without anyone looking into it: an {@link XmlElement} made from a tree holds it until its
 * content is first asked for, and the codec's writer writes it from here. Its content is then
 * made one level at a time: its children hold their elements of the tree ({@link Node}) in turn,
 * so that a look at a domain's disks builds nothing else. A tree is never changed once built, so
 * that the deep copies of such an element share it; it lives as long as an element that holds
 * it.
 *
 * <p>What it holds is what the reader keeps: blank text among elements without other text is
 * layout and is not kept (see {@link #kind}); adjacent texts are one text; a prefix the element
 * uses but only an ancestor outside it declares is declared on the root (after its own
 * declarations).
 *
 * <p>Layout of the ops, the ints an element or text is given by: an element is four ints, {@code START | kind << 2 | flags |
 * attributes << 6} (its number of attributes), the index of its first string, its number of
 * declarations and the index of the op after it; its children follow, up to that op. A text is
 * one int, {@code TEXT | string << 2}. An element's strings are its local name, or its namespace
 * URI, prefix and local name when it has either ({@link #NAMESPACED}); then prefix and URI per
 * declaration; then local name and value per attribute, or namespace URI, prefix, local name and
 * value when any of them has a namespace ({@link #ATTRIBUTES_NAMESPACED}). Four ints and a string
 * for an element without namespace or attributes, where an {@code XmlElement} is an object of 40
 * bytes: a tree of a million elements is not much larger than the elements it stands for.
 *
 * <p>Immutable once built, so safe to share between threads.
 */
public final class CapturedTree {
    /** An op: an element starts. */
    public static final int START = 1;
    /** An op: a text. */
    public static final int TEXT = 2;

    /** An element's content: nothing, or only empty text. */
    public static final int EMPTY = 0;
    /** An element's content: text only, blank or not. */
    public static final int TEXT_ONLY = 1;
    /** An element's content: elements and, at most, blank text, which is layout and not kept. */
    public static final int ELEMENTS = 2;
    /** An element's content: elements and text that is not blank, all kept. */
    public static final int MIXED = 3;

    /** A flag of an element: its name has a namespace or a prefix, which are kept. */
    private static final int NAMESPACED = 1 << 4;
    /** A flag of an element: an attribute has a namespace; each keeps four strings, else two. */
    private static final int ATTRIBUTES_NAMESPACED = 1 << 5;

    private static final int ATTRIBUTES = 6;

    private final int[] ops;
    private final String[] strings;
    /** Declarations on the root of prefixes declared outside the element: prefix, URI, ... */
    private final String[] inherited;
    /** How deep the element's nesting goes, itself 1. */
    private final int depth;
    /** The length of its longest text. */
    private final int longestText;
    /**
     * An element of a tree: the tree and the element's START.
     *
     * @param tree the tree
     * @param op the element's START
     */
    public record Node(CapturedTree tree, int op) {
        /** @return whether the element has children that are kept (elements or text) */
        public boolean hasChildren() {
            return tree.kind(op) != EMPTY;
        }
    }

    private CapturedTree(int[] ops, String[] strings, String[] inherited, int depth, int longestText) {
        this.ops = ops;
        this.strings = strings;
        this.inherited = inherited;
        this.depth = depth;
        this.longestText = longestText;
    }

    /** @return the tree's root element */
    public Node root() {
        return new Node(this, 0);
    }

    /** @return the strings the ops point to; not to be changed */
    public String[] strings() {
        return strings;
    }

    /** @return the declarations added to the root, prefix then URI; not to be changed */
    public String[] inherited() {
        return inherited;
    }

    /** @return how deep the nesting goes, the element itself being 1 */
    public int depth() {
        return depth;
    }

    /** @return the length of the longest text */
    public int longestText() {
        return longestText;
    }

    /**
     * @param op the index of an element's START
     * @return its content, {@link #EMPTY} to {@link #MIXED}
     */
    public int kind(int op) {
        return kindOf(ops[op]);
    }

    /**
     * @param op an element's START
     * @return its namespace URI, empty for none
     */
    public String namespaceUri(int op) {
        return (ops[op] & NAMESPACED) != 0 ? strings[ops[op + 1]] : "";
    }

    /**
     * @param op an element's START
     * @return its prefix, empty for none
     */
    public String prefix(int op) {
        return (ops[op] & NAMESPACED) != 0 ? strings[ops[op + 1] + 1] : "";
    }

    /**
     * @param op an element's START
     * @return its local name
     */
    public String localName(int op) {
        return strings[ops[op + 1] + ((ops[op] & NAMESPACED) != 0 ? 2 : 0)];
    }

    /**
     * @param op an element's START
     * @return the index in {@link #strings} of its first declaration's prefix (its URI follows)
     */
    public int firstDeclaration(int op) {
        return ops[op + 1] + ((ops[op] & NAMESPACED) != 0 ? 3 : 1);
    }

    /**
     * @param op an element's START
     * @return the index in {@link #strings} of its first attribute
     */
    public int firstAttribute(int op) {
        return firstDeclaration(op) + 2 * declarationCount(op);
    }

    /**
     * @param op an element's START
     * @return its number of declarations
     */
    public int declarationCount(int op) {
        return ops[op + 2];
    }

    /**
     * @param op an element's START
     * @return the op of its first child, if it has one before {@link #end}
     */
    public static int firstChild(int op) {
        return op + 4;
    }

    /**
     * @param op an element's START
     * @return the op after its last child
     */
    public int end(int op) {
        return ops[op + 3];
    }

    /**
     * @param op a child's op
     * @return whether it is a text (else an element's START)
     */
    public boolean isText(int op) {
        return (ops[op] & 3) == TEXT;
    }

    /**
     * @param op a text's op
     * @return the text
     */
    public String text(int op) {
        return strings[ops[op] >>> 2];
    }

    /**
     * @param op a child's op
     * @return the op of the next node after it and all it holds
     */
    public int next(int op) {
        return isText(op) ? op + 1 : ops[op + 3];
    }

    private static int kindOf(int header) {
        return header >>> 2 & 3;
    }

    private static int attributesOf(int header) {
        return header >>> ATTRIBUTES;
    }

    /**
     * @param op an element's START
     * @return its number of attributes
     */
    public int attributeCount(int op) {
        return attributesOf(ops[op]);
    }

    /**
     * @param op an element's START
     * @return whether its attributes keep four strings each (namespace URI, prefix, local name,
     *     value), else two (local name, value)
     */
    public boolean attributesNamespaced(int op) {
        return (ops[op] & ATTRIBUTES_NAMESPACED) != 0;
    }

    /** @return a new tree of elements for the whole of this one, as the reader would have built it */
    public XmlElement toElement() {
        return element(0);
    }

    /**
     * A new tree of elements for an element of this one, as the reader would have built it.
     *
     * @param op the index of the element's START
     * @return the element, with new children
     */
    public XmlElement element(int op) {
        XmlElement e = new XmlElement(namespaceUri(op), prefix(op), localName(op));
        List<NamespaceDeclaration> declarations = declarations(op);
        if (declarations != null) {
            e.getNamespaceDeclarations().addAll(declarations);
        }
        List<XmlAttribute> attributes = attributes(op);
        if (attributes != null) {
            e.getAttributes().addAll(attributes);
        }
        List<Object> children = children(op, false);
        if (children != null) {
            e.getChildren().addAll(children);
        }
        return e;
    }

    /**
     * @param op an element's START
     * @return its declarations, its own then (for the root) those it inherited, a new list, or
     *     null for none
     */
    public List<NamespaceDeclaration> declarations(int op) {
        int n = declarationCount(op);
        int inheritedHere = op == 0 ? inherited.length : 0;
        if (n == 0 && inheritedHere == 0) {
            return null;
        }
        List<NamespaceDeclaration> out = new ArrayList<>(n + inheritedHere / 2);
        for (int i = 0, s = firstDeclaration(op); i < n; i++, s += 2) {
            out.add(new NamespaceDeclaration(strings[s], strings[s + 1]));
        }
        for (int i = 0; i < inheritedHere; i += 2) {
            out.add(new NamespaceDeclaration(inherited[i], inherited[i + 1]));
        }
        return out;
    }

    /**
     * @param op an element's START
     * @return its attributes, a new list, or null for none
     */
    public List<XmlAttribute> attributes(int op) {
        int n = attributeCount(op);
        if (n == 0) {
            return null;
        }
        List<XmlAttribute> out = new ArrayList<>(n);
        if (attributesNamespaced(op)) {
            for (int i = 0, s = firstAttribute(op); i < n; i++, s += 4) {
                out.add(new XmlAttribute(strings[s], strings[s + 1], strings[s + 2], strings[s + 3]));
            }
        } else {
            for (int i = 0, s = firstAttribute(op); i < n; i++, s += 2) {
                out.add(new XmlAttribute("", "", strings[s], strings[s + 1]));
            }
        }
        return out;
    }

    /**
     * The children of an element, for its own level only: each child element holds its element
     * of this tree and builds its own level when asked, so that asking for a domain's disks builds
     * none of its other devices; a child with nothing to build (no attributes, declarations or
     * children) is made as it is, which costs less than holding the tree (a million empty
     * elements do not keep it alive).
     *
     * @param op an element's START
     * @return its children, new elements and texts in a new list, or null for none
     */
    public List<Object> oneLevelOfChildren(int op) {
        return children(op, true);
    }

    private List<Object> children(int op, boolean oneLevel) {
        boolean layout = kind(op) == ELEMENTS;
        List<Object> out = null;
        for (int i = firstChild(op), end = end(op); i < end; i = next(i)) {
            if (!isText(i)) {
                boolean bare = kind(i) == EMPTY && attributeCount(i) == 0 && declarationCount(i) == 0;
                out = add(out, !oneLevel || bare ? element(i) : XmlElementAccess.element(new Node(this, i)));
            } else if (!layout) {
                out = add(out, text(i));
            }
        }
        return out;
    }

    private static List<Object> add(List<Object> list, Object child) {
        List<Object> out = list == null ? new ArrayList<>(4) : list;
        out.add(child);
        return out;
    }

    /**
     * Builds trees from a parser's events, one at a time; reused from one tree to the next, so
     * that its arrays grow once a document.
     */
    public static final class Builder {
        private int[] ops;
        private int opCount;
        private String[] strings;
        private int stringCount;
        private final List<String> inherited = new ArrayList<>();
        /** The START of each open element. */
        private int[] open = new int[8];
        /**
         * Per open element: 1 when it has element children, 2 when it has text that is not blank,
         * 4 when it has text.
         */
        private byte[] content = new byte[8];

        private int depth;
        private int maxDepth;
        private int longestText;

        /**
         * Starts a new tree.
         *
         * @param large whether it is expected to be large (an embedded domain), so that its
         *     arrays are made at a domain's size at once rather than grown to it; a text
         *     element's are made small
         */
        public void reset(boolean large) {
            if (ops == null || large && ops.length < LARGE_OPS) {
                ops = new int[large ? LARGE_OPS : SMALL];
                strings = new String[large ? LARGE_STRINGS : SMALL];
            }
            opCount = 0;
            stringCount = 0;
            inherited.clear();
            depth = 0;
            maxDepth = 0;
            longestText = 0;
        }

        /** @return how many elements are open */
        public int depth() {
            return depth;
        }

        /** Whether the attributes of the element just started keep four strings each. */
        private boolean attributesNamespaced;

        /**
         * An element starts; its declarations and then its attributes follow, as many as said.
         *
         * @param namespaceUri its namespace URI, empty for none
         * @param prefix its prefix, empty for none
         * @param localName its local name
         * @param declarations how many declarations follow
         * @param attributes how many attributes follow
         * @param namespacedAttributes whether any of them has a namespace
         */
        public void start(
                String namespaceUri,
                String prefix,
                String localName,
                int declarations,
                int attributes,
                boolean namespacedAttributes) {
            if (depth > 0) {
                content[depth - 1] |= 1;
            }
            if (depth == open.length) {
                open = Arrays.copyOf(open, depth * 2);
                content = Arrays.copyOf(content, depth * 2);
            }
            open[depth] = opCount;
            content[depth] = 0;
            depth++;
            maxDepth = Math.max(maxDepth, depth);
            int at = reserve(4);
            boolean namespaced = !namespaceUri.isEmpty() || !prefix.isEmpty();
            ops[at] = START
                    | (namespaced ? NAMESPACED : 0)
                    | (namespacedAttributes ? ATTRIBUTES_NAMESPACED : 0)
                    | attributes << ATTRIBUTES;
            ops[at + 1] = stringCount;
            ops[at + 2] = declarations;
            attributesNamespaced = namespacedAttributes;
            if (namespaced) {
                string(namespaceUri);
                string(prefix);
            }
            string(localName);
        }

        /**
         * A declaration of the element just started.
         *
         * @param prefix the prefix, empty for the default namespace
         * @param namespaceUri the namespace URI
         */
        public void declaration(String prefix, String namespaceUri) {
            string(prefix);
            string(namespaceUri);
        }

        /**
         * An attribute of the element just started, after its declarations.
         *
         * @param namespaceUri its namespace URI, empty for none
         * @param prefix its prefix, empty for none
         * @param localName its local name
         * @param value its value
         */
        public void attribute(String namespaceUri, String prefix, String localName, String value) {
            if (attributesNamespaced) {
                string(namespaceUri);
                string(prefix);
            }
            string(localName);
            string(value);
        }

        /**
         * A declaration added to the root: a prefix the tree uses that only an ancestor outside
         * it declares.
         *
         * @param prefix the prefix, empty for the default namespace
         * @param namespaceUri the namespace URI
         */
        public void inherit(String prefix, String namespaceUri) {
            inherited.add(prefix);
            inherited.add(namespaceUri);
        }

        /**
         * A text of the element open, not empty; adjacent texts are given as one.
         *
         * @param text the text
         * @param blank whether it is white space only
         */
        public void text(String text, boolean blank) {
            content[depth - 1] |= (byte) (blank ? 4 : 6);
            longestText = Math.max(longestText, text.length());
            int at = reserve(1);
            ops[at] = TEXT | stringCount << 2;
            string(text);
        }

        /** The element open ends. */
        public void end() {
            depth--;
            int start = open[depth];
            int c = content[depth];
            int kind;
            if ((c & 1) != 0) {
                kind = (c & 2) != 0 ? MIXED : ELEMENTS;
            } else {
                kind = (c & 4) != 0 ? TEXT_ONLY : EMPTY;
            }
            ops[start] |= kind << 2;
            ops[start + 3] = opCount;
        }

        /**
         * @return whether the element built holds nothing but text: no attributes, declarations
         *     or child elements; a text element, read as its text
         */
        public boolean isPlainText() {
            int kind = kindOf(ops[0]);
            return depth == 0
                    && opCount > 0
                    && attributesOf(ops[0]) == 0
                    && ops[2] == 0
                    && inherited.isEmpty()
                    && (kind == EMPTY || kind == TEXT_ONLY);
        }

        /** @return the text of a plain text element, once ended */
        public String plainText() {
            return opCount > 4 && (ops[4] & 3) == TEXT ? strings[ops[4] >>> 2] : "";
        }

        /**
         * The tree built since {@link #reset}, its root ended, to keep: it takes the builder's
         * arrays (a copy would cost as much again, and a large tree twice its memory for a
         * while), and the builder starts new ones.
         *
         * @return the tree
         */
        public CapturedTree build() {
            CapturedTree tree = view();
            // made again by the next reset, if any: most documents have one such tree
            ops = null;
            strings = null;
            return tree;
        }

        /**
         * The tree built since {@link #reset}, its root ended, to read at once: it shares the
         * builder's arrays, which the next tree overwrites.
         *
         * @return the tree
         */
        public CapturedTree view() {
            return new CapturedTree(
                    ops, strings, inherited.isEmpty() ? NONE : inherited.toArray(NONE), maxDepth, longestText);
        }

        private int reserve(int n) {
            if (opCount + n > ops.length) {
                // by half: a large tree is most of the memory a document takes
                ops = Arrays.copyOf(ops, Math.max(ops.length + (ops.length >> 1), opCount + n));
            }
            int at = opCount;
            opCount += n;
            return at;
        }

        private void string(String s) {
            if (stringCount == strings.length) {
                // not Arrays.copyOf, which makes a String[] by reflection, outside the fast path
                String[] more = new String[stringCount + (stringCount >> 1)];
                System.arraycopy(strings, 0, more, 0, stringCount);
                strings = more;
            }
            strings[stringCount++] = s;
        }
    }

    private static final String[] NONE = {};
    /** A domain of 150 elements fits: most documents grow no array. */
    private static final int LARGE_OPS = 640;

    private static final int LARGE_STRINGS = 1024;
    /** A text element, or a few elements. */
    private static final int SMALL = 32;
}
