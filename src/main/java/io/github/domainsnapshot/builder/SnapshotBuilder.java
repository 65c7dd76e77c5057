package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds snapshot requests for {@code virDomainSnapshotCreateXML}, and the flags they need.
 *
 * <p>Text goes into the model, never into XML by hand: names and descriptions are escaped when
 * written. {@link #build()} checks the request with libvirt's parse rules (names, paths, formats,
 * memory) and fails with every problem at once.
 *
 * <p>A builder is a mutable, single-threaded helper; each {@code build()} returns a new document.
 *
 * <pre>{@code
 * SnapshotRequest request = SnapshotBuilder.snapshot("before-upgrade")
 *         .withDescription("kernel 6.1 -> 6.6")
 *         .withMemoryFile("/var/lib/libvirt/qemu/save/vm.before-upgrade.mem")
 *         .withDisk(DiskRequest.externalFile("vda", "/var/lib/libvirt/images/vm.before-upgrade").withFormat("qcow2"))
 *         .withDisk(DiskRequest.excluded("vdb"))
 *         .request();
 * domain.snapshotCreateXML(request.xml(), request.flagMask());
 *
 * SnapshotRequest diskOnly = SnapshotBuilder.diskOnly("nightly", DomainView.of(domainXml)).withQuiesce().request();
 * }</pre>
 */
public final class SnapshotBuilder {
    private String name;
    private String description;
    private String memoryMode;
    private String memoryFile;
    private final List<DiskRequest> disks = new ArrayList<>();
    private final EnumSet<CreateFlag> flags = EnumSet.noneOf(CreateFlag.class);

    private SnapshotBuilder() {}

    /** @return a builder for an unnamed snapshot (libvirt names it after its creation time) */
    public static SnapshotBuilder snapshot() {
        return new SnapshotBuilder();
    }

    /**
     * @param name the snapshot's name
     * @return a builder for a snapshot with that name
     */
    public static SnapshotBuilder snapshot(String name) {
        return new SnapshotBuilder().withName(name);
    }

    /**
     * A full system checkpoint: the memory and every disk inside the disk images (qemu's
     * savevm; the domain's disks must be qcow2). No flags.
     *
     * @param name the snapshot's name
     * @return the preset builder
     */
    public static SnapshotBuilder fullSystemCheckpoint(String name) {
        return snapshot(name).withInternalMemory();
    }

    /**
     * A disk-only external snapshot of every disk of the domain that can take one (file disks
     * with a source, not read-only, not marked {@code snapshot='no'}), each into an overlay named
     * as libvirt names them; the other disks left out. Flags DISK_ONLY and ATOMIC;
     * {@link #withQuiesce()} and {@link #withoutMetadata()} add the optional ones.
     *
     * @param name the snapshot's name
     * @param domain the domain's definition
     * @return the preset builder
     */
    public static SnapshotBuilder diskOnly(String name, DomainView domain) {
        return diskOnly(name, domain, null);
    }

    /**
     * A disk-only external snapshot of some disks, the others left out.
     *
     * @param name the snapshot's name
     * @param domain the domain's definition
     * @param targets the disks to snapshot, by target ({@code vda}); each must have a file source
     * @return the preset builder
     * @throws SnapshotXmlException when a target is not a disk of the domain or has no file to snapshot
     */
    public static SnapshotBuilder diskOnly(String name, DomainView domain, Collection<String> targets) {
        SnapshotBuilder b = snapshot(name).withoutMemory().withFlags(CreateFlag.DISK_ONLY, CreateFlag.ATOMIC);
        Map<String, String> overlays = FileNames.overlays(domain, name);
        Set<String> wanted = targets == null ? overlays.keySet() : new HashSet<>(targets);
        if (targets != null) {
            Set<String> known =
                    domain.disks().stream().map(DomainDisk::targetDev).collect(Collectors.toSet());
            for (String t : targets) {
                if (!known.contains(t)) {
                    throw new SnapshotXmlException("the domain has no disk '" + t + "'");
                }
                if (!overlays.containsKey(t)) {
                    throw new SnapshotXmlException("disk '" + t + "' has no file image to snapshot externally");
                }
            }
        }
        for (DomainDisk disk : domain.disksInLibvirtOrder()) {
            String target = disk.targetDev();
            if (wanted.contains(target)) {
                b.withDisk(
                        DiskRequest.externalFile(target, overlays.get(target)).withFormat("qcow2"));
            } else {
                b.withDisk(DiskRequest.excluded(target));
            }
        }
        return b;
    }

