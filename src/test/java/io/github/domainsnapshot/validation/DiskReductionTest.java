package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.validation.CombinationTable.Request;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiskReductionTest {
    private static Optional<Request> reduce(String... modes) {
        return DiskReduction.reduce(Arrays.asList(modes));
    }

    @Test
    void noDisksOrOnlyDefaultsIsOmit() {
        assertEquals(Optional.of(Request.OMIT), DiskReduction.reduce(List.of()));
        assertEquals(Optional.of(Request.OMIT), reduce((String) null));
        assertEquals(Optional.of(Request.OMIT), reduce(null, null));
    }

    @Test
    void externalWinsOverExclusions() {
        assertEquals(Optional.of(Request.EXT), reduce("external", "no", null));
        assertEquals(Optional.of(Request.EXT), reduce("manual", "external"));
    }

    @Test
    void internalWinsOverExclusions() {
        assertEquals(Optional.of(Request.INT), reduce("no", "internal"));
        assertEquals(Optional.of(Request.INT), reduce("internal", null));
    }

    @Test
    void internalAndExternalTogetherHaveNoValue() {
        assertEquals(Optional.empty(), reduce("internal", "external"));
        assertEquals(Optional.empty(), reduce("no", "external", "internal"));
    }

    @Test
    void onlyExclusionsAreNoUnlessADiskTakesItsDefault() {
        assertEquals(Optional.of(Request.NO), reduce("no"));
        assertEquals(Optional.of(Request.NO), reduce("no", "manual"));
        assertEquals(Optional.of(Request.NO), reduce("manual"));
        assertEquals(Optional.of(Request.OMIT), reduce("no", null));
    }

    @Test
    void aSourceOrFormatMakesADiskExternalBeforeReduction() {
        String doc = "<domainsnapshot><disks><disk name='vda'><source file='/img/x'/></disk>"
                + "<disk name='vdb' snapshot='internal'/></disks></domainsnapshot>";
        ValidationReport report = SnapshotValidator.create().check(doc, ValidationContext.of(DomainState.RUNNING));
        assertEquals(
                List.of(Rule.TABLE_MIXED_DISKS),
                report.errors().stream().map(Problem::rule).toList());
        assertEquals(
                "mixing internal and external targets for a snapshot is not yet supported",
                report.errors().get(0).message());
        assertEquals(Verdict.UNSUPPORTED, report.verdict());

        String formatOnly =
                "<domainsnapshot><disks><disk name='vda'><driver type='qcow2'/></disk></disks></domainsnapshot>";
        ValidationReport r2 = SnapshotValidator.create()
                .check(formatOnly, ValidationContext.of(DomainState.RUNNING).withFlags(CreateFlag.DISK_ONLY));
        assertEquals(Request.EXT, r2.tableRow().orElseThrow().disks().iterator().next());
    }
}
