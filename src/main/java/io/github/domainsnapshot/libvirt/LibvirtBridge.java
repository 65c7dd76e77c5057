package io.github.domainsnapshot.libvirt;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.builder.RevertReadiness;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DeleteFlag;
import io.github.domainsnapshot.validation.DeleteReport;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.RevertFlag;
import io.github.domainsnapshot.validation.RevertReport;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import io.github.domainsnapshot.xml.XmlElement;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.jna.DomainSnapshotPointer;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

/**
 * Snapshots of libvirt-java domains ({@code org.libvirt:libvirt}), checked as libvirt checks them
 * before libvirt is called.
 *
 * <pre>{@code
 * LibvirtBridge bridge = LibvirtBridge.create();
 * Domain domain = new Connect("qemu:///system").domainLookupByName("vm");
 * SnapshotRequest request = SnapshotBuilder.diskOnly("nightly", DomainView.of(bridge.context(domain).domain().orElseThrow()))
 *         .request();
 * DomainSnapshot stored = bridge.create(domain, request);   // checked first; DISK_ONLY | ATOMIC
 * SnapshotTree tree = bridge.tree(domain);
 * bridge.redefine(tree, otherHostsDomain);                   // parents first, the same current one
 * bridge.revert(domain, "nightly", Set.of(RevertFlag.PAUSED)); // checked first, for the daemon's release
 * bridge.delete(domain, "nightly", Set.of(DeleteFlag.CHILDREN));
 * }</pre>
 *
 * <p>Every request is checked by {@link SnapshotValidator} with what the domain says of itself
 * ({@link #context(Domain)}): its state, its definition, the driver of its connection, and for a
 * redefinition its existing snapshots. A refused request is never sent: the call fails with a
 * {@link SnapshotRefusedException} that carries the problems. libvirt's own failures come as a
 * {@link SnapshotXmlException} whose reason is libvirt's message and whose cause is the {@link
 * LibvirtException}. Nothing here throws a checked exception.
 *
 * <p><b>Thread safety:</b> immutable and thread-safe; share one. It holds no libvirt object: each
 * call works on the {@link Domain} it is given, which libvirt-java lets several threads use as
 * libvirt allows a connection to be. A check and the call that follows are two steps: a domain
 * whose state changes in between (another client starts or stops it) may still be refused by
 * libvirt, with libvirt's message.
 *
 * <p>libvirt-java is an optional dependency of this library: add {@code org.libvirt:libvirt} (and
 * the JNA it is built against, {@code net.java.dev.jna:jna} 5.5.0) to use this package. On the
 * module path, libvirt-java is the automatic module {@code libvirt}, which a module that uses the
 * bridge requires itself ({@code requires libvirt;}); this library does not require it for its
 * readers, so that a module that does not use the bridge compiles and runs without it.
 */
// libvirt-java's types in the bridge's methods are not re-exported (module-info: "requires static
// libvirt", not transitive, so that a module without libvirt-java compiles): the bridge's users
// require libvirt themselves
@SuppressWarnings("exports")
public final class LibvirtBridge {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final LibvirtBridge DEFAULT = new LibvirtBridge(null);

    /** The validation profile to apply, or null to take the connection's driver. */
    private final LibvirtDriver driver;

    private LibvirtBridge(LibvirtDriver driver) {
        this.driver = driver;
    }

    /** @return the bridge that checks with the profile of each domain's connection driver */
    public static LibvirtBridge create() {
        return DEFAULT;
    }

    /**
     * Checks every domain with one driver's profile, whatever its connection says (for a driver
     * the validator has no profile for, whose rules one of the profiles follows).
     *
     * @param newDriver the profile, or {@code null} to take each connection's driver
     * @return a bridge with that choice
     */
    public LibvirtBridge withDriver(LibvirtDriver newDriver) {
        return new LibvirtBridge(newDriver);
    }

    /** @return the profile chosen with {@link #withDriver}, if any */
    public Optional<LibvirtDriver> driver() {
        return Optional.ofNullable(driver);
    }

