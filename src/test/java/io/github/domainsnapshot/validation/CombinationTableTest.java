package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.validation.CombinationTable.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CombinationTableTest {
    /** libvirt 9.0's table: the tests of the design and of 9.0's differences. */
    private static final CombinationTable TABLE = CombinationTable.forLibvirt(LibvirtVersion.V9_0);

    record Combination(boolean online, Request memory, Request disks, boolean diskOnly) {
        @Override
        public String toString() {
            return (online ? "online" : "offline") + " memory=" + memory.label() + " disks=" + disks.label()
                    + " disk-only=" + (diskOnly ? "on" : "off");
        }
    }

    static List<Combination> all() {
        List<Combination> out = new ArrayList<>();
        for (boolean online : new boolean[] {false, true}) {
            for (Request memory : Request.values()) {
                for (Request disks : Request.values()) {
                    for (boolean diskOnly : new boolean[] {false, true}) {
                        out.add(new Combination(online, memory, disks, diskOnly));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void hasTwentyFiveRowsNumberedInOrder() {
        assertEquals(25, TABLE.rows().size());
        for (int i = 0; i < 25; i++) {
            assertEquals(i + 1, TABLE.rows().get(i).number());
        }
    }

    @Test
    void coversAllSixtyFourCombinationsExactlyOnce() {
        List<Combination> all = all();
        assertEquals(64, all.size());
        int covered = 0;
        for (Combination c : all) {
            long rows = TABLE.rows().stream()
                    .filter(r -> r.covers(c.online(), c.memory(), c.disks(), c.diskOnly()))
                    .count();
            assertEquals(1, rows, c::toString);
            covered++;
        }
        int sizes = TABLE.rows().stream()
                .mapToInt(
                        r -> r.memory().size() * r.disks().size() * r.diskOnly().size())
                .sum();
        assertEquals(covered, sizes, "the rows' own sizes add up to 64: no row overlaps another");
    }

    @Test
    void readsTheTableAsLibvirtWroteIt() {
        CombinationTable.Row first = TABLE.lookup(false, Request.OMIT, Request.OMIT, false);
        assertEquals(
                new Plan(Plan.Location.NO, Plan.Location.INTERNAL, Plan.Mechanism.QEMU_IMG),
                first.plan().orElseThrow());
        assertEquals(
                "no memory to save",
                TABLE.lookup(false, Request.EXT, Request.INT, true)
                        .invalidReason()
                        .orElseThrow());
        assertEquals(
                "disk-only vs. memory",
                TABLE.lookup(true, Request.INT, Request.NO, true)
                        .invalidReason()
                        .orElseThrow());
        assertTrue(TABLE.lookup(true, Request.EXT, Request.INT, false).isUnsupported());
        assertEquals(
                new Plan(Plan.Location.EXTERNAL, Plan.Location.DEFAULT, Plan.Mechanism.MIGRATE_TRANSACTION),
                TABLE.lookup(true, Request.EXT, Request.OMIT, false).plan().orElseThrow());
        assertEquals(
                new Plan(Plan.Location.NO, Plan.Location.DEFAULT, Plan.Mechanism.TRANSACTION),
                TABLE.lookup(true, Request.OMIT, Request.OMIT, true).plan().orElseThrow());
        assertEquals(
                "memory=external disks=no via migrate",
                TABLE.lookup(true, Request.EXT, Request.NO, false).result());
        assertEquals(
                "unsupported for now",
                TABLE.lookup(true, Request.NO, Request.INT, true).result());
    }

    /** A request document for one combination. */
    static String document(Combination c) {
        StringBuilder b = new StringBuilder("<domainsnapshot><name>t</name>");
        switch (c.memory()) {
            case NO -> b.append("<memory snapshot='no'/>");
            case INT -> b.append("<memory snapshot='internal'/>");
            case EXT -> b.append("<memory snapshot='external' file='/var/lib/save/t.mem'/>");
            default -> {}
        }
        switch (c.disks()) {
            case NO -> b.append("<disks><disk name='vda' snapshot='no'/></disks>");
            case INT -> b.append("<disks><disk name='vda' snapshot='internal'/></disks>");
            case EXT ->
                b.append("<disks><disk name='vda' snapshot='external'><source file='/img/vda.t'/></disk></disks>");
            default -> {}
        }
        return b.append("</domainsnapshot>").toString();
    }

    static ValidationContext context(Combination c) {
        ValidationContext ctx = ValidationContext.of(c.online() ? DomainState.RUNNING : DomainState.SHUTOFF);
        return c.diskOnly() ? ctx.withFlags(CreateFlag.DISK_ONLY) : ctx;
    }

    @Test
    void everyRowIsReachedByADocument() {
        Set<Integer> reached = new TreeSet<>();
        for (Combination c : all()) {
            ValidationReport report = SnapshotValidator.create().check(document(c), context(c));
            CombinationTable.Row row = report.tableRow().orElseThrow(() -> new AssertionError(c + ": " + report));
            assertEquals(
                    TABLE.lookup(c.online(), c.memory(), c.disks(), c.diskOnly())
                            .number(),
                    row.number(),
                    c::toString);
            reached.add(row.number());
        }
        assertEquals(25, reached.size(), "rows reached: " + reached);
    }

    /** Without the domain's disks to align, the table decides: each release's result for the cell. */
    @TestFactory
    List<DynamicTest> withoutADomainEachCombinationGetsTheReleasesResult() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LibvirtVersion libvirt : List.of(
                LibvirtVersion.V9_0, LibvirtVersion.parse("10.0"), LibvirtVersion.V11_3, LibvirtVersion.V12_9)) {
            CombinationTable table = CombinationTable.forLibvirt(libvirt);
            for (Combination c : all()) {
                tests.add(DynamicTest.dynamicTest(libvirt + " " + c, () -> {
                    CombinationTable.Cell cell = table.cell(c.online(), c.memory(), c.disks(), c.diskOnly());
                    ValidationReport report = SnapshotValidator.create()
                            .check(document(c), context(c).withLibvirt(libvirt));
                    CombinationTable.Result result = cell.libvirt();
                    if (result.accepted()) {
                        assertEquals(Verdict.OK, report.verdict(), report.problems()::toString);
                        assertEquals(result.plan(), report.plan());
                    } else if (result.refusal().orElseThrow() == Rule.Kind.INVALID) {
                        assertEquals(Verdict.INVALID, report.verdict(), report.problems()::toString);
                    } else {
                        assertEquals(Verdict.UNSUPPORTED, report.verdict(), report.problems()::toString);
                        assertTrue(report.plan().isEmpty());
                    }
                }));
            }
        }
        return tests;
    }

    /**
     * From 10.4 a shut-off domain's external disk needs no disk-only; from 10.9 a running domain's
     * internal snapshot is QEMU's snapshot-save job; everything else is as in 9.0.
     */
    @Test
    void laterReleasesDifferFrom9InTheirDatedCells() {
        CombinationTable v10 = CombinationTable.forLibvirt(LibvirtVersion.parse("10.0"));
        CombinationTable v12 = CombinationTable.forLibvirt(LibvirtVersion.V12_9);
        List<String> changed10 = new ArrayList<>();
        List<String> changed12 = new ArrayList<>();
        for (Combination c : all()) {
            String nine = TABLE.cell(c.online(), c.memory(), c.disks(), c.diskOnly())
                    .libvirt()
                    .text();
            if (!nine.equals(v10.cell(c.online(), c.memory(), c.disks(), c.diskOnly())
                    .libvirt()
                    .text())) {
                changed10.add(c.toString());
            }
            String twelve = v12.cell(c.online(), c.memory(), c.disks(), c.diskOnly())
                    .libvirt()
                    .text();
            if (!nine.equals(twelve) && !nine.replace("savevm", "snapshot-save").equals(twelve)) {
                changed12.add(c + ": " + twelve);
            }
        }
        assertEquals(List.of(), changed10, "10.0 answers as 9.0");
        assertEquals(
                List.of(
                        "offline memory=omit disks=ext disk-only=off: memory=no disks=external via qemu-img",
                        "offline memory=no disks=ext disk-only=off: memory=no disks=external via qemu-img"),
                changed12);
        assertEquals(
                "memory=internal disks=internal via snapshot-save",
                v12.cell(true, Request.OMIT, Request.OMIT, false).libvirt().text());
        assertEquals(LibvirtVersion.V12_9, CombinationTable.standard().libvirt());
        assertEquals(
                LibvirtVersion.V12_9,
                CombinationTable.forLibvirt(LibvirtVersion.parse("14.0")).libvirt());
    }

    @Test
    void libvirt9DiffersInFifteenCellsEachWithItsReason() {
        List<CombinationTable.Cell> differing =
                TABLE.cells().stream().filter(CombinationTable.Cell::differs).toList();
        assertEquals(15, differing.size(), differing::toString);
        for (CombinationTable.Cell cell : differing) {
            assertFalse(cell.difference().orElseThrow().isBlank(), cell::toString);
            assertFalse(
                    cell.design().text().equals(cell.libvirt().text()),
                    () -> cell + ": a 9.0 line that says what the design says: "
                            + cell.libvirt().text());
        }
        CombinationTable.Cell overlays = TABLE.cell(false, Request.OMIT, Request.OMIT, true);
        assertEquals("memory=no disks=internal via qemu-img", overlays.design().text());
        assertEquals("memory=no disks=external via qemu-img", overlays.libvirt().text());
        CombinationTable.Cell runningNoMemory = TABLE.cell(true, Request.NO, Request.EXT, false);
        assertEquals(
                "memory=no disks=external via transaction",
                runningNoMemory.design().text());
        assertEquals(
                "unsupported: internal snapshot of a running VM must include the memory state",
                runningNoMemory.libvirt().text());
        CombinationTable.Cell nothing = TABLE.cell(true, Request.NO, Request.NO, true);
        assertEquals("invalid: nothing to snapshot", nothing.design().text());
        assertEquals(
                "unsupported: nothing selected for snapshot",
                nothing.libvirt().text(),
                "libvirt raises it as an unsupported configuration");
        assertEquals(64, TABLE.cells().size());
    }

    /**
     * Each proven release's table is what its real qemu driver did with every disk named, on a
     * running and a shut-off domain with two qcow2 disks (recorded in
     * {@code src/test/resources/qemu-oracle}): accepted or refused alike, the same memory and
     * mechanism, and libvirt's own message where the table gives one.
     */
    @TestFactory
    List<DynamicTest> eachReleasesColumnIsWhatItsQemuDriverDid() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LibvirtVersion libvirt : LibvirtVersion.proven()) {
            tests.addAll(columnIsWhatQemuDid(libvirt));
        }
        return tests;
    }

    private static List<DynamicTest> columnIsWhatQemuDid(LibvirtVersion libvirt) {
        java.util.Map<String, QemuAgreementTest.Case> recorded = new java.util.HashMap<>();
        for (QemuAgreementTest.Case c : QemuAgreementTest.cases(libvirt)) {
            recorded.put(c.id(), c);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (CombinationTable.Cell cell : CombinationTable.forLibvirt(libvirt).cells()) {
            String id = "qcow2-" + (cell.online() ? "running" : "shutoff") + "-m"
                    + cell.memory().label() + "-d" + cell.disks().label() + "-A" + (cell.diskOnly() ? "-do" : "");
            tests.add(DynamicTest.dynamicTest(libvirt + " " + id, () -> {
                QemuAgreementTest.Case c = recorded.get(id);
                CombinationTable.Result result = cell.libvirt();
                assertEquals(c.accepted(), result.accepted(), () -> cell + ": " + result.text() + " vs " + c.message());
                if (c.accepted()) {
                    Plan plan = result.plan().orElseThrow();
                    assertEquals(c.via(), plan.via().label());
                    assertEquals(plan.memory(), c.check().plan().orElseThrow().memory());
                } else {
                    ValidationReport ours = c.check();
                    assertEquals(
                            result.refusal().orElseThrow() == Rule.Kind.INVALID ? Verdict.INVALID : Verdict.UNSUPPORTED,
                            ours.errors().get(0).verdict(),
                            ours::toString);
                    if (cell.differs()) {
                        assertEquals(
                                LibvirtAgreementTest.withoutCategory(c.message()),
                                result.reason().orElseThrow());
                    }
                }
            }));
        }
        return tests;
    }

    /** With the state not given, each state's check falls in its own cell; none warns of the state. */
    @Test
    void anUnknownStateIsLookedUpInEachState() {
        ValidationReport report = SnapshotValidator.create().check("<domainsnapshot/>", ValidationContext.empty());
        assertTrue(report.isOk());
        assertTrue(report.plan().isEmpty(), "savevm when running, qemu-img when shut off");
        assertTrue(report.tableRow().isEmpty());
        assertEquals(List.of(), report.warnings());
        for (Map.Entry<DomainState, ValidationReport> e : report.byState().entrySet()) {
            CombinationTable.Row row = e.getValue().tableRow().orElseThrow();
            assertEquals(e.getKey().isActive(), row.online(), e::toString);
        }
    }

    @Test
    void aRedefinitionUsesItsOwnState() {
        String doc = "<domainsnapshot><name>r</name><state>disk-snapshot</state><creationTime>5</creationTime>"
                + "<disks><disk name='vda' snapshot='external'><source file='/img/a'/></disk></disks></domainsnapshot>";
        ValidationReport report =
                SnapshotValidator.create().check(doc, ValidationContext.empty().withFlags(CreateFlag.REDEFINE));
        CombinationTable.Row row = report.tableRow().orElseThrow();
        assertTrue(row.online() && row.diskOnly().contains(true), row::toString);
        assertEquals(
                new Plan(Plan.Location.NO, Plan.Location.EXTERNAL, Plan.Mechanism.TRANSACTION),
                row.plan().orElseThrow());
    }
}
