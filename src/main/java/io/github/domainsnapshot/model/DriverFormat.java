package io.github.domainsnapshot.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The format of a snapshot disk's overlay image ({@code <driver type='...'/>}); libvirt's default
 * for a new external overlay is {@code qcow2}. These are the formats libvirt 9.0's parser takes;
 * qemu makes an overlay only in a format that keeps a backing file (qcow2, qed, qcow, cow, vmdk).
 *
 * <p>Immutable and thread-safe. {@link #of(String)} gives the constant for one of libvirt's
 * values and a new value for any other text, kept exactly as written (blanks included) so that
 * it is written back unchanged; {@link #isKnown()} tells them apart. Compare with {@code
 * equals}.
 */
public final class DriverFormat extends LibvirtValue {
    /** {@code raw}: raw */
    public static final DriverFormat RAW = new DriverFormat("raw", true);

    /** {@code dir}: a directory */
    public static final DriverFormat DIR = new DriverFormat("dir", true);

    /** {@code bochs}: Bochs */
    public static final DriverFormat BOCHS = new DriverFormat("bochs", true);

    /** {@code cloop}: compressed loop */
    public static final DriverFormat CLOOP = new DriverFormat("cloop", true);

    /** {@code dmg}: Apple disk image */
    public static final DriverFormat DMG = new DriverFormat("dmg", true);

    /** {@code iso}: ISO 9660 */
    public static final DriverFormat ISO = new DriverFormat("iso", true);

    /** {@code vpc}: Virtual PC */
    public static final DriverFormat VPC = new DriverFormat("vpc", true);

    /** {@code vdi}: VirtualBox */
    public static final DriverFormat VDI = new DriverFormat("vdi", true);

    /** {@code fat}: a directory as a FAT file system */
    public static final DriverFormat FAT = new DriverFormat("fat", true);

    /** {@code vhd}: Virtual Hard Disk */
    public static final DriverFormat VHD = new DriverFormat("vhd", true);

    /** {@code ploop}: Parallels loop */
    public static final DriverFormat PLOOP = new DriverFormat("ploop", true);

    /** {@code cow}: User-Mode Linux copy on write */
    public static final DriverFormat COW = new DriverFormat("cow", true);

    /** {@code qcow}: QEMU copy on write, version 1 */
    public static final DriverFormat QCOW = new DriverFormat("qcow", true);

    /** {@code qcow2}: QEMU copy on write, version 2 (libvirt's default for an overlay) */
    public static final DriverFormat QCOW2 = new DriverFormat("qcow2", true);

    /** {@code qed}: QEMU enhanced disk */
    public static final DriverFormat QED = new DriverFormat("qed", true);

    /** {@code vmdk}: VMware */
    public static final DriverFormat VMDK = new DriverFormat("vmdk", true);

    private static final List<DriverFormat> KNOWN =
            List.of(RAW, DIR, BOCHS, CLOOP, DMG, ISO, VPC, VDI, FAT, VHD, PLOOP, COW, QCOW, QCOW2, QED, VMDK);
    private static final Map<String, DriverFormat> BY_VALUE = byValue(KNOWN);

    private DriverFormat(String value, boolean known) {
        super(value, known);
    }

    /**
     * The format written as {@code value}.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null} (an absent value
     *     is {@code null} in the model, not a value)
     */
    public static DriverFormat of(String value) {
        DriverFormat known = BY_VALUE.get(Objects.requireNonNull(value, "value"));
        return known != null ? known : new DriverFormat(value, false);
    }

    /**
     * The same as {@link #of(String)}, under the name tools look for (Jackson reads a JSON string
     * through it); unlike an enum's, it takes any text.
     *
     * @param value the text, as written
     * @return the constant for one of libvirt's values, else a value that keeps the text
     * @throws NullPointerException naming {@code value} when it is {@code null}
     */
    public static DriverFormat valueOf(String value) {
        return of(value);
    }

    /** @return libvirt's values, the constants of this class */
    public static List<DriverFormat> values() {
        return KNOWN;
    }
}
