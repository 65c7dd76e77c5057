package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The model's Javadoc comes from the XSD's documentation: every class of the model and every
 * property it declares says what libvirt does with it.
 */
class SchemaDocumentationTest {
    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    @Test
    void everyTypeAndDeclarationOfTheModelIsDocumented() throws Exception {
        Document xsd;
        try (InputStream in = getClass().getResourceAsStream("/schema/domainsnapshot.xsd")) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            xsd = f.newDocumentBuilder().parse(in);
        }
        List<String> undocumented = new ArrayList<>();
        int types = 0;
        int declarations = 0;
        NodeList all = xsd.getElementsByTagNameNS(XS, "complexType");
        for (int i = 0; i < all.getLength(); i++) {
            Element type = (Element) all.item(i);
            if (!isModelType(type)) {
                continue;
            }
            types++;
            String name = type.getAttribute("name");
            if (!documented(type)) {
                undocumented.add(name);
            }
            for (String kind : List.of("element", "attribute")) {
                NodeList decls = type.getElementsByTagNameNS(XS, kind);
                for (int k = 0; k < decls.getLength(); k++) {
                    Element d = (Element) decls.item(k);
                    declarations++;
                    if (!documented(d)) {
                        undocumented.add(name + "/" + (kind.equals("attribute") ? "@" : "") + d.getAttribute("name"));
                    }
                }
            }
        }
        assertEquals(List.of(), undocumented);
        assertTrue(types >= 17 && declarations >= 70, types + " types, " + declarations + " declarations");
    }

    /** A class of the model: it derives from the binding's bases. */
    private static boolean isModelType(Element type) {
        NodeList extensions = type.getElementsByTagNameNS(XS, "extension");
        for (int i = 0; i < extensions.getLength(); i++) {
            String base = ((Element) extensions.item(i)).getAttribute("base");
            if (base.equals("Extensible") || base.equals("ExtensibleValue")) {
                return true;
            }
        }
        return false;
    }

    private static boolean documented(Element declaration) {
        for (Node c = declaration.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element a && a.getLocalName().equals("annotation")) {
                NodeList docs = a.getElementsByTagNameNS(XS, "documentation");
                return docs.getLength() > 0 && !docs.item(0).getTextContent().isBlank();
            }
        }
        return false;
    }
}
