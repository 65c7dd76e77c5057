package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.validation.Problem;
import java.util.List;

/**
 * A build the builder refused: what it built breaks libvirt's rules in every state the domain
 * may be in. It carries every problem, as {@link
 * io.github.domainsnapshot.libvirt.SnapshotRefusedException} does for a call the bridge did not
 * make; its kind is {@link SnapshotXmlException.Kind#INVALID}.
 *
 * <p>The problems and reasons are not kept when the exception is serialized.
 */
public final class SnapshotBuildException extends SnapshotXmlException {
    private static final long serialVersionUID = 1L;

    /** Transient: a {@link Problem} is not serializable; the message says the same in words. */
    private final transient List<Problem> problems;

    SnapshotBuildException(List<Problem> problems) {
        super("cannot build the snapshot: " + String.join("; ", reasons(problems)));
        this.problems = List.copyOf(problems);
    }

    private static List<String> reasons(List<Problem> problems) {
        return problems.stream()
                .map(p -> p.message() + " [" + p.rule().id() + "]")
                .toList();
    }

    /** @return every error the check found, in the order libvirt would meet them */
    public List<Problem> problems() {
        return problems == null ? List.of() : problems;
    }

    /** @return each problem as one line, {@code message [rule]} */
    public List<String> reasons() {
        return reasons(problems());
    }
}
