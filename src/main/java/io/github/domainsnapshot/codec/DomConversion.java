package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.HashSet;
import java.util.Set;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** Turns the DOM elements the binding keeps for unknown content into {@link XmlElement}s. */
final class DomConversion {
    private DomConversion() {}

    /**
     * The element as an XmlElement. The binding declares every namespace in scope on each
     * unknown element it keeps; declarations that nothing in the element uses are dropped.
     */
    static XmlElement toXmlElement(Element element) {
        XmlElement e = convert(element);
        pruneUnusedDeclarations(e);
        return e;
    }

    private static Set<String> pruneUnusedDeclarations(XmlElement e) {
        Set<String> used = new HashSet<>();
        used.add(e.getPrefix());
        for (XmlAttribute a : e.getAttributes()) {
            if (!a.prefix().isEmpty()) {
                used.add(a.prefix());
            }
        }
        for (XmlElement child : e.elements()) {
            used.addAll(pruneUnusedDeclarations(child));
        }
        e.getNamespaceDeclarations().removeIf(ns -> !used.contains(ns.prefix()));
        return used;
    }

    private static XmlElement convert(Element element) {
        XmlElement e = new XmlElement(
                nullToEmpty(element.getNamespaceURI()),
                nullToEmpty(element.getPrefix()),
                element.getLocalName() != null ? element.getLocalName() : element.getNodeName());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String name = a.getName();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
                    || name.equals("xmlns")
                    || name.startsWith("xmlns:")) {
                String prefix = name.equals("xmlns") ? "" : name.substring(6);
                e.getNamespaceDeclarations().add(new NamespaceDeclaration(prefix, a.getValue()));
            } else {
                e.getAttributes()
                        .add(new XmlAttribute(
                                nullToEmpty(a.getNamespaceURI()),
                                nullToEmpty(a.getPrefix()),
                                a.getLocalName() != null ? a.getLocalName() : name,
                                a.getValue()));
            }
        }
        for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
            switch (c.getNodeType()) {
                case Node.ELEMENT_NODE -> e.getChildren().add(convert((Element) c));
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    int last = e.getChildren().size() - 1;
                    if (last >= 0 && e.getChildren().get(last) instanceof String s) {
                        e.getChildren().set(last, s + c.getNodeValue());
                    } else {
                        e.getChildren().add(c.getNodeValue());
                    }
                }
                default -> {
                    // comments and processing instructions are not kept
                }
            }
        }
        return e;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
