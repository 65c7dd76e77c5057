package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a report says: the request it checked, and a plan exactly when ok, or why not. */
class ReportMeaningTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();
    private static final String DOMAIN =
            "<domain type='kvm'><name>vm</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
                    + "<devices><disk type='file' device='disk'><source file='/img/vm.qcow2'/>"
                    + "<target dev='vda' bus='virtio'/></disk></devices></domain>";
    private static final String REQUEST =
            "<domainsnapshot><name>s</name><memory snapshot='internal'/></domainsnapshot>";

    @Test
    void anOkRequestWithAKnownStateOnQemuHasAPlan() {
        ValidationReport r = VALIDATOR.check(REQUEST, ValidationContext.of(DomainState.RUNNING));
        assertTrue(r.isOk(), r.problems()::toString);
        assertTrue(r.plan().isPresent());
        assertTrue(r.noPlanReason().isEmpty());
    }

    @Test
    void withoutTheStateTheReasonIsTheState() {
        ValidationReport r =
                VALIDATOR.check("<domainsnapshot><name>s</name></domainsnapshot>", ValidationContext.empty());
        assertTrue(r.isOk(), r.problems()::toString);
        assertTrue(r.plan().isEmpty());
        assertTrue(r.noPlanReason().orElseThrow().contains("state was not given"), r.noPlanReason()::toString);
    }

    @Test
    void aDriverWithoutATableSaysSoNotThatTheStateIsUnknown() {
        for (LibvirtDriver driver : List.of(LibvirtDriver.TEST, LibvirtDriver.ESX, LibvirtDriver.VBOX)) {
            ValidationReport r = VALIDATOR.check(
                    "<domainsnapshot><name>s</name></domainsnapshot>",
                    ValidationContext.of(DomainState.RUNNING).withDriver(driver));
            assertTrue(r.isOk(), driver + " " + r.problems());
            String reason = r.noPlanReason().orElseThrow();
            assertTrue(reason.contains(driver.label() + " driver"), reason);
            assertFalse(reason.contains("state"), reason);
            assertTrue(r.toString().contains("no plan: "), r.toString());
        }
    }

    @Test
    void aRefusedRequestHasNeitherPlanNorReason() {
        ValidationReport r = VALIDATOR.check(
                "<domainsnapshot><name>.hidden</name></domainsnapshot>", ValidationContext.of(DomainState.RUNNING));
        assertFalse(r.isOk());
        assertTrue(r.plan().isEmpty());
        assertTrue(r.noPlanReason().isEmpty());
    }

    @Test
    void theReportGivesTheRequestAndContextItChecked() {
        DomainSnapshot s = CODEC.read(REQUEST);
        ValidationContext ctx = ValidationContext.of(DomainState.SHUTOFF).withFlags(CreateFlag.ATOMIC);
        ValidationReport r = VALIDATOR.validate(s, ctx);
        assertSame(s, r.request().orElseThrow());
        assertSame(ctx, r.context().orElseThrow());
        ValidationReport read = VALIDATOR.check(REQUEST, ctx);
        assertEquals(s, read.request().orElseThrow());
        ValidationReport unreadable = VALIDATOR.check("<domainsnapshot>", ctx);
        assertTrue(unreadable.request().isEmpty());
        assertTrue(unreadable.context().isEmpty());
        assertFalse(unreadable.isOk());
    }

    /** Over every request shipped with the tests, in several contexts: ok has a plan or a reason, never both. */
    @Test
    void okAndThePlanAgreeOnEveryShippedRequest() throws IOException {
        List<Path> files;
        try (Stream<Path> in = Stream.concat(
                Files.list(Path.of("src/test/resources/qemu-oracle/in")),
                Files.list(Path.of("src/test/resources/libvirt-oracle/in")))) {
            files = in.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertTrue(files.size() > 500, "requests: " + files.size());
        List<ValidationContext> contexts = List.of(
                ValidationContext.empty(),
                ValidationContext.of(DomainState.RUNNING).withDomain(CODEC.readElement(DOMAIN)),
                ValidationContext.of(DomainState.SHUTOFF).withFlags(CreateFlag.DISK_ONLY),
                ValidationContext.of(DomainState.RUNNING).withDriver(LibvirtDriver.TEST),
                ValidationContext.of(DomainState.RUNNING).withFlags(CreateFlag.REDEFINE));
        int ok = 0;
        int planned = 0;
        for (Path f : files) {
            for (ValidationContext ctx : contexts) {
                ValidationReport r = VALIDATOR.check(f, ctx);
                boolean plan = r.plan().isPresent();
                boolean reason = r.noPlanReason().isPresent();
                assertEquals(r.isOk(), plan || reason, f + " " + ctx + ": " + r);
                assertFalse(plan && reason, f + " " + ctx + ": " + r);
                ok += r.isOk() ? 1 : 0;
                planned += plan ? 1 : 0;
            }
        }
        assertTrue(ok > 100 && planned > 50, ok + " ok, " + planned + " planned");
    }

    @Test
    void aFileThatCannotBeReadIsAnIoException() {
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class,
                () -> VALIDATOR.check(Path.of("/no/such/request.xml"), ValidationContext.empty()));
        assertEquals(SnapshotXmlException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains("/no/such/request.xml"), e.getMessage());
    }

    /**
     * The verdict is the class of the error code libvirt raises: "nothing selected for snapshot"
     * is an unsupported configuration (VIR_ERR_CONFIG_UNSUPPORTED), with the domain's disks at
     * hand and without them (4 of the 64 cells of the table on a one-disk domain); of one rule, a
     * host's bad port is an invalid argument and its unknown transport an unsupported
     * configuration.
     */
    @Test
    void theVerdictIsTheClassOfLibvirtsErrorCode() {
        String nothing = "<domainsnapshot><memory snapshot='no'/><disks><disk name='vda' snapshot='no'/></disks>"
                + "</domainsnapshot>";
        for (DomainState state : List.of(DomainState.RUNNING, DomainState.SHUTOFF)) {
            ValidationContext diskOnly = ValidationContext.of(state).withFlags(CreateFlag.DISK_ONLY);
            ValidationReport aligned = VALIDATOR.check(nothing, diskOnly.withDomain(CODEC.readElement(DOMAIN)));
            assertEquals(Rule.QEMU_NOTHING_SELECTED, aligned.errors().get(0).rule(), aligned::toString);
            assertEquals(Verdict.UNSUPPORTED, aligned.verdict(), aligned.problems()::toString);
            ValidationReport byTable = VALIDATOR.check(nothing, diskOnly);
            assertEquals(
                    "nothing selected for snapshot", byTable.errors().get(0).message(), byTable::toString);
            assertEquals(Verdict.UNSUPPORTED, byTable.verdict(), byTable.problems()::toString);
        }
        String host = "<domainsnapshot><disks><disk name='vda' type='network' snapshot='external'>"
                + "<source protocol='nbd'><host name='h' %s/></source></disk></disks></domainsnapshot>";
        ValidationContext running = ValidationContext.of(DomainState.RUNNING);
        ValidationReport port = VALIDATOR.check(host.formatted("port='x'"), running);
        assertEquals(Rule.SOURCE_HOST, port.errors().get(0).rule());
        assertEquals(Verdict.INVALID, port.verdict(), "failed to parse port number: an invalid argument");
        ValidationReport transport =
                VALIDATOR.check(host.formatted("transport='carrier-pigeon'"), running.withLibvirt(LibvirtVersion.V9_0));
        assertEquals(Rule.SOURCE_HOST, transport.errors().get(0).rule());
        assertEquals(
                Verdict.UNSUPPORTED,
                transport.verdict(),
                "9.0: unknown protocol transport type: an unsupported configuration");
        ValidationReport enumerated = VALIDATOR.check(host.formatted("transport='carrier-pigeon'"), running);
        assertEquals(LibvirtError.XML_ERROR, enumerated.errors().get(0).libvirtError());
        assertEquals(Verdict.INVALID, enumerated.verdict(), "from 9.8 an invalid value of the enum: an XML error");
    }

    /**
     * ValidationContext.empty() answers for every state the domain may be snapshotted in: refused
     * in all is refused; accepted in some only is neither ok nor refused, and says where.
     */
    @Test
    void anUnknownStateIsCheckedInEveryState() {
        String external = "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/img/o'/></disk>"
                + "</disks></domainsnapshot>";
        ValidationReport everywhere =
                VALIDATOR.check(external, ValidationContext.empty().withLibvirt(LibvirtVersion.V9_0));
        assertEquals(Verdict.UNSUPPORTED, everywhere.verdict(), everywhere.problems()::toString);
        assertFalse(everywhere.isOk());
        assertEquals(List.of(), everywhere.acceptedIn());
        // from 10.4 a shut-off domain's external disk needs no disk-only flag
        ValidationReport shutOff = VALIDATOR.check(external, ValidationContext.empty());
        assertEquals(Verdict.DEPENDS_ON_STATE, shutOff.verdict(), shutOff.problems()::toString);
        assertEquals(List.of(DomainState.SHUTOFF), shutOff.acceptedIn());

        ValidationReport some = VALIDATOR.check(REQUEST, ValidationContext.empty());
        assertEquals(Verdict.DEPENDS_ON_STATE, some.verdict(), some.problems()::toString);
        assertFalse(some.isOk());
        assertEquals(List.of(DomainState.RUNNING, DomainState.PAUSED), some.acceptedIn());
        Problem offline = some.errors().get(0);
        assertEquals(Rule.MEMORY_OFFLINE, offline.rule());
        assertEquals(List.of(DomainState.SHUTOFF), some.statesOf(offline));
        assertEquals(
                List.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTOFF),
                List.copyOf(some.byState().keySet()));
        assertTrue(some.byState().get(DomainState.RUNNING).isOk());

        ValidationReport all =
                VALIDATOR.check("<domainsnapshot><name>s</name></domainsnapshot>", ValidationContext.empty());
        assertTrue(all.isOk(), all.problems()::toString);
        assertEquals(List.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTOFF), all.acceptedIn());
        assertTrue(all.plan().isEmpty(), "the plan depends on the state");
        assertTrue(all.noPlanReason().orElseThrow().contains("state"), all.noPlanReason()::toString);

        ValidationReport known = VALIDATOR.check(REQUEST, ValidationContext.of(DomainState.PAUSED));
        assertEquals(List.of(DomainState.PAUSED), known.acceptedIn());
        assertTrue(known.byState().isEmpty());
    }
}
