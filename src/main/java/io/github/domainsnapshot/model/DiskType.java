package io.github.domainsnapshot.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The kind of storage a snapshot disk's overlay is ({@code <disk type='...'>}), which says which
 * attribute of its {@code <source>} names it. libvirt reads a disk with a source or a driver and no
 * type as {@code file}.
 *
 * <p>Immutable and thread-safe. {@link #of(String)} gives the constant for one of libvirt's
 * values and a new value for any other text, kept exactly as written (blanks included) so that
 * it is written back unchanged; {@link #isKnown()} tells them apart. Compare with {@code
 * equals}.
 */
public final class DiskType extends LibvirtValue {
    /** {@code file}: a file, {@code <source file='...'/>} */
    public static final DiskType FILE = new DiskType("file", true);

    /** {@code block}: a block device, {@code <source dev='...'/>} */
    public static final DiskType BLOCK = new DiskType("block", true);

    /** {@code dir}: a directory (libvirt refuses it for a snapshot) */
    public static final DiskType DIR = new DiskType("dir", true);

    /** {@code network}: a network volume, {@code <source protocol='...' name='...'>} with its hosts */
    public static final DiskType NETWORK = new DiskType("network", true);

    /** {@code volume}: a storage pool's volume (libvirt refuses it for a snapshot) */
    public static final DiskType VOLUME = new DiskType("volume", true);

    /** {@code nvme}: an NVMe device */
    public static final DiskType NVME = new DiskType("nvme", true);

    /** {@code vhostuser}: a vhost-user device */
    public static final DiskType VHOSTUSER = new DiskType("vhostuser", true);

    private static final List<DiskType> KNOWN = List.of(FILE, BLOCK, DIR, NETWORK, VOLUME, NVME, VHOSTUSER);
    private static final Map<String, DiskType> BY_VALUE = byValue(KNOWN);

    private DiskType(String value, boolean known) {
        super(value, known);
    }

    /**
     * The disk type written as {@code value}.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null} (an absent value
     *     is {@code null} in the model, not a value)
     */
    public static DiskType of(String value) {
        DiskType known = BY_VALUE.get(Objects.requireNonNull(value, "value"));
        return known != null ? known : new DiskType(value, false);
    }

    /**
     * The same as {@link #of(String)}, under the name tools look for (Jackson reads a JSON string
     * through it); unlike an enum's, it takes any text.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null}
     */
    public static DiskType valueOf(String value) {
        return of(value);
    }

    /** @return libvirt's values, the constants of this class */
    public static List<DiskType> values() {
        return KNOWN;
    }
}
