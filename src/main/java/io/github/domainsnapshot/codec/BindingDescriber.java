package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jaxb.runtime.api.JAXBRIContext;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeAttributePropertyInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeClassInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeElementPropertyInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeNonElement;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimePropertyInfo;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeTypeInfoSet;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeTypeRef;
import org.glassfish.jaxb.runtime.v2.model.runtime.RuntimeValuePropertyInfo;

/**
 * Writes, at build time, the description of the generated model that {@link BindingModel} loads
 * at run time: the JAXB runtime's own model of the classes (what its unmarshaller and marshaller
 * would follow), as text. Building that model takes the JAXB runtime a quarter of a second in a
 * fresh process (its classes, and reflection over every annotation of the model), which a process
 * that reads one snapshot document now and then would pay at its first document; the description
 * is read in about a millisecond. The build runs {@link #main(String[])} once the model is
 * compiled; {@code BindingDescriptionTest} checks the shipped description against the runtime's
 * model.
 */
final class BindingDescriber {
    private BindingDescriber() {}

    /**
     * Writes the description.
     *
     * @param args the file to write
     * @throws IOException when it cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BindingDescriber FILE");
        }
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".binding", ".tmp");
        try {
            Files.writeString(temporary, describe(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** @return the description of the model, in the format {@link BindingModel#parse(String)} reads */
    static String describe() {
        try {
            JAXBContext context = JAXBContext.newInstance(
                    new Class<?>[] {DomainSnapshot.class},
                    java.util.Map.of(JAXBRIContext.RETAIN_REFERENCE_TO_INFO, true));
            return describe(((JAXBRIContext) context).getRuntimeTypeInfoSet());
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot create the XML binding: " + e, e);
        }
    }

    private static String describe(RuntimeTypeInfoSet types) {
        StringBuilder out = new StringBuilder();
        out.append("# The generated model as the JAXB runtime binds it, one class after the other, the root first;\n")
                .append("# written by the build (BindingDescriber), read by BindingModel. Lines:\n")
                .append("#   class CLASS\n")
                .append("#   attribute NAME DECLARING_CLASS FIELD ADAPTER\n")
                .append("#   value DECLARING_CLASS FIELD ADAPTER\n")
                .append("#   element NAME text|model|verbatim single|list DECLARING_CLASS FIELD VALUE_CLASS ADAPTER\n")
                .append("# ADAPTER is an XmlAdapter from the text, or - for text read as it is.\n");
        Set<Class<?>> done = new LinkedHashSet<>();
        Deque<RuntimeClassInfo> todo = new ArrayDeque<>();
        todo.add((RuntimeClassInfo) types.getClassInfo(DomainSnapshot.class));
        while (!todo.isEmpty()) {
            RuntimeClassInfo info = todo.removeFirst();
            if (!done.add(info.getClazz())) {
                continue;
            }
            out.append("class ").append(info.getClazz().getName()).append('\n');
            // the properties of the bound base classes first (the text of ExtensibleValue), as the binding orders them
            List<RuntimePropertyInfo> properties = new ArrayList<>();
            for (RuntimeClassInfo k = info; k != null; k = k.getBaseClass()) {
                properties.addAll(0, k.getProperties());
            }
            for (RuntimePropertyInfo p : properties) {
                Field field = field(info.getClazz(), p.getName());
                String where = field.getDeclaringClass().getName() + ' ' + field.getName() + ' ';
                switch (p.kind()) {
                    case ATTRIBUTE -> {
                        RuntimeAttributePropertyInfo a = (RuntimeAttributePropertyInfo) p;
                        if (!a.getXmlName().getNamespaceURI().isEmpty()) {
                            throw new IllegalStateException("an attribute in a namespace: " + a.getXmlName());
                        }
                        text(a.getTarget(), p);
                        out.append("attribute ")
                                .append(a.getXmlName().getLocalPart())
                                .append(' ')
                                .append(where)
                                .append(adapter(p))
                                .append('\n');
                    }
                    case VALUE -> {
                        text(((RuntimeValuePropertyInfo) p).getTarget(), p);
                        out.append("value ").append(where).append(adapter(p)).append('\n');
                    }
                    case ELEMENT -> {
                        RuntimeElementPropertyInfo e = (RuntimeElementPropertyInfo) p;
                        if (e.getTypes().size() != 1) {
                            throw new IllegalStateException("a property with a choice of elements: " + p.getName());
                        }
                        RuntimeTypeRef ref = e.getTypes().get(0);
                        if (!ref.getTagName().getNamespaceURI().isEmpty()) {
                            throw new IllegalStateException("an element in a namespace: " + ref.getTagName());
                        }
                        RuntimeNonElement target = ref.getTarget();
                        String kind;
                        if (target instanceof RuntimeClassInfo ci) {
                            if (ci.getClazz() == XmlElement.class) {
                                kind = "verbatim";
                            } else {
                                kind = "model";
                                todo.add(ci);
                            }
                        } else {
                            text(target, p);
                            kind = "text";
                        }
                        out.append("element ")
                                .append(ref.getTagName().getLocalPart())
                                .append(' ')
                                .append(kind)
                                .append(e.isCollection() ? " list " : " single ")
                                .append(where)
                                .append(valueType(field, e.isCollection()).getName())
                                .append(' ')
                                .append(adapter(p))
                                .append('\n');
                    }
                    default ->
                        throw new IllegalStateException("unexpected property kind " + p.kind() + ": " + p.getName());
                }
            }
        }
        return out.toString();
    }

    /** Text values are Strings in XML, or adapted from Strings: the reader parses nothing else. */
    private static void text(RuntimeNonElement target, RuntimePropertyInfo p) {
        if (target.getType() != String.class) {
            throw new IllegalStateException("a value that is not text: " + p.getName() + " of " + target.getType());
        }
    }

    private static String adapter(RuntimePropertyInfo p) {
        var adapter = p.getAdapter();
        return adapter == null ? "-" : adapter.adapterType.getName();
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> k = type; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
        }
        throw new IllegalStateException("no field " + name + " in " + type.getName());
    }

    /** @return the class of the field's value (of an item, for a list), as the writer's test of what it holds */
    private static Class<?> valueType(Field field, boolean list) {
        Type type = field.getGenericType();
        if (list) {
            if (!(type instanceof ParameterizedType p) || p.getActualTypeArguments().length != 1) {
                throw new IllegalStateException("a list of unknown items: " + field);
            }
            type = p.getActualTypeArguments()[0];
        }
        return erasure(type);
    }

    private static Class<?> erasure(Type type) {
        if (type instanceof Class<?> k) {
            return k.isPrimitive()
                    ? java.lang.invoke.MethodType.methodType(k).wrap().returnType()
                    : k;
        }
        if (type instanceof ParameterizedType p) {
            return erasure(p.getRawType());
        }
        return Object.class;
    }
}
