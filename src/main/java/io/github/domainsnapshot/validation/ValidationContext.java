package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a check knows about the call a snapshot document is meant for: the domain's state, the
 * create flags, the domain's definition, its existing snapshots and whether files may be probed.
 *
 * <p>Immutable and thread-safe: every {@code with*} method returns a new context ({@link
 * #withFlags} adds flags, {@link #withoutFlags} removes them; the others replace). The default
 * context knows nothing: driver qemu, state {@link DomainState#UNKNOWN}, no flags, no domain,
 * existing snapshots unknown, no file probing, the system clock, and no libvirt version: the
 * answers are then those of the newest release proven against a real daemon ({@link
 * LibvirtVersion#newestProven()}), as every report says ({@link ValidationReport#libvirt()}).
 */
public final class ValidationContext {
    private static final ValidationContext EMPTY = new ValidationContext(
            LibvirtDriver.QEMU,
            DomainState.UNKNOWN,
            EnumSet.noneOf(CreateFlag.class),
            null,
            null,
            null,
            Clock.systemUTC(),
            null,
            null);

    private final LibvirtDriver driver;
    private final DomainState state;
    private final Set<CreateFlag> flags;
    private final XmlElement domain;
    private final List<DomainSnapshot> existingSnapshots;
    private final Predicate<String> regularFile;
    private final Clock clock;
    private final LibvirtVersion libvirt;
    private final String currentSnapshot;

    private ValidationContext(
            LibvirtDriver driver,
            DomainState state,
            Set<CreateFlag> flags,
            XmlElement domain,
            List<DomainSnapshot> existingSnapshots,
            Predicate<String> regularFile,
            Clock clock,
            LibvirtVersion libvirt,
            String currentSnapshot) {
        this.driver = driver;
        this.state = state;
        this.flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        this.domain = domain;
        this.existingSnapshots = existingSnapshots;
        this.regularFile = regularFile;
        this.clock = clock;
        this.libvirt = libvirt;
        this.currentSnapshot = currentSnapshot;
    }

    /** @return a context that knows nothing */
    public static ValidationContext empty() {
        return EMPTY;
    }

    /**
     * A context for a domain in a known state.
     *
     * @param state the domain's state
     * @return the context
     */
    public static ValidationContext of(DomainState state) {
        return EMPTY.withState(state);
    }

    /**
     * @param newDriver the libvirt driver the request is for (the default is {@link LibvirtDriver#QEMU})
     * @return a context for that driver
     */
    public ValidationContext withDriver(LibvirtDriver newDriver) {
        return new ValidationContext(
                Objects.requireNonNull(newDriver, "driver"),
                state,
                flags,
                domain,
                existingSnapshots,
                regularFile,
                clock,
                libvirt,
                currentSnapshot);
    }

    /**
     * @param newState the domain's state ({@link DomainState#UNKNOWN} when not known)
     * @return a context with that state
     */
    public ValidationContext withState(DomainState newState) {
        return new ValidationContext(
                driver,
                Objects.requireNonNull(newState, "state"),
                flags,
                domain,
                existingSnapshots,
                regularFile,
                clock,
                libvirt,
                currentSnapshot);
    }

    /**
     * Adds create flags, as {@code SnapshotBuilder.withFlags} and {@code SnapshotRequest.withFlags}
     * do (and as Jackson's {@code ObjectReader.with} enables features in addition): {@code
     * withFlags(QUIESCE).withFlags(ATOMIC)} has both. {@link #withoutFlags} removes flags.
     *
     * @param more create flags the document will be passed with, besides those already here
     * @return a context with those flags too
     */
    public ValidationContext withFlags(Collection<CreateFlag> more) {
        EnumSet<CreateFlag> all = EnumSet.noneOf(CreateFlag.class);
        all.addAll(flags);
        all.addAll(more);
        return new ValidationContext(
                driver, state, all, domain, existingSnapshots, regularFile, clock, libvirt, currentSnapshot);
    }

    /**
     * Adds create flags: see {@link #withFlags(Collection)}.
     *
     * @param more create flags the document will be passed with, besides those already here
     * @return a context with those flags too
     */
    public ValidationContext withFlags(CreateFlag... more) {
        return withFlags(List.of(more));
    }

    /**
     * Removes create flags.
     *
     * @param fewer flags the document will not be passed with (a flag not set is ignored)
     * @return a context without those flags
     */
    public ValidationContext withoutFlags(Collection<CreateFlag> fewer) {
        Objects.requireNonNull(fewer, "fewer");
        EnumSet<CreateFlag> left = EnumSet.noneOf(CreateFlag.class);
        left.addAll(flags);
        left.removeAll(fewer);
        return new ValidationContext(
                driver, state, left, domain, existingSnapshots, regularFile, clock, libvirt, currentSnapshot);
    }

    /**
     * Removes create flags: see {@link #withoutFlags(Collection)}.
     *
     * @param fewer flags the document will not be passed with
     * @return a context without those flags
     */
    public ValidationContext withoutFlags(CreateFlag... fewer) {
        return withoutFlags(List.of(fewer));
    }

    /**
     * The definition of the domain the snapshot is for, as {@code virsh dumpxml} gives it. A
     * create request is aligned with it; a redefined snapshot must carry the same uuid.
     *
     * @param newDomain a {@code <domain>} element, or {@code null} for none
     * @return a context with that domain
     */
    public ValidationContext withDomain(XmlElement newDomain) {
        return new ValidationContext(
                driver, state, flags, newDomain, existingSnapshots, regularFile, clock, libvirt, currentSnapshot);
    }

    /**
     * The snapshots the domain already has (for redefine: parents, cycles and snapshots being
     * redefined again). Without them, those checks give warnings at most.
     *
     * @param snapshots the existing snapshots, possibly none
     * @return a context that knows them
     */
    public ValidationContext withExistingSnapshots(Collection<DomainSnapshot> snapshots) {
        return new ValidationContext(
                driver, state, flags, domain, List.copyOf(snapshots), regularFile, clock, libvirt, currentSnapshot);
    }

    /**
     * Whether to check, as libvirt does before it makes up an external file name, that the
     * original image is a regular file on this machine. Off by default: a library usually runs
     * away from the hypervisor's host.
     *
     * @param on true to look at the file system
     * @return a context with that setting
     */
    public ValidationContext withProbeFiles(boolean on) {
        return withRegularFileTest(on ? ValidationContext::isRegularFile : null);
    }

    /**
     * Checks "is a regular file" with a test of one's own (for instance on a remote host).
     *
     * @param test answers for a path, or {@code null} for no checking
     * @return a context with that test
     */
    public ValidationContext withRegularFileTest(Predicate<String> test) {
        return new ValidationContext(
                driver, state, flags, domain, existingSnapshots, test, clock, libvirt, currentSnapshot);
    }

    /**
     * The clock that gives a created snapshot its creation time, and so the name of an unnamed
     * one, as libvirt names it after its creation time.
     *
     * @param newClock the clock
     * @return a context with that clock
     */
    public ValidationContext withClock(Clock newClock) {
        return new ValidationContext(
                driver,
                state,
                flags,
                domain,
                existingSnapshots,
                regularFile,
                Objects.requireNonNull(newClock, "clock"),
                libvirt,
                currentSnapshot);
    }

    /**
     * The libvirt release the request is for: its rules, messages and schema are that release's.
     * A release between two proven ones is answered by the dated changes between them; one
     * outside the proven range as the nearest proven release, with a warning in the report
     * ({@link LibvirtVersion#answeredAs()}).
     *
     * @param version the release, such as {@code LibvirtVersion.parse("11.3.0")}, or {@code null}
     *     for the newest proven one
     * @return a context for that release
     */
    public ValidationContext withLibvirt(LibvirtVersion version) {
        return new ValidationContext(
                driver, state, flags, domain, existingSnapshots, regularFile, clock, version, currentSnapshot);
    }

    /**
     * The domain's current snapshot, for a revert or a delete ({@link
     * SnapshotValidator#checkRevert}, {@link SnapshotValidator#checkDelete}): libvirt's answer
     * depends on it. Without it, the snapshot of the existing ones ({@link
     * #withExistingSnapshots}) whose {@code <active>} is 1, as libvirt's own metadata files mark
     * it, is taken.
     *
     * @param name the current snapshot's name, or {@code null} for none known
     * @return a context that knows it
     */
    public ValidationContext withCurrentSnapshot(String name) {
        return new ValidationContext(
                driver, state, flags, domain, existingSnapshots, regularFile, clock, libvirt, name);
    }

    /**
     * @return the current snapshot's name: the one given with {@link #withCurrentSnapshot}, else
     *     the existing snapshot marked active, if any
     */
    public Optional<String> currentSnapshot() {
        if (currentSnapshot != null) {
            return Optional.of(currentSnapshot);
        }
        if (existingSnapshots != null) {
            for (DomainSnapshot s : existingSnapshots) {
                if ("1".equals(s.getActive() == null ? null : s.getActive().strip())) {
                    return Optional.ofNullable(s.getName());
                }
            }
        }
        return Optional.empty();
    }

    /** @return the libvirt release given with {@link #withLibvirt}, if one was */
    public Optional<LibvirtVersion> libvirt() {
        return Optional.ofNullable(libvirt);
    }

    /**
     * @return the release whose answers a check gives: the one given, or the nearest proven
     *     release when it lies outside the proven range, or the newest proven release when none
     *     was given
     */
    public LibvirtVersion answeredLibvirt() {
        return libvirt == null ? LibvirtVersion.newestProven() : libvirt.answeredAs();
    }

    /** @return the driver */
    public LibvirtDriver driver() {
        return driver;
    }

    /** @return the domain's state */
    public DomainState state() {
        return state;
    }

    /** @return the create flags */
    public Set<CreateFlag> flags() {
        return flags;
    }

    /**
     * @param flag a flag
     * @return whether it is set
     */
    public boolean has(CreateFlag flag) {
        return flags.contains(java.util.Objects.requireNonNull(flag, "flag"));
    }

    /** @return the domain definition, if given */
    public Optional<XmlElement> domain() {
        return Optional.ofNullable(domain);
    }

    /** @return the existing snapshots, if known */
    public Optional<List<DomainSnapshot>> existingSnapshots() {
        return Optional.ofNullable(existingSnapshots);
    }

    /** @return the regular-file test, if files are probed */
    public Optional<Predicate<String>> regularFileTest() {
        return Optional.ofNullable(regularFile);
    }

    /** @return the clock */
    public Clock clock() {
        return clock;
    }

    private static boolean isRegularFile(String path) {
        try {
            return Files.isRegularFile(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ValidationContext[driver=" + driver.label() + ", libvirt="
                + (libvirt == null ? "newest proven" : libvirt.toString()) + ", state=" + state.libvirtName()
                + ", flags=" + flags
                + (domain != null ? ", domain" : "")
                + (existingSnapshots != null ? ", " + existingSnapshots.size() + " existing snapshots" : "")
                + (regularFile != null ? ", probing files" : "") + ']';
    }
}
