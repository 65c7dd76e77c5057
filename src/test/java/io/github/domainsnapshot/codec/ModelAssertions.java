package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.domainsnapshot.xml.XmlElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Deep structural equality of two models, naming the first difference by its path. */
final class ModelAssertions {
    private ModelAssertions() {}

    static void assertModelEquals(Object expected, Object actual) {
        compare(expected, actual, "");
    }

    private static void compare(Object a, Object b, String path) {
        if (a == null || b == null) {
            if (a != b && !(isEmpty(a) && isEmpty(b))) {
                fail("at " + path + ": " + a + " vs " + b);
            }
            return;
        }
        if (a instanceof XmlElement || a instanceof String || a instanceof Number || a instanceof Boolean) {
            assertEquals(a, b, "at " + path);
            return;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            assertEquals(la.size(), lb.size(), "list size at " + path);
            for (int i = 0; i < la.size(); i++) {
                compare(la.get(i), lb.get(i), path + "[" + i + "]");
            }
            return;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            assertEquals(new TreeMap<>(stringKeys(ma)), new TreeMap<>(stringKeys(mb)), "at " + path);
            return;
        }
        assertEquals(a.getClass(), b.getClass(), "type at " + path);
        for (Field f : fields(a.getClass())) {
            f.setAccessible(true);
            try {
                compare(f.get(a), f.get(b), path + "/" + f.getName());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static boolean isEmpty(Object o) {
        return o == null || o instanceof List<?> l && l.isEmpty() || o instanceof Map<?, ?> m && m.isEmpty();
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
