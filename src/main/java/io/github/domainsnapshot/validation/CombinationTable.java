package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.profile.LibvirtProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * libvirt's memory / disk / disk-only combination table: for a request, the plan libvirt makes
 * or why it refuses, as the 2012 design (libvirt 1.0.1) gives it and, where it differs, as one
 * libvirt release's qemu driver does ({@link #forLibvirt}), with the reason.
 *
 * <p>The table is data ({@code combination-table.txt} beside this class): the design's 25 rows,
 * as they read in libvirt's design notes, then one line for each range of cells where a release
 * differs, which holds for that release and those after it until a later line says otherwise.
 * Those were measured with libvirt 9.0, 11.3 and 12.9 on a running and a shut-off domain whose
 * disks are all qcow2 files, with every disk named in the request. Immutable and thread-safe.
 */
public final class CombinationTable {
    private static final String RESOURCE = "combination-table.txt";
    private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    /** The design's rows and every release's differences, as the data file gives them. */
    private static final CombinationTable DATA = load();
    /** The tables made so far, a few dozen at most: any number of releases may be asked for. */
    private static final Map<LibvirtVersion, CombinationTable> BY_RELEASE = new ConcurrentHashMap<>();

    private static final int MAX_KEPT = 64;

    private final List<Row> rows;
    /** The differences that apply, the latest release's first. */
    private final List<Difference> differences;

    private final LibvirtVersion libvirt;

    private CombinationTable(List<Row> rows, List<Difference> differences, LibvirtVersion libvirt) {
        this.rows = List.copyOf(rows);
        this.differences = List.copyOf(differences);
        this.libvirt = libvirt;
    }

    /**
     * @return the table of the newest release proven here ({@link LibvirtVersion#newestProven()}):
     *     the design's results, with that release's where they differ
     */
    public static CombinationTable standard() {
        return forLibvirt(LibvirtVersion.newestProven());
    }

    /**
     * The table of a libvirt release: the design's results, with the differences of every release
     * up to this one, the latest first (a release outside the proven range is answered as the
     * nearest proven one).
     *
     * @param version the release
     * @return its table
     */
    public static CombinationTable forLibvirt(LibvirtVersion version) {
        LibvirtVersion answered = version.answeredAs();
        CombinationTable known = BY_RELEASE.get(answered);
        if (known != null) {
            return known;
        }
        CombinationTable table = build(answered);
        if (BY_RELEASE.size() < MAX_KEPT) {
            BY_RELEASE.putIfAbsent(answered, table);
        }
        return table;
    }

    private static CombinationTable build(LibvirtVersion answered) {
        List<Difference> applying = new ArrayList<>();
        for (Difference d : DATA.differences) {
            if (answered.isAtLeast(d.since())) {
                applying.add(d);
            }
        }
        applying.sort(Comparator.comparing(Difference::since).reversed());
        if (LibvirtProfile.of(answered).has(Feature.INTERNAL_VIA_SNAPSHOT_SAVE)) {
            // a running domain's internal snapshot is QEMU's snapshot-save job from 10.9 on
            List<Difference> renamed = new ArrayList<>();
            for (Difference d : applying) {
                renamed.add(d.withSnapshotSave());
            }
            for (Row row : DATA.rows) {
                if (row.plan().isPresent() && row.plan().get().via() == Plan.Mechanism.SAVEVM) {
                    renamed.add(Difference.snapshotSave(row, Feature.INTERNAL_VIA_SNAPSHOT_SAVE.since()));
                }
            }
            applying = renamed;
        }
        return new CombinationTable(DATA.rows, applying, answered);
    }

    /** @return the libvirt release whose results the table gives */
    public LibvirtVersion libvirt() {
        return libvirt;
    }

    /** @return the design's rows, in the table's order */
    public List<Row> rows() {
        return rows;
    }

    /**
     * One combination of the four columns, with both facts: the design's result and the table's
     * libvirt release's.
     *
     * @param online the domain column
     * @param memory the memory column
     * @param disks the disk column
     * @param diskOnly the disk-only column
     * @param row the design's row that covers it
     * @param libvirt the release's result: the design's where they agree
     * @param difference why the release differs from the design, when it does
     */
    public record Cell(
            boolean online,
            Request memory,
            Request disks,
            boolean diskOnly,
            Row row,
            Result libvirt,
            Optional<String> difference) {

        /** @return the design's result */
        public Result design() {
            return row.design();
        }

        /** @return whether the release differs from the design here */
        public boolean differs() {
            return difference.isPresent();
        }

        @Override
        public String toString() {
            return (online ? "online" : "offline") + " memory=" + memory.label() + " disks=" + disks.label()
                    + " disk-only=" + (diskOnly ? "on" : "off");
        }
    }

    /**
     * What a combination comes to: a plan, or a refusal with its reason.
     *
     * @param plan the plan, when accepted
     * @param refusal {@link Rule.Kind#INVALID} or {@link Rule.Kind#UNSUPPORTED}, when refused
     * @param reason why it is refused: the design's words, or the release's own message
     */
    public record Result(Optional<Plan> plan, Optional<Rule.Kind> refusal, Optional<String> reason) {
        /** @return whether the combination is accepted */
        public boolean accepted() {
            return plan.isPresent();
        }

        /** @return the result as the table writes it */
        public String text() {
            if (plan.isPresent()) {
                return plan.get().toString();
            }
            String kind = refusal.orElseThrow() == Rule.Kind.INVALID ? "invalid" : "unsupported";
            return reason.map(r -> kind + ": " + r).orElse(kind);
        }
    }

