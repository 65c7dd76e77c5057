package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a check found about one request: the request and context it checked, every
 * problem, the verdict, and when the request is acceptable the plan (or why there is none).
 * Made at check time: its problems, verdict, plan and aligned snapshot do not change when the
 * request or the context's domain change afterwards. Safe to share between threads, but the
 * request and the aligned snapshot are mutable objects, the same at each call.
 */
public final class ValidationReport {
    private final DomainSnapshot request;
    private final ValidationContext context;
    private final List<Problem> problems;
    private final Verdict verdict;
    private final Plan plan;
    private final String noPlanReason;
    private final CombinationTable.Row tableRow;
    private final DomainSnapshot aligned;
    private final SnapshotXmlException readFailure;
    private final Map<DomainState, ValidationReport> byState;
    private final List<DomainState> acceptedIn;
    private final LibvirtVersion libvirt;

    ValidationReport(
            DomainSnapshot request,
            ValidationContext context,
            List<Problem> problems,
            Plan plan,
            String noPlanReason,
            CombinationTable.Row tableRow,
            DomainSnapshot aligned,
            SnapshotXmlException readFailure,
            LibvirtVersion libvirt) {
        this.request = request;
        this.libvirt = libvirt;
        this.context = context;
        this.problems = List.copyOf(problems);
        this.verdict = verdictOf(this.problems);
        this.plan = verdict == Verdict.OK ? plan : null;
        this.noPlanReason = verdict != Verdict.OK || this.plan != null
                ? null
                : noPlanReason != null ? noPlanReason : "no plan was made";
        this.tableRow = tableRow;
        this.aligned = aligned;
        this.readFailure = readFailure;
        this.byState = Map.of();
        if (verdict != Verdict.OK || context == null) {
            this.acceptedIn = List.of();
        } else if (context.state().isKnown()) {
            this.acceptedIn = List.of(context.state());
        } else {
            // a redefinition: libvirt takes it whatever the domain's state
            this.acceptedIn = context.driver().states();
        }
    }

    /** The report of a check made in each state a domain is snapshotted in, its state not given. */
    private ValidationReport(ValidationContext context, Map<DomainState, ValidationReport> byState) {
        this.context = context;
        this.libvirt = context.answeredLibvirt();
        this.byState = Collections.unmodifiableMap(new LinkedHashMap<>(byState));
        List<ValidationReport> reports = List.copyOf(byState.values());
        ValidationReport first = reports.get(0);
        this.request = first.request;
        this.readFailure = null;
        Set<Problem> all = new LinkedHashSet<>();
        List<DomainState> accepted = new ArrayList<>();
        for (Map.Entry<DomainState, ValidationReport> e : byState.entrySet()) {
            all.addAll(e.getValue().problems);
            if (e.getValue().isOk()) {
                accepted.add(e.getKey());
            }
        }
        this.problems = List.copyOf(all);
        this.acceptedIn = List.copyOf(accepted);
        if (accepted.isEmpty()) {
            Verdict v = verdictOf(this.problems);
            // refused in every state, by warnings-only reports never: a refusal has an error
            this.verdict = v == Verdict.OK ? Verdict.INVALID : v;
        } else {
            this.verdict = accepted.size() == reports.size() ? Verdict.OK : Verdict.DEPENDS_ON_STATE;
        }
        boolean samePlan = reports.stream().allMatch(r -> Objects.equals(r.plan, first.plan));
        boolean sameRow = reports.stream().allMatch(r -> Objects.equals(r.tableRow, first.tableRow));
        boolean sameAligned = reports.stream().allMatch(r -> Objects.equals(r.aligned, first.aligned));
        this.plan = verdict == Verdict.OK && samePlan ? first.plan : null;
        this.noPlanReason = verdict != Verdict.OK || this.plan != null
                ? null
                : samePlan
                        ? first.noPlanReason
                        : "the domain's state was not given, and the plan depends on it: byState() gives each";
        this.tableRow = sameRow ? first.tableRow : null;
        this.aligned = verdict == Verdict.OK && sameAligned ? first.aligned : null;
    }

    /**
     * Combines the reports of one request checked in each state.
     *
     * @param context the context, whose state is not known
     * @param byState each state's report, in the driver's order of states
     */
    static ValidationReport everyState(ValidationContext context, Map<DomainState, ValidationReport> byState) {
        return new ValidationReport(context, byState);
    }

    /**
     * Where the domain's state was not given (and the request is not a redefinition, whose own
     * state counts), the check is made in each state a domain is snapshotted in ({@link
     * LibvirtDriver#states()}: running, paused, shut off), and this is each state's report. The
     * report itself then holds every problem any of them found (once, in the order of the
     * states; {@link #statesOf(Problem)} says where each was found) and the verdict is: ok where
     * libvirt accepts the request in every state, {@link Verdict#DEPENDS_ON_STATE} where it
     * accepts it in some ({@link #acceptedIn()}), else the refusal's.
     *
     * @return each state's report, in that order; empty when the state was given, or did not matter
     */
    public Map<DomainState, ValidationReport> byState() {
        return byState;
    }

    /**
     * The states in which libvirt accepts the request: the context's state when it is known and
     * the request ok; with the state not given, those of {@link #byState()} whose report is ok; for
     * an ok redefinition, whose own state counts, every state of {@link LibvirtDriver#states()}.
     *
     * @return the states, possibly none
     */
    public List<DomainState> acceptedIn() {
        return acceptedIn;
    }

