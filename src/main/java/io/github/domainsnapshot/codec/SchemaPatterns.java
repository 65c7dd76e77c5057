package io.github.domainsnapshot.codec;

import dk.brics.automaton.RegExp;
import dk.brics.automaton.RunAutomaton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The schema's pattern facets, checked in time linear in the value. The JDK's XML Schema
 * validator matches patterns with a backtracking engine whose cost grows with the square of the
 * value (a 400 KB file path took 30 s, and one of 10,000,000 characters, which the parser
 * accepts, would take hours); here each pattern is compiled once into a deterministic automaton
 * (dk.brics.automaton), which reads each character of a value once.
 *
 * <p>The XSD stays the one place the patterns are written: {@link #takeFrom} removes them from the
 * strict schema given to the validator and keeps them here, by the name of their type; a union
 * of such types becomes a plain string there, and the union of their automata here. The
 * validator still says which type each value has; {@link SchemaSupport} checks the value here.
 */
final class SchemaPatterns {
    /** A named type's patterns (alternatives, as the patterns of one restriction are). */
    record Type(String name, List<String> patterns, boolean union, RunAutomaton automaton) {
        boolean matches(String value) {
            return automaton.run(value);
        }

        /** Xerces's words for a value its pattern refuses, so that messages stay as they were. */
        String refusal(String value) {
            String shown = value.length() > 120 ? value.substring(0, 120) + "..." : value;
            return union
                    ? "'" + shown + "' is not a valid value of union type '" + name + "'."
                    : "Value '" + shown + "' is not facet-valid with respect to pattern '" + String.join("|", patterns)
                            + "' for type '" + name + "'.";
        }
    }

    private SchemaPatterns() {}

    /**
     * Removes the pattern facets from a schema, and the unions of patterned types, and names the
     * anonymous types that derive from a patterned type (the validator says which type a value
     * has by its name, and cannot be asked reliably what an anonymous complex type derives from).
     *
     * @param doc the schema, changed
     * @return for each named type whose values have patterns to match (its own, or a base's), the
     *     patterned types they must match, each of them
     * @throws IllegalStateException for what is not supported: a pattern this class cannot
     *     translate, a pattern in an anonymous type, a union mixing patterned and other types
     */
    static Map<String, List<Type>> takeFrom(Document doc) {
        Map<String, Type> types = new LinkedHashMap<>();
        for (Element restriction : elements(doc, "restriction")) {
            List<String> patterns = new ArrayList<>();
            for (Node c = restriction.getFirstChild(); c != null; ) {
                Node next = c.getNextSibling();
                if (c instanceof Element e && isXs(e, "pattern")) {
                    patterns.add(e.getAttribute("value"));
                    restriction.removeChild(e);
                }
                c = next;
            }
            if (patterns.isEmpty()) {
                continue;
            }
            Element type = (Element) restriction.getParentNode();
            String name = type.getAttribute("name");
            if (!isXs(type, "simpleType") || name.isEmpty()) {
                throw new IllegalStateException("a pattern outside a named simple type: " + patterns);
            }
            types.put(name, new Type(name, List.copyOf(patterns), false, compile(patterns)));
        }
        for (Element union : elements(doc, "union")) {
            Element type = (Element) union.getParentNode();
            String name = type.getAttribute("name");
            List<String> patterns = new ArrayList<>();
            int patterned = 0;
            String[] members = union.getAttribute("memberTypes").trim().split("\\s+");
            for (String member : members) {
                Type t = types.get(member);
                if (t != null) {
                    patterned++;
                    patterns.addAll(t.patterns());
                }
            }
            if (patterned == 0) {
                continue;
            }
            if (patterned != members.length || name.isEmpty() || hasElements(union)) {
                throw new IllegalStateException("a union of patterned and other types: " + name);
            }
            Element string = doc.createElementNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "xs:restriction");
            string.setAttribute("base", "xs:string");
            type.replaceChild(string, union);
            types.put(name, new Type(name, List.copyOf(patterns), true, compile(patterns)));
        }
        // which types derive from which: by the base of each named type's restriction or extension
        Map<String, String> baseOf = new HashMap<>();
        for (String kind : new String[] {"simpleType", "complexType"}) {
            for (Element type : elements(doc, kind)) {
                Element derivation = derivation(type);
                if (derivation == null) {
                    continue;
                }
                String base = derivation.getAttribute("base");
                if (type.getAttribute("name").isEmpty()) {
                    if (!patternsOf(base, baseOf, types).isEmpty()) {
                        nameAnonymous(doc, type, kind);
                    } else {
                        continue;
                    }
                }
                baseOf.put(type.getAttribute("name"), base);
            }
        }
        Map<String, List<Type>> checked = new HashMap<>();
        for (String name : baseOf.keySet()) {
            List<Type> all = patternsOf(name, baseOf, types);
            if (!all.isEmpty()) {
                checked.put(name, all);
            }
        }
        for (Type t : types.values()) {
            checked.putIfAbsent(t.name(), List.of(t));
        }
        return Map.copyOf(checked);
    }

    /** @return the patterned types a type is or derives from, nearest first */
    private static List<Type> patternsOf(String name, Map<String, String> baseOf, Map<String, Type> types) {
        List<Type> out = new ArrayList<>(1);
        for (String at = name; at != null && out.size() < 64; at = baseOf.get(at)) {
            Type t = types.get(at);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return a type's restriction or extension (of its simple content), or null */
    private static Element derivation(Element type) {
        for (Node c = type.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                if (isXs(e, "restriction") || isXs(e, "extension")) {
                    return e;
                }
                if (isXs(e, "simpleContent") || isXs(e, "complexContent")) {
                    return derivation(e);
                }
            }
        }
        return null;
    }

    /** Gives an anonymous type of an element or attribute a name, where the schema's types are. */
    private static void nameAnonymous(Document doc, Element type, String kind) {
        Node owner = type.getParentNode();
        if (!(owner instanceof Element declaration)
                || !(isXs(declaration, "element") || isXs(declaration, "attribute"))) {
            throw new IllegalStateException("a patterned anonymous " + kind + " outside an element or attribute");
        }
        String name = "patterned-" + declaration.getAttribute("name") + "-" + System.identityHashCode(type);
        declaration.removeChild(type);
        type.setAttribute("name", name);
        doc.getDocumentElement().appendChild(type);
        declaration.setAttribute("type", name);
    }

    /** The automaton of a value matching any of the patterns. */
    private static RunAutomaton compile(List<String> patterns) {
        StringBuilder any = new StringBuilder();
        for (String p : patterns) {
            if (!any.isEmpty()) {
                any.append('|');
            }
            any.append('(').append(toBrics(p)).append(')');
        }
        return new RunAutomaton(new RegExp(any.toString(), RegExp.NONE).toAutomaton());
    }

    /**
     * An XML Schema regular expression in dk.brics.automaton's syntax: every literal character
     * escaped (brics reserves some that XML Schema does not), {@code .} as XML Schema means it
     * (anything but a line break), the rest as it is. XML Schema's patterns are anchored, as
     * brics matches.
     *
     * @throws IllegalStateException for what has no translation here (multi-character escapes
     *     such as {@code \d}, class subtraction): the schema would need a new case
     */
    static String toBrics(String xsd) {
        StringBuilder out = new StringBuilder(xsd.length() * 2);
        int i = 0;
        int n = xsd.length();
        while (i < n) {
            char c = xsd.charAt(i);
            switch (c) {
                case '\\' -> {
                    literal(out, singleEscape(xsd, i));
                    i += 2;
                }
                case '.' -> {
                    out.append("[^")
                            .append('\\')
                            .append('\n')
                            .append('\\')
                            .append('\r')
                            .append(']');
                    i++;
                }
                case '[' -> i = characterClass(xsd, i, out);
                case '(', ')', '|', '*', '+', '?' -> {
                    out.append(c);
                    i++;
                }
                case '{' -> {
                    int close = xsd.indexOf('}', i);
                    if (close < 0 || !xsd.substring(i + 1, close).matches("\\d+(,\\d*)?")) {
                        throw unsupported(xsd, "a '{' that is not a quantifier");
                    }
                    out.append(xsd, i, close + 1);
                    i = close + 1;
                }
                default -> {
                    literal(out, c);
                    i++;
                }
            }
        }
        return out.toString();
    }

    /** @return the index after the class that starts at {@code start} */
    private static int characterClass(String xsd, int start, StringBuilder out) {
        int i = start + 1;
        out.append('[');
        if (i < xsd.length() && xsd.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        boolean first = true;
        while (true) {
            if (i >= xsd.length()) {
                throw unsupported(xsd, "an unclosed class");
            }
            char c = xsd.charAt(i);
            if (c == ']' && !first) {
                out.append(']');
                return i + 1;
            }
            if (c == '[') {
                throw unsupported(xsd, "a class inside a class");
            }
            char from;
            if (c == '\\') {
                from = singleEscape(xsd, i);
                i += 2;
            } else {
                from = c;
                i++;
            }
            literal(out, from);
            // a range, unless the '-' ends the class or starts a subtraction
            if (i + 1 < xsd.length() && xsd.charAt(i) == '-' && xsd.charAt(i + 1) != ']') {
                if (xsd.charAt(i + 1) == '[') {
                    throw unsupported(xsd, "class subtraction");
                }
                i++;
                char to;
                if (xsd.charAt(i) == '\\') {
                    to = singleEscape(xsd, i);
                    i += 2;
                } else {
                    to = xsd.charAt(i);
                    i++;
                }
                out.append('-');
                literal(out, to);
            }
            first = false;
        }
    }

    /** XML Schema's single-character escapes; the others stand for classes, not supported here. */
    private static char singleEscape(String xsd, int at) {
        if (at + 1 >= xsd.length()) {
            throw unsupported(xsd, "a trailing backslash");
        }
        char e = xsd.charAt(at + 1);
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '\\', '|', '.', '-', '^', '?', '*', '+', '{', '}', '(', ')', '[', ']' -> e;
            default -> throw unsupported(xsd, "the escape \\" + e);
        };
    }

    private static void literal(StringBuilder out, char c) {
        out.append('\\').append(c);
    }

    private static IllegalStateException unsupported(String xsd, String what) {
        return new IllegalStateException("cannot compile the schema's pattern '" + xsd + "': " + what);
    }

    private static boolean hasElements(Element e) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element) {
                return true;
            }
        }
        return false;
    }

    private static boolean isXs(Element e, String localName) {
        return XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    private static List<Element> elements(Document doc, String localName) {
        NodeList list = doc.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, localName);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }
}
