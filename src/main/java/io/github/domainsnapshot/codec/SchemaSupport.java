package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The strict form of domainsnapshot.xsd, used when schema validation is on: the same schema
 * without its extension wildcards ({@code id="ext-*"}) and the attributes libvirt reads but its
 * schema refuses ({@code id="lenient-*"}), and with the sequences that stand for
 * libvirt's interleaves made order-insensitive ({@code all-*} become {@code xs:all}, {@code any-*}
 * become repeatable choices). Built once, on first use.
 */
final class SchemaSupport {
    static final String XSD = "/schema/domainsnapshot.xsd";

    private SchemaSupport() {}

    private static final class Holder {
        static final Schema STRICT = build();
    }

    static Schema strict() {
        return Holder.STRICT;
    }

    private static Schema build() {
        try (InputStream in = SchemaSupport.class.getResourceAsStream(XSD)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + XSD);
            }
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newDefaultInstance();
            dbf.setNamespaceAware(true);
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            Document doc = dbf.newDocumentBuilder().parse(in);
            makeStrict(doc);
            SchemaFactory sf = SchemaFactory.newDefaultInstance();
            sf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return sf.newSchema(new DOMSource(doc));
        } catch (Exception e) {
            throw new SnapshotXmlException("cannot build the validation schema: " + e.getMessage(), -1, -1, null, e);
        }
    }

    private static void makeStrict(Document doc) {
        for (Element e : elements(doc, "any")) {
            if (e.getAttribute("id").startsWith("ext-")) {
                e.getParentNode().removeChild(e);
            }
        }
        for (Element e : elements(doc, "anyAttribute")) {
            if (e.getAttribute("id").startsWith("ext-")) {
                e.getParentNode().removeChild(e);
            }
        }
        for (Element e : elements(doc, "attribute")) {
            if (e.getAttribute("id").startsWith("lenient-")) {
                e.getParentNode().removeChild(e);
            }
        }
        for (Element seq : elements(doc, "sequence")) {
            String id = seq.getAttribute("id");
            if (id.startsWith("all-")) {
                rename(doc, seq, "all", false);
            } else if (id.startsWith("any-")) {
                rename(doc, seq, "choice", true);
            }
        }
    }

    private static void rename(Document doc, Element seq, String to, boolean repeat) {
        Element replacement = doc.createElementNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "xs:" + to);
        if (repeat) {
            replacement.setAttribute("minOccurs", "0");
            replacement.setAttribute("maxOccurs", "unbounded");
        }
        while (seq.getFirstChild() != null) {
            replacement.appendChild(seq.getFirstChild());
        }
        seq.getParentNode().replaceChild(replacement, seq);
    }

    private static List<Element> elements(Document doc, String localName) {
        NodeList list = doc.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, localName);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            Node n = list.item(i);
            out.add((Element) n);
        }
        return out;
    }
}