    /**
     * The states in which a problem of this report was found, where the check was made in each
     * ({@link #byState()}).
     *
     * @param problem one of {@link #problems()}
     * @return the states, in order; empty when the check was made in one state only
     */
    public List<DomainState> statesOf(Problem problem) {
        List<DomainState> out = new ArrayList<>();
        for (Map.Entry<DomainState, ValidationReport> e : byState.entrySet()) {
            if (e.getValue().problems.contains(problem)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * The request that was checked: the snapshot given to {@code validate}, or the one read by
     * {@code check}. Not a copy: changing it changes what this returns, not the rest of the
     * report.
     *
     * @return the request, or empty when the document could not be read
     */
    public Optional<DomainSnapshot> request() {
        return Optional.ofNullable(request);
    }

    /**
     * Why the document could not be read, when it could not: what the reader said of a document
     * that is not well-formed XML, breaks the reader's limits, has another root element or (with
     * the VALIDATE flag) does not match the schema. The report then holds that problem ({@link
     * Rule#DOCUMENT_MALFORMED}, {@link Rule#DOCUMENT_ROOT} or {@link Rule#DOCUMENT_SCHEMA}) after
     * those libvirt finds in the flags before it reads a document, and no request.
     *
     * @return the reader's failure, or empty when the document was read
     */
    public Optional<SnapshotXmlException> readFailure() {
        return Optional.ofNullable(readFailure);
    }

    /**
     * The libvirt release whose answers this report gives: the context's ({@link
     * ValidationContext#withLibvirt}), the nearest proven release for one outside the proven range
     * (with a warning under {@link Rule#LIBVIRT_VERSION}), or the newest proven release when none
     * was given ({@link LibvirtVersion#newestProven()}).
     *
     * @return the release
     */
    public LibvirtVersion libvirt() {
        return libvirt;
    }

    /**
     * The context the request was checked in: the domain's state and definition, the flags, the
     * driver.
     *
     * @return the context, or empty when the document could not be read
     */
    public Optional<ValidationContext> context() {
        return Optional.ofNullable(context);
    }

    private static Verdict verdictOf(List<Problem> problems) {
        Verdict v = Verdict.OK;
        for (Problem p : problems) {
            if (p.verdict() == Verdict.INVALID) {
                return Verdict.INVALID;
            }
            if (p.verdict() == Verdict.UNSUPPORTED) {
                v = Verdict.UNSUPPORTED;
            }
        }
        return v;
    }

    /** @return every problem, errors and warnings, in the order libvirt would meet them */
    public List<Problem> problems() {
        return problems;
    }

    /** @return the errors only */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** @return the warnings only */
    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /**
     * The verdict, from the error codes libvirt raises ({@link Problem#libvirtError()}): invalid
     * when any error's code is one of a mistake in the request (an XML error, an invalid argument,
     * an internal error), else unsupported when any error's code is an unsupported configuration
     * or operation, else ok. Where the state was not given and libvirt accepts the request in some
     * states only, {@link Verdict#DEPENDS_ON_STATE} ({@link #byState()}).
     *
     * @return the verdict
     */
    public Verdict verdict() {
        return verdict;
    }

    /**
     * Whether libvirt will accept the request: in the context's state, or, where the state was not
     * given, in every state ({@link #byState()}). An acceptable request has a {@link #plan()}
     * unless the check could not make one, and then {@link #noPlanReason()} says why.
     *
     * @return whether the verdict is ok
     */
    public boolean isOk() {
        return verdict == Verdict.OK;
    }

    /**
     * The plan: where memory and each disk go and by which mechanism; with per-disk detail when
     * the disks were aligned with the domain's. Only an acceptable request has one, and not
     * always: the plan is qemu's (the other drivers have none), and it follows from the domain's
     * state, which the context may not give. {@link #noPlanReason()} says why an acceptable
     * request has none.
     *
     * @return the plan, present only when {@link #isOk()}
     */
    public Optional<Plan> plan() {
        return Optional.ofNullable(plan);
    }

    /**
     * Why an acceptable request has no plan, such as "the domain's state was not given" or
     * "libvirt's test driver is not planned for".
     *
     * @return the reason, present exactly when {@link #isOk()} and {@link #plan()} is empty
     */
    public Optional<String> noPlanReason() {
        return Optional.ofNullable(noPlanReason);
    }

    /** @return the row of the combination table the request fell in, when the table was applied */
    public Optional<CombinationTable.Row> tableRow() {
        return Optional.ofNullable(tableRow);
    }

    /**
     * The snapshot as libvirt stores it: the disks aligned with the domain's, in its order, with
     * external file names made up, each disk's source as libvirt keeps it (defaults filled in,
     * nothing libvirt does not know); memory resolved. For a create request also the name (the
     * creation time when there is none), the state, the creation time (from the context's clock)
     * and the domain's definition as libvirt copies it (without the live domain's id, aliases,
     * source indexes and generated security labels); libvirt drops a create request's
     * {@code <state>}, {@code <parent>}, {@code <creationTime>}, {@code <domain>} and
     * {@code <active>}, and so does this. The parent libvirt records (its current snapshot), the
     * {@code <inactiveDomain>} and qemu's {@code <cookie>} are not predicted. A redefinition keeps
     * what it says, its disks and memory resolved. Present when a domain definition was available
     * (and the driver aligns disks) and the alignment met no error. A new object, made when the
     * request was checked.
     *
     * @return the aligned snapshot
     */
    public Optional<DomainSnapshot> aligned() {
        return Optional.ofNullable(aligned);
    }

    @Override
    public String toString() {
        return "ValidationReport[" + verdict.label() + ", " + problems.size() + " problems"
                + (plan != null ? ", " + plan : "") + (noPlanReason != null ? ", no plan: " + noPlanReason : "") + ']';
    }
}
