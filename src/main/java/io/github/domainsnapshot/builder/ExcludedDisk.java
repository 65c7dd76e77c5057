package io.github.domainsnapshot.builder;

import java.util.Objects;

/**
 * A disk of the domain that a preset left out of the snapshot ({@code snapshot='no'}), and why.
 *
 * @param target the disk's target, such as {@code vdb}
 * @param reason why it was left out, such as "it is read-only"
 */
public record ExcludedDisk(String target, String reason) {
    /**
     * Checks the fields.
     *
     * @param target the disk's target
     * @param reason why it was left out
     */
    public ExcludedDisk {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return target + ": " + reason;
    }
}