    /**
     * The validator's name for a state of libvirt-java's {@link DomainInfo}.
     *
     * @param state a state as libvirt-java gives it
     * @return the same state
     */
    public static DomainState state(DomainInfo.DomainState state) {
        return switch (Objects.requireNonNull(state, "state")) {
            case VIR_DOMAIN_NOSTATE -> DomainState.NOSTATE;
            case VIR_DOMAIN_RUNNING -> DomainState.RUNNING;
            case VIR_DOMAIN_BLOCKED -> DomainState.BLOCKED;
            case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTDOWN;
            case VIR_DOMAIN_SHUTOFF -> DomainState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
        };
    }

    /**
     * What the domain says of itself, for a check: its state ({@code virDomainGetInfo}), its
     * definition ({@code virDomainGetXMLDesc}, live when it runs), the driver of its connection
     * ({@code virConnectGetType}), or the one chosen with {@link #withDriver}, and the libvirt
     * release of the daemon it talks to ({@link #libvirtOf}), so that the answers are that
     * release's.
     *
     * @param domain the domain
     * @return the context, without flags
     * @throws SnapshotXmlException when libvirt fails, or the connection's driver has no profile
     */
    public ValidationContext context(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        return ValidationContext.of(stateOf(domain))
                .withDriver(driverOf(domain))
                .withLibvirt(libvirtOf(domain))
                .withDomain(definition(domain));
    }

    /**
     * The libvirt release of the daemon a domain's connection talks to ({@code
     * virConnectGetLibVersion}, which a remote connection asks the daemon for).
     *
     * @param domain the domain
     * @return the release
     * @throws SnapshotXmlException when libvirt fails
     */
    public static LibvirtVersion libvirtOf(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        return LibvirtVersion.fromLibvirtNumber(call(() -> domain.getConnect().getLibVersion()));
    }

    /**
     * Checks a request as {@link #create} does, without sending it.
     *
     * @param domain the domain the request is for
     * @param request the document and its flags
     * @return the report
     * @throws SnapshotXmlException when libvirt fails to describe the domain
     */
    public ValidationReport check(Domain domain, SnapshotRequest request) {
        ValidationContext context = context(domain);
        if (request.flags().contains(CreateFlag.REDEFINE)) {
            context = context.withExistingSnapshots(snapshots(domain));
        }
        return SnapshotValidator.create().check(request, context);
    }

    /**
     * Checks a request, then makes the snapshot ({@code virDomainSnapshotCreateXML} with the
     * request's flags) and reads back what libvirt stored ({@code virDomainSnapshotGetXMLDesc}).
     *
     * @param domain the domain
     * @param request the document and its flags
     * @return the snapshot as libvirt describes it; with {@link CreateFlag#NO_METADATA}, where
     *     libvirt keeps nothing to describe, the validator's prediction of it ({@link
     *     ValidationReport#aligned()}, or the request's document where there is none)
     * @throws SnapshotRefusedException when the validator refuses the request: libvirt is not called
     * @throws SnapshotXmlException when libvirt fails
     */
    public DomainSnapshot create(Domain domain, SnapshotRequest request) {
        ValidationReport report = check(domain, request);
        if (!report.isOk()) {
            throw refused("snapshot '" + request.name() + "'", report.problems());
        }
        org.libvirt.DomainSnapshot made = call(() -> domain.snapshotCreateXML(request.xml(), request.flagMask()));
        try {
            if (request.flags().contains(CreateFlag.NO_METADATA)) {
                return report.aligned().orElseGet(() -> CODEC.copy(request.snapshot()));
            }
            return CODEC.read(call(made::getXMLDesc));
        } finally {
            free(made);
        }
    }

    /**
     * @param domain the domain
     * @param name a snapshot's name
     * @return the snapshot as libvirt describes it ({@code virDomainSnapshotGetXMLDesc})
     * @throws SnapshotXmlException when libvirt fails (for instance, no snapshot has that name)
     */
    public DomainSnapshot snapshot(Domain domain, String name) {
        Objects.requireNonNull(name, "name");
        org.libvirt.DomainSnapshot found = call(() -> domain.snapshotLookupByName(name));
        try {
            return CODEC.read(call(found::getXMLDesc));
        } finally {
            free(found);
        }
    }

    /**
     * @param domain the domain
     * @return every snapshot of the domain as libvirt describes it, in libvirt's order
     * @throws SnapshotXmlException when libvirt fails (a snapshot deleted while they are read, too)
     */
    public List<DomainSnapshot> snapshots(Domain domain) {
        List<DomainSnapshot> all = new ArrayList<>();
        for (String name : call(() -> domain.snapshotListNames())) {
            all.add(snapshot(domain, name));
        }
        return all;
    }

