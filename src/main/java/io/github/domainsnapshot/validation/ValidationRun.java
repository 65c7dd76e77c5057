package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.codec.SnapshotDocument;
import io.github.domainsnapshot.codec.SourceLocation;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.profile.LibvirtProfile;
import io.github.domainsnapshot.profile.Message;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One check of one request: what the steps of the driver's profile share, and the problems they
 * find, in the order libvirt would meet them. The steps live in {@link FlagRules},
 * {@link ParseRules}, {@link QemuRules}, {@link RedefineRules}, {@link OtherDriverRules},
 * {@link Alignment} and {@link Planner}; the driver lists which of them it takes.
 */
final class ValidationRun {
    static final String ROOT = "/domainsnapshot";

    final DomainSnapshot snapshot;
    final SnapshotDocument document;
    final ValidationContext ctx;
    final CombinationTable table;
    final SnapshotCodec codec;
    final boolean redefine;
    final LibvirtDriver driver;
    /** What the context's libvirt release does: its messages, values and changes of logic. */
    final LibvirtProfile profile;

    private final List<Problem> problems = new ArrayList<>();

    /** The memory mode after parsing: null for default, else no, internal or external. */
    String memory;

    boolean memoryValid = true;
    /** A redefined snapshot's valid state, else null. */
    String state;
    /**
     * Whether libvirt parses the request as offline (memory must be no); null when unknown. Only
     * qemu parses a new snapshot as offline (for a shut-off domain or a disk-only snapshot).
     */
    Boolean offline;

    final List<RequestDisk> disks = new ArrayList<>();
    boolean disksValid = true;

    /** The domain the disks were aligned with. */
    XmlElement alignDomain;
    /** The aligned disks, in the domain's order, once the alignment met no error. */
    List<AlignedDisk> aligned;
    /** The own defaults of the domain disks the request does not name, once aligned (null: no default). */
    List<String> unlistedModes = List.of();
    /** What the driver records of a new snapshot: its state (null when not known) and memory mode. */
    String storedState;

    String storedMemory;

    Plan plan;
    /** Why there is no plan, as the planner found it, or null. */
    String noPlanReason;

    CombinationTable.Row row;

    ValidationRun(
            DomainSnapshot snapshot,
            SnapshotDocument document,
            ValidationContext ctx,
            CombinationTable table,
            SnapshotCodec codec) {
        this.snapshot = snapshot;
        this.document = document;
        this.ctx = ctx;
        this.table = table;
        this.codec = codec;
        this.redefine = ctx.has(CreateFlag.REDEFINE);
        this.driver = ctx.driver();
        this.profile = LibvirtProfile.of(ctx.answeredLibvirt());
        // a redefinition's state decides it when parsed; only qemu's parse mode makes a new one offline
        this.offline = redefine ? null : Boolean.FALSE;
    }

