package io.github.domainsnapshot.xml;

import java.util.Objects;

/**
 * A namespace declaration ({@code xmlns:prefix='uri'}) made on an {@link XmlElement}.
 *
 * @param prefix the declared prefix, empty for the default namespace
 * @param namespaceUri the namespace URI
 */
public record NamespaceDeclaration(String prefix, String namespaceUri) {
    /**
     * Checks the parts are present.
     *
     * @param prefix the prefix, empty for the default namespace
     * @param namespaceUri the URI
     */
    public NamespaceDeclaration {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(namespaceUri, "namespaceUri");
    }
}
