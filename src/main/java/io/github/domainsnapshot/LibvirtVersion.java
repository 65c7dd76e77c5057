package io.github.domainsnapshot;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release of libvirt, such as {@code 9.0.0} or {@code 11.3.0}: every answer of the library is
 * the answer of one version, as libvirt's rules, messages and schema change between releases.
 *
 * <p>Some versions are <em>proven</em>: the library's answers for them are held to a real daemon
 * of that version ({@link #proven()}). A version between two proven ones is answered by the
 * dated changes between them (each listed in the project's docs with its source); one outside the
 * proven range is answered as the nearest proven version ({@link #answeredAs()}), with a warning
 * in the report.
 *
 * <p>Immutable; equal when major, minor and micro are equal.
 */
public final class LibvirtVersion implements Comparable<LibvirtVersion> {
    private static final Pattern FORM = Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?");

    /** Debian 12's libvirt, with QEMU 7.2. */
    public static final LibvirtVersion V9_0 = new LibvirtVersion(9, 0, 0);
    /** Debian 13's libvirt (and bookworm-backports'), with QEMU 10.0. */
    public static final LibvirtVersion V11_3 = new LibvirtVersion(11, 3, 0);
    /** The newest release proven here (trixie-backports), with QEMU 11.1. */
    public static final LibvirtVersion V12_9 = new LibvirtVersion(12, 9, 0);

    private static final List<LibvirtVersion> PROVEN = List.of(V9_0, V11_3, V12_9);

    private final int major;
    private final int minor;
    private final int micro;

    private LibvirtVersion(int major, int minor, int micro) {
        this.major = major;
        this.minor = minor;
        this.micro = micro;
    }

    /**
     * @param major the major number, such as 11
     * @param minor the minor number, such as 3
     * @param micro the micro number (0 for most releases)
     * @return the version
     * @throws IllegalArgumentException for a negative number, or one above 999 (libvirt's numbering)
     */
    public static LibvirtVersion of(int major, int minor, int micro) {
        if (major < 0 || minor < 0 || micro < 0 || major > 999 || minor > 999 || micro > 999) {
            throw new IllegalArgumentException(
                    "not a libvirt version: " + major + "." + minor + "." + micro + " (each part 0 to 999)");
        }
        return new LibvirtVersion(major, minor, micro);
    }

    /**
     * @param major the major number
     * @param minor the minor number
     * @return the version {@code major.minor.0}
     */
    public static LibvirtVersion of(int major, int minor) {
        return of(major, minor, 0);
    }

    /**
     * Reads a version as libvirt and distributions write it: {@code 9.0}, {@code 11.3.0}, {@code
     * v10.10.0}.
     *
     * @param text the version
     * @return the version
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static LibvirtVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a libvirt version: '" + text + "' (MAJOR.MINOR or MAJOR.MINOR.MICRO, such as 11.3.0)");
        }
        return of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /**
     * The version of libvirt's own encoding, as {@code virConnectGetLibVersion} and {@code
     * virConnectGetVersion} give it: {@code major * 1,000,000 + minor * 1,000 + micro}.
     *
     * @param number the encoded version, such as 11003000
     * @return the version
     * @throws IllegalArgumentException for a negative number or one beyond 999.999.999
     */
    public static LibvirtVersion fromLibvirtNumber(long number) {
        if (number < 0 || number > 999_999_999L) {
            throw new IllegalArgumentException("not a libvirt version number: " + number);
        }
        return of((int) (number / 1_000_000), (int) (number / 1_000 % 1_000), (int) (number % 1_000));
    }

    /** @return the versions whose answers are held to a real daemon of that version, oldest first */
    public static List<LibvirtVersion> proven() {
        return PROVEN;
    }

    /** @return the newest proven version: the answer when no version is given */
    public static LibvirtVersion newestProven() {
        return PROVEN.get(PROVEN.size() - 1);
    }

    /** @return whether the answers for this version are held to a real daemon of it */
    public boolean isProven() {
        return PROVEN.contains(this);
    }

    /** @return whether this version lies within the proven range, from the oldest to the newest */
    public boolean isWithinProvenRange() {
        return compareTo(PROVEN.get(0)) >= 0 && compareTo(newestProven()) <= 0;
    }

    /**
     * The version whose answers this one gets: itself within the proven range, else the nearest
     * proven version (the oldest below it, the newest above it).
     *
     * @return the version answered for
     */
    public LibvirtVersion answeredAs() {
        if (compareTo(PROVEN.get(0)) < 0) {
            return PROVEN.get(0);
        }
        return compareTo(newestProven()) > 0 ? newestProven() : this;
    }

    /**
     * @param other a version
     * @return whether this version is the other or a later one
     */
    public boolean isAtLeast(LibvirtVersion other) {
        return compareTo(other) >= 0;
    }

    /** @return the major number */
    public int major() {
        return major;
    }

    /** @return the minor number */
    public int minor() {
        return minor;
    }

    /** @return the micro number */
    public int micro() {
        return micro;
    }

    /** @return libvirt's encoding, {@code major * 1,000,000 + minor * 1,000 + micro} */
    public long libvirtNumber() {
        return major * 1_000_000L + minor * 1_000L + micro;
    }

    @Override
    public int compareTo(LibvirtVersion other) {
        return Long.compare(libvirtNumber(), other.libvirtNumber());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LibvirtVersion v && v.major == major && v.minor == minor && v.micro == micro;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(libvirtNumber());
    }

    /** @return {@code MAJOR.MINOR.MICRO}, such as {@code 11.3.0} */
    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
