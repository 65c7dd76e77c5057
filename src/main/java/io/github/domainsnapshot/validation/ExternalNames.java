package io.github.domainsnapshot.validation;

/** The external file names libvirt makes up for a snapshot's overlays. */
public final class ExternalNames {
    private ExternalNames() {}

    /**
     * The overlay file libvirt makes up for a disk: the original path with anything after its
     * last '.' (when that part holds no '/') replaced by the snapshot name, for instance
     * {@code /srv/os.img.qcow2} with snapshot {@code hm} gives {@code /srv/os.img.hm}, and
     * {@code /srv/data-1} gives {@code /srv/data-1.hm}.
     *
     * @param original the path of the disk's current image
     * @param snapshotName the snapshot's name
     * @return the overlay's path
     */
    public static String overlayPath(String original, String snapshotName) {
        String base = original;
        int dot = original.lastIndexOf('.');
        if (dot >= 0 && original.indexOf('/', dot) < 0) {
            base = original.substring(0, dot);
        }
        return base + '.' + snapshotName;
    }
}