    /**
     * An element's text as libvirt's parser reads it (XPath's {@code string()}, which gives no
     * value for an empty element): empty is absent.
     *
     * @param text the model's value
     * @return the value, or null when absent or empty
     */
    static String text(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * @param value one of the model's value types ({@code SnapshotState}, {@code DiskType}...), or null
     * @return its text as written, or null when absent or empty
     */
    static String text(Object value) {
        return value == null ? null : text(value.toString());
    }

    /** A disk of the request, as libvirt's parser reads it. */
    static final class RequestDisk {
        final int index;
        final DiskSnapshot disk;
        final String path;
        String mode;
        String type;
        /** The path libvirt keeps: a file, a device, a network image (without an rbd or gluster pool). */
        String sourcePath;
        /** The overlay's format ({@code <driver type>}), or null. */
        String format;

        RequestDisk(int index, DiskSnapshot disk) {
            this.index = index;
            this.disk = disk;
            this.path = ROOT + "/disks/disk[" + (index + 1) + "]";
        }
    }

    /** A disk of the aligned snapshot. */
    static final class AlignedDisk {
        final DomainDisk domainDisk;
        final RequestDisk request;
        String name;
        String mode;
        String type;
        String sourcePath;
        boolean generated;
        /** The overlay's format as stored: as requested, or the driver's default (qcow2 for qemu). */
        String format;

        AlignedDisk(DomainDisk domainDisk, RequestDisk request) {
            this.domainDisk = domainDisk;
            this.request = request;
            this.format = request == null ? null : request.format;
        }

        /** @return the path in the report: the request's disk, or the list for a disk it does not name */
        String path() {
            return request == null ? ROOT + "/disks" : request.path;
        }
    }

    ValidationReport run() {
        versionNote();
        for (Step step : driver.steps()) {
            step.apply(this);
        }
        // the stored snapshot is made now, from a copy: later changes to the request change nothing
        DomainSnapshot stored = aligned == null ? null : StoredSnapshot.of(this);
        String whyNoPlan = null;
        if (plan == null) {
            whyNoPlan = !driver.steps().contains(Step.QEMU_PLAN)
                    ? "libvirt's " + driver.label() + " driver is not planned for: the memory / disk / disk-only"
                            + " combination table and its mechanisms are qemu's"
                    : noPlanReason != null ? noPlanReason : "the combination table gives no plan for this request";
        }
        return new ValidationReport(snapshot, ctx, problems, plan, whyNoPlan, row, stored, null, profile.version());
    }

    /**
     * The problems libvirt finds before it reads the document: the flag checks the driver's
     * steps list ahead of parsing (the public API's, the driver's virCheckFlags, qemu's pairs).
     */
    static List<Problem> beforeReading(ValidationContext ctx, CombinationTable table, SnapshotCodec codec) {
        ValidationRun run = new ValidationRun(null, null, ctx, table, codec);
        run.versionNote();
        for (Step step : ctx.driver().steps()) {
            if (step == Step.QEMU_PARSE_MODE || step == Step.PARSE) {
                break;
            }
            step.apply(run);
        }
        return run.problems;
    }

    // ---- problems

    private static final MessageKey OUTSIDE_PROVEN = MessageKey.of(Rule.LIBVIRT_VERSION);

    /** A release outside the proven range is answered as the nearest proven one: said first. */
    private void versionNote() {
        LibvirtVersion given = ctx.libvirt().orElse(null);
        if (given != null && !given.isWithinProvenRange()) {
            List<LibvirtVersion> proven = LibvirtVersion.proven();
            add(
                    OUTSIDE_PROVEN,
                    null,
                    "given",
                    given,
                    "oldest",
                    proven.get(0),
                    "newest",
                    LibvirtVersion.newestProven(),
                    "answered",
                    given.answeredAs());
        }
    }

    /**
     * A problem: the message as the context's libvirt release words it, with the code it raises.
     *
     * @param key the message
     * @param path where in the document, or null
     * @param namedValues the message's values: name, value, name, value...
     */
    void add(MessageKey key, String path, Object... namedValues) {
        Message m = profile.message(key.key);
        LibvirtError error = m.code().equals("-") ? null : LibvirtError.valueOf(m.code());
        add(key.rule, error, m.format(namedValues), path);
    }

    /**
     * A problem whose words are not the profile's: those of a result of the combination table, or
     * of the reader.
     *
     * @param error the code, or null for the rule's
     */
    void add(Rule rule, LibvirtError error, String message, String path) {
        int line = 0;
        int column = 0;
        if (document != null && path != null) {
            Optional<SourceLocation> loc = document.locationOf(path);
            // an attribute or element that is not there: point at the nearest one that is
            String at = path;
            while (loc.isEmpty() && at.startsWith(ROOT + "/")) {
                at = at.substring(0, at.lastIndexOf('/'));
                loc = document.locationOf(at);
            }
            if (loc.isPresent()) {
                line = loc.get().line();
                column = loc.get().column();
            }
        }
        problems.add(new Problem(rule, rule.severity(), message, path, line, column, error));
    }

    int errorCount() {
        return (int) problems.stream().filter(Problem::isError).count();
    }

    // ---- shared facts

    /** libvirt reads a snapshot's domain only when it has a type: older ones held just a uuid. */
    static XmlElement fullDomain(XmlElement domain) {
        return domain != null && domain.attribute("type") != null ? domain : null;
    }

    /** @return the domain a new snapshot is aligned with: the context's, else the request's own full one */
    XmlElement createDomain() {
        return ctx.domain().orElseGet(() -> fullDomain(snapshot.getDomain()));
    }

    /** @return the domain's state as libvirt names it, or null when not known */
    String knownState() {
        return ctx.state().isKnown() ? ctx.state().libvirtName() : null;
    }

    /** @return whether the domain is active; null when its state is not known */
    Boolean active() {
        return ctx.state().isKnown() ? ctx.state().isActive() : null;
    }

    /** The snapshot's name, or the one libvirt gives an unnamed snapshot: its creation time in seconds. */
    String snapshotName() {
        return text(snapshot.getName()) != null
                ? snapshot.getName()
                : Long.toString(ctx.clock().instant().getEpochSecond());
    }

    /** libvirt's virStorageSourceIsEmpty for a domain disk: a local disk without a path, or no source. */
    static boolean isEmptyDrive(DomainDisk disk) {
        String type = disk.type();
        if (type.equals("network")) {
            return disk.sourceProtocol().isEmpty();
        }
        return (type.equals("file") || type.equals("block") || type.equals("dir")) && !disk.hasSource();
    }
}
