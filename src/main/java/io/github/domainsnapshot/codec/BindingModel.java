package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.ExtensibleElement;
import io.github.domainsnapshot.xml.XmlElement;
import jakarta.xml.bind.JAXBContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.glassfish.jaxb.runtime.api.AccessorException;
import org.glassfish.jaxb.runtime.api.JAXBRIContext;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeAttributePropertyInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeClassInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeElementPropertyInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeNonElement;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeNonElementRef;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimePropertyInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeTypeInfoSet;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeTypeRef;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeValuePropertyInfo;
import org.glassfish.jaxb.runtime.v2.runtime.Transducer;
import org.glassfish.jaxb.runtime.v2.runtime.reflect.Accessor;

/**
 * The shape of the generated model as the JAXB runtime sees it: for each class, its attributes
 * and child elements in schema order, which children are text, which are model classes and
 * which are XML kept verbatim, and how to get and set each. Everything the codec knows of the
 * schema comes from here, so a declaration added to the XSD reaches the reader, the writer and
 * the paths without further code.
 */
final class BindingModel {
    private final Map<Class<?>, ClassBinding> classes = new HashMap<>();
    private final ClassBinding root;

    private BindingModel(RuntimeTypeInfoSet types) {
        this.root = bind(types, (RuntimeClassInfo) types.getClassInfo(DomainSnapshot.class));
    }

    static BindingModel of(JAXBContext context) {
        return new BindingModel(((JAXBRIContext) context).getRuntimeTypeInfoSet());
    }

    /** @return the binding of {@code <domainsnapshot>} */
    ClassBinding root() {
        return root;
    }

    /** @return the binding of a model class, or null for a class outside the model */
    ClassBinding binding(Class<?> type) {
        return classes.get(type);
    }

    private ClassBinding bind(RuntimeTypeInfoSet types, RuntimeClassInfo info) {
        ClassBinding existing = classes.get(info.getClazz());
        if (existing != null) {
            return existing;
        }
        ClassBinding c = new ClassBinding(info.getClazz());
        classes.put(info.getClazz(), c);
        // the properties of the bound base classes first (the text of ExtensibleValue), as the binding orders them
        List<RuntimePropertyInfo> properties = new ArrayList<>();
        for (RuntimeClassInfo k = info; k != null; k = k.getBaseClass()) {
            properties.addAll(0, k.getProperties());
        }
        for (RuntimePropertyInfo p : properties) {
            switch (p.kind()) {
                case ATTRIBUTE -> {
                    RuntimeAttributePropertyInfo a = (RuntimeAttributePropertyInfo) p;
                    c.attributes.add(new AttributeBinding(a.getXmlName(), accessor(p), a));
                }
                case VALUE -> c.value = new ValueBinding(accessor(p), (RuntimeValuePropertyInfo) p);
                case ELEMENT -> {
                    RuntimeElementPropertyInfo e = (RuntimeElementPropertyInfo) p;
                    if (e.getTypes().size() != 1) {
                        throw new IllegalStateException("a property with a choice of elements: " + p.getName());
                    }
                    RuntimeTypeRef ref = e.getTypes().get(0);
                    RuntimeNonElement target = ref.getTarget();
                    Kind kind;
                    ClassBinding targetBinding = null;
                    if (target instanceof RuntimeClassInfo ci) {
                        if (ci.getClazz() == XmlElement.class) {
                            kind = Kind.VERBATIM;
                        } else {
                            kind = Kind.MODEL;
                            targetBinding = bind(types, ci);
                        }
                    } else {
                        kind = Kind.TEXT;
                    }
                    ElementBinding b = new ElementBinding(
                            ref.getTagName().getLocalPart(),
                            kind,
                            e.isCollection(),
                            c.elements.size(),
                            accessor(p),
                            kind == Kind.TEXT ? ref : null,
                            targetBinding,
                            erasure(e.getIndividualType()));
                    c.elements.add(b);
                    c.elementsByName.put(b.name, b);
                }
                default -> throw new IllegalStateException("unexpected property kind " + p.kind() + ": " + p.getName());
            }
        }
        for (AttributeBinding a : c.attributes) {
            c.attributesByName.put(a.name.getLocalPart(), a);
        }
        return c;
    }

