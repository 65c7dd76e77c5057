package io.github.domainsnapshot.internal;

import io.github.domainsnapshot.xml.XmlElement;

/**
 * What the codec may do with an {@link XmlElement} that its public API does not offer: make one
 * that holds a {@link CapturedTree} until its content is asked for, and find that tree again to
 * write from it. {@code XmlElement} registers the implementation when it is initialized; this
 * package is not exported.
 */
public final class XmlElementAccess {
    /** The operations, implemented by {@code XmlElement}. */
    public interface Access {
        /**
         * @param node a captured element
         * @return an element that builds its content from the tree when first asked
         */
        XmlElement element(CapturedTree.Node node);

        /**
         * @param e an element
         * @return the element of a tree its content still is, or null when it has been built (or
         *     never was a tree)
         */
        CapturedTree.Node pending(XmlElement e);
    }

    private static volatile Access access;

    private XmlElementAccess() {}

    /**
     * Called once, by {@code XmlElement}'s initialization.
     *
     * @param a the implementation
     */
    public static void register(Access a) {
        access = a;
    }

    /**
     * @param node a captured element
     * @return an element that builds its content from the tree when first asked
     */
    public static XmlElement element(CapturedTree.Node node) {
        return access().element(node);
    }

    /**
     * @param e an element
     * @return the element of a tree its content still is, or null
     */
    public static CapturedTree.Node pending(XmlElement e) {
        // e exists, so XmlElement is initialized and registered
        return access.pending(e);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(XmlElement.class.getName(), true, XmlElement.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
