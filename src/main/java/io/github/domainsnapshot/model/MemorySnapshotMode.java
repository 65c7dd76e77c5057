package io.github.domainsnapshot.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a snapshot keeps the domain's memory ({@code <memory snapshot='...'/>}). Absent, libvirt
 * decides: {@code external} with a {@code file}, else by the domain's state and the flags.
 *
 * <p>Immutable and thread-safe. {@link #of(String)} gives the constant for one of libvirt's
 * values and a new value for any other text, kept exactly as written (blanks included) so that
 * it is written back unchanged; {@link #isKnown()} tells them apart. Compare with {@code
 * equals}.
 */
public final class MemorySnapshotMode extends LibvirtValue {
    /** {@code no}: no memory state (a disk-only or offline snapshot) */
    public static final MemorySnapshotMode NO = new MemorySnapshotMode("no", true);

    /** {@code internal}: inside the disk images (qemu's savevm; qcow2 disks) */
    public static final MemorySnapshotMode INTERNAL = new MemorySnapshotMode("internal", true);

    /** {@code external}: in a file of its own, the {@code file} attribute */
    public static final MemorySnapshotMode EXTERNAL = new MemorySnapshotMode("external", true);

    private static final List<MemorySnapshotMode> KNOWN = List.of(NO, INTERNAL, EXTERNAL);
    private static final Map<String, MemorySnapshotMode> BY_VALUE = byValue(KNOWN);

    private MemorySnapshotMode(String value, boolean known) {
        super(value, known);
    }

    /**
     * The memory mode written as {@code value}.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null} (an absent value
     *     is {@code null} in the model, not a value)
     */
    public static MemorySnapshotMode of(String value) {
        MemorySnapshotMode known = BY_VALUE.get(Objects.requireNonNull(value, "value"));
        return known != null ? known : new MemorySnapshotMode(value, false);
    }

    /**
     * The same as {@link #of(String)}, under the name tools look for (Jackson reads a JSON string
     * through it); unlike an enum's, it takes any text.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null}
     */
    public static MemorySnapshotMode valueOf(String value) {
        return of(value);
    }

    /** @return libvirt's values, the constants of this class */
    public static List<MemorySnapshotMode> values() {
        return KNOWN;
    }
}
