package io.github.domainsnapshot.validation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What libvirt turns an acceptable request into: where the memory goes, where the disks go, the
 * mechanism qemu uses, and for a request aligned with its domain, each disk's own mode and
 * mechanism (for instance {@code vda no, vdb external via transaction}).
 *
 * <p>A plan made from a checked request has one {@link DiskPlan} per disk of the domain, in
 * libvirt's order, and {@code disks} sums them up: {@link Location#EXTERNAL} when any disk is
 * external, else {@link Location#INTERNAL} when any is internal, else {@link Location#NO}. The
 * combination table's own plans have no disks of their own; there {@link Location#DEFAULT} means
 * that each disk takes the domain's default.
 *
 * @param memory {@link Location#NO}, {@link Location#INTERNAL} or {@link Location#EXTERNAL}
 * @param disks any location; {@link Location#DEFAULT} means each disk takes the domain's default
 * @param via the mechanism
 * @param perDisk each disk's mode and mechanism, in the domain's order; empty when not known
 */
public record Plan(Location memory, Location disks, Mechanism via, List<DiskPlan> perDisk) {

    /**
     * Checks the fields.
     *
     * @param memory where memory goes
     * @param disks where the disks go
     * @param via the mechanism
     * @param perDisk each disk's mode and mechanism
     */
    public Plan {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(disks, "disks");
        Objects.requireNonNull(via, "via");
        perDisk = List.copyOf(perDisk);
        if (memory == Location.DEFAULT || memory == Location.MANUAL) {
            throw new IllegalArgumentException("memory has no " + memory.label() + " location in a plan");
        }
    }

    /**
     * A plan without per-disk detail, as the combination table gives it.
     *
     * @param memory where memory goes
     * @param disks where the disks go
     * @param via the mechanism
     */
    public Plan(Location memory, Location disks, Mechanism via) {
        this(memory, disks, via, List.of());
    }

    /**
     * The plan of one disk.
     *
     * @param disk the disk's target name, such as {@code vda}
     * @param location its mode: {@link Location#NO}, {@link Location#INTERNAL}, {@link Location#EXTERNAL}
     *     or {@link Location#MANUAL}
     * @param via how qemu snapshots it; empty for a disk left out or left to the user
     */
    public record DiskPlan(String disk, Location location, Optional<Mechanism> via) {
        /**
         * Checks the fields.
         *
         * @param disk the disk's target name
         * @param location its mode
         * @param via the mechanism, if any
         */
        public DiskPlan {
            Objects.requireNonNull(disk, "disk");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(via, "via");
            if (location == Location.DEFAULT) {
                throw new IllegalArgumentException("a disk's plan has its own location");
            }
        }

        @Override
        public String toString() {
            return disk
                    + ' '
                    + location.label()
                    + via.map(m -> " via " + m.label()).orElse("");
        }
    }

    /**
     * The plan of one disk by name.
     *
     * @param name the target name, such as {@code vdb}
     * @return the disk's plan, if the plan has per-disk detail and that disk
     */
    public Optional<DiskPlan> disk(String name) {
        return perDisk.stream().filter(d -> d.disk().equals(name)).findFirst();
    }

    /** Where memory or disks go. */
    public enum Location {
        /** Not saved. */
        NO,
        /** Inside the disk images (qcow2 internal snapshots). */
        INTERNAL,
        /** In new files beside them. */
        EXTERNAL,
        /** Each disk takes the domain's own default for it (the combination table's plans only). */
        DEFAULT,
        /** Left to the user: libvirt pauses the guest while the user snapshots the disk (disks only). */
        MANUAL;

        /** @return the lower-case name used in reports */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How qemu carries out the snapshot. */
    public enum Mechanism {
        /** Offline, on the images themselves. */
        QEMU_IMG("qemu-img"),
        /** Online internal snapshot of memory and disks, by QEMU's HMP {@code savevm} (libvirt before 10.9). */
        SAVEVM("savevm"),
        /** Online internal snapshot of memory and disks, by QEMU's {@code snapshot-save} job (libvirt 10.9 on). */
        SNAPSHOT_SAVE("snapshot-save"),
        /** Online external disk snapshot. */
        TRANSACTION("transaction"),
        /** Online external memory, no disks. */
        MIGRATE("migrate"),
        /** Online external memory with external disks. */
        MIGRATE_TRANSACTION("migrate+transaction"),
        /**
         * Nothing at all: libvirt 9.0 records an offline disk-only snapshot whose disks are all
         * internal or left out, but its path for offline external snapshots skips every internal
         * disk, so no snapshot is taken.
         */
        NONE("none");

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
        String summary = "memory=" + memory.label() + " disks=" + disks.label() + " via " + via.label();
        return perDisk.isEmpty()
                ? summary
                : summary + " (" + perDisk.stream().map(DiskPlan::toString).collect(Collectors.joining(", ")) + ")";
    }
}
