package io.github.domainsnapshot.libvirt;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.validation.Problem;
import java.util.List;

/**
 * A call the {@link LibvirtBridge} did not make because libvirt would refuse it: a snapshot
 * request the validator refused (its problems are here), or a revert that libvirt refuses or
 * that needs FORCE (the reasons of {@link io.github.domainsnapshot.builder.RevertReadiness}).
 * Nothing was changed on the domain.
 *
 * <p>The problems and reasons are not kept when the exception is serialized.
 */
public final class SnapshotRefusedException extends SnapshotXmlException {
    private static final long serialVersionUID = 1L;

    /** Transient: a {@link Problem} is not serializable; the message says the same in words. */
    private final transient List<Problem> problems;

    private final transient List<String> reasons;

    SnapshotRefusedException(String message, List<Problem> problems, List<String> reasons) {
        super(message);
        this.problems = List.copyOf(problems);
        this.reasons = List.copyOf(reasons);
    }

    /**
     * @return every problem of the validator's reports (errors and warnings), in the order libvirt
     *     would meet them; empty for a refused revert
     */
    public List<Problem> problems() {
        return problems == null ? List.of() : problems;
    }

    /**
     * @return why the call was not made, one line each: each error as {@code message [rule]}, or
     *     the revert's reasons
     */
    public List<String> reasons() {
        return reasons == null ? List.of() : reasons;
    }
}
