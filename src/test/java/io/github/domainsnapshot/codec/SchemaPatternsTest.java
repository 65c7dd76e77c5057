package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The schema's patterns, as automata, say what the JDK's XML Schema validator says of them: on
 * short values, where its backtracking costs nothing, both are asked the same questions.
 */
class SchemaPatternsTest {
    private static Document schema() throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newDefaultInstance();
        dbf.setNamespaceAware(true);
        try (InputStream in = SchemaPatternsTest.class.getResourceAsStream(SchemaSupport.XSD)) {
            return dbf.newDocumentBuilder().parse(in);
        }
    }

    /** The XSD's simple types with patterns, as their own schema for the JDK's validator. */
    private static Validator xerces(Document xsd, String type) throws Exception {
        StringBuilder b = new StringBuilder("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>");
        NodeList types = xsd.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "simpleType");
        for (int i = 0; i < types.getLength(); i++) {
            Element t = (Element) types.item(i);
            if (!t.getAttribute("name").isEmpty()) {
                b.append(toXml(t));
            }
        }
        b.append("<xs:element name='v' type='").append(type).append("'/></xs:schema>");
        return SchemaFactory.newDefaultInstance()
                .newSchema(new StreamSource(new StringReader(b.toString())))
                .newValidator();
    }

    private static String toXml(Element e) throws Exception {
        var out = new java.io.StringWriter();
        var t = javax.xml.transform.TransformerFactory.newDefaultInstance().newTransformer();
        t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
        t.transform(new javax.xml.transform.dom.DOMSource(e), new javax.xml.transform.stream.StreamResult(out));
        return out.toString();
    }

    private static boolean xercesTakes(Validator v, String value) throws Exception {
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace("\r", "&#13;");
        try {
            v.validate(new StreamSource(new StringReader("<v>" + escaped + "</v>")));
            return true;
        } catch (SAXException e) {
            return false;
        }
    }

    @Test
    void everyPatternOfTheSchemaAgreesWithTheJdksValidator() throws Exception {
        Document xsd = schema();
        Map<String, List<SchemaPatterns.Type>> checked = SchemaPatterns.takeFrom(schema());
        TreeSet<String> names = new TreeSet<>();
        for (List<SchemaPatterns.Type> types : checked.values()) {
            for (SchemaPatterns.Type t : types) {
                names.add(t.name());
            }
        }
        assertTrue(names.containsAll(List.of("AbsFilePath", "DiskName", "HostName", "IPv6Address", "UnsignedLong")));
        Random random = new Random(20);
        int asked = 0;
        for (String name : names) {
            SchemaPatterns.Type type = checked.get(name).get(0);
            assertEquals(name, type.name());
            Validator v = xerces(xsd, name);
            // the characters the patterns name, and a few they do not
            StringBuilder alphabet = new StringBuilder(" \t\n\r/\\:.-_x9G\u00e9\"'");
            for (String p : type.patterns()) {
                for (char c : p.toCharArray()) {
                    if (alphabet.indexOf(String.valueOf(c)) < 0) {
                        alphabet.append(c);
                    }
                }
            }
            List<String> values =
                    new ArrayList<>(List.of("", "vda", "/a", "C:\\x", "::1", "1:2:3:4:5:6:7:8", "0", "1"));
            values.addAll(List.of("18446744073709551615", "18446744073709551616", "4294967295", "4294967296"));
            values.addAll(List.of("12345::1", "a:b::c", "::ffff:1.2.3.4", "KiB", "kb", "bytes", "\"v\"", "/\n"));
            for (int i = 0; i < 1500; i++) {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(i % 3 == 0 ? 6 : 30);
                for (int k = 0; k < length; k++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                values.add(s.toString());
            }
            for (String value : values) {
                assertEquals(
                        xercesTakes(v, value),
                        type.matches(value),
                        name + " on '" + value.replace("\n", "\\n").replace("\r", "\\r") + "'");
                asked++;
            }
        }
        assertTrue(asked > 15_000, "asked " + asked);
    }

    @Test
    void xmlSchemasSyntaxIsTranslatedAndWhatIsNotSupportedIsSaid() {
        assertEquals("\\a\\-\\b", SchemaPatterns.toBrics("a\\-b"));
        assertEquals("[^\\\n\\\r]+", SchemaPatterns.toBrics(".+"));
        assertEquals("[\\a-\\z\\-]{1,4}", SchemaPatterns.toBrics("[a-z\\-]{1,4}"));
        assertEquals("\\\"\\&\\<", SchemaPatterns.toBrics("\"&<"));
        for (String unsupported : List.of("\\d+", "[a-z-[aeiou]]", "\\p{L}", "a{", "[abc")) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> SchemaPatterns.toBrics(unsupported), unsupported);
            assertTrue(e.getMessage().contains(unsupported), e.getMessage());
        }
        assertFalse(SchemaPatterns.toBrics("(a|b)*").isEmpty());
    }
}