    /** A range of cells where a libvirt release (and those after it) differs from the design. */
    private record Difference(
            LibvirtVersion since,
            boolean online,
            Set<Request> memory,
            Set<Request> disks,
            Set<Boolean> diskOnly,
            Result libvirt,
            String why) {
        boolean covers(boolean isOnline, Request mem, Request dsk, boolean only) {
            return online == isOnline && memory.contains(mem) && disks.contains(dsk) && diskOnly.contains(only);
        }

        /** The same result, with the snapshot-save job where it said savevm. */
        Difference withSnapshotSave() {
            if (libvirt.plan().isEmpty() || libvirt.plan().get().via() != Plan.Mechanism.SAVEVM) {
                return this;
            }
            Plan p = libvirt.plan().get();
            return new Difference(
                    since,
                    online,
                    memory,
                    disks,
                    diskOnly,
                    new Result(
                            Optional.of(new Plan(p.memory(), p.disks(), Plan.Mechanism.SNAPSHOT_SAVE)),
                            Optional.empty(),
                            Optional.empty()),
                    why + "; made by QEMU's snapshot-save job (libvirt 10.9)");
        }

        /** A design row's plan, made by the snapshot-save job. */
        static Difference snapshotSave(Row row, LibvirtVersion since) {
            Plan p = row.plan().orElseThrow();
            return new Difference(
                    since,
                    row.online(),
                    row.memory(),
                    row.disks(),
                    row.diskOnly(),
                    new Result(
                            Optional.of(new Plan(p.memory(), p.disks(), Plan.Mechanism.SNAPSHOT_SAVE)),
                            Optional.empty(),
                            Optional.empty()),
                    "libvirt 10.9 makes a running domain's internal snapshot with QEMU's snapshot-save job, not"
                            + " HMP savevm (NEWS 10.9.0)");
        }
    }

    /**
     * The cell of a combination.
     *
     * @param online whether the domain is active
     * @param memory what the request asks of memory
     * @param disks what the request's {@code <disks>} asks for, reduced to one value
     * @param diskOnly whether the DISK_ONLY flag is set
     * @return the cell, with both facts
     */
    public Cell cell(boolean online, Request memory, Request disks, boolean diskOnly) {
        Row row = lookup(online, memory, disks, diskOnly);
        for (Difference d : differences) {
            if (d.covers(online, memory, disks, diskOnly)) {
                return new Cell(online, memory, disks, diskOnly, row, d.libvirt(), Optional.of(d.why()));
            }
        }
        return new Cell(online, memory, disks, diskOnly, row, row.design(), Optional.empty());
    }

    /** @return all 64 cells: offline then online, memory and disks in column order, disk-only off then on */
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (boolean online : new boolean[] {false, true}) {
            for (Request memory : Request.values()) {
                for (Request disks : Request.values()) {
                    for (boolean diskOnly : new boolean[] {false, true}) {
                        out.add(cell(online, memory, disks, diskOnly));
                    }
                }
            }
        }
        return out;
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

        /** @return the design's result */
        public Result design() {
            if (plan.isPresent()) {
                return new Result(plan, Optional.empty(), Optional.empty());
            }
            return new Result(
                    Optional.empty(),
                    Optional.of(invalidReason.isPresent() ? Rule.Kind.INVALID : Rule.Kind.UNSUPPORTED),
                    invalidReason);
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
            List<Difference> differences = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                String first = trimmed.split("\\s+", 2)[0];
                if (RELEASE.matcher(first).matches()) {
                    differences.add(parseDifference(
                            LibvirtVersion.parse(first),
                            trimmed.substring(first.length()).strip()));
                } else if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    rows.add(parseRow(rows.size() + 1, trimmed));
                }
            }
            return new CombinationTable(rows, differences, LibvirtVersion.V9_0);
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

    private static Difference parseDifference(LibvirtVersion since, String line) {
        int bar = line.indexOf(" | ");
        if (bar < 0) {
            throw new IllegalStateException(RESOURCE + ": a release's line needs ' | ' and its reason: " + line);
        }
        String[] cells = line.substring(0, bar).split("\\s+", 5);
        if (cells.length != 5) {
            throw new IllegalStateException(RESOURCE + ": expected 5 columns: " + line);
        }
        boolean online = cells[0].equals("online");
        if (!online && !cells[0].equals("offline")) {
            throw new IllegalStateException(RESOURCE + ": bad domain " + cells[0]);
        }
        Set<Boolean> diskOnly = switch (cells[3]) {
            case "any" -> Set.of(true, false);
            case "on" -> Set.of(true);
            case "off" -> Set.of(false);
            default -> throw new IllegalStateException(RESOURCE + ": bad disk-only " + cells[3]);
        };
        String result = cells[4].strip();
        Result libvirt;
        if (result.startsWith("invalid:")) {
            libvirt = new Result(
                    Optional.empty(),
                    Optional.of(Rule.Kind.INVALID),
                    Optional.of(result.substring("invalid:".length()).strip()));
        } else if (result.startsWith("unsupported:")) {
            libvirt = new Result(
                    Optional.empty(),
                    Optional.of(Rule.Kind.UNSUPPORTED),
                    Optional.of(result.substring("unsupported:".length()).strip()));
        } else {
            libvirt = new Result(Optional.of(parsePlan(result)), Optional.empty(), Optional.empty());
        }
        return new Difference(
                since,
                online,
                requests(cells[1]),
                requests(cells[2]),
                diskOnly,
                libvirt,
                line.substring(bar + 3).strip());
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
