package io.github.domainsnapshot.codec;

import java.util.Set;

/**
 * The XPath-like paths this library uses in messages, e.g.
 * {@code /domainsnapshot/disks/disk[2]/source/@file}.
 *
 * <p>Elements that libvirt's format allows to repeat ({@code disk}, {@code host},
 * {@code seclabel}, {@code label}, {@code secret}) always carry a 1-based index; other elements
 * carry one only when they are not the first of their name under their parent.
 */
public final class SnapshotPaths {
    private static final Set<String> REPEATABLE = Set.of("disk", "host", "seclabel", "label", "secret");

    private SnapshotPaths() {}

    /**
     * One step of a path.
     *
     * @param name the element's local name
     * @param index its 1-based position among the siblings of the same name
     * @return the step, such as {@code disk[2]} or {@code memory}
     */
    public static String segment(String name, int index) {
        return REPEATABLE.contains(name) || index > 1 ? name + '[' + index + ']' : name;
    }
}
