package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A document and the flags to pass with it to {@code virDomainSnapshotCreateXML}.
 *
 * <pre>{@code
 * SnapshotRequest request = SnapshotBuilder.fullSystemCheckpoint("before-upgrade").request();
 * domain.snapshotCreateXML(request.xml(), request.flagMask());   // libvirt-java
 * }</pre>
 *
 * <p>Immutable: the request keeps its own copy of the document, and {@link #snapshot()} gives a
 * copy of it, so that what a builder checked is what is sent.
 *
 * @param snapshot the document; the request's own copy
 * @param flags the create flags
 */
public record SnapshotRequest(DomainSnapshot snapshot, Set<CreateFlag> flags) {

    /**
     * Checks and copies the fields.
     *
     * @param snapshot the document, copied: changing it afterwards changes nothing of the request
     * @param flags the create flags
     */
    public SnapshotRequest {
        snapshot = SnapshotCodec.create().copy(Objects.requireNonNull(snapshot, "snapshot"));
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /**
     * The document, as a copy of the request's own.
     *
     * @return a new copy: changing it changes nothing of the request
     */
    @Override
    public DomainSnapshot snapshot() {
        return SnapshotCodec.create().copy(snapshot);
    }

    /** @return the document as libvirt writes it, ready for {@code virDomainSnapshotCreateXML} */
    public String xml() {
        return SnapshotCodec.create().write(snapshot);
    }

    /** @return the document's name, without copying it */
    public String name() {
        return snapshot.getName();
    }

    /** @return the flags as the {@code int} libvirt's bindings take */
    public int flagMask() {
        return CreateFlag.toMask(flags);
    }

    /**
     * @param more flags to add
     * @return a request with those flags too
     */
    public SnapshotRequest withFlags(CreateFlag... more) {
        EnumSet<CreateFlag> all = flags.isEmpty() ? EnumSet.noneOf(CreateFlag.class) : EnumSet.copyOf(flags);
        all.addAll(Set.of(more));
        return new SnapshotRequest(snapshot, all);
    }
}
