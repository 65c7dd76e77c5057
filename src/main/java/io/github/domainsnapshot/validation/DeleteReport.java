package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.LibvirtVersion;
import java.util.List;
import java.util.Objects;

/**
 * What libvirt does with a snapshot's deletion ({@code virDomainSnapshotDelete}), predicted before
 * the call for one libvirt release ({@link SnapshotValidator#checkDelete}): whether it refuses it,
 * which snapshots go, which files it removes, and whether a block commit runs.
 *
 * <p>{@link #problems()} holds libvirt's refusal, in its words (at most one error: libvirt stops at
 * the first), and the dangers: warnings of what libvirt does without refusing (such as a delete
 * that loses the base image on the releases that had that fault), also given alone by {@link
 * #dangers()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeleteReport {
    private final Verdict verdict;
    private final List<Problem> problems;
    private final LibvirtVersion libvirt;
    private final List<String> deletedSnapshots;
    private final List<String> removedFiles;
    private final boolean blockCommit;

    DeleteReport(
            List<Problem> problems,
            LibvirtVersion libvirt,
            List<String> deletedSnapshots,
            List<String> removedFiles,
            boolean blockCommit) {
        this.problems = List.copyOf(problems);
        this.verdict = RevertReport.verdictOf(this.problems);
        this.libvirt = Objects.requireNonNull(libvirt, "libvirt");
        boolean ok = verdict == Verdict.OK;
        this.deletedSnapshots = ok ? List.copyOf(deletedSnapshots) : List.of();
        this.removedFiles = ok ? List.copyOf(removedFiles) : List.of();
        this.blockCommit = ok && blockCommit;
    }

    /** @return {@link Verdict#OK} when libvirt deletes, else the class of its refusal */
    public Verdict verdict() {
        return verdict;
    }

    /** @return whether libvirt deletes */
    public boolean isOk() {
        return verdict == Verdict.OK;
    }

    /** @return libvirt's refusal (at most one error) and the dangers (warnings) */
    public List<Problem> problems() {
        return problems;
    }

    /** @return the warnings of {@link #problems()} */
    public List<Problem> dangers() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** @return the release the answer is for (the one asked, or the nearest proven one) */
    public LibvirtVersion libvirt() {
        return libvirt;
    }

    /**
     * @return the snapshots deleted, in libvirt's order: with {@link DeleteFlag#CHILDREN} or
     *     {@link DeleteFlag#CHILDREN_ONLY} the descendants first, each before its own children
     *     (libvirt sets no order between siblings: the newest is given first, as libvirt links them),
     *     then the snapshot itself unless only its children go; empty when refused
     */
    public List<String> deletedSnapshots() {
        return deletedSnapshots;
    }

    /** @return the files libvirt removes: overlays merged away or left unused, memory files */
    public List<String> removedFiles() {
        return removedFiles;
    }

    /** @return whether libvirt runs a block commit (starting qemu paused for it when the domain is shut off) */
    public boolean blockCommit() {
        return blockCommit;
    }

    @Override
    public String toString() {
        return "DeleteReport[" + verdict.label() + ", libvirt " + libvirt + ", deletes " + deletedSnapshots
                + ", removed " + removedFiles + (blockCommit ? ", block commit" : "") + ", problems " + problems
                + ']';
    }
}
