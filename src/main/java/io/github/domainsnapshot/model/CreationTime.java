package io.github.domainsnapshot.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a snapshot was taken ({@code <creationTime>}): libvirt writes the seconds since the epoch
 * (1970-01-01T00:00:00Z) and sets it itself when it takes a snapshot; a redefinition must give
 * it. Any other text is kept as written, so that it is written back unchanged.
 *
 * <p>Immutable and thread-safe; equal when the text is.
 */
public final class CreationTime {
    private final String text;

    private CreationTime(String text) {
        this.text = Objects.requireNonNull(text, "text");
    }

    /**
     * The creation time written as {@code text}.
     *
     * @param text the text, as written
     * @return the creation time
     */
    public static CreationTime of(String text) {
        return new CreationTime(text);
    }

    /**
     * A creation time as libvirt writes it.
     *
     * @param epochSeconds seconds since the epoch
     * @return the creation time
     */
    public static CreationTime ofEpochSecond(long epochSeconds) {
        return new CreationTime(Long.toString(epochSeconds));
    }

    /**
     * A creation time as libvirt writes it, to the second (a fraction of a second is dropped, as
     * libvirt keeps whole seconds).
     *
     * @param instant the time
     * @return the creation time
     */
    public static CreationTime of(Instant instant) {
        return ofEpochSecond(instant.getEpochSecond());
    }

    /** @return the text, exactly as written */
    public String value() {
        return text;
    }

    /**
     * The seconds since the epoch, read as libvirt reads them (virXPathLongLong): blanks before
     * the number allowed, nothing after it.
     *
     * @return the seconds, or empty when the text is not such a number
     */
    public Optional<Long> epochSecond() {
        try {
            return Optional.of(Long.parseLong(text.stripLeading()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return the time, or empty when the text is not a number of seconds */
    public Optional<Instant> instant() {
        return epochSecond().map(Instant::ofEpochSecond);
    }

    /** @return whether the text is a number of seconds, as libvirt writes it */
    public boolean isKnown() {
        return epochSecond().isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof CreationTime c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** @return the text, exactly as written */
    @Override
    public String toString() {
        return text;
    }
}
