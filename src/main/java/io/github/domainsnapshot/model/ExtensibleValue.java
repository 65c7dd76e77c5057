package io.github.domainsnapshot.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.Objects;
import org.jvnet.jaxb.lang.CopyStrategy;
import org.jvnet.jaxb.lang.EqualsStrategy;
import org.jvnet.jaxb.lang.HashCodeStrategy;
import org.jvnet.jaxb.lang.ToStringStrategy;
import org.jvnet.jaxb.locator.ObjectLocator;

/**
 * An element of the model whose content is text (with attributes the subclass declares), such
 * as {@code <max_size unit='KiB'>1024</max_size>}. The text is kept as written.
 */
@XmlAccessorType(XmlAccessType.NONE)
public abstract class ExtensibleValue extends ExtensibleElement {
    @XmlValue
    private String value;

    /** For the generated subclasses. */
    protected ExtensibleValue() {}

    /**
     * The element's text, as written.
     *
     * @return the text, or {@code null} when the element is absent or was made without one
     */
    public String getValue() {
        return value;
    }

    /**
     * Sets the element's text.
     *
     * @param value the text; {@code null} for none
     */
    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public boolean equals(
            ObjectLocator thisLocator, ObjectLocator thatLocator, Object object, EqualsStrategy strategy) {
        return super.equals(thisLocator, thatLocator, object, strategy)
                && Objects.equals(value, ((ExtensibleValue) object).value);
    }

    @Override
    public int hashCode(ObjectLocator locator, HashCodeStrategy strategy) {
        return 31 * super.hashCode(locator, strategy) + Objects.hashCode(value);
    }

    @Override
    public StringBuilder appendFields(ObjectLocator locator, StringBuilder buffer, ToStringStrategy strategy) {
        super.appendFields(locator, buffer, strategy);
        return strategy.appendField(locator, this, "value", buffer, value, value != null);
    }

    @Override
    public Object copyTo(ObjectLocator locator, Object target, CopyStrategy strategy) {
        super.copyTo(locator, target, strategy);
        ((ExtensibleValue) target).value = value;
        return target;
    }
}
