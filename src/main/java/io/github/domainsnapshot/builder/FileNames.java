package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.validation.ExternalNames;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * File names for external snapshots, made the way libvirt makes them, but without its
 * collisions: where libvirt would refuse two disks whose names come out equal
 * ({@code /img/a.qcow2} and {@code /img/a.raw} for snapshot {@code s}), the later one gets its
 * target added ({@code /img/a.s-vdb}).
 */
public final class FileNames {
    private FileNames() {}

    /**
     * The overlay of each disk that can take an external snapshot into a file: every file disk
     * with a source that is not read-only and not marked {@code snapshot='no'}, in libvirt's
     * disk order.
     *
     * @param domain the domain
     * @param snapshotName the snapshot's name
     * @return the overlay path by target
     */
    public static Map<String, String> overlays(DomainView domain, String snapshotName) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (DomainDisk disk : domain.disksInLibvirtOrder()) {
            if (!isSnapshottableFile(disk)) {
                continue;
            }
            String path = ExternalNames.overlayPath(disk.sourcePath().orElseThrow(), snapshotName);
            if (!taken.add(path)) {
                path = path + '-' + disk.targetDev().orElseThrow();
                taken.add(path);
            }
            out.put(disk.targetDev().orElseThrow(), path);
        }
        return out;
    }

    /**
     * A memory file for an external checkpoint: beside the domain's first disk image, named after
     * the domain and the snapshot ({@code /img/vm.before.mem}), and different from every overlay.
     *
     * @param domain the domain
     * @param snapshotName the snapshot's name
     * @param fallbackDirectory where to put it when the domain has no file disk, such as
     *     {@code /var/lib/libvirt/qemu/snapshot}
     * @return the absolute path
     */
    public static String memoryFile(DomainView domain, String snapshotName, String fallbackDirectory) {
        String dir = fallbackDirectory;
        for (DomainDisk disk : domain.disksInLibvirtOrder()) {
            if (isSnapshottableFile(disk)) {
                String source = disk.sourcePath().orElseThrow();
                dir = source.substring(0, Math.max(source.lastIndexOf('/'), 0));
                break;
            }
        }
        String base = dir + '/' + domain.name().orElse("domain") + '.' + snapshotName;
        String path = base + ".mem";
        Set<String> overlays = new HashSet<>(overlays(domain, snapshotName).values());
        for (int i = 2; overlays.contains(path); i++) {
            path = base + '-' + i + ".mem";
        }
        return path;
    }

    static boolean isSnapshottableFile(DomainDisk disk) {
        return whyNotSnapshottable(disk) == null;
    }

    /**
     * @param disk a disk of the domain
     * @return why it cannot take an external snapshot into a file named here, or null when it can
     */
    static String whyNotSnapshottable(DomainDisk disk) {
        if (disk.targetDev().isEmpty()) {
            return "it has no target";
        }
        if (!disk.type().equals("file")) {
            return "it is a " + disk.type() + " disk, and the preset makes file overlays only";
        }
        if (!disk.hasSource()) {
            return "it has no source (an empty drive)";
        }
        if (disk.readOnly()) {
            return "it is read-only";
        }
        if ("no".equals(disk.snapshotDefault().orElse(null))) {
            return "the domain marks it snapshot='no'";
        }
        return null;
    }
}
