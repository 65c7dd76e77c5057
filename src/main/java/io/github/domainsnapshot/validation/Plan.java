package io.github.domainsnapshot.validation;

import java.util.Locale;
import java.util.Objects;

/**
 * What libvirt turns an acceptable request into, from the combination table: where the memory
 * goes, where the disks go, and the mechanism qemu uses.
 *
 * @param memory {@link Location#NO}, {@link Location#INTERNAL} or {@link Location#EXTERNAL}
 * @param disks any location; {@link Location#DEFAULT} means each disk takes the domain's default
 * @param via the mechanism
 */
public record Plan(Location memory, Location disks, Mechanism via) {

    /**
     * Checks the fields.
     *
     * @param memory where memory goes
     * @param disks where the disks go
     * @param via the mechanism
     */
    public Plan {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(disks, "disks");
        Objects.requireNonNull(via, "via");
        if (memory == Location.DEFAULT) {
            throw new IllegalArgumentException("memory has no default location in a plan");
        }
    }

    /** Where memory or disks go. */
    public enum Location {
        /** Not saved. */
        NO,
        /** Inside the disk images (qcow2 internal snapshots). */
        INTERNAL,
        /** In new files beside them. */
        EXTERNAL,
        /** Each disk takes the domain's own default for it. */
        DEFAULT;

        /** @return the lower-case name used in reports */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How qemu carries out the snapshot. */
    public enum Mechanism {
        /** Offline, on the images themselves. */
        QEMU_IMG("qemu-img"),
        /** Online internal snapshot of memory and disks. */
        SAVEVM("savevm"),
        /** Online external disk snapshot. */
        TRANSACTION("transaction"),
        /** Online external memory, no disks. */
        MIGRATE("migrate"),
        /** Online external memory with external disks. */
        MIGRATE_TRANSACTION("migrate+transaction");

        private final String label;

        Mechanism(String label) {
            this.label = label;
        }

        /** @return the name used in the table and in reports, such as {@code migrate+transaction} */
        public String label() {
            return label;
        }

        /**
         * The mechanism with a label.
         *
         * @param label a label such as {@code savevm}
         * @return the mechanism
         * @throws IllegalArgumentException for any other label
         */
        public static Mechanism fromLabel(String label) {
            for (Mechanism m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mechanism '" + label + "'");
        }
    }

    @Override
    public String toString() {
        return "memory=" + memory.label() + " disks=" + disks.label() + " via " + via.label();
    }
}
