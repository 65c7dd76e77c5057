package io.github.domainsnapshot.model;

import java.util.Objects;

/**
 * A value libvirt writes as text and the model keeps as written: one of libvirt's (a constant of
 * the subclass) or any other text, such as a newer libvirt's, which reads, is kept and is
 * written back unchanged. Immutable and thread-safe; equal when of the same class and text.
 */
abstract class LibvirtValue {
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

    /** @return whether the text is one of the values libvirt 9.0 knows (a constant of the class) */
    public final boolean isKnown() {
        return known;
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
