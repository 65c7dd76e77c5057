package io.github.domainsnapshot.validation;

import java.util.Collection;
import java.util.Optional;

/**
 * How a request's {@code <disks>} list reduces to the one value of the combination table's disk
 * column.
 *
 * <p>Each disk's mode is taken as libvirt's parser leaves it: the {@code snapshot} attribute, or
 * {@code external} for a disk that gives a source path or a driver format, or no mode at all.
 * Then:
 * <ul>
 * <li>no {@code <disks>}, an empty one, or only disks without a mode: {@code omit} (every disk
 * takes its default, as with no list);</li>
 * <li>internal and external disks together: no value: the request is unsupported (libvirt:
 * "mixing internal and external targets for a snapshot is not yet supported");</li>
 * <li>any external disk: {@code ext}; else any internal disk: {@code int} (disks marked
 * {@code no} beside them only leave those disks out);</li>
 * <li>when the domain's definition is known, the disks a list does not name count with their
 * own defaults: none for most (so a list that only leaves one disk out reads as {@code omit}),
 * {@code no} for empty drives, read-only disks and disks marked {@code snapshot='no'};</li>
 * <li>only {@code no} and {@code manual} disks (a manual disk is one libvirt does not snapshot
 * itself: the user does), with any disk left without a mode: {@code omit}; with none:
 * {@code no}.</li>
 * </ul>
 */
public final class DiskReduction {
    private DiskReduction() {}

    /**
     * Reduces the modes of a request's disks.
     *
     * @param modes each disk's mode after libvirt's parse defaults ({@code null} for none)
     * @return the disk column's value, or empty when internal and external are mixed
     */
    public static Optional<CombinationTable.Request> reduce(Collection<String> modes) {
        boolean internal = false;
        boolean external = false;
        boolean unset = false;
        for (String mode : modes) {
            if (mode == null) {
                unset = true;
            } else if (mode.equals("internal")) {
                internal = true;
            } else if (mode.equals("external")) {
                external = true;
            }
        }
        if (internal && external) {
            return Optional.empty();
        }
        if (external) {
            return Optional.of(CombinationTable.Request.EXT);
        }
        if (internal) {
            return Optional.of(CombinationTable.Request.INT);
        }
        if (modes.isEmpty() || unset) {
            return Optional.of(CombinationTable.Request.OMIT);
        }
        return Optional.of(CombinationTable.Request.NO);
    }
}
