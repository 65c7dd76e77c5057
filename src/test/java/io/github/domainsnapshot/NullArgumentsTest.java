package io.github.domainsnapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.builder.DiskRequest;
import io.github.domainsnapshot.builder.Redefinition;
import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.libvirt.LibvirtBridge;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public method of the API, given null for an argument: null is accepted, or the call
 * fails with a {@link SnapshotXmlException}, or with a {@link NullPointerException} that names
 * the parameter (the Java convention: {@code Objects.requireNonNull(file, "file")}, or the JVM's
 * own message about that parameter), never one about the library's or the JDK's insides ("pk is
 * null", a local variable).
 */
class NullArgumentsTest {
    /** A message that names something other than a parameter. */
    private static final Pattern INSIDES = Pattern.compile("\"(pk|e|k|v|o|<local\\d+>|this\\..*)\" is null");

    @Test
    void nullArgumentsFailNamingTheParameter() throws Exception {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Class<?> c : apiClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || isGeneratedStrategyMethod(m)) {
                    continue;
                }
                Object target = Modifier.isStatic(m.getModifiers()) ? null : instance(c);
                if (!Modifier.isStatic(m.getModifiers()) && target == null) {
                    continue;
                }
                Class<?>[] types = m.getParameterTypes();
                for (int i = 0; i < types.length; i++) {
                    if (types[i].isPrimitive()) {
                        continue;
                    }
                    Object[] args = new Object[types.length];
                    for (int j = 0; j < types.length; j++) {
                        args[j] = j == i ? null : sample(types[j]);
                    }
                    calls++;
                    try {
                        m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        Throwable t = e.getCause();
                        boolean fine = t instanceof SnapshotXmlException
                                || t instanceof NullPointerException
                                        && t.getMessage() != null
                                        && !INSIDES.matcher(t.getMessage()).find()
                                || t instanceof IllegalArgumentException && t.getMessage() != null;
                        if (!fine) {
                            wrong.add(c.getSimpleName() + "." + m.getName() + " with a null argument " + (i + 1) + ": "
                                    + t);
                        }
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(calls > 150, "called " + calls);
    }

    /** The methods that xjc's plugins generate for their strategies (equals, hashCode, toString, copy). */
    private static boolean isGeneratedStrategyMethod(Method m) {
        for (Class<?> p : m.getParameterTypes()) {
            if (p.getName().startsWith("org.jvnet.jaxb")) {
                return true;
            }
        }
        return m.getName().equals("equals")
                || m.getName().equals("copyTo")
                || m.getName().equals("createNewInstance");
    }

    /** The public classes of the packages the module exports, but the command line. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(SnapshotXmlException.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> exported = Set.of(
                "io.github.domainsnapshot",
                "io.github.domainsnapshot.builder",
                "io.github.domainsnapshot.codec",
                "io.github.domainsnapshot.domain",
                "io.github.domainsnapshot.libvirt",
                "io.github.domainsnapshot.model",
                "io.github.domainsnapshot.validation",
                "io.github.domainsnapshot.xml");
        ModuleDescriptor module = SnapshotXmlException.class.getModule().getDescriptor();
        if (module != null) {
            assertTrue(module.exports().stream().allMatch(e -> exported.contains(e.source())), "" + module);
        }
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = root.relativize(p).toString().replace('/', '.');
                if (!name.endsWith(".class") || name.contains("$") || name.contains("module-info")) {
                    continue;
                }
                name = name.substring(0, name.length() - ".class".length());
                String pkg = name.substring(0, name.lastIndexOf('.'));
                if (!exported.contains(pkg)) {
                    continue;
                }
                Class<?> c = Class.forName(name);
                if (Modifier.isPublic(c.getModifiers())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static final XmlElement DOMAIN = SnapshotCodec.create()
            .readElement("<domain type='kvm'><name>vm</name><devices><disk type='file' device='disk'>"
                    + "<source file='/img/a.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>");

    private static Object instance(Class<?> c) {
        try {
            Map<Class<?>, Object> known = Map.of(
                    SnapshotCodec.class, SnapshotCodec.create(),
                    SnapshotValidator.class, SnapshotValidator.create(),
                    ValidationContext.class, ValidationContext.of(DomainState.RUNNING),
                    XmlElement.class, new XmlElement("a"),
                    SnapshotBuilder.class, SnapshotBuilder.snapshot("s"),
                    SnapshotTree.class, SnapshotTree.of(List.of()),
                    DiskRequest.class, DiskRequest.excluded("vda"),
                    DomainView.class, DomainView.of(DOMAIN),
                    Redefinition.class, Redefinition.of(new DomainSnapshot()),
                    LibvirtBridge.class, LibvirtBridge.create());
            if (known.containsKey(c)) {
                return known.get(c);
            }
            return c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Object sample(Class<?> t) {
        if (t == String.class) {
            return "s";
        }
        if (t == int.class || t == Integer.class) {
            return 0;
        }
        if (t == long.class || t == Long.class) {
            return 0L;
        }
        if (t == boolean.class || t == Boolean.class) {
            return false;
        }
        if (t == XmlElement.class) {
            return DOMAIN.deepCopy();
        }
        if (t == ValidationContext.class) {
            return ValidationContext.of(DomainState.RUNNING);
        }
        if (t == DomainSnapshot.class) {
            return new DomainSnapshot();
        }
        if (t == DomainView.class) {
            return DomainView.of(DOMAIN);
        }
        if (t == List.class || t == Collection.class) {
            return List.of();
        }
        if (t == Set.class) {
            return Set.of();
        }
        if (t.isArray()) {
            return Array.newInstance(t.getComponentType(), 0);
        }
        if (t.isEnum()) {
            return t.getEnumConstants()[0];
        }
        return null;
    }
}
