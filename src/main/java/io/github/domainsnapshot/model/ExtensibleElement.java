package io.github.domainsnapshot.model;

import io.github.domainsnapshot.xml.XmlElement;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlTransient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * What every element of the model keeps besides what the schema declares: the elements and
 * attributes this library does not know (a newer libvirt's, or anyone's), so that a document
 * read and written again loses nothing. They are written back after the known content of their
 * element, attributes in the order they were read.
 *
 * <p>The codec fills these in; the XML binding does not see them. They take part in the
 * {@code equals} and {@code hashCode} generated for every class of the model (each calls this
 * class's first), in its {@code toString} and in its deep copy ({@link #clone()}): two elements
 * are equal when their known content, their unknown elements (in order) and their unknown
 * attributes (in any order) are.
 */
@XmlTransient
@XmlAccessorType(XmlAccessType.NONE)
public abstract class ExtensibleElement implements Cloneable {
    /** The fields of each class of the model, its own after its superclass's, for toString and copies. */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            if (type.getSuperclass() != ExtensibleElement.class && type.getSuperclass() != ExtensibleValue.class) {
                fields.addAll(get(type.getSuperclass()));
            }
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    fields.add(f);
                }
            }
            return List.copyOf(fields);
        }
    };

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
     * Compares the unknown content; the generated subclasses compare the rest, after calling this.
     *
     * @param object the other object
     * @return whether it is of the same class, with the same unknown content
     */
    @Override
    public boolean equals(Object object) {
        if (object == this) {
            return true;
        }
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
     * Hashes the unknown content; the generated subclasses hash the rest with it.
     *
     * @return the hash of the unknown content, 1 when there is none
     */
    @Override
    public int hashCode() {
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
     * What is set, for logs and test failures: the simple class name and each property that is
     * set, such as {@code DiskSnapshot[name=vda, snapshot=external]}, XML kept verbatim as XML
     * (bounded in length), then the unknown content.
     *
     * @return the text
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('[');
        String sep = "";
        for (Field f : FIELDS.get(getClass())) {
            Object v = read(f, this);
            if (v == null || v instanceof Collection<?> c && c.isEmpty()) {
                continue;
            }
            b.append(sep).append(f.getName()).append('=').append(v);
            sep = ", ";
        }
        if (this instanceof ExtensibleValue value && value.getValue() != null) {
            b.append(sep).append("value=").append(value.getValue());
            sep = ", ";
        }
        if (hasUnknownElements()) {
            b.append(sep).append("unknownElements=").append(unknownElements);
            sep = ", ";
        }
        if (hasOtherAttributes()) {
            b.append(sep).append("otherAttributes=").append(otherAttributes);
        }
        return b.append(']').toString();
    }

    /**
     * A deep copy, equal to this and independent of it: every part of the model copied, XML kept
     * verbatim ({@link XmlElement}) and unknown content copied deeply, immutable values (text,
     * the value types) shared. It copies what the object holds, even what could not be written.
     *
     * @return the copy, of this object's class
     */
    @Override
    public ExtensibleElement clone() {
        ExtensibleElement copy;
        try {
            copy = (ExtensibleElement) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("the model is Cloneable", e);
        }
        for (Field f : FIELDS.get(getClass())) {
            write(f, copy, deepCopy(read(f, this)));
        }
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
        return copy;
    }

    private static Object deepCopy(Object value) {
        if (value instanceof ExtensibleElement e) {
            return e.clone();
        }
        if (value instanceof XmlElement e) {
            return e.deepCopy();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(deepCopy(o));
            }
            return copy;
        }
        // text and the value types are immutable
        return value;
    }

    private static Object read(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the model's field " + f + " is not accessible to the model", e);
        }
    }

    private static void write(Field f, Object o, Object value) {
        try {
            f.set(o, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the model's field " + f + " is not accessible to the model", e);
        }
    }
}
