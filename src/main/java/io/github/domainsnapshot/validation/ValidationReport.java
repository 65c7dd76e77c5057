package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a check found about one request: every problem, the verdict, and when the request
 * is acceptable the plan. Safe to share between threads; the aligned snapshot is made once, when
 * first asked for (from the checked snapshot as it is then), and each call returns that object.
 */
public final class ValidationReport {
    private final List<Problem> problems;
    private final Verdict verdict;
    private final Plan plan;
    private final CombinationTable.Row tableRow;
    /** Makes the aligned snapshot when first asked: most callers only want the verdict. */
    private final Supplier<DomainSnapshot> alignedMaker;

    private DomainSnapshot aligned;
    private boolean alignedMade;

    ValidationReport(
            List<Problem> problems, Plan plan, CombinationTable.Row tableRow, Supplier<DomainSnapshot> alignedMaker) {
        this.problems = List.copyOf(problems);
        this.verdict = verdictOf(this.problems);
        this.plan = verdict == Verdict.OK ? plan : null;
        this.tableRow = tableRow;
        this.alignedMaker = alignedMaker;
    }

    private static Verdict verdictOf(List<Problem> problems) {
        Verdict v = Verdict.OK;
        for (Problem p : problems) {
            if (!p.isError()) {
                continue;
            }
            if (p.rule().kind() == Rule.Kind.INVALID) {
                return Verdict.INVALID;
            }
            v = Verdict.UNSUPPORTED;
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
     * The verdict: invalid when any error is a mistake in the request, else unsupported when
     * any error is a limit of the hypervisor, else ok.
     *
     * @return the verdict
     */
    public Verdict verdict() {
        return verdict;
    }

    /** @return whether libvirt will accept the request */
    public boolean isOk() {
        return verdict == Verdict.OK;
    }

    /** @return the plan, when the request is acceptable and the domain state was known */
    public Optional<Plan> plan() {
        return Optional.ofNullable(plan);
    }

    /** @return the row of the combination table the request fell in, when the table was applied */
    public Optional<CombinationTable.Row> tableRow() {
        return Optional.ofNullable(tableRow);
    }

    /**
     * The snapshot as libvirt turns it: the disks aligned with the domain's, in its order, with
     * external file names made up; memory resolved. For a create request, what libvirt stores:
     * also the name (the creation time when there is none), the state, the creation time (from
     * the context's clock) and the domain's definition. A redefinition keeps what it says. Present
     * when a domain definition was available (and the driver aligns disks) and the alignment met
     * no error. A new object: the checked document is never changed.
     *
     * @return the aligned snapshot
     */
    public synchronized Optional<DomainSnapshot> aligned() {
        if (!alignedMade) {
            aligned = alignedMaker == null ? null : alignedMaker.get();
            alignedMade = true;
        }
        return Optional.ofNullable(aligned);
    }

    @Override
    public String toString() {
        return "ValidationReport[" + verdict.label() + ", " + problems.size() + " problems"
                + (plan != null ? ", " + plan : "") + ']';
    }
}
