package io.github.domainsnapshot.model;

import org.jvnet.jaxb.lang.JAXBToStringStrategy;
import org.jvnet.jaxb.locator.ObjectLocator;

/**
 * How the generated {@code toString} writes an object of the model: its simple class name and
 * the properties that are set, such as {@code DiskSnapshot[name=vda, snapshot=external]}; XML
 * kept verbatim as XML.
 */
final class ModelToStringStrategy extends JAXBToStringStrategy {
    ModelToStringStrategy() {}

    @Override
    public boolean isUseIdentityHashCode() {
        return false;
    }

    @Override
    protected void appendClassName(StringBuilder buffer, Object object) {
        if (object != null) {
            buffer.append(object.getClass().getSimpleName());
        }
    }

    @Override
    public StringBuilder appendField(
            ObjectLocator locator, Object parent, String fieldName, StringBuilder buffer, Object value, boolean isSet) {
        return isSet ? super.appendField(locator, parent, fieldName, buffer, value, isSet) : buffer;
    }
}