    /**
     * @param domain the domain
     * @return the name of the domain's current snapshot, if it has one
     * @throws SnapshotXmlException when libvirt fails
     */
    public Optional<String> currentSnapshot(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        if (call(domain::hasCurrentSnapshot) != 1) {
            return Optional.empty();
        }
        org.libvirt.DomainSnapshot current = call(domain::snapshotCurrent);
        try {
            // libvirt-java 0.5.2 has no virDomainSnapshotGetName
            return Optional.ofNullable(CODEC.read(call(current::getXMLDesc)).getName());
        } finally {
            free(current);
        }
    }

    /**
     * @param domain the domain
     * @return the tree of the domain's snapshots, with its current one
     * @throws SnapshotXmlException when libvirt fails
     */
    public SnapshotTree tree(Domain domain) {
        return SnapshotTree.of(snapshots(domain))
                .withCurrent(currentSnapshot(domain).orElse(null));
    }

    /**
     * Recreates a tree of snapshots on another domain, typically the same guest on another host
     * (another connection): {@link SnapshotTree#redefinePlan()}, every request checked first
     * against the target (its definition, and its existing snapshots with those redefined
     * before), then sent in order.
     *
     * @param tree the snapshots, as another domain's libvirt describes them
     * @param target the domain to redefine them on
     * @return the snapshots as the target's libvirt stored them, in the order they were redefined
     * @throws SnapshotRefusedException when the validator refuses any request: libvirt is not called
     * @throws SnapshotXmlException when the tree has problems, or libvirt fails (the snapshots
     *     redefined before stay)
     */
    public List<DomainSnapshot> redefine(SnapshotTree tree, Domain target) {
        List<SnapshotRequest> plan = tree.redefinePlan();
        ValidationContext base = context(target);
        List<DomainSnapshot> known = new ArrayList<>(snapshots(target));
        List<Problem> problems = new ArrayList<>();
        List<String> refusedNames = new ArrayList<>();
        for (SnapshotRequest request : plan) {
            ValidationReport report = SnapshotValidator.create().check(request, base.withExistingSnapshots(known));
            problems.addAll(report.problems());
            if (!report.isOk()) {
                refusedNames.add("'" + request.name() + "'");
            }
            known.add(request.snapshot());
        }
        if (!refusedNames.isEmpty()) {
            throw refused("the redefinition of snapshot " + String.join(", ", refusedNames), problems);
        }
        List<DomainSnapshot> stored = new ArrayList<>();
        for (SnapshotRequest request : plan) {
            org.libvirt.DomainSnapshot made = call(() -> target.snapshotCreateXML(request.xml(), request.flagMask()));
            try {
                stored.add(CODEC.read(call(made::getXMLDesc)));
            } finally {
                free(made);
            }
        }
        return stored;
    }

    /**
     * @param domain the domain
     * @param name a snapshot's name
     * @return whether libvirt reverts the domain to the snapshot, compared with the domain's
     *     definition now, as the release of the domain's connection does it ({@link #libvirtOf})
     * @throws SnapshotXmlException when libvirt fails
     */
    public RevertReadiness revertReadiness(Domain domain, String name) {
        return RevertReadiness.check(snapshot(domain, name), definition(domain), libvirtOf(domain));
    }

    /**
     * What the domain says of itself and of its snapshots, for a revert or a delete: {@link
     * #context}, with every snapshot ({@link #snapshots}) and the current one ({@link
     * #currentSnapshot}).
     *
     * @param domain the domain
     * @return the context
     * @throws SnapshotXmlException when libvirt fails
     */
    public ValidationContext snapshotContext(Domain domain) {
        return context(domain)
                .withExistingSnapshots(snapshots(domain))
                .withCurrentSnapshot(currentSnapshot(domain).orElse(null));
    }

    /**
     * Predicts a revert as {@link #revert(Domain, String, Set)} checks it, without calling it.
     *
     * @param domain the domain
     * @param name the snapshot's name
     * @param flags the revert flags
     * @return the prediction for the release of the domain's daemon
     * @throws SnapshotXmlException when libvirt fails to describe the domain or the snapshot
     */
    public RevertReport checkRevert(Domain domain, String name, Set<RevertFlag> flags) {
        ValidationContext context = snapshotContext(domain);
        return SnapshotValidator.create().checkRevert(named(domain, name, context), context, flags);
    }

