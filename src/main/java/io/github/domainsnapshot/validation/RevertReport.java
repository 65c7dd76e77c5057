package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.LibvirtVersion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What libvirt does with a revert to a snapshot ({@code virDomainRevertToSnapshot}), predicted
 * before the call for one libvirt release ({@link SnapshotValidator#checkRevert}): whether it
 * performs it, whether it needs {@link RevertFlag#FORCE}, the domain's state afterwards, the
 * overlay files it creates and those it removes, and whether it writes {@code <revertDisks>} into
 * the snapshot.
 *
 * <p>{@link #problems()} holds libvirt's refusal, in its words (at most one error: libvirt stops at
 * the first), and the dangers: warnings of things libvirt does without refusing, which a caller
 * should know of (also given alone by {@link #dangers()}).
 *
 * <p>Overlay names: where libvirt names a new overlay after the time of the revert (libvirt 9.9
 * and later, reverting to an external snapshot), the name holds {@link #TIME} in place of the
 * revert's Unix time in seconds, such as {@code /images/vm-vda.<time>} for a disk whose image was
 * {@code /images/vm-vda.qcow2}; {@link #newOverlaysAt(long)} fills it in.
 *
 * <p>Immutable and thread-safe.
 */
public final class RevertReport {
    /** Stands for the Unix time of the revert in the names of the overlays libvirt creates. */
    public static final String TIME = "<time>";

    private final Verdict verdict;
    private final List<Problem> problems;
    private final LibvirtVersion libvirt;
    private final boolean needsForce;
    private final DomainState stateAfter;
    private final List<String> newOverlays;
    private final boolean writesRevertDisks;
    private final List<String> removedFiles;

    RevertReport(
            List<Problem> problems,
            LibvirtVersion libvirt,
            boolean needsForce,
            DomainState stateAfter,
            List<String> newOverlays,
            boolean writesRevertDisks,
            List<String> removedFiles) {
        this.problems = List.copyOf(problems);
        this.verdict = verdictOf(this.problems);
        this.libvirt = Objects.requireNonNull(libvirt, "libvirt");
        this.needsForce = needsForce;
        boolean performed = verdict == Verdict.OK;
        this.stateAfter = performed ? stateAfter : null;
        this.newOverlays = performed ? List.copyOf(newOverlays) : List.of();
        this.writesRevertDisks = performed && writesRevertDisks;
        this.removedFiles = performed ? List.copyOf(removedFiles) : List.of();
    }

    static Verdict verdictOf(List<Problem> problems) {
        for (Problem p : problems) {
            if (p.isError()) {
                return p.verdict();
            }
        }
        return Verdict.OK;
    }

    /** @return {@link Verdict#OK} when libvirt performs the revert, else the class of its refusal */
    public Verdict verdict() {
        return verdict;
    }

    /** @return whether libvirt performs the revert */
    public boolean performed() {
        return verdict == Verdict.OK;
    }

    /** @return the same as {@link #performed()} */
    public boolean isOk() {
        return performed();
    }

    /** @return libvirt's refusal (at most one error) and the dangers (warnings) */
    public List<Problem> problems() {
        return problems;
    }

    /** @return the warnings of {@link #problems()}: what libvirt does without refusing that deserves a look */
    public List<Problem> dangers() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** @return the release the answer is for (the one asked, or the nearest proven one) */
    public LibvirtVersion libvirt() {
        return libvirt;
    }

    /**
     * @return whether libvirt refuses the revert without {@link RevertFlag#FORCE} and performs it
     *     with it (the qemu driver never asked for it in the cases measured)
     */
    public boolean needsForce() {
        return needsForce;
    }

    /**
     * @return the domain's state after the revert: {@link DomainState#RUNNING}, {@link
     *     DomainState#PAUSED} or {@link DomainState#SHUTOFF}; empty when libvirt refuses it
     */
    public Optional<DomainState> stateAfter() {
        return Optional.ofNullable(stateAfter);
    }

    /**
     * @return the overlay files libvirt creates, one per disk in the domain's order; names made
     *     after the revert's time hold {@link #TIME}
     */
    public List<String> newOverlays() {
        return newOverlays;
    }

    /**
     * @param unixTime the time of the revert, in seconds since the epoch
     * @return {@link #newOverlays()} with that time in place of {@link #TIME}
     */
    public List<String> newOverlaysAt(long unixTime) {
        return newOverlays.stream()
                .map(n -> n.replace(TIME, Long.toString(unixTime)))
                .toList();
    }

    /**
     * @return whether libvirt writes {@code <revertDisks>} (the new overlays) into the snapshot: it
     *     does where the snapshot has children; a leaf gets its own {@code <disks>} rewritten instead
     */
    public boolean writesRevertDisks() {
        return writesRevertDisks;
    }

    /** @return the files libvirt removes (the overlays the domain ran on, where the tree keeps that state) */
    public List<String> removedFiles() {
        return removedFiles;
    }

    @Override
    public String toString() {
        return "RevertReport[" + verdict.label() + ", libvirt " + libvirt
                + (stateAfter == null ? "" : ", state after " + stateAfter.libvirtName())
                + ", new overlays " + newOverlays + ", removed " + removedFiles
                + (writesRevertDisks ? ", writes revertDisks" : "") + ", problems " + problems + ']';
    }
}
