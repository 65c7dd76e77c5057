package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.model.ExtensibleElement;
import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of the generated model as the JAXB runtime binds it: for each class, its attributes
 * and child elements in schema order, which children are text, which are model classes and
 * which are XML kept verbatim, and how to get and set each. Everything the codec knows of the
 * schema comes from here, so a declaration added to the XSD reaches the reader, the writer and
 * the paths without further code.
 *
 * <p>The build writes the description ({@link BindingDescriber}, from the JAXB runtime's model of
 * the classes) and this class loads it: building the runtime's model in the process would cost a
 * quarter of a second at the first document. Values are got and set through the fields, as the
 * JAXB runtime binds them ({@code XmlAccessType.FIELD}), and text goes through the property's
 * {@link XmlAdapter} where it has one.
 */
final class BindingModel {
    /** The description, beside this class. */
    static final String RESOURCE = "binding.txt";

    private final Map<Class<?>, ClassBinding> classes = new HashMap<>();
    private ClassBinding root;

    private BindingModel() {}

    /**
     * @return the model the build described
     * @throws IllegalStateException when the description is missing or does not fit the classes
     */
    static BindingModel load() {
        try (InputStream in = BindingModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the binding's description " + RESOURCE + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the binding's description: " + e, e);
        }
    }

    /**
     * @param description the lines {@link BindingDescriber} writes
     * @return the model they describe
     */
    static BindingModel parse(String description) {
        BindingModel model = new BindingModel();
        List<String[]> lines = new ArrayList<>();
        for (String line : description.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) != '#') {
                String[] words = line.split(" ");
                lines.add(words);
                if (words[0].equals("class")) {
                    ClassBinding c = new ClassBinding(type(words[1]));
                    model.classes.put(c.type, c);
                    if (model.root == null) {
                        model.root = c;
                    }
                }
            }
        }
        ClassBinding c = null;
        for (String[] w : lines) {
            switch (w[0]) {
                case "class" -> c = model.classes.get(type(w[1]));
                case "attribute" -> {
                    AttributeBinding a = new AttributeBinding(w[1], new Property(field(w[2], w[3]), adapter(w[4])));
                    c.attributes.add(a);
                    c.attributesByName.put(a.name, a);
                }
                case "value" -> c.value = new ValueBinding(new Property(field(w[1], w[2]), adapter(w[3])));
                case "element" -> {
                    Kind kind = Kind.valueOf(w[2].toUpperCase(java.util.Locale.ROOT));
                    Class<?> valueType = type(w[6]);
                    ClassBinding target = kind == Kind.MODEL ? model.classes.get(valueType) : null;
                    if (kind == Kind.MODEL && target == null) {
                        throw new IllegalStateException("no class line for " + w[6]);
                    }
                    ElementBinding b = new ElementBinding(
                            w[1],
                            kind,
                            w[3].equals("list"),
                            c.elements.size(),
                            new Property(field(w[4], w[5]), adapter(w[7])),
                            target,
                            valueType);
                    c.elements.add(b);
                    c.elementsByName.put(b.name, b);
                }
                default -> throw new IllegalStateException("unexpected line in the binding's description: " + w[0]);
            }
        }
        if (model.root == null) {
            throw new IllegalStateException("an empty binding description");
        }
        return model;
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, BindingModel.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the binding's description names a missing class " + name, e);
        }
    }

    private static Field field(String declaringClass, String name) {
        try {
            Field f = type(declaringClass).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("the binding's description names a missing field " + name, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static XmlAdapter<String, Object> adapter(String name) {
        if (name.equals("-")) {
            return null;
        }
        try {
            Constructor<?> c = type(name).getDeclaredConstructor();
            c.setAccessible(true);
            return (XmlAdapter<String, Object>) c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the adapter " + name, e);
        }
    }

    /** @return the binding of {@code <domainsnapshot>} */
    ClassBinding root() {
        return root;
    }

    /** @return the binding of a model class, or null for a class outside the model */
    ClassBinding binding(Class<?> type) {
        return classes.get(type);
    }

    /** What the content of a child element is. */
    enum Kind {
        /** text, bound to a simple value */
        TEXT,
        /** a class of the model */
        MODEL,
        /** XML carried verbatim as an {@link io.github.domainsnapshot.xml.XmlElement} */
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

        /**
         * The public no-argument constructor, as a method handle: through reflection, each
         * constructor would have a class generated for it after its 15th call (the JDK's
         * inflation of reflective calls), which a process pays during its first documents.
         */
        private MethodHandle constructor;

        ClassBinding(Class<?> type) {
            this.type = type;
        }

        /** @return the attribute without namespace of that name, or null */
        AttributeBinding attribute(String localName) {
            return attributesByName.get(localName);
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
            MethodHandle c = constructor;
            try {
                if (c == null) {
                    c = MethodHandles.publicLookup()
                            .findConstructor(type, MethodType.methodType(void.class))
                            .asType(MethodType.methodType(Object.class));
                    constructor = c;
                }
                return (Object) c.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
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

        private final Property property;
        /** The class of the child, for {@link Kind#MODEL}. */
        final ClassBinding target;
        /** The Java class of one value (of one item, for a list). */
        final Class<?> valueType;

        ElementBinding(
                String name,
                Kind kind,
                boolean list,
                int index,
                Property property,
                ClassBinding target,
                Class<?> valueType) {
            this.name = name;
            this.kind = kind;
            this.list = list;
            this.index = index;
            this.property = property;
            this.target = target;
            this.valueType = valueType;
        }

        /** @return the property's value: the object, or for a list the list (may be null) */
        Object get(Object bean) {
            return property.get(bean);
        }

        /** Sets the value, or adds it to the list, made when first needed, of a list. */
        @SuppressWarnings("unchecked")
        void add(Object bean, Object value) {
            if (!list) {
                property.set(bean, value);
                return;
            }
            List<Object> items = (List<Object>) property.get(bean);
            if (items == null) {
                items = new ArrayList<>();
                property.set(bean, items);
            }
            items.add(value);
        }

        /** @return the text form of one value of a {@link Kind#TEXT} element */
        String print(Object value) {
            return property.print(value);
        }

        /** @return the value of one {@link Kind#TEXT} element of that text */
        Object parse(String text) {
            return property.parse(text);
        }
    }

    /** An attribute of a class: a value with a name (without namespace). */
    static final class AttributeBinding extends ValueBinding {
        final String name;

        AttributeBinding(String name, Property property) {
            super(property);
            this.name = name;
        }
    }

    /** The text content of a class with simple content, or the value of an attribute. */
    static class ValueBinding {
        private final Property property;

        ValueBinding(Property property) {
            this.property = property;
        }

        Object get(Object bean) {
            return property.get(bean);
        }

        /** @return the text, or null when absent */
        String printed(Object bean) {
            Object v = get(bean);
            return v == null ? null : property.print(v);
        }

        /** Sets the value of that text. */
        void setText(Object bean, String text) {
            property.set(bean, property.parse(text));
        }
    }

    /** A field of the model, and the adapter between its values and their text, if any. */
    private static final class Property {
        private final Field field;
        private final XmlAdapter<String, Object> adapter;

        Property(Field field, XmlAdapter<String, Object> adapter) {
            this.field = field;
            this.adapter = adapter;
        }

        Object get(Object bean) {
            try {
                return field.get(bean);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
        }

        void set(Object bean, Object value) {
            try {
                field.set(bean, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set " + field, e);
            }
        }

        String print(Object value) {
            if (value instanceof String s) {
                return s;
            }
            try {
                return adapter.marshal(value);
            } catch (Exception e) {
                throw new IllegalStateException("cannot write the value " + value, e);
            }
        }

        Object parse(String text) {
            if (adapter == null) {
                return text;
            }
            try {
                return adapter.unmarshal(text);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the value " + text + " of " + field, e);
            }
        }
    }
}