    /**
     * Predicts a deletion as {@link #delete(Domain, String, Set)} checks it, without calling it.
     *
     * @param domain the domain
     * @param name the snapshot's name
     * @param flags the delete flags
     * @return the prediction for the release of the domain's daemon
     * @throws SnapshotXmlException when libvirt fails to describe the domain or the snapshot
     */
    public DeleteReport checkDelete(Domain domain, String name, Set<DeleteFlag> flags) {
        ValidationContext context = snapshotContext(domain);
        return SnapshotValidator.create().checkDelete(named(domain, name, context), context, flags);
    }

    /** The named snapshot, as the context already read it with the others, else as libvirt describes it now. */
    private DomainSnapshot named(Domain domain, String name, ValidationContext context) {
        Objects.requireNonNull(name, "name");
        return context.existingSnapshots().orElse(List.of()).stream()
                .filter(s -> name.equals(s.getName()))
                .findFirst()
                .orElseGet(() -> snapshot(domain, name));
    }

    /**
     * Reverts the domain to a snapshot without flags: the domain ends in the snapshot's state.
     * The same as {@link #revert(Domain, String, Set)} with no flags.
     *
     * @param domain the domain
     * @param name the snapshot's name
     * @throws SnapshotRefusedException when libvirt would refuse: libvirt is not called
     * @throws SnapshotXmlException when libvirt fails
     */
    public void revert(Domain domain, String name) {
        revert(domain, name, Set.of());
    }

    /**
     * Checks a revert ({@link SnapshotValidator#checkRevert}, for the release of the domain's
     * daemon, with its snapshots and current one), then reverts ({@code
     * virDomainRevertToSnapshot} with the flags).
     *
     * <p>libvirt-java's {@code Domain.revertToSnapshot} passes no flags, so that with flags this
     * calls libvirt's function itself, through libvirt-java's own JNA binding ({@code
     * org.libvirt.jna.Libvirt.INSTANCE}), with the snapshot's handle, which libvirt-java keeps in
     * a field of {@code org.libvirt.DomainSnapshot} ({@code vdsp}) that no public method returns:
     * it is read by reflection, which works on the class path and on the module path (libvirt-java
     * is an automatic module, open to reflection). Nothing else would do: another handle to the
     * same snapshot needs the domain's or the connection's handle, which libvirt-java keeps the
     * same way, and a second connection of our own would need the first one's credentials. Where
     * libvirt fails that way, the {@link SnapshotXmlException} carries libvirt's message
     * ({@code virGetLastError}) without a {@link LibvirtException} cause, which libvirt-java alone
     * can construct.
     *
     * @param domain the domain
     * @param name the snapshot's name
     * @param flags the revert flags
     * @return the prediction the revert was checked with
     * @throws SnapshotRefusedException when the validator predicts that libvirt refuses the
     *     revert (with these flags): libvirt is not called
     * @throws SnapshotXmlException when libvirt fails, or the libvirt-java in use keeps the
     *     snapshot's handle elsewhere (with flags only)
     */
    public RevertReport revert(Domain domain, String name, Set<RevertFlag> flags) {
        Objects.requireNonNull(flags, "flags");
        RevertReport report = checkRevert(domain, name, flags);
        if (!report.performed()) {
            throw refused("the revert to snapshot '" + name + "'", report.problems());
        }
        org.libvirt.DomainSnapshot found = call(() -> domain.snapshotLookupByName(name));
        try {
            if (flags.isEmpty()) {
                call(() -> domain.revertToSnapshot(found));
            } else {
                int result = Libvirt.INSTANCE.virDomainRevertToSnapshot(handle(found), RevertFlag.toMask(flags));
                if (result < 0) {
                    virError last = Libvirt.INSTANCE.virGetLastError();
                    String message = last == null
                            ? "virDomainRevertToSnapshot failed"
                            : new org.libvirt.Error(last).getMessage();
                    throw new SnapshotXmlException(SnapshotXmlException.Kind.LIBVIRT, message, 0, 0, null, null);
                }
            }
        } finally {
            free(found);
        }
        return report;
    }

