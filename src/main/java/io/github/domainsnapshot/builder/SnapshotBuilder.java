package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.DriverFormat;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds snapshot requests for {@code virDomainSnapshotCreateXML}, and the flags they need.
 *
 * <p>Immutable and thread-safe, like {@link DiskRequest}: each {@code with*} method returns a new
 * builder and leaves this one as it is, so a preset can be shared and varied. Text goes into the
 * model, never into XML by hand: names and descriptions are escaped when written, and text XML
 * cannot carry (a control character such as U+0001) is refused when it is given, naming the
 * field. A flag a create request cannot take (REDEFINE, CURRENT: see {@link Redefinition}) is
 * refused when it is given; {@link #build()} checks the rest as libvirt would in each state the
 * domain may be in (names, paths, formats, memory, the flags together, the combinations) and fails
 * with every problem at once, as a list ({@link SnapshotBuildException#problems()}), where libvirt
 * refuses it in all of them. Every refusal is a {@link SnapshotXmlException} of kind {@link
 * SnapshotXmlException.Kind#INVALID}.
 *
 * <p>The presets that take a domain leave out the disks that cannot take their snapshot, and
 * {@link #excludedDisks()} says which and why.
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
 * SnapshotBuilder nightly = SnapshotBuilder.diskOnly("nightly", DomainView.of(domainXml)).withQuiesce();
 * nightly.excludedDisks().forEach(System.out::println);   // vdc: it is read-only
 * SnapshotRequest diskOnly = nightly.request();
 * }</pre>
 */
public final class SnapshotBuilder {
    private static final String ROOT = "/domainsnapshot";

    private final String name;
    private final String description;
    private final MemorySnapshotMode memoryMode;
    private final String memoryFile;
    private final List<DiskRequest> disks;
    private final Set<CreateFlag> flags;
    private final List<ExcludedDisk> excluded;
    private final LibvirtVersion libvirt;

    private SnapshotBuilder(
            String name,
            String description,
            MemorySnapshotMode memoryMode,
            String memoryFile,
            List<DiskRequest> disks,
            Set<CreateFlag> flags,
            List<ExcludedDisk> excluded,
            LibvirtVersion libvirt) {
        this.name = name;
        this.description = description;
        this.memoryMode = memoryMode;
        this.memoryFile = memoryFile;
        this.disks = List.copyOf(disks);
        this.flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        this.excluded = List.copyOf(excluded);
        this.libvirt = libvirt;
    }

    /** @return a builder for an unnamed snapshot (libvirt names it after its creation time) */
    public static SnapshotBuilder snapshot() {
        return new SnapshotBuilder(null, null, null, null, List.of(), Set.of(), List.of(), null);
    }

    /**
     * @param name the snapshot's name
     * @return a builder for a snapshot with that name
     * @throws SnapshotXmlException when the name holds text XML cannot carry
     */
    public static SnapshotBuilder snapshot(String name) {
        return snapshot().withName(name);
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
     * as libvirt names them; the other disks left out, as {@link #excludedDisks()} says. Flags
     * DISK_ONLY and ATOMIC; {@link #withQuiesce()} and {@link #withoutMetadata()} add the optional
     * ones.
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
     * @throws SnapshotXmlException when a target is not a disk of the domain or cannot take an
     *     external snapshot into a file (saying why)
     */
    public static SnapshotBuilder diskOnly(String name, DomainView domain, Collection<String> targets) {
        SnapshotBuilder b = snapshot(name).withoutMemory().withFlags(CreateFlag.DISK_ONLY, CreateFlag.ATOMIC);
        Map<String, String> overlays = FileNames.overlays(domain, name);
        Set<String> wanted = targets == null ? overlays.keySet() : new HashSet<>(targets);
        if (targets != null) {
            Map<String, DomainDisk> known = new HashMap<>();
            for (DomainDisk d : domain.disks()) {
                d.targetDev().ifPresent(dev -> known.put(dev, d));
            }
            for (String t : targets) {
                DomainDisk disk = known.get(t);
                if (disk == null) {
                    throw new SnapshotXmlException("the domain has no disk '" + t + "'");
                }
                String why = FileNames.whyNotSnapshottable(disk);
                if (why != null) {
                    throw new SnapshotXmlException("disk '" + t + "' cannot take an external snapshot: " + why);
                }
            }
        }
        List<ExcludedDisk> left = new ArrayList<>();
        for (DomainDisk disk : domain.disksInLibvirtOrder()) {
            String target = disk.targetDev().orElse(null);
            if (target == null) {
                continue;
            }
            if (wanted.contains(target)) {
                b = b.withDisk(
                        DiskRequest.externalFile(target, overlays.get(target)).withFormat(DriverFormat.QCOW2));
            } else {
                b = b.withDisk(DiskRequest.excluded(target));
                String why = FileNames.whyNotSnapshottable(disk);
                left.add(new ExcludedDisk(target, why != null ? why : "it is not among the disks asked for"));
            }
        }
        return b.withExcluded(left);
    }

    /**
     * An external checkpoint: the memory saved to a file, every disk that can take it into an
     * overlay named as libvirt names them, the others left out (as {@link #excludedDisks()} says).
     *
     * @param name the snapshot's name
     * @param domain the domain's definition
     * @param memoryFile the absolute path of the memory file (see {@link FileNames#memoryFile})
     * @return the preset builder
     */
    public static SnapshotBuilder externalCheckpoint(String name, DomainView domain, String memoryFile) {
        SnapshotBuilder b = snapshot(name).withMemoryFile(memoryFile);
        Map<String, String> overlays = FileNames.overlays(domain, name);
        List<ExcludedDisk> left = new ArrayList<>();
        for (DomainDisk disk : domain.disksInLibvirtOrder()) {
            String target = disk.targetDev().orElse(null);
            if (target == null) {
                continue;
            }
            String overlay = overlays.get(target);
            if (overlay == null) {
                b = b.withDisk(DiskRequest.excluded(target));
                left.add(new ExcludedDisk(target, FileNames.whyNotSnapshottable(disk)));
            } else {
                b = b.withDisk(DiskRequest.externalFile(target, overlay));
            }
        }
        return b.withExcluded(left);
    }

    private SnapshotBuilder withExcluded(List<ExcludedDisk> newExcluded) {
        return new SnapshotBuilder(name, description, memoryMode, memoryFile, disks, flags, newExcluded, libvirt);
    }

    /**
     * @param newName the snapshot's name (no '/', not starting with '.')
     * @return a builder with that name
     * @throws SnapshotXmlException when the name holds text XML cannot carry
     */
    public SnapshotBuilder withName(String newName) {
        Objects.requireNonNull(newName, "name");
        XmlText.check("the snapshot's name", ROOT + "/name", newName);
        return new SnapshotBuilder(newName, description, memoryMode, memoryFile, disks, flags, excluded, libvirt);
    }

    /**
     * @param newDescription any text XML can carry; {@code null} for none
     * @return a builder with that description
     * @throws SnapshotXmlException when the description holds text XML cannot carry
     */
    public SnapshotBuilder withDescription(String newDescription) {
        XmlText.check("the snapshot's description", ROOT + "/description", newDescription);
        return new SnapshotBuilder(name, newDescription, memoryMode, memoryFile, disks, flags, excluded, libvirt);
    }

    /** @return a builder asking for no memory state ({@code <memory snapshot='no'/>}) */
    public SnapshotBuilder withoutMemory() {
        return new SnapshotBuilder(name, description, MemorySnapshotMode.NO, null, disks, flags, excluded, libvirt);
    }

    /** @return a builder asking for the memory inside the disk images */
    public SnapshotBuilder withInternalMemory() {
        return new SnapshotBuilder(
                name, description, MemorySnapshotMode.INTERNAL, null, disks, flags, excluded, libvirt);
    }

    /**
     * @param file the absolute path the memory is saved to
     * @return a builder asking for the memory in that file
     * @throws SnapshotXmlException when the path holds text XML cannot carry
     */
    public SnapshotBuilder withMemoryFile(String file) {
        Objects.requireNonNull(file, "file");
        XmlText.check("the memory file", ROOT + "/memory/@file", file);
        return new SnapshotBuilder(
                name, description, MemorySnapshotMode.EXTERNAL, file, disks, flags, excluded, libvirt);
    }

    /**
     * @param disk what to do with one disk; a later request for the same disk replaces it (and
     *     the disk is no longer among the {@link #excludedDisks()})
     * @return a builder with that disk request
     */
    public SnapshotBuilder withDisk(DiskRequest disk) {
        Objects.requireNonNull(disk, "disk");
        List<DiskRequest> more = new ArrayList<>(disks);
        more.removeIf(d -> d.target().equals(disk.target()));
        more.add(disk);
        List<ExcludedDisk> stillExcluded = new ArrayList<>(excluded);
        stillExcluded.removeIf(e -> e.target().equals(disk.target()));
        return new SnapshotBuilder(name, description, memoryMode, memoryFile, more, flags, stillExcluded, libvirt);
    }

    /**
     * @param more create flags to pass with the document
     * @return a builder with those flags too
     * @throws SnapshotXmlException for REDEFINE or CURRENT, which make a redefinition, not a new
     *     snapshot (see {@link Redefinition})
     */
    public SnapshotBuilder withFlags(CreateFlag... more) {
        EnumSet<CreateFlag> all = flags.isEmpty() ? EnumSet.noneOf(CreateFlag.class) : EnumSet.copyOf(flags);
        for (CreateFlag f : Objects.requireNonNull(more, "more")) {
            if (Objects.requireNonNull(f, "more") == CreateFlag.REDEFINE || f == CreateFlag.CURRENT) {
                throw new SnapshotXmlException("a builder makes a new snapshot, and " + f
                        + " makes a redefinition: use Redefinition or SnapshotTree");
            }
            all.add(f);
        }
        return new SnapshotBuilder(name, description, memoryMode, memoryFile, disks, all, excluded, libvirt);
    }

    /** @return a builder with QUIESCE (the guest agent freezes the file systems) */
    public SnapshotBuilder withQuiesce() {
        return withFlags(CreateFlag.QUIESCE);
    }

    /** @return a builder with NO_METADATA (libvirt records nothing of the snapshot) */
    public SnapshotBuilder withoutMetadata() {
        return withFlags(CreateFlag.NO_METADATA);
    }

    /** @return the flags so far */
    public Set<CreateFlag> flags() {
        return flags;
    }

    /** @return the disk requests so far, in the order they were given */
    public List<DiskRequest> disks() {
        return disks;
    }

    /**
     * The libvirt release whose answers {@link #build()} checks the document against: its rules
     * (from 10.9, for one, an internal snapshot of an active domain is a QEMU job whose id holds the
     * snapshot's name, so that a name with a space is refused where 9.0 took it).
     *
     * @param version the release of the daemon the document is for ({@code
     *     Connect.getLibVersion()}); without one, the newest proven release
     * @return a builder like this one, checked against that release
     */
    public SnapshotBuilder withLibvirt(LibvirtVersion version) {
        Objects.requireNonNull(version, "version");
        return new SnapshotBuilder(name, description, memoryMode, memoryFile, disks, flags, excluded, version);
    }

    /** @return the release given to {@link #withLibvirt(LibvirtVersion)}, if any */
    public Optional<LibvirtVersion> libvirt() {
        return Optional.ofNullable(libvirt);
    }

    /**
     * The disks of the domain a preset left out, each with the reason (read-only, no source, not
     * a file, marked {@code snapshot='no'}, not asked for); empty for a builder not made from a
     * domain.
     *
     * @return the left-out disks, in the domain's order
     */
    public List<ExcludedDisk> excludedDisks() {
        return excluded;
    }

    /**
     * Builds the document.
     *
     * @return a new document
     * @throws SnapshotBuildException with every problem, when libvirt would refuse the document
     *     with its flags in every state the domain may be in
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
        // checked in every state the domain may be in: refused only where libvirt refuses it in all
        ValidationReport report = SnapshotValidator.create().validate(s, context());
        List<Problem> errors = report.errors();
        if (report.acceptedIn().isEmpty()) {
            throw new SnapshotBuildException(errors);
        }
        return s;
    }

    private ValidationContext context() {
        ValidationContext c = ValidationContext.empty().withFlags(flags);
        return libvirt == null ? c : c.withLibvirt(libvirt);
    }

    /**
     * @return the document and its flags
     * @throws SnapshotBuildException with every problem, as {@link #build()}
     */
    public SnapshotRequest request() {
        return new SnapshotRequest(build(), flags);
    }

    @Override
    public String toString() {
        return "SnapshotBuilder[" + (name == null ? "unnamed" : name) + ", memory "
                + (memoryMode == null ? "default" : memoryMode) + ", " + disks + ", flags " + flags
                + (excluded.isEmpty() ? "" : ", excluded " + excluded)
                + (libvirt == null ? "" : ", libvirt " + libvirt) + ']';
    }
}
