/**
 * XML kept verbatim: {@link io.github.domainsnapshot.xml.XmlElement} trees (with {@link
 * io.github.domainsnapshot.xml.XmlAttribute}s in document order and {@link
 * io.github.domainsnapshot.xml.NamespaceDeclaration}s) for the embedded domain, the hypervisor's
 * cookie and every element this library does not know.
 */
package io.github.domainsnapshot.xml;
