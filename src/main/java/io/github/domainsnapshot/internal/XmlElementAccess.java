package io.github.domainsnapshot.internal;

import io.github.domainsnapshot.xml.XmlElement;
import java.lang.invoke.MethodHandles;

/**
 * The codec's access to what {@link XmlElement} keeps from its public API: elements whose content
 * is built on first use. {@code XmlElement} installs the hooks when it is initialized. Not API:
 * the package is not exported.
 */
public final class XmlElementAccess {
    /** What XmlElement offers the codec. */
    public interface Hooks {
        /**
         * @param localName the element's name, without namespace
         * @param content how to build its content
         * @return an element whose attributes and children are built on first use
         */
        XmlElement deferred(String localName, DeferredContent content);

        /**
         * @param e an element
         * @return its content still to be built, or null when it is built
         */
        DeferredContent deferredContent(XmlElement e);
    }

    private static volatile Hooks hooks;

    private XmlElementAccess() {}

    /**
     * Called once, by XmlElement's initializer.
     *
     * @param h the hooks
     */
    public static void install(Hooks h) {
        if (hooks != null) {
            throw new IllegalStateException("already installed");
        }
        hooks = h;
    }

    /** @return the hooks, initializing XmlElement first if needed */
    public static Hooks hooks() {
        Hooks h = hooks;
        if (h == null) {
            try {
                MethodHandles.lookup().ensureInitialized(XmlElement.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            h = hooks;
        }
        return h;
    }
}
