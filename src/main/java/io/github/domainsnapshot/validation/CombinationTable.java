package io.github.domainsnapshot.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * libvirt's memory / disk / disk-only combination table: for a request, the plan libvirt makes
 * or why it refuses.
 *
 * <p>The rows live in one data file ({@code combination-table.txt} beside this class), so that
 * the table reads as it does in libvirt's design notes. Immutable and thread-safe.
 */
public final class CombinationTable {
    private static final String RESOURCE = "combination-table.txt";
    private static final CombinationTable STANDARD = load();

    private final List<Row> rows;

    private CombinationTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** @return the table libvirt's design gives */
    public static CombinationTable standard() {
        return STANDARD;
    }

    /** @return the rows, in the table's order */
    public List<Row> rows() {
        return rows;
    }

    /**
     * The row that covers a combination.
     *
     * @param online whether the domain is active
     * @param memory what the request asks of memory
     * @param disks what the request's {@code <disks>} asks for, reduced to one value
     * @param diskOnly whether the DISK_ONLY flag is set
     * @return the row
     * @throws IllegalStateException if no row covers it (the table is incomplete)
     */
    public Row lookup(boolean online, Request memory, Request disks, boolean diskOnly) {
        for (Row row : rows) {
            if (row.covers(online, memory, disks, diskOnly)) {
                return row;
            }
        }
        throw new IllegalStateException("no row for " + (online ? "online " : "offline ") + memory + ' ' + disks
                + (diskOnly ? " disk-only" : ""));
    }

    /** What a request asks of memory or disks, as the table's columns say it. */
    public enum Request {
        /** Not said: no element. */
        OMIT,
        /** Not saved. */
        NO,
        /** Internal. */
        INT,
        /** External. */
        EXT;

        /** @return the table's word for it ({@code omit}, {@code no}, {@code int}, {@code ext}) */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One row of the table.
     *
     * @param number the 1-based row number
     * @param online the domain column: {@code true} online, {@code false} offline
     * @param memory the memory column's values
     * @param disks the disk column's values
     * @param diskOnly the disk-only column's values
     * @param plan the plan, when the row accepts the request
     * @param invalidReason the reason, when the row calls the request invalid
     */
    public record Row(
            int number,
            boolean online,
            Set<Request> memory,
            Set<Request> disks,
            Set<Boolean> diskOnly,
            Optional<Plan> plan,
            Optional<String> invalidReason) {

        /**
         * Copies the sets.
         *
         * @param number the 1-based row number
         * @param online the domain column
         * @param memory the memory column's values
         * @param disks the disk column's values
         * @param diskOnly the disk-only column's values
         * @param plan the plan, when the row accepts
         * @param invalidReason the reason, when the row calls the request invalid
         */
        public Row {
            memory = Set.copyOf(memory);
            disks = Set.copyOf(disks);
            diskOnly = Set.copyOf(diskOnly);
        }

        /** @return whether the row calls a valid request unsupported for now */
        public boolean isUnsupported() {
            return plan.isEmpty() && invalidReason.isEmpty();
        }

        /**
         * Whether the row covers a combination.
         *
         * @param isOnline the domain column
         * @param mem the memory column
         * @param dsk the disk column
         * @param only the disk-only column
         * @return true when it does
         */
        public boolean covers(boolean isOnline, Request mem, Request dsk, boolean only) {
            return online == isOnline && memory.contains(mem) && disks.contains(dsk) && diskOnly.contains(only);
        }

        /** @return the result as the table writes it */
        public String result() {
            return plan.map(Plan::toString)
                    .orElseGet(() -> invalidReason
                            .map(r -> "invalid combination (" + r + ")")
                            .orElse("unsupported for now"));
        }
    }

    private static CombinationTable load() {
        try (InputStream in = CombinationTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    rows.add(parseRow(rows.size() + 1, trimmed));
                }
            }
            return new CombinationTable(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static Row parseRow(int number, String line) {
        String[] cells = line.split("\\s+", 5);
        if (cells.length != 5) {
            throw new IllegalStateException(RESOURCE + " row " + number + ": expected 5 columns: " + line);
        }
        boolean online = switch (cells[0]) {
            case "online" -> true;
            case "offline" -> false;
            default -> throw new IllegalStateException(RESOURCE + " row " + number + ": bad domain " + cells[0]);
        };
        Set<Request> memory = requests(cells[1]);
        Set<Request> disks = requests(cells[2]);
        Set<Boolean> diskOnly = switch (cells[3]) {
            case "any" -> Set.of(true, false);
            case "on" -> Set.of(true);
            case "off" -> Set.of(false);
            default -> throw new IllegalStateException(RESOURCE + " row " + number + ": bad disk-only " + cells[3]);
        };
        String result = cells[4].strip();
        if (result.equals("unsupported")) {
            return new Row(number, online, memory, disks, diskOnly, Optional.empty(), Optional.empty());
        }
        if (result.startsWith("invalid:")) {
            return new Row(
                    number,
                    online,
                    memory,
                    disks,
                    diskOnly,
                    Optional.empty(),
                    Optional.of(result.substring("invalid:".length()).strip()));
        }
        return new Row(number, online, memory, disks, diskOnly, Optional.of(parsePlan(result)), Optional.empty());
    }

    private static Set<Request> requests(String cell) {
        if (cell.equals("any")) {
            return EnumSet.allOf(Request.class);
        }
        EnumSet<Request> out = EnumSet.noneOf(Request.class);
        for (String v : cell.split("/")) {
            out.add(Request.valueOf(v.toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    private static Plan parsePlan(String text) {
        Plan.Location memory = null;
        Plan.Location disks = null;
        Plan.Mechanism via = null;
        for (String part : text.split("\\s+")) {
            int eq = part.indexOf('=');
            String value = part.substring(eq + 1);
            switch (part.substring(0, eq)) {
                case "memory" -> memory = location(value);
                case "disks" -> disks = location(value);
                case "via" -> via = Plan.Mechanism.fromLabel(value);
                default -> throw new IllegalStateException(RESOURCE + ": bad result " + text);
            }
        }
        return new Plan(memory, disks, via);
    }

    private static Plan.Location location(String value) {
        return switch (value) {
            case "no" -> Plan.Location.NO;
            case "int" -> Plan.Location.INTERNAL;
            case "ext" -> Plan.Location.EXTERNAL;
            case "default" -> Plan.Location.DEFAULT;
            default -> throw new IllegalStateException(RESOURCE + ": bad location " + value);
        };
    }
}
