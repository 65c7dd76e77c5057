package io.github.domainsnapshot.differential;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a mutated DOM tree back to text, each node as it is: names as the tree holds them,
 * namespace declarations only where the mutations put them. The JDK's transformer would repair
 * namespaces on its own, and so hide what a mutation meant to send.
 */
final class DomTexts {
    private DomTexts() {}

    static String write(Document doc) {
        StringBuilder b = new StringBuilder();
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            write(n, b);
            if (n.getNodeType() != Node.ELEMENT_NODE) {
                b.append('\n');
            }
        }
        return b.append('\n').toString();
    }

    private static void write(Node n, StringBuilder b) {
        switch (n.getNodeType()) {
            case Node.ELEMENT_NODE -> {
                Element e = (Element) n;
                b.append('<').append(e.getTagName());
                NamedNodeMap attrs = e.getAttributes();
                for (int i = 0; i < attrs.getLength(); i++) {
                    Attr a = (Attr) attrs.item(i);
                    b.append(' ').append(a.getName()).append("='");
                    escape(a.getValue(), true, b);
                    b.append('\'');
                }
                if (e.getFirstChild() == null) {
                    b.append("/>");
                    return;
                }
                b.append('>');
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    write(c, b);
                }
                b.append("</").append(e.getTagName()).append('>');
            }
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> escape(n.getNodeValue(), false, b);
            case Node.COMMENT_NODE -> b.append("<!--").append(n.getNodeValue()).append("-->");
            case Node.PROCESSING_INSTRUCTION_NODE ->
                b.append("<?")
                        .append(n.getNodeName())
                        .append(' ')
                        .append(n.getNodeValue())
                        .append("?>");
            default -> {
                // entity references and document types never reach here: seeds refuse DOCTYPEs
            }
        }
    }

    private static void escape(String s, boolean attribute, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\'' -> b.append(attribute ? "&apos;" : "'");
                // kept as they are by an attribute's normalisation only when written as references
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                case '\r' -> b.append("&#13;");
                default -> b.append(c);
            }
        }
    }
}
