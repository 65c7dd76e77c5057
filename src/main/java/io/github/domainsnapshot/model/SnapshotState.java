package io.github.domainsnapshot.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state a snapshot records of its domain ({@code <state>}): libvirt's domain states, and
 * {@code disk-snapshot} for a disk-only snapshot. libvirt sets it when it takes the snapshot; a
 * redefinition must give it.
 *
 * <p>Immutable and thread-safe. {@link #of(String)} gives the constant for one of libvirt's
 * values and a new value for any other text, kept exactly as written (blanks included) so that
 * it is written back unchanged; {@link #isKnown()} tells them apart. Compare with {@code
 * equals}.
 */
public final class SnapshotState extends LibvirtValue {
    /** {@code running}: the domain was running */
    public static final SnapshotState RUNNING = new SnapshotState("running", true);

    /** {@code blocked}: the domain was blocked on a resource */
    public static final SnapshotState BLOCKED = new SnapshotState("blocked", true);

    /** {@code paused}: the domain was paused */
    public static final SnapshotState PAUSED = new SnapshotState("paused", true);

    /** {@code shutdown}: the domain was being shut down */
    public static final SnapshotState SHUTDOWN = new SnapshotState("shutdown", true);

    /** {@code shutoff}: the domain was shut off */
    public static final SnapshotState SHUTOFF = new SnapshotState("shutoff", true);

    /** {@code crashed}: the domain had crashed */
    public static final SnapshotState CRASHED = new SnapshotState("crashed", true);

    /** {@code pmsuspended}: the domain was suspended by guest power management (libvirt's parser takes it, its schema does not) */
    public static final SnapshotState PMSUSPENDED = new SnapshotState("pmsuspended", true);

    /** {@code disk-snapshot}: a disk-only snapshot: the disks alone, no memory */
    public static final SnapshotState DISK_SNAPSHOT = new SnapshotState("disk-snapshot", true);

    private static final List<SnapshotState> KNOWN =
            List.of(RUNNING, BLOCKED, PAUSED, SHUTDOWN, SHUTOFF, CRASHED, PMSUSPENDED, DISK_SNAPSHOT);
    private static final Map<String, SnapshotState> BY_VALUE = byValue(KNOWN);

    private SnapshotState(String value, boolean known) {
        super(value, known);
    }

    /**
     * The state written as {@code value}.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null} (an absent value
     *     is {@code null} in the model, not a value)
     */
    public static SnapshotState of(String value) {
        SnapshotState known = BY_VALUE.get(Objects.requireNonNull(value, "value"));
        return known != null ? known : new SnapshotState(value, false);
    }

    /**
     * The same as {@link #of(String)}, under the name tools look for (Jackson reads a JSON string
     * through it); unlike an enum's, it takes any text.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null}
     */
    public static SnapshotState valueOf(String value) {
        return of(value);
    }

    /** @return libvirt's values, the constants of this class */
    public static List<SnapshotState> values() {
        return KNOWN;
    }
}
