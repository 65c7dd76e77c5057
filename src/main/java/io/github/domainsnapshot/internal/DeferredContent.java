package io.github.domainsnapshot.internal;

import io.github.domainsnapshot.xml.XmlElement;

/**
 * The content of an {@link XmlElement} that a reader has checked but not yet built: it is built
 * when first used, and written as it was read while unused. Not API: the package is not exported.
 */
public interface DeferredContent {
    /**
     * Builds the element.
     *
     * @return the element in full, with the deferred element's name, attributes, namespace
     *     declarations and children
     */
    XmlElement build();

    /**
     * Appends the element exactly as it was read, from its start tag to its end tag, when that
     * is how libvirt writes it at this indentation.
     *
     * @param out where to append
     * @param indent the spaces the writer puts before the start tag
     * @return whether it was appended; when not, nothing was
     */
    boolean appendAsRead(StringBuilder out, int indent);
}
