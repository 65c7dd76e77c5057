package io.github.domainsnapshot.model;

import io.github.domainsnapshot.xml.XmlElement;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlTransient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.jvnet.jaxb.lang.CopyStrategy;
import org.jvnet.jaxb.lang.CopyTo;
import org.jvnet.jaxb.lang.Equals;
import org.jvnet.jaxb.lang.EqualsStrategy;
import org.jvnet.jaxb.lang.HashCode;
import org.jvnet.jaxb.lang.HashCodeStrategy;
import org.jvnet.jaxb.lang.ToString;
import org.jvnet.jaxb.lang.ToStringStrategy;
import org.jvnet.jaxb.locator.ObjectLocator;

/**
 * What every element of the model keeps besides what the schema declares: the elements and
 * attributes this library does not know (a newer libvirt's, or anyone's), so that a document
 * read and written again loses nothing. They are written back after the known content of their
 * element, attributes in the order they were read.
 *
 * <p>The codec fills these in; the XML binding does not see them. They take part in the
 * generated {@code equals}, {@code hashCode}, {@code toString} and copies of every class of the
 * model (each calls this class's part first): two elements are equal when their known content,
 * their unknown elements (in order) and their unknown attributes (in any order) are.
 */
@XmlTransient
@XmlAccessorType(XmlAccessType.NONE)
public abstract class ExtensibleElement implements Equals, HashCode, ToString, CopyTo {
    // made when first asked for: most elements have none, and a document may hold many elements;
    // the binding maps an XmlTransient class's fields into its subclasses unless told not to
    @XmlTransient
    private List<XmlElement> unknownElements;

    @XmlTransient
    private Map<QName, String> otherAttributes;

    /** For the generated subclasses. */
    protected ExtensibleElement() {}

    /**
     * The child elements this library does not know, in document order.
     *
     * @return the live list, never {@code null}
     */
    public List<XmlElement> getUnknownElements() {
        if (unknownElements == null) {
            unknownElements = new ArrayList<>();
        }
        return unknownElements;
    }

    /**
     * The attributes this library does not know, by qualified name, in document order.
     *
     * @return the live map, never {@code null}
     */
    public Map<QName, String> getOtherAttributes() {
        if (otherAttributes == null) {
            otherAttributes = new LinkedHashMap<>();
        }
        return otherAttributes;
    }

    /** @return whether this element holds elements or attributes this library does not know */
    public boolean hasUnknownContent() {
        return hasUnknownElements() || hasOtherAttributes();
    }

    private boolean hasUnknownElements() {
        return unknownElements != null && !unknownElements.isEmpty();
    }

    private boolean hasOtherAttributes() {
        return otherAttributes != null && !otherAttributes.isEmpty();
    }

    /**
     * Compares the unknown content; the generated subclasses compare the rest.
     *
     * @param thisLocator where this object is, for the strategy
     * @param thatLocator where the other is
     * @param object the other object
     * @param strategy how values are compared
     * @return whether the unknown content is the same
     */
    @Override
    public boolean equals(
            ObjectLocator thisLocator, ObjectLocator thatLocator, Object object, EqualsStrategy strategy) {
        if (object == null || getClass() != object.getClass()) {
            return false;
        }
        ExtensibleElement that = (ExtensibleElement) object;
        if (hasUnknownElements() != that.hasUnknownElements() || hasOtherAttributes() != that.hasOtherAttributes()) {
            return false;
        }
        return (!hasUnknownElements() || unknownElements.equals(that.unknownElements))
                && (!hasOtherAttributes() || otherAttributes.equals(that.otherAttributes));
    }

    /**
     * Hashes the unknown content; the generated subclasses hash the rest.
     *
     * @param locator where this object is, for the strategy
     * @param strategy how values are hashed
     * @return the hash of the unknown content, 1 when there is none
     */
    @Override
    public int hashCode(ObjectLocator locator, HashCodeStrategy strategy) {
        int h = 1;
        if (hasUnknownElements()) {
            h = 31 * h + unknownElements.hashCode();
        }
        if (hasOtherAttributes()) {
            h = 31 * h + otherAttributes.hashCode();
        }
        return h;
    }

    /**
     * Appends the unknown content, when there is any; the generated subclasses append the rest.
     *
     * @param locator where this object is, for the strategy
     * @param buffer where to append
     * @param strategy how values are written
     * @return the buffer
     */
    @Override
    public StringBuilder appendFields(ObjectLocator locator, StringBuilder buffer, ToStringStrategy strategy) {
        if (hasUnknownElements()) {
            strategy.appendField(locator, this, "unknownElements", buffer, unknownElements, true);
        }
        if (hasOtherAttributes()) {
            strategy.appendField(locator, this, "otherAttributes", buffer, otherAttributes, true);
        }
        return buffer;
    }

    /**
     * Copies the unknown content into another object of the same class, deeply; the generated
     * subclasses copy the rest.
     *
     * @param locator where this object is, for the strategy
     * @param target the copy
     * @param strategy how values are copied
     * @return the target
     */
    @Override
    public Object copyTo(ObjectLocator locator, Object target, CopyStrategy strategy) {
        ExtensibleElement copy = (ExtensibleElement) target;
        copy.unknownElements = null;
        copy.otherAttributes = null;
        if (hasUnknownElements()) {
            List<XmlElement> elements = copy.getUnknownElements();
            for (XmlElement e : unknownElements) {
                elements.add(e.deepCopy());
            }
        }
        if (hasOtherAttributes()) {
            copy.getOtherAttributes().putAll(otherAttributes);
        }
        return target;
    }
}
