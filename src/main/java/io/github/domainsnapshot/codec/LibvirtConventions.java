package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.Encryption;
import io.github.domainsnapshot.model.ExtensibleElement;
import io.github.domainsnapshot.model.Source;
import io.github.domainsnapshot.xml.XmlElement;

/**
 * The few rules of libvirt's snapshot format that its schema does not say, each named here and
 * nowhere else. The reader applies them to what it read (so that a document and its rewritten
 * form read to equal models) and the writer to what it writes (so that a model built in code is
 * written as libvirt would).
 */
final class LibvirtConventions {
    private LibvirtConventions() {}

    /**
     * {@code <domainsnapshot>} and a source's {@code <encryption>} are always written with a start
     * and an end tag, even when empty: libvirt's formatter writes theirs unconditionally, and its
     * other elements as {@code />} when empty.
     *
     * @param element an object of the model
     * @return whether it is written with both tags however empty
     */
    static boolean isAlwaysOpened(Object element) {
        return element instanceof DomainSnapshot || element instanceof Encryption;
    }

    /**
     * A disk with a source or a driver and no {@code type} is of type {@code file}: libvirt's
     * parser defaults it, and its formatter then writes it.
     *
     * @param disk the disk
     * @param model for the emptiness of its parts
     * @return the type to write, or null for none
     */
    static DiskType diskType(DiskSnapshot disk, BindingModel model) {
        if (disk.getType() != null) {
            return disk.getType();
        }
        return isOmitted(disk.getDriver(), "driver", disk, model) && isOmitted(disk.getSource(), "source", disk, model)
                ? null
                : DiskType.FILE;
    }

    /**
     * An empty {@code <driver/>} or {@code <source/>} says nothing: libvirt reads it as absent and
     * does not write it. Unless a second one follows, kept as unknown content: libvirt reads the
     * first, so the empty one stays to keep the second unread.
     *
     * @param part a disk's driver or source, or null
     * @param name its element name
     * @param parent the element it belongs to
     * @param model for what empty means
     * @return whether it is not written
     */
    static boolean isOmitted(Object part, String name, Object parent, BindingModel model) {
        return part == null
                || (part instanceof Driver || part instanceof Source)
                        && model.binding(part.getClass()).isEmpty(part)
                        && !hasUnknown((ExtensibleElement) parent, name);
    }

    private static boolean hasUnknown(ExtensibleElement parent, String name) {
        if (parent.hasUnknownContent()) {
            for (XmlElement e : parent.getUnknownElements()) {
                if (e.getLocalName().equals(name) && e.getNamespaceUri().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The {@code <metadata>} of an embedded domain is written by libxml2's node dump, not by
     * libvirt's own formatter: double quotes, libxml2's escaping and indentation.
     *
     * @param child a child of the embedded root element
     * @return whether it is written in libxml2's style
     */
    static boolean isDumpedByLibxml(XmlElement child) {
        return isDumpedByLibxml(child.getNamespaceUri(), child.getLocalName());
    }

    /**
     * @param namespaceUri the namespace of a child of the embedded root element
     * @param localName its local name
     * @return whether it is written in libxml2's style
     */
    static boolean isDumpedByLibxml(String namespaceUri, String localName) {
        return localName.equals("metadata") && namespaceUri.isEmpty();
    }

    /**
     * Applies the rules to a snapshot just read: empty drivers and sources dropped, the type of
     * disks with a source or driver filled in.
     *
     * @param snapshot the snapshot
     * @param model the binding's description
     */
    static void applyAfterReading(DomainSnapshot snapshot, BindingModel model) {
        normalize(snapshot.getDisks(), model);
        normalize(snapshot.getRevertDisks(), model);
    }

    private static void normalize(DiskSnapshotList list, BindingModel model) {
        if (list == null) {
            return;
        }
        for (DiskSnapshot d : list.getDisks()) {
            if (isOmitted(d.getDriver(), "driver", d, model)) {
                d.setDriver(null);
            }
            if (isOmitted(d.getSource(), "source", d, model)) {
                d.setSource(null);
            }
            d.setType(diskType(d, model));
        }
    }
}
