package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Recreates a snapshot's metadata on another host: from what {@code virDomainSnapshotGetXMLDesc}
 * returned on one host, the document and flags for {@code virDomainSnapshotCreateXML} with
 * REDEFINE on the other (and CURRENT when it was the current snapshot).
 *
 * <pre>{@code
 * SnapshotRequest request = Redefinition.of(codec.read(xmlFromSourceHost)).asCurrent(true).request();
 * targetDomain.snapshotCreateXML(request.xml(), request.flagMask());
 * }</pre>
 *
 * <p>Immutable: the {@code with*} and {@code as*} methods return new instances.
 */
public final class Redefinition {
    private final DomainSnapshot stored;
    private final boolean current;
    private final boolean renameParent;
    private final String parent;

    private Redefinition(DomainSnapshot stored, boolean current, boolean renameParent, String parent) {
        this.stored = stored;
        this.current = current;
        this.renameParent = renameParent;
        this.parent = parent;
    }

    /**
     * @param stored a snapshot as libvirt returned it; not changed
     * @return its redefinition, not as the current snapshot
     */
    public static Redefinition of(DomainSnapshot stored) {
        return new Redefinition(Objects.requireNonNull(stored, "stored"), isMarkedCurrent(stored), false, null);
    }

    /**
     * libvirt's private form (its files under {@code /var/lib/libvirt/qemu/snapshot}) says
     * {@code <active>1</active>} for the current snapshot.
     */
    static boolean isMarkedCurrent(DomainSnapshot s) {
        return s.getActive() != null && s.getActive().strip().equals("1");
    }

    /**
     * @param isCurrent whether the snapshot becomes the current one (CURRENT)
     * @return a redefinition with that choice
     */
    public Redefinition asCurrent(boolean isCurrent) {
        return new Redefinition(stored, isCurrent, renameParent, parent);
    }

    /**
     * @param newParent the parent's name on the target host, or {@code null} for a root
     * @return a redefinition with that parent
     * @throws SnapshotXmlException when the name holds text XML cannot carry
     */
    public Redefinition withParent(String newParent) {
        XmlText.check("the parent's name", "/domainsnapshot/parent/name", newParent);
        return new Redefinition(stored, current, true, newParent);
    }

    /**
     * @return the document (without libvirt's private {@code <active>}) and REDEFINE, with CURRENT when chosen
     * @throws SnapshotXmlException when the snapshot lacks what a redefinition needs (name, state,
     *     creation time)
     */
    public SnapshotRequest request() {
        List<String> missing = new ArrayList<>();
        if (stored.getName() == null) {
            missing.add("a name");
        }
        if (stored.getState() == null) {
            missing.add("a state");
        }
        if (stored.getCreationTime() == null) {
            missing.add("a creation time");
        }
        if (!missing.isEmpty()) {
            throw new SnapshotXmlException(
                    "cannot redefine a snapshot without " + String.join(", ", missing) + ": libvirt requires them");
        }
        DomainSnapshot copy = SnapshotCodec.create().copy(stored);
        copy.setActive(null);
        if (renameParent) {
            copy.setParentName(parent);
        }
        EnumSet<CreateFlag> flags = EnumSet.of(CreateFlag.REDEFINE);
        if (current) {
            flags.add(CreateFlag.CURRENT);
        }
        return new SnapshotRequest(copy, flags);
    }
}
