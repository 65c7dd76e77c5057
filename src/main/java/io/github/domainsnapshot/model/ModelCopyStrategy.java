package io.github.domainsnapshot.model;

import io.github.domainsnapshot.xml.XmlElement;
import org.jvnet.jaxb.lang.JAXBCopyStrategy;
import org.jvnet.jaxb.locator.ObjectLocator;

/**
 * How the generated copies copy a value: XML kept verbatim ({@link XmlElement}, such as the
 * embedded domain) deeply, the model's classes by their own copy, immutable values (strings,
 * the model's value types) as they are.
 */
final class ModelCopyStrategy extends JAXBCopyStrategy {
    ModelCopyStrategy() {}

    @Override
    protected Object copyInternal(ObjectLocator locator, Object object) {
        if (object instanceof XmlElement e) {
            return e.deepCopy();
        }
        return super.copyInternal(locator, object);
    }
}
