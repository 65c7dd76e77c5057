package io.github.domainsnapshot.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a snapshot was taken ({@code <creationTime>}): libvirt writes the seconds since the epoch
 * (1970-01-01T00:00:00Z) and sets it itself when it takes a snapshot; a redefinition must give
 * it. Any other text is kept as written, so that it is written back unchanged.
 *
 * <p>Immutable and thread-safe; equal when the text is. {@link #isKnown()} says whether the text
 * is a number of seconds, as libvirt writes it.
 */
public final class CreationTime extends LibvirtValue {
    private CreationTime(String text) {
        super(text, seconds(text) != null);
    }

    /**
     * The creation time written as {@code text}.
     *
     * @param text the text, as written
     * @return the creation time
     * @throws NullPointerException naming {@code text} when it is {@code null}
     */
    public static CreationTime of(String text) {
        return new CreationTime(Objects.requireNonNull(text, "text"));
    }

    /**
     * The same as {@link #of(String)}, under the name tools look for (Jackson reads a JSON string
     * through it).
     *
     * @param text the text, as written
     * @return the creation time
     * @throws NullPointerException naming {@code text} when it is {@code null}
     */
    public static CreationTime valueOf(String text) {
        return of(text);
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

    /**
     * The seconds since the epoch, read as libvirt reads them (virXPathLongLong): blanks before
     * the number allowed, nothing after it.
     *
     * @return the seconds, or empty when the text is not such a number
     */
    public Optional<Long> epochSecond() {
        return Optional.ofNullable(seconds(value()));
    }

    private static Long seconds(String text) {
        try {
            return Long.parseLong(text.stripLeading());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return the time, or empty when the text is not a number of seconds */
    public Optional<Instant> instant() {
        return epochSecond().map(Instant::ofEpochSecond);
    }
}