    /** @return the class of a value, boxed, as a test of what a list may hold */
    private static Class<?> erasure(java.lang.reflect.Type type) {
        if (type instanceof Class<?> k) {
            return k.isPrimitive()
                    ? java.lang.invoke.MethodType.methodType(k).wrap().returnType()
                    : k;
        }
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            return erasure(p.getRawType());
        }
        return Object.class;
    }

    @SuppressWarnings("unchecked")
    private static Accessor<Object, Object> accessor(RuntimePropertyInfo p) {
        return (Accessor<Object, Object>) p.getAccessor();
    }

    /** What the content of a child element is. */
    enum Kind {
        /** text, bound to a simple value */
        TEXT,
        /** a class of the model */
        MODEL,
        /** XML carried verbatim as an {@link XmlElement} */
        VERBATIM
    }

    /** One class of the model. */
    static final class ClassBinding {
        final Class<?> type;
        final List<AttributeBinding> attributes = new ArrayList<>();
        final List<ElementBinding> elements = new ArrayList<>();
        final Map<String, ElementBinding> elementsByName = new HashMap<>();
        final Map<String, AttributeBinding> attributesByName = new HashMap<>();
        /** The text content of a class with simple content, else null. */
        ValueBinding value;

        ClassBinding(Class<?> type) {
            this.type = type;
        }

        /** @return the child element of that name without namespace, or null */
        ElementBinding element(String localName) {
            return elementsByName.get(localName);
        }

        /** @return whether an attribute without namespace of that name is declared */
        boolean hasAttribute(String localName) {
            return attributesByName.containsKey(localName);
        }

        /**
         * Whether an object of this class says nothing: no attribute, no child, no text and no
         * unknown content.
         */
        boolean isEmpty(Object bean) {
            if (bean instanceof ExtensibleElement e && e.hasUnknownContent()) {
                return false;
            }
            for (int i = 0, n = attributes.size(); i < n; i++) {
                if (attributes.get(i).get(bean) != null) {
                    return false;
                }
            }
            if (value != null && value.get(bean) != null) {
                return false;
            }
            for (int i = 0, n = elements.size(); i < n; i++) {
                Object v = elements.get(i).get(bean);
                if (v != null && !(v instanceof Collection<?> list && list.isEmpty())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Creates an object of this class.
         *
         * @return the new object
         */
        Object newInstance() {
            try {
                return type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + type.getName(), e);
            }
        }
    }

    /** A child element of a class. */
    static final class ElementBinding {
        final String name;
        final Kind kind;
        final boolean list;
        /** Position among the class's elements. */
        final int index;

        private final Accessor<Object, Object> accessor;
        private final RuntimeNonElementRef text;
        /** The class of the child, for {@link Kind#MODEL}. */
        final ClassBinding target;
        /** The Java class of one value (of one item, for a list). */
        final Class<?> valueType;

        ElementBinding(
                String name,
                Kind kind,
                boolean list,
                int index,
                Accessor<Object, Object> accessor,
                RuntimeNonElementRef text,
                ClassBinding target,
                Class<?> valueType) {
            this.name = name;
            this.kind = kind;
            this.list = list;
            this.index = index;
            this.accessor = accessor;
            this.text = text;
            this.target = target;
            this.valueType = valueType;
        }

        /** @return the property's value: the object, or for a list the list (may be null) */
        Object get(Object bean) {
            return BindingModel.get(accessor, bean);
        }

        void set(Object bean, Object value) {
            try {
                accessor.set(bean, value);
            } catch (AccessorException e) {
                throw new IllegalStateException("cannot set " + name, e);
            }
        }

        /** @return the text form of one value of a {@link Kind#TEXT} element */
        String print(Object value) {
            return BindingModel.print(text, value);
        }
    }

    /** An attribute of a class: a value with a name. */
    static final class AttributeBinding extends ValueBinding {
        final QName name;

        AttributeBinding(QName name, Accessor<Object, Object> accessor, RuntimeNonElementRef text) {
            super(accessor, text);
            this.name = name;
        }
    }

    /** The text content of a class with simple content, or the value of an attribute. */
    static class ValueBinding {
        private final Accessor<Object, Object> accessor;
        private final RuntimeNonElementRef text;

        ValueBinding(Accessor<Object, Object> accessor, RuntimeNonElementRef text) {
            this.accessor = accessor;
            this.text = text;
        }

        Object get(Object bean) {
            return BindingModel.get(accessor, bean);
        }

        /** @return the text, or null when absent */
        String printed(Object bean) {
            Object v = get(bean);
            return v == null ? null : print(text, v);
        }
    }

    private static Object get(Accessor<Object, Object> accessor, Object bean) {
        try {
            return accessor.get(bean);
        } catch (AccessorException e) {
            throw new IllegalStateException(
                    "cannot read a property of " + bean.getClass().getName(), e);
        }
    }

    private static String print(RuntimeNonElementRef ref, Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            Transducer<Object> t = ref.getTransducer();
            return t.print(value).toString();
        } catch (AccessorException e) {
            throw new IllegalStateException("cannot write the value " + value, e);
        }
    }
}
