package io.github.domainsnapshot.domain;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only, typed view of what snapshot logic needs from a libvirt domain definition
 * ({@code <domain>}, or a snapshot's {@code <domain>} / {@code <inactiveDomain>}): its type,
 * name, uuid and disks. The view reads the element when asked; it holds no copy.
 *
 * <pre>{@code
 * DomainView domain = DomainView.of(snapshot.getDomain());
 * for (DomainDisk disk : domain.disks()) {
 *     System.out.println(disk.targetDev().orElse("?") + " " + disk.sourcePath().orElse("(empty)"));
 * }
 * }</pre>
 */
public final class DomainView {
    private final XmlElement element;

    private DomainView(XmlElement element) {
        this.element = element;
    }

    /**
     * A view of a domain element.
     *
     * @param domain a {@code <domain>} or {@code <inactiveDomain>} element, such as a snapshot's
     *     {@code getDomain()} or a definition read with {@code SnapshotCodec.readElement}
     * @return the view
     * @throws SnapshotXmlException of kind {@link SnapshotXmlException.Kind#INVALID} when there is
     *     no element (a snapshot without {@code <domain>}, such as a request), of kind {@link
     *     SnapshotXmlException.Kind#ROOT} when it is another element
     */
    public static DomainView of(XmlElement domain) {
        if (domain == null) {
            throw new SnapshotXmlException(
                    SnapshotXmlException.Kind.INVALID,
                    "no domain definition to read (a snapshot without <domain>, such as a request?)");
        }
        String name = domain.getLocalName();
        if (!name.equals("domain") && !name.equals("inactiveDomain")) {
            throw new SnapshotXmlException(
                    SnapshotXmlException.Kind.ROOT, "expecting a <domain> or <inactiveDomain>, not <" + name + ">");
        }
        return new DomainView(domain);
    }

    /** @return the element this view reads */
    public XmlElement element() {
        return element;
    }

    /** @return the hypervisor type ({@code type='kvm'}), if given */
    public Optional<String> type() {
        return Optional.ofNullable(element.attribute("type"));
    }

    /** @return the domain's name, if given */
    public Optional<String> name() {
        return childText(element, "name");
    }

    /** @return the domain's uuid, if given */
    public Optional<String> uuid() {
        return childText(element, "uuid");
    }

    /**
     * Whether this is only a reference ({@code <domain><uuid>…</uuid></domain>}, as libvirt
     * writes when a snapshot recorded no full definition) rather than a whole definition.
     *
     * @return true when the element has nothing but a uuid
     */
    public boolean isUuidOnly() {
        List<XmlElement> children = element.elements();
        return children.size() == 1
                && children.get(0).getLocalName().equals("uuid")
                && element.getAttributes().isEmpty();
    }

    /** @return the domain's disks, in the order of the definition */
    public List<DomainDisk> disks() {
        XmlElement devices = element.element("devices");
        if (devices == null) {
            return List.of();
        }
        List<DomainDisk> out = new ArrayList<>();
        for (XmlElement disk : devices.elements("disk")) {
            out.add(new DomainDisk(disk));
        }
        return List.copyOf(out);
    }

    /**
     * The disks in the order libvirt keeps them once it has parsed the definition: each disk goes
     * after the disks of its bus with a lower target index and before those with a higher one,
     * and a disk on a bus not seen yet goes last. This is the order of libvirt's own output and
     * of a snapshot's aligned disks.
     *
     * @return the disks in libvirt's order
     */
    public List<DomainDisk> disksInLibvirtOrder() {
        // libvirt inserts each disk after the last of its bus with a target index not above its
        // own (virDomainDiskInsert): the disks of a bus stay together, in the order their bus
        // first came, and within a bus they are in order of index, equal ones as they came. The
        // same order, sorted once rather than by an insertion that looks at every disk placed.
        Map<String, List<DomainDisk>> byBus = new LinkedHashMap<>();
        for (DomainDisk disk : disks()) {
            byBus.computeIfAbsent(disk.bus(), k -> new ArrayList<>()).add(disk);
        }
        List<DomainDisk> out = new ArrayList<>();
        for (List<DomainDisk> bus : byBus.values()) {
            int n = bus.size();
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                // the index, then the place: a stable order with one sort of primitives
                keys[i] = ((long) bus.get(i).targetIndex() << 32) | i;
            }
            Arrays.sort(keys);
            for (long key : keys) {
                out.add(bus.get((int) key));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The disk with a target name.
     *
     * @param targetDev the target, such as {@code vda}
     * @return the disk, if the domain has one with that target
     */
    public Optional<DomainDisk> disk(String targetDev) {
        Objects.requireNonNull(targetDev, "targetDev");
        for (DomainDisk d : disks()) {
            if (d.targetDev().filter(targetDev::equals).isPresent()) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static Optional<String> childText(XmlElement parent, String name) {
        XmlElement child = parent.element(name);
        return child == null ? Optional.empty() : Optional.of(child.text().strip());
    }

    @Override
    public String toString() {
        return "DomainView[" + name().orElse("?") + " " + uuid().orElse("?") + "]";
    }
}
