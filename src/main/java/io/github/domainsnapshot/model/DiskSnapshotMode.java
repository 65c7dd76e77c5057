package io.github.domainsnapshot.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a snapshot does with one disk ({@code <disk snapshot='...'>}). Absent, libvirt takes the
 * domain disk's own setting, else {@code external} when the disk names a source or a driver, else
 * the snapshot's default.
 *
 * <p>Immutable and thread-safe. {@link #of(String)} gives the constant for one of libvirt's
 * values and a new value for any other text, kept exactly as written (blanks included) so that
 * it is written back unchanged; {@link #isKnown()} tells them apart. Compare with {@code
 * equals}.
 */
public final class DiskSnapshotMode extends LibvirtValue {
    /** {@code no}: the disk is left out */
    public static final DiskSnapshotMode NO = new DiskSnapshotMode("no", true);

    /** {@code internal}: inside the disk's image (qcow2) */
    public static final DiskSnapshotMode INTERNAL = new DiskSnapshotMode("internal", true);

    /** {@code external}: into a new overlay image, the disk's {@code <source>}; the image becomes its backing file */
    public static final DiskSnapshotMode EXTERNAL = new DiskSnapshotMode("external", true);

    /** {@code manual}: left to the user, who makes the disk consistent by other means (libvirt records it only) */
    public static final DiskSnapshotMode MANUAL = new DiskSnapshotMode("manual", true);

    private static final List<DiskSnapshotMode> KNOWN = List.of(NO, INTERNAL, EXTERNAL, MANUAL);
    private static final Map<String, DiskSnapshotMode> BY_VALUE = byValue(KNOWN);

    private DiskSnapshotMode(String value, boolean known) {
        super(value, known);
    }

    /**
     * The disk mode written as {@code value}.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null} (an absent value
     *     is {@code null} in the model, not a value)
     */
    public static DiskSnapshotMode of(String value) {
        DiskSnapshotMode known = BY_VALUE.get(Objects.requireNonNull(value, "value"));
        return known != null ? known : new DiskSnapshotMode(value, false);
    }

    /**
     * The same as {@link #of(String)}, under the name tools look for (Jackson reads a JSON string
     * through it); unlike an enum's, it takes any text.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null}
     */
    public static DiskSnapshotMode valueOf(String value) {
        return of(value);
    }

    /** @return libvirt's values, the constants of this class */
    public static List<DiskSnapshotMode> values() {
        return KNOWN;
    }
}
