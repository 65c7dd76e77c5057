package io.github.domainsnapshot.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A value libvirt writes as text and the model keeps as written: one of libvirt's (a constant of
 * the subclass) or any other text, such as a newer libvirt's, which reads, is kept and is
 * written back unchanged. The base of {@link SnapshotState}, {@link MemorySnapshotMode}, {@link
 * DiskSnapshotMode}, {@link DiskType}, {@link DriverFormat} and {@link CreationTime}; its methods
 * are public on a public class, so that reflection and bean-style tools see them.
 *
 * <p>In JSON: Jackson as it comes writes a value as an object with its text and whether it is
 * known ({@code {"known":true,"value":"running"}}). For the text alone ({@code "state":"running"}),
 * one mix-in gives Jackson {@link #value()} as the value ({@code @JsonValue abstract String
 * value();} on a class added with {@code addMixIn(LibvirtValue.class, ...)}); each type reads its
 * text back through its {@code valueOf(String)}.
 *
 * <p>Immutable and thread-safe; equal when of the same class and text. Not meant to be extended
 * outside this package.
 */
public abstract class LibvirtValue {
    private final String value;
    private final boolean known;

    LibvirtValue(String value, boolean known) {
        this.value = Objects.requireNonNull(value, "value");
        this.known = known;
    }

    /** @return the text, exactly as written */
    public final String value() {
        return value;
    }

    /**
     * The text, as {@link #value()} gives it, under a bean-style name.
     *
     * @return the text, exactly as written
     */
    public final String getValue() {
        return value;
    }

    /** @return whether the text is one of the values libvirt 9.0 knows (a constant of the class) */
    public final boolean isKnown() {
        return known;
    }

    /**
     * The constants of a subclass by their text. A loop, not a stream: it runs in a process's
     * first document, where each lambda and stream stage costs a class generated at run time.
     *
     * @param known the constants
     * @return them by text, unmodifiable
     * @throws IllegalStateException when two constants have one text
     */
    static <T extends LibvirtValue> Map<String, T> byValue(List<T> known) {
        Map<String, T> map = new HashMap<>(known.size() * 2);
        for (T t : known) {
            if (map.put(t.value(), t) != null) {
                throw new IllegalStateException("two constants are written " + t.value());
            }
        }
        return Map.copyOf(map);
    }

    @Override
    public final boolean equals(Object o) {
        return o == this || o != null && o.getClass() == getClass() && ((LibvirtValue) o).value.equals(value);
    }

    @Override
    public final int hashCode() {
        return value.hashCode();
    }

    /** @return the text, exactly as written */
    @Override
    public final String toString() {
        return value;
    }
}
