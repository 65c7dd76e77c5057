package io.github.domainsnapshot.model;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.Objects;

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

    /**
     * Compares the text and the unknown content; the generated subclasses compare the rest.
     *
     * @param object the other object
     * @return whether it is of the same class, with the same text and unknown content
     */
    @Override
    public boolean equals(Object object) {
        return super.equals(object) && Objects.equals(value, ((ExtensibleValue) object).value);
    }

    /**
     * Hashes the text and the unknown content; the generated subclasses hash the rest with it.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hashCode(value);
    }
}
