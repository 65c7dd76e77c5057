package io.github.domainsnapshot.codec;

/**
 * Limits applied to every document read, no looser than libxml2's defaults (which libvirt uses):
 * its maximum depth is 256 and its maximum text node is 10,000,000 bytes. The one definition for
 * the reader (Woodstox's settings, {@link LimitedStreamReader}, {@link HardenedParser}) and the
 * writer ({@link LibvirtWriter}, {@link XmlElementWriter}), so that nothing is written that the
 * reader refuses.
 */
final class XmlLimits {
    /** Deepest element nesting accepted (libxml2: xmlParserMaxDepth = 256). */
    static final int MAX_DEPTH = 256;
    /** Longest text node or attribute value, in characters (libxml2: XML_MAX_TEXT_LENGTH). */
    static final int MAX_TEXT = 10_000_000;
    /**
     * Most attributes on one element, and most namespace declarations, each counted on its own (as
     * Woodstox counts them); libvirt's elements have at most about a dozen.
     */
    static final int MAX_ATTRIBUTES = 1024;
    /**
     * Longest name or prefix of an element or attribute, and name of a processing instruction's
     * target or an entity (libxml2: XML_MAX_NAME_LENGTH is 50,000).
     */
    static final int MAX_NAME = 1000;

    private XmlLimits() {}
}