    /** The libvirt handle libvirt-java keeps in a snapshot: see {@link #revert(Domain, String, Set)}. */
    private static DomainSnapshotPointer handle(org.libvirt.DomainSnapshot snapshot) {
        try {
            Field field = org.libvirt.DomainSnapshot.class.getDeclaredField("vdsp");
            field.setAccessible(true);
            return (DomainSnapshotPointer) Objects.requireNonNull(field.get(snapshot), "vdsp");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SnapshotXmlException(
                    SnapshotXmlException.Kind.LIBVIRT,
                    "cannot revert with flags: this libvirt-java keeps no snapshot handle in"
                            + " org.libvirt.DomainSnapshot.vdsp where libvirt-java 0.5.2 does (" + e + ")",
                    0,
                    0,
                    null,
                    e);
        }
    }

    /**
     * Deletes a snapshot and its data without flags. The same as {@link #delete(Domain, String,
     * Set)} with no flags.
     *
     * @param domain the domain
     * @param name the snapshot's name
     * @throws SnapshotRefusedException when libvirt would refuse: libvirt is not called
     * @throws SnapshotXmlException when libvirt fails
     */
    public void delete(Domain domain, String name) {
        delete(domain, name, Set.of());
    }

    /**
     * Checks a deletion ({@link SnapshotValidator#checkDelete}, for the release of the domain's
     * daemon, with its state, definition, snapshots and current one), then deletes ({@code
     * virDomainSnapshotDelete} with the flags).
     *
     * @param domain the domain
     * @param name the snapshot's name
     * @param flags the delete flags
     * @return the prediction the deletion was checked with
     * @throws SnapshotRefusedException when the validator predicts that libvirt refuses the
     *     deletion (with these flags): libvirt is not called
     * @throws SnapshotXmlException when libvirt fails
     */
    public DeleteReport delete(Domain domain, String name, Set<DeleteFlag> flags) {
        Objects.requireNonNull(flags, "flags");
        DeleteReport report = checkDelete(domain, name, flags);
        if (!report.isOk()) {
            throw refused("the deletion of snapshot '" + name + "'", report.problems());
        }
        org.libvirt.DomainSnapshot found = call(() -> domain.snapshotLookupByName(name));
        try {
            call(() -> found.delete(DeleteFlag.toMask(flags)));
        } finally {
            free(found);
        }
        return report;
    }

    private static DomainState stateOf(Domain domain) {
        try {
            return state(call(domain::getInfo).state);
        } catch (ArrayIndexOutOfBoundsException e) {
            // libvirt-java 0.5.2 indexes its enum with libvirt's number: pmsuspended (7), the one
            // state libvirt added after it, is past its end
            return DomainState.PMSUSPENDED;
        }
    }

    private LibvirtDriver driverOf(Domain domain) {
        if (driver != null) {
            return driver;
        }
        String type = call(() -> domain.getConnect().getType());
        try {
            return LibvirtDriver.fromName(type);
        } catch (IllegalArgumentException e) {
            throw new SnapshotXmlException("the validator has no profile for libvirt's " + type
                    + " driver; choose one with LibvirtBridge.withDriver");
        }
    }

    private static XmlElement definition(Domain domain) {
        return CODEC.readElement(call(() -> domain.getXMLDesc(0)));
    }

    private static SnapshotRefusedException refused(String what, List<Problem> problems) {
        List<String> reasons = problems.stream()
                .filter(Problem::isError)
                .map(p -> p.message() + " [" + p.rule().id() + "]")
                .toList();
        return new SnapshotRefusedException(
                "libvirt would refuse " + what + ": " + String.join("; ", reasons), problems, reasons);
    }

    /** A libvirt-java call, which throws libvirt's checked exception. */
    @FunctionalInterface
    private interface LibvirtCall<T> {
        T call() throws LibvirtException;
    }

    private static <T> T call(LibvirtCall<T> call) {
        try {
            return call.call();
        } catch (LibvirtException e) {
            throw new SnapshotXmlException(SnapshotXmlException.Kind.LIBVIRT, e.getMessage(), 0, 0, null, e);
        }
    }

    private static void free(org.libvirt.DomainSnapshot snapshot) {
        call(snapshot::free);
    }
}
