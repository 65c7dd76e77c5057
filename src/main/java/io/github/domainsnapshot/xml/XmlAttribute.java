package io.github.domainsnapshot.xml;

import java.util.Objects;

/**
 * One attribute of an {@link XmlElement}, as written in the document.
 *
 * @param namespaceUri the namespace URI, empty for an attribute without prefix
 * @param prefix the prefix as written, empty for none
 * @param localName the local name
 * @param value the value, unescaped
 */
public record XmlAttribute(String namespaceUri, String prefix, String localName, String value) {
    /**
     * Checks the parts are present.
     *
     * @param namespaceUri the namespace URI, empty for none
     * @param prefix the prefix, empty for none
     * @param localName the local name
     * @param value the value
     */
    public XmlAttribute {
        Objects.requireNonNull(namespaceUri, "namespaceUri");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(localName, "localName");
        Objects.requireNonNull(value, "value");
    }

    /**
     * An attribute without namespace.
     *
     * @param localName the name
     * @param value the value
     * @return the attribute
     */
    public static XmlAttribute of(String localName, String value) {
        return new XmlAttribute("", "", localName, value);
    }

    /** @return the name as written: {@code prefix:localName} or {@code localName} */
    public String qualifiedName() {
        return prefix.isEmpty() ? localName : prefix + ':' + localName;
    }
}
