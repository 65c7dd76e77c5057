package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.model.CreationTime;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.DriverFormat;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.model.MetadataCache;
import io.github.domainsnapshot.model.Parent;
import io.github.domainsnapshot.model.ScaledInteger;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.model.Source;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.profile.LibvirtProfile;
import io.github.domainsnapshot.validation.ValidationRun.AlignedDisk;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.List;

/**
 * The snapshot libvirt stores, predicted from a checked request: a new object made at check
 * time, sharing nothing with the request or the context.
 *
 * <p>It holds only what libvirt keeps. Of a new snapshot: the name (the creation time when there
 * is none), the description, the state and memory the driver records, the creation time, the
 * aligned disks, and the domain as libvirt copies it into the snapshot. libvirt reads neither a
 * new snapshot's {@code <state>}, {@code <creationTime>}, {@code <parent>}, {@code <domain>} nor
 * {@code <active>}, and keeps no element or attribute it does not know, so neither does this.
 */
final class StoredSnapshot {
    private StoredSnapshot() {}

    static DomainSnapshot of(ValidationRun run) {
        DomainSnapshot in = run.snapshot;
        DomainSnapshot out = new DomainSnapshot();
        out.setDescription(ValidationRun.text(in.getDescription()));
        if (run.redefine) {
            out.setName(in.getName());
            out.setState(in.getState());
            if (in.getParent() != null && ValidationRun.text(in.getParent().getName()) != null) {
                Parent parent = new Parent();
                parent.setName(in.getParent().getName());
                out.setParent(parent);
            }
            out.setCreationTime(creationTime(in.getCreationTime()));
        } else {
            out.setName(run.snapshotName());
            out.setState(run.storedState == null ? null : SnapshotState.of(run.storedState));
            out.setCreationTime(CreationTime.of(run.ctx.clock().instant()));
        }
        String memory = run.redefine ? run.memory : run.storedMemory;
        if (memory != null) {
            MemorySpec spec = new MemorySpec();
            spec.setSnapshot(MemorySnapshotMode.of(memory));
            if (memory.equals("external") && in.getMemory() != null) {
                spec.setFile(in.getMemory().getFile());
            }
            out.setMemory(spec);
        }
        if (!run.aligned.isEmpty()) {
            DiskSnapshotList list = new DiskSnapshotList();
            for (AlignedDisk a : run.aligned) {
                list.getDisks().add(disk(run.profile, a));
            }
            out.setDisks(list);
        }
        if (run.redefine) {
            out.setDomain(copy(in.getDomain()));
            out.setInactiveDomain(copy(in.getInactiveDomain()));
            out.setCookie(copy(in.getCookie()));
        } else if (run.alignDomain != null) {
            out.setDomain(storedDomain(run.alignDomain, run.profile));
        }
        return out;
    }

    /** A redefined creation time as libvirt writes it back: the number it read, else as given. */
    private static CreationTime creationTime(CreationTime time) {
        return time == null
                ? null
                : time.epochSecond().map(CreationTime::ofEpochSecond).orElse(time);
    }

    private static XmlElement copy(XmlElement e) {
        return e == null ? null : e.deepCopy();
    }

    /**
     * A disk as libvirt writes it: name and mode, and only with a path or a format its type, its
     * format (a metadata cache size in bytes) and its source.
     */
    private static DiskSnapshot disk(LibvirtProfile profile, AlignedDisk a) {
        DiskSnapshot disk = new DiskSnapshot();
        disk.setName(a.name);
        disk.setSnapshot(a.mode == null ? null : DiskSnapshotMode.of(a.mode));
        String format = a.format;
        if (a.sourcePath == null && format == null) {
            return disk;
        }
        disk.setType(a.type == null ? null : DiskType.of(a.type));
        // libvirt writes a <driver> for a format or a metadata cache size, either without the other
        Driver requested = a.request == null ? null : a.request.disk.getDriver();
        MetadataCache cache = null;
        if (requested != null
                && requested.getMetadataCache() != null
                && requested.getMetadataCache().getMaxSize() != null) {
            long bytes = ScaledSize.bytes(requested.getMetadataCache().getMaxSize());
            if (bytes > 0) {
                ScaledInteger size = new ScaledInteger();
                size.setUnit("bytes");
                size.setValue(Long.toUnsignedString(bytes));
                cache = new MetadataCache();
                cache.setMaxSize(size);
            }
        }
        if (format != null || cache != null) {
            Driver driver = new Driver();
            driver.setType(format == null ? null : DriverFormat.of(format));
            driver.setMetadataCache(cache);
            disk.setDriver(driver);
        }
        if (a.generated) {
            Source source = new Source();
            source.setFile(a.sourcePath);
            disk.setSource(source);
        } else if (a.sourcePath != null) {
            disk.setSource(SourceRules.stored(profile, a.type, a.request.disk.getSource(), a.sourcePath));
        }
        return disk;
    }

    /**
     * The domain as libvirt copies a live one into a snapshot: without the run's id, the devices'
     * aliases, the disks' source indexes and the security labels generated when it started.
     */
    static XmlElement storedDomain(XmlElement domain, LibvirtProfile profile) {
        XmlElement copy = domain.deepCopy();
        if (copy.attribute("id") == null) {
            // not a live definition: nothing of a run to leave out
            return copy;
        }
        copy.setAttribute("id", null);
        for (XmlElement seclabel : copy.elements("seclabel")) {
            if ("dynamic".equals(seclabel.attribute("type"))) {
                remove(copy, seclabel);
            }
        }
        XmlElement devices = copy.element("devices");
        if (devices != null) {
            for (XmlElement device : devices.elements()) {
                for (XmlElement alias : device.elements("alias")) {
                    String name = alias.attribute("name");
                    // a user's own alias (ua-...) is part of the definition
                    if (name == null || !name.startsWith("ua-")) {
                        remove(device, alias);
                    }
                }
                if (device.getLocalName().equals("disk")) {
                    dropIndexes(device);
                    if (profile.has(Feature.STORED_DOMAIN_WITHOUT_DETECTED_CHAIN)) {
                        // the chain qemu found, its terminator too, is not part of the inactive definition
                        for (XmlElement backing : device.elements("backingStore")) {
                            remove(device, backing);
                        }
                    }
                }
            }
        }
        return copy;
    }

    /**
     * A disk's backing chain: the index of each source and backing store; a source that held
     * nothing but its index (an empty drive's) is not written at all.
     */
    private static void dropIndexes(XmlElement element) {
        for (XmlElement child : element.elements()) {
            if (child.getLocalName().equals("source")) {
                boolean onlyIndex = child.attribute("index") != null
                        && child.getAttributes().size() == 1
                        && child.elements().isEmpty();
                child.setAttribute("index", null);
                if (onlyIndex) {
                    remove(element, child);
                }
            } else if (child.getLocalName().equals("backingStore")) {
                child.setAttribute("index", null);
                dropIndexes(child);
            }
        }
    }

    /** Removes a child element with the blank text that indents it; a parent left blank is left empty. */
    private static void remove(XmlElement parent, XmlElement child) {
        List<Object> children = parent.getChildren();
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) == child) {
                children.remove(i);
                if (i > 0 && children.get(i - 1) instanceof String s && s.isBlank()) {
                    children.remove(i - 1);
                }
                break;
            }
        }
        if (children.stream().allMatch(c -> c instanceof String s && s.isBlank())) {
            children.clear();
        }
    }
}
