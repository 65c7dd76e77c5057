package io.github.domainsnapshot.domain;

import io.github.domainsnapshot.xml.XmlElement;
import java.util.Optional;

/**
 * A read-only view of one {@code <disk>} of a domain definition: what snapshot logic needs to
 * align a snapshot's disks with the domain's.
 */
public final class DomainDisk {
    private final XmlElement element;

    DomainDisk(XmlElement element) {
        this.element = element;
    }

    /** @return the element this view reads */
    public XmlElement element() {
        return element;
    }

    /** @return the device kind: {@code disk} (libvirt's default), {@code cdrom}, {@code floppy} or {@code lun} */
    public String device() {
        String d = element.attribute("device");
        return d == null ? "disk" : d;
    }

    /** @return the source type: {@code file} (libvirt's default), {@code block}, {@code network}... */
    public String type() {
        String t = element.attribute("type");
        return t == null ? "file" : t;
    }

    /** @return the target device name ({@code <target dev='vda'/>}), if given */
    public Optional<String> targetDev() {
        return Optional.ofNullable(dev());
    }

    /** The target device name, or null when missing. */
    private String dev() {
        XmlElement target = element.element("target");
        return target == null ? null : target.attribute("dev");
    }

    /** @return the target bus ({@code virtio}, {@code sata}...), if given */
    public Optional<String> targetBus() {
        XmlElement target = element.element("target");
        return Optional.ofNullable(target == null ? null : target.attribute("bus"));
    }

    /** @return the source file of a file disk, if any */
    public Optional<String> sourceFile() {
        return sourceAttribute("file");
    }

    /** @return the source device of a block disk, if any */
    public Optional<String> sourceDev() {
        return sourceAttribute("dev");
    }

    /** @return the protocol of a network disk's source, if any */
    public Optional<String> sourceProtocol() {
        return sourceAttribute("protocol");
    }

    /** @return the name (volume, export...) of a network disk's source, if any */
    public Optional<String> sourceName() {
        return sourceAttribute("name");
    }

    /**
     * The path libvirt knows the source by: the file of a file disk, the device of a block disk,
     * the name of a network disk (or a volume's volume).
     *
     * @return the path, or empty for an empty drive
     */
    public Optional<String> sourcePath() {
        return switch (type()) {
            case "block" -> sourceDev();
            case "network" -> sourceName();
            case "dir" -> sourceAttribute("dir");
            case "volume" -> sourceAttribute("volume");
            default -> sourceFile();
        };
    }

    /** @return whether the disk has a source at all (an empty CD-ROM drive has none) */
    public boolean hasSource() {
        return sourcePath().isPresent();
    }

    /** @return the format of the image ({@code <driver type='qcow2'/>}), if given */
    public Optional<String> driverType() {
        XmlElement driver = element.element("driver");
        return Optional.ofNullable(driver == null ? null : driver.attribute("type"));
    }

    /** @return the disk's own snapshot default ({@code <disk snapshot='no'>}), if given */
    public Optional<String> snapshot() {
        return Optional.ofNullable(element.attribute("snapshot"));
    }

    /**
     * The disk's snapshot default as libvirt holds it after parsing the domain: the
     * {@code snapshot} attribute, else {@code no} for a read-only disk and for a vhost-user disk.
     *
     * @return the default mode, if the disk has one
     */
    public Optional<String> snapshotDefault() {
        Optional<String> own = snapshot();
        if (own.isPresent()) {
            return own;
        }
        return readOnly() || type().equals("vhostuser") ? Optional.of("no") : Optional.empty();
    }

    /**
     * The bus, as libvirt resolves it when the target names none: from the device (floppy) or
     * from the target's prefix ({@code hd} ide, {@code sd} scsi, {@code vd} virtio, {@code xvd}
     * xen, {@code ubd} uml).
     *
     * @return the bus, or {@code null} when it cannot be told
     */
    public String bus() {
        Optional<String> given = targetBus();
        if (given.isPresent()) {
            return given.get();
        }
        String dev = dev();
        if (device().equals("floppy")) {
            return "fdc";
        }
        if (dev == null) {
            return null;
        }
        if (dev.startsWith("hd")) {
            return "ide";
        }
        if (dev.startsWith("sd")) {
            return "scsi";
        }
        if (dev.startsWith("vd")) {
            return "virtio";
        }
        if (dev.startsWith("xvd")) {
            return "xen";
        }
        if (dev.startsWith("ubd")) {
            return "uml";
        }
        return null;
    }

    /**
     * The index libvirt gives a target name ({@code vda} 0, {@code vdb} 1, {@code vdaa} 26...),
     * which orders the disks of one bus.
     *
     * @return the index, or -1 when the name has no known prefix or trailing garbage
     */
    public int targetIndex() {
        String dev = dev();
        if (dev == null) {
            return -1;
        }
        String rest = null;
        for (String prefix : new String[] {"fd", "hd", "vd", "sd", "xvd", "ubd"}) {
            if (dev.startsWith(prefix)) {
                rest = dev.substring(prefix.length());
                break;
            }
        }
        if (rest == null) {
            return -1;
        }
        int idx = 0;
        int i = 0;
        while (i < rest.length() && rest.charAt(i) >= 'a' && rest.charAt(i) <= 'z') {
            idx = (idx + (i < 1 ? 0 : 1)) * 26 + (rest.charAt(i) - 'a');
            i++;
        }
        while (i < rest.length() && rest.charAt(i) >= '0' && rest.charAt(i) <= '9') {
            i++;
        }
        return i == rest.length() ? idx : -1;
    }

    /** @return whether the disk is read-only ({@code <readonly/>}) */
    public boolean readOnly() {
        return element.element("readonly") != null;
    }

    private Optional<String> sourceAttribute(String name) {
        XmlElement source = element.element("source");
        return Optional.ofNullable(source == null ? null : source.attribute(name));
    }

    @Override
    public String toString() {
        return "DomainDisk[" + targetDev().orElse("-") + " " + type() + " "
                + sourcePath().orElse("-") + "]";
    }
}
