package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.codec.SnapshotCodec;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTest {
    @Test
    void onlineIsEveryStateButShutoff() {
        for (DomainState s : DomainState.values()) {
            if (s == DomainState.UNKNOWN) {
                assertThrows(IllegalStateException.class, s::isActive);
                assertFalse(s.isKnown());
            } else {
                assertEquals(s != DomainState.SHUTOFF, s.isActive(), s.name());
            }
        }
        assertEquals(DomainState.PMSUSPENDED, DomainState.fromName("PMSuspended"));
        assertThrows(IllegalArgumentException.class, () -> DomainState.fromName("sleepy"));
    }

    @Test
    void withMethodsMakeNewContexts() {
        ValidationContext empty = ValidationContext.empty();
        ValidationContext c = empty.withState(DomainState.PAUSED)
                .withFlags(CreateFlag.ATOMIC, CreateFlag.DISK_ONLY)
                .withExistingSnapshots(List.of())
                .withProbeFiles(true);
        assertEquals(DomainState.UNKNOWN, empty.state());
        assertTrue(empty.flags().isEmpty());
        assertTrue(empty.existingSnapshots().isEmpty());
        assertTrue(empty.regularFileTest().isEmpty());
        assertEquals(DomainState.PAUSED, c.state());
        assertEquals(Set.copyOf(EnumSet.of(CreateFlag.ATOMIC, CreateFlag.DISK_ONLY)), c.flags());
        assertTrue(c.has(CreateFlag.DISK_ONLY));
        assertEquals(List.of(), c.existingSnapshots().orElseThrow());
        assertTrue(c.regularFileTest().isPresent());
        assertFalse(c.regularFileTest().get().test("/no/such/file"));
        assertTrue(c.withProbeFiles(false).regularFileTest().isEmpty());
    }

    /**
     * withFlags adds, as SnapshotBuilder.withFlags and SnapshotRequest.withFlags do: chained, the
     * flags of both calls are checked, and QUIESCE without DISK_ONLY is refused as libvirt
     * refuses it.
     */
    @Test
    void withFlagsAddsAndWithoutFlagsRemoves() {
        ValidationContext c = ValidationContext.of(DomainState.RUNNING)
                .withFlags(CreateFlag.QUIESCE)
                .withFlags(CreateFlag.ATOMIC);
        assertEquals(EnumSet.of(CreateFlag.QUIESCE, CreateFlag.ATOMIC), c.flags());
        assertEquals(
                EnumSet.of(CreateFlag.QUIESCE, CreateFlag.ATOMIC, CreateFlag.DISK_ONLY),
                c.withFlags(List.of(CreateFlag.DISK_ONLY)).flags());
        String externalCheckpoint = "<domainsnapshot><memory snapshot='external' file='/m'/></domainsnapshot>";
        ValidationReport report = SnapshotValidator.create().check(externalCheckpoint, c);
        assertEquals(Verdict.INVALID, report.verdict(), report.problems()::toString);
        assertEquals(
                Rule.FLAGS_QUIESCE_REQUIRES_DISK_ONLY, report.errors().get(0).rule());
        assertEquals(
                "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE'",
                report.errors().get(0).message());

        ValidationContext atomicOnly = c.withoutFlags(CreateFlag.QUIESCE);
        assertEquals(EnumSet.of(CreateFlag.ATOMIC), atomicOnly.flags());
        assertEquals(EnumSet.of(CreateFlag.QUIESCE, CreateFlag.ATOMIC), c.flags(), "c itself is unchanged");
        assertTrue(atomicOnly
                .withoutFlags(List.of(CreateFlag.ATOMIC, CreateFlag.LIVE))
                .flags()
                .isEmpty());
        assertTrue(
                SnapshotValidator.create().check(externalCheckpoint, atomicOnly).isOk());
    }

    /** The validator takes a request with its flags: nobody copies them into the context by hand. */
    @Test
    void aRequestIsCheckedWithItsFlags() {
        SnapshotRequest request = new SnapshotRequest(
                SnapshotCodec.create().read("<domainsnapshot><memory snapshot='external' file='/m'/></domainsnapshot>"),
                EnumSet.of(CreateFlag.QUIESCE));
        ValidationReport report = SnapshotValidator.create().check(request, ValidationContext.of(DomainState.RUNNING));
        assertEquals(
                Rule.FLAGS_QUIESCE_REQUIRES_DISK_ONLY, report.errors().get(0).rule());
        assertEquals(
                EnumSet.of(CreateFlag.QUIESCE), report.context().orElseThrow().flags());
        ValidationReport withContextFlags = SnapshotValidator.create()
                .check(request, ValidationContext.of(DomainState.RUNNING).withFlags(CreateFlag.DISK_ONLY));
        assertEquals(
                EnumSet.of(CreateFlag.QUIESCE, CreateFlag.DISK_ONLY),
                withContextFlags.context().orElseThrow().flags(),
                "the request's flags are added to the context's");
    }

    /**
     * One entry point for every input: a String, a Path, a Reader and an InputStream give the same
     * report, the flag problems libvirt finds before reading included, and the reader's failure.
     */
    @Test
    void everyInputIsCheckedTheSameWay(@TempDir Path dir) throws Exception {
        String truncated = "<domainsnapshot><name>x</name>";
        Path file = Files.writeString(dir.resolve("cut.xml"), truncated);
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING).withFlags(CreateFlag.CURRENT);
        SnapshotValidator v = SnapshotValidator.create();
        List<ValidationReport> reports = List.of(
                v.check(truncated, ctx),
                v.check(file, ctx),
                v.check(new StringReader(truncated), ctx),
                v.check(new ByteArrayInputStream(truncated.getBytes(StandardCharsets.UTF_8)), ctx));
        for (ValidationReport r : reports) {
            assertEquals(
                    List.of(Rule.FLAGS_CURRENT_REQUIRES_REDEFINE, Rule.DOCUMENT_MALFORMED),
                    r.problems().stream().map(Problem::rule).toList());
            assertEquals(reports.get(0).problems(), r.problems());
            assertEquals(
                    SnapshotXmlException.Kind.MALFORMED,
                    r.readFailure().orElseThrow().kind());
        }
        assertTrue(v.check(new StringReader("<domainsnapshot/>"), ctx.withoutFlags(CreateFlag.CURRENT))
                .readFailure()
                .isEmpty());
        SnapshotXmlException io =
                assertThrows(SnapshotXmlException.class, () -> v.check(dir.resolve("missing.xml"), ctx));
        assertEquals(SnapshotXmlException.Kind.IO, io.kind());
    }
}
