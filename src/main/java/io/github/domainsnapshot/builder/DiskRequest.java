package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.DriverFormat;
import io.github.domainsnapshot.model.Host;
import io.github.domainsnapshot.model.MetadataCache;
import io.github.domainsnapshot.model.ScaledInteger;
import io.github.domainsnapshot.model.Source;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a snapshot asks of one disk: leave it out, snapshot it inside its image, or put an
 * overlay beside it (a file, a block device or a network volume), with the overlay's format.
 * Immutable; the {@code with*} methods return new requests. Text XML cannot carry (a control
 * character such as U+0001) is refused when it is given, with a {@link SnapshotXmlException} that
 * names the field.
 *
 * <pre>{@code
 * DiskRequest.externalFile("vda", "/var/lib/libvirt/images/vm.before").withFormat("qcow2")
 * DiskRequest.excluded("vdb")
 * }</pre>
 */
public final class DiskRequest {
    private static final String DISK = "/domainsnapshot/disks/disk";

    private final String target;
    private final DiskSnapshotMode mode;
    private final DiskType type;
    private final String path;
    private final String protocol;
    private final List<String> hosts;
    private final DriverFormat format;
    private final long metadataCacheBytes;

    private DiskRequest(
            String target,
            DiskSnapshotMode mode,
            DiskType type,
            String path,
            String protocol,
            List<String> hosts,
            DriverFormat format,
            long metadataCacheBytes) {
        this.target = XmlText.check("the disk's name", DISK + "/@name", Objects.requireNonNull(target, "target"));
        this.mode = mode;
        this.type = type;
        this.path = XmlText.check("the overlay's path", DISK + "/source", path);
        this.protocol = XmlText.check("the network protocol", DISK + "/source/@protocol", protocol);
        for (String h : hosts) {
            XmlText.check("a host", DISK + "/source/host", Objects.requireNonNull(h, "host"));
        }
        this.hosts = List.copyOf(hosts);
        this.format = format;
        this.metadataCacheBytes = metadataCacheBytes;
    }

    /**
     * @param target the disk's target ({@code vda}) or its source path
     * @return a request to leave the disk out
     */
    public static DiskRequest excluded(String target) {
        return new DiskRequest(target, DiskSnapshotMode.NO, null, null, null, List.of(), null, 0);
    }

    /**
     * @param target the disk's target or source path
     * @return a request for an internal snapshot, inside the disk's (qcow2) image
     */
    public static DiskRequest internal(String target) {
        return new DiskRequest(target, DiskSnapshotMode.INTERNAL, null, null, null, List.of(), null, 0);
    }

    /**
     * @param target the disk's target or source path
     * @return a request for an external snapshot whose file libvirt names (next to the image)
     */
    public static DiskRequest external(String target) {
        return new DiskRequest(target, DiskSnapshotMode.EXTERNAL, null, null, null, List.of(), null, 0);
    }

    /**
     * @param target the disk's target or source path
     * @param file the overlay's absolute path
     * @return a request for an external snapshot into a file
     */
    public static DiskRequest externalFile(String target, String file) {
        return new DiskRequest(
                target,
                DiskSnapshotMode.EXTERNAL,
                DiskType.FILE,
                Objects.requireNonNull(file, "file"),
                null,
                List.of(),
                null,
                0);
    }

    /**
     * @param target the disk's target or source path
     * @param device the overlay's block device, such as {@code /dev/vg0/vm-snap}
     * @return a request for an external snapshot onto a block device
     */
    public static DiskRequest externalBlock(String target, String device) {
        return new DiskRequest(
                target,
                DiskSnapshotMode.EXTERNAL,
                DiskType.BLOCK,
                Objects.requireNonNull(device, "device"),
                null,
                List.of(),
                null,
                0);
    }

    /**
     * @param target the disk's target or source path
     * @param protocol the network protocol, such as {@code rbd} or {@code gluster}
     * @param name the volume's name, such as {@code pool/vm-snap}
     * @param hosts the servers, as {@code host} or {@code host:port}
     * @return a request for an external snapshot onto a network volume
     */
    public static DiskRequest externalNetwork(String target, String protocol, String name, String... hosts) {
        return new DiskRequest(
                target,
                DiskSnapshotMode.EXTERNAL,
                DiskType.NETWORK,
                Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(protocol, "protocol"),
                List.of(hosts),
                null,
                0);
    }

    /**
     * @param newFormat the overlay's format, such as {@link DriverFormat#QCOW2} (libvirt's default)
     *     or {@link DriverFormat#QED}
     * @return this request with that format
     */
    public DiskRequest withFormat(DriverFormat newFormat) {
        XmlText.check("the overlay's format", DISK + "/driver/@type", newFormat.value());
        return new DiskRequest(
                target,
                mode,
                type,
                path,
                protocol,
                hosts,
                Objects.requireNonNull(newFormat, "format"),
                metadataCacheBytes);
    }

    /**
     * @param newFormat the overlay's format, such as {@code qcow2} (libvirt's default) or {@code qed}
     * @return this request with that format
     */
    public DiskRequest withFormat(String newFormat) {
        return withFormat(DriverFormat.of(newFormat));
    }

    /**
     * @param bytes the largest qcow2 metadata cache, in bytes
     * @return this request with that cache size
     */
    public DiskRequest withMetadataCacheMaxSize(long bytes) {
        // (a size of 0 or less is refused with a SnapshotXmlException)
        if (bytes <= 0) {
            throw new SnapshotXmlException("the metadata cache size must be positive, not " + bytes);
        }
        return new DiskRequest(target, mode, type, path, protocol, hosts, format, bytes);
    }

    /** @return the disk's target or source path */
    public String target() {
        return target;
    }

    /** @return the snapshot mode: {@code no}, {@code internal} or {@code external} */
    public DiskSnapshotMode mode() {
        return mode;
    }

    /** @return the overlay's path (file, device or volume name), if given */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** @return the element for the document */
    DiskSnapshot toModel() {
        DiskSnapshot disk = new DiskSnapshot();
        disk.setName(target);
        disk.setSnapshot(mode);
        if (path != null || format != null) {
            disk.setType(type == null ? DiskType.FILE : type);
        }
        if (format != null || metadataCacheBytes > 0) {
            Driver driver = new Driver();
            driver.setType(format);
            if (metadataCacheBytes > 0) {
                ScaledInteger size = new ScaledInteger();
                size.setUnit("bytes");
                size.setValue(Long.toString(metadataCacheBytes));
                MetadataCache cache = new MetadataCache();
                cache.setMaxSize(size);
                driver.setMetadataCache(cache);
            }
            disk.setDriver(driver);
        }
        if (path != null) {
            Source source = new Source();
            if (type.equals(DiskType.BLOCK)) {
                source.setDev(path);
            } else if (type.equals(DiskType.NETWORK)) {
                source.setProtocol(protocol);
                source.setName(path);
                for (String h : hosts) {
                    Host host = new Host();
                    int colon = h.lastIndexOf(':');
                    host.setName(colon > 0 ? h.substring(0, colon) : h);
                    host.setPort(colon > 0 ? h.substring(colon + 1) : null);
                    source.getHosts().add(host);
                }
            } else {
                source.setFile(path);
            }
            disk.setSource(source);
        }
        return disk;
    }

    @Override
    public String toString() {
        return "DiskRequest[" + target + " " + mode + (path == null ? "" : " " + path) + ']';
    }
}
