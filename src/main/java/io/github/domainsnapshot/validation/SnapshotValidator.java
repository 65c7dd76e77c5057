package io.github.domainsnapshot.validation;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.codec.SnapshotDocument;
import io.github.domainsnapshot.internal.WarmUp;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Checks a snapshot request as libvirt would before acting on it, and says what libvirt would
 * turn it into.
 *
 * <p>A check applies the checks the context's {@link LibvirtDriver} lists, in its libvirt's
 * order ({@link LibvirtDriver#checks()}); for qemu: the create flags' rules, the parse rules of
 * {@code virDomainSnapshotDefParse} (with each disk's source, and the redefine rules under
 * {@link CreateFlag#REDEFINE}), qemu's name and state rules, the redefine checks, qemu's state
 * and memory for a new snapshot and the alignment of its disks with the domain's (when a domain
 * definition is available), qemu's checks of each disk against its storage
 * ({@code qemuSnapshotPrepare}), and the plan with the memory / disk / disk-only
 * {@link CombinationTable combination table} (in the domain's state, or for a redefine the
 * document's own state). It returns every problem at once rather than stopping at the first, as
 * libvirt does. Where the context does not give the domain's state, the request is checked in
 * each state a domain is snapshotted in (running, paused, shut off) and the report says which
 * accept it ({@link ValidationReport#byState()}, {@link ValidationReport#acceptedIn()}): ok only
 * where every state does, {@link Verdict#DEPENDS_ON_STATE} where some do.
 *
 * <p><b>Thread safety:</b> instances are immutable and thread-safe; share one. Reports and the
 * aligned snapshots they hold are new objects for each check.
 *
 * <pre>{@code
 * ValidationContext context = ValidationContext.of(DomainState.RUNNING)
 *         .withFlags(CreateFlag.DISK_ONLY, CreateFlag.ATOMIC)
 *         .withDomain(SnapshotCodec.create().readElement(Path.of("domain.xml")));
 * ValidationReport report = SnapshotValidator.create().check(Path.of("request.xml"), context);
 * report.problems().forEach(System.err::println);   // 3:14: error: no disk named 'vdz' [align.unknown-disk]
 *
 * SnapshotRequest request = SnapshotBuilder.fullSystemCheckpoint("before-upgrade").request();
 * if (SnapshotValidator.create().check(request, ValidationContext.of(DomainState.RUNNING)).isOk()) {
 *     domain.snapshotCreateXML(request.xml(), request.flagMask());   // checked with the flags it is sent with
 * }
 * }</pre>
 */
public final class SnapshotValidator {
    private static final SnapshotValidator DEFAULT = new SnapshotValidator(SnapshotCodec.create());

    private final SnapshotCodec codec;

    private SnapshotValidator(SnapshotCodec codec) {
        this.codec = codec;
    }

    /**
     * @return the validator; each check answers for its context's libvirt release ({@link
     *     ValidationContext#withLibvirt}), with that release's combination table
     */
    public static SnapshotValidator create() {
        return DEFAULT;
    }

    /**
     * {@link SnapshotCodec#warmUpInBackground()}, then the same for the checks: when it is over,
     * a daemon thread of low priority, {@code domainsnapshot-validator-warm-up}, checks the
     * codec's packaged document 500 times, in four contexts (running; shut off; running, disk-only
     * and atomic; running, with the domain to align the disks with), once per process: about
     * another half second of one core. A check in an application that calls it when it starts
     * then runs compiled code from its first: on a machine of two cores, the first check of a
     * fresh process took about 0.19 s, about 70 ms after the codec's warm-up alone and 4 to 7 ms
     * after both; the 2nd to 100th about 1.5 ms each, 0.7-0.9 ms and 0.15-0.39 ms.
     *
     * @return completes when both warm-ups are over (exceptionally only if the packaged document
     *     cannot be read, a broken build); completing or cancelling it does not stop them
     */
    public static CompletableFuture<Void> warmUpInBackground() {
        return WarmUpOnce.DONE.copy();
    }

    /** The one warm-up of the checks in the process, started by the first call. */
    private static final class WarmUpOnce {
        static final CompletableFuture<Void> DONE = WarmUp.start("domainsnapshot-validator-warm-up", WarmUpOnce::run);

        private static void run() throws IOException {
            // one warm-up after the other: two at once would take both cores of a small machine
            SnapshotCodec.warmUpInBackground().join();
            String document = new String(WarmUp.document(), UTF_8);
            ValidationContext running = ValidationContext.of(DomainState.RUNNING);
            List<ValidationContext> contexts = List.of(
                    running,
                    ValidationContext.of(DomainState.SHUTOFF),
                    running.withFlags(CreateFlag.DISK_ONLY, CreateFlag.ATOMIC),
                    running.withDomain(SnapshotCodec.create().read(document).getDomain()));
            for (int i = 0; i < 500; i++) {
                DEFAULT.check(document, contexts.get(i % contexts.size()));
            }
        }
    }

    /**
     * Checks a snapshot built or read without source positions.
     *
     * @param snapshot the snapshot; not changed
     * @param context what is known about the call
     * @return the report
     */
    public ValidationReport validate(DomainSnapshot snapshot, ValidationContext context) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(context, "context");
        return run(snapshot, null, context);
    }

    /**
     * Checks a parsed document; problems carry the line and column of what they concern.
     *
     * @param document the document; not changed
     * @param context what is known about the call
     * @return the report
     */
    public ValidationReport validate(SnapshotDocument document, ValidationContext context) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(context, "context");
        return run(document.snapshot(), document, context);
    }

    /**
     * Parses and checks a document: the one way a document's text is checked, whatever it comes
     * from (a String, a file, a Reader, an InputStream; the command line checks through it too).
     * A document that cannot be parsed (not well-formed, beyond the reader's limits, another root
     * element, or with {@link CreateFlag#VALIDATE} not matching the schema) gives a report with
     * that problem, as libvirt refuses it, after those of the create flags, which libvirt checks
     * before it reads the document; the reader's failure is {@link ValidationReport#readFailure()}.
     *
     * @param xml the document
     * @param context what is known about the call
     * @return the report
     */
    public ValidationReport check(String xml, ValidationContext context) {
        Objects.requireNonNull(xml, "xml");
        return check(codec -> codec.readDocument(xml), context);
    }

    /**
     * Reads, parses and checks a document file, as {@link #check(String, ValidationContext)}.
     *
     * @param file the file
     * @param context what is known about the call
     * @return the report
     * @throws SnapshotXmlException of kind {@link SnapshotXmlException.Kind#IO} when the file
     *     cannot be opened or read (a document that cannot be parsed gives a report)
     */
    public ValidationReport check(Path file, ValidationContext context) {
        Objects.requireNonNull(file, "file");
        return check(codec -> codec.readDocument(file), context);
    }

    /**
     * Reads, parses and checks a document, as {@link #check(String, ValidationContext)}. The reader
     * is read to the end of the document and not closed.
     *
     * @param reader the document's text
     * @param context what is known about the call
     * @return the report
     * @throws SnapshotXmlException of kind {@link SnapshotXmlException.Kind#IO} when the reader
     *     fails (a document that cannot be parsed gives a report)
     */
    public ValidationReport check(Reader reader, ValidationContext context) {
        Objects.requireNonNull(reader, "reader");
        return check(codec -> codec.readDocument(reader), context);
    }

    /**
     * Reads, parses and checks a document of UTF-8 bytes, as {@link #check(String,
     * ValidationContext)}. The stream is not closed.
     *
     * @param in the document's bytes
     * @param context what is known about the call
     * @return the report
     * @throws SnapshotXmlException of kind {@link SnapshotXmlException.Kind#IO} when the stream
     *     fails (a document that cannot be parsed gives a report)
     */
    public ValidationReport check(InputStream in, ValidationContext context) {
        Objects.requireNonNull(in, "in");
        return check(codec -> codec.readDocument(in), context);
    }

    private ValidationReport check(Function<SnapshotCodec, SnapshotDocument> read, ValidationContext context) {
        Objects.requireNonNull(context, "context");
        SnapshotDocument document;
        try {
            document = read.apply(codecFor(context));
        } catch (SnapshotXmlException e) {
            if (e.kind() == SnapshotXmlException.Kind.IO) {
                throw e;
            }
            return unreadable(e, context);
        }
        return validate(document, context);
    }

    /**
     * Checks a request with its flags: the document as it will be sent ({@link
     * SnapshotRequest#xml()}, so that {@link CreateFlag#VALIDATE} checks it against the schema too),
     * in the context with the request's flags added ({@link ValidationContext#withFlags}).
     *
     * @param request the document and the flags it will be passed with
     * @param context what is known about the call besides the flags (its flags, if any, are kept)
     * @return the report; its {@link ValidationReport#context()} holds the flags checked
     * @throws SnapshotXmlException of kind {@link SnapshotXmlException.Kind#INVALID} when the
     *     document holds what XML cannot carry, so that it cannot be sent at all
     */
    public ValidationReport check(SnapshotRequest request, ValidationContext context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        return check(request.xml(), context.withFlags(request.flags()));
    }

    /**
     * Predicts a revert to a snapshot ({@code virDomainRevertToSnapshot}) as the qemu driver of the
     * context's libvirt release performs it ({@link ValidationContext#answeredLibvirt()}): whether
     * it is refused (with libvirt's message), whether it needs {@link RevertFlag#FORCE}, the
     * domain's state afterwards, the overlays created and the files removed, and whether {@code
     * <revertDisks>} is written. The context gives the domain ({@link ValidationContext#withDomain},
     * its current definition), and for a revert to an external snapshot the tree ({@link
     * ValidationContext#withExistingSnapshots}) and the current snapshot ({@link
     * ValidationContext#withCurrentSnapshot}, or the tree's active one, else the newest leaf with a
     * warning): the files removed are the current snapshot's overlays, and {@code <revertDisks>} is written where the snapshot has
     * children.
     *
     * @param snapshot the snapshot reverted to, as libvirt describes it ({@code
     *     virDomainSnapshotGetXMLDesc}); not changed
     * @param context what is known of the domain
     * @param flags the revert flags
     * @return the prediction
     */
    public RevertReport checkRevert(DomainSnapshot snapshot, ValidationContext context, Set<RevertFlag> flags) {
        Objects.requireNonNull(flags, "flags");
        return new RevertDeleteRules(snapshot, context).revert(Set.copyOf(flags));
    }

    /**
     * Predicts a snapshot's deletion ({@code virDomainSnapshotDelete}) as the qemu driver of the
     * context's libvirt release performs it: whether it is refused (with libvirt's message), which
     * snapshots go, which files are removed, and whether a block commit runs. The context gives
     * the tree ({@link ValidationContext#withExistingSnapshots}), the current snapshot ({@link
     * ValidationContext#withCurrentSnapshot}, or the tree's active one, else the newest leaf with a
     * warning), the domain's state
     * ({@link ValidationContext#withState}; the checks of a running domain are made only where it
     * is given) and its current definition with its backing chains ({@link
     * ValidationContext#withDomain}, as {@code virsh dumpxml} gives it).
     *
     * @param snapshot the snapshot deleted, as libvirt describes it; not changed
     * @param context what is known of the domain
     * @param flags the delete flags
     * @return the prediction
     */
    public DeleteReport checkDelete(DomainSnapshot snapshot, ValidationContext context, Set<DeleteFlag> flags) {
        Objects.requireNonNull(flags, "flags");
        return new RevertDeleteRules(snapshot, context).delete(Set.copyOf(flags));
    }

    /**
     * One check, or where the domain's state is not given (and the request is not a redefinition,
     * whose own state counts) one in each state a domain is snapshotted in, combined.
     */
    private ValidationReport run(DomainSnapshot snapshot, SnapshotDocument document, ValidationContext context) {
        if (context.state().isKnown() || context.has(CreateFlag.REDEFINE)) {
            return new ValidationRun(snapshot, document, context, tableFor(context), codec).run();
        }
        Map<DomainState, ValidationReport> byState = new LinkedHashMap<>();
        for (DomainState state : context.driver().states()) {
            byState.put(
                    state,
                    new ValidationRun(snapshot, document, context.withState(state), tableFor(context), codec).run());
        }
        return ValidationReport.everyState(context, byState);
    }

    private SnapshotCodec codecFor(ValidationContext context) {
        return codec.withSchemaValidation(context.has(CreateFlag.VALIDATE)).withLibvirt(context.answeredLibvirt());
    }

    private ValidationReport unreadable(SnapshotXmlException e, ValidationContext context) {
        String reason = e.getReason();
        Rule rule = switch (e.kind()) {
            case ROOT -> Rule.DOCUMENT_ROOT;
            case SCHEMA -> Rule.DOCUMENT_SCHEMA;
            default -> Rule.DOCUMENT_MALFORMED;
        };
        Problem p = new Problem(
                rule, rule.severity(), reason, e.getPath(), Math.max(e.getLine(), 0), Math.max(e.getColumn(), 0));
        List<Problem> problems = new ArrayList<>(ValidationRun.beforeReading(context, tableFor(context), codec));
        problems.add(p);
        return new ValidationReport(null, null, problems, null, null, null, null, e, context.answeredLibvirt());
    }

    private static CombinationTable tableFor(ValidationContext context) {
        return CombinationTable.forLibvirt(context.answeredLibvirt());
    }
}