    /**
     * An external checkpoint: the memory saved to a file, every disk that can take it into an
     * overlay named as libvirt names them, the others left out.
     *
     * @param name the snapshot's name
     * @param domain the domain's definition
     * @param memoryFile the absolute path of the memory file (see {@link FileNames#memoryFile})
     * @return the preset builder
     */
    public static SnapshotBuilder externalCheckpoint(String name, DomainView domain, String memoryFile) {
        SnapshotBuilder b = snapshot(name).withMemoryFile(memoryFile);
        Map<String, String> overlays = FileNames.overlays(domain, name);
        for (DomainDisk disk : domain.disksInLibvirtOrder()) {
            String target = disk.targetDev();
            String overlay = overlays.get(target);
            b.withDisk(overlay == null ? DiskRequest.excluded(target) : DiskRequest.externalFile(target, overlay));
        }
        return b;
    }

    /**
     * @param newName the snapshot's name (no '/', not starting with '.')
     * @return this builder
     */
    public SnapshotBuilder withName(String newName) {
        this.name = Objects.requireNonNull(newName, "name");
        return this;
    }

    /**
     * @param newDescription any text
     * @return this builder
     */
    public SnapshotBuilder withDescription(String newDescription) {
        this.description = newDescription;
        return this;
    }

    /** @return this builder, asking for no memory state ({@code <memory snapshot='no'/>}) */
    public SnapshotBuilder withoutMemory() {
        memoryMode = "no";
        memoryFile = null;
        return this;
    }

    /** @return this builder, asking for the memory inside the disk images */
    public SnapshotBuilder withInternalMemory() {
        memoryMode = "internal";
        memoryFile = null;
        return this;
    }

    /**
     * @param file the absolute path the memory is saved to
     * @return this builder, asking for the memory in that file
     */
    public SnapshotBuilder withMemoryFile(String file) {
        memoryMode = "external";
        memoryFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * @param disk what to do with one disk; a later request for the same disk replaces it
     * @return this builder
     */
    public SnapshotBuilder withDisk(DiskRequest disk) {
        disks.removeIf(d -> d.target().equals(disk.target()));
        disks.add(disk);
        return this;
    }

    /**
     * @param more create flags to pass with the document
     * @return this builder
     */
    public SnapshotBuilder withFlags(CreateFlag... more) {
        flags.addAll(List.of(more));
        return this;
    }

    /** @return this builder, with QUIESCE (the guest agent freezes the file systems) */
    public SnapshotBuilder withQuiesce() {
        return withFlags(CreateFlag.QUIESCE);
    }

    /** @return this builder, with NO_METADATA (libvirt records nothing of the snapshot) */
    public SnapshotBuilder withoutMetadata() {
        return withFlags(CreateFlag.NO_METADATA);
    }

    /** @return the flags so far */
    public Set<CreateFlag> flags() {
        return Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /**
     * Builds the document.
     *
     * @return a new document
     * @throws SnapshotXmlException listing every problem libvirt's parser would find
     */
    public DomainSnapshot build() {
        DomainSnapshot s = new DomainSnapshot();
        s.setName(name);
        s.setDescription(description);
        if (memoryMode != null) {
            MemorySpec memory = new MemorySpec();
            memory.setSnapshot(memoryMode);
            memory.setFile(memoryFile);
            s.setMemory(memory);
        }
        if (!disks.isEmpty()) {
            DiskSnapshotList list = new DiskSnapshotList();
            for (DiskRequest d : disks) {
                list.getDisks().add(d.toModel());
            }
            s.setDisks(list);
        }
        ValidationReport report =
                SnapshotValidator.create().validate(s, ValidationContext.empty().withFlags(flags));
        List<Problem> errors = report.errors();
        if (!errors.isEmpty()) {
            throw new SnapshotXmlException("cannot build the snapshot: "
                    + errors.stream().map(Problem::message).collect(Collectors.joining("; ")));
        }
        return s;
    }

    /**
     * @return the document and its flags
     * @throws SnapshotXmlException listing every problem libvirt's parser would find
     */
    public SnapshotRequest request() {
        return new SnapshotRequest(build(), flags);
    }
}
