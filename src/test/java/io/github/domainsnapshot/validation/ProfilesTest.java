package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.CreationTime;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.SnapshotState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Each driver profile: the flags it takes, the parts of a request it refuses, and its messages. */
class ProfilesTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final String DOMAIN =
            "<domain type='kvm'><name>vm</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
                    + "<devices><disk type='file' device='disk' snapshot='internal'><source file='/img/vm.qcow2'/>"
                    + "<target dev='vda' bus='virtio'/></disk></devices></domain>";
    private static final String REDEFINABLE = "<domainsnapshot><name>s</name><state>running</state>"
            + "<creationTime>1</creationTime>" + DOMAIN + "</domainsnapshot>";

    static ValidationContext ctx(LibvirtDriver driver) {
        return ValidationContext.of(DomainState.RUNNING).withDriver(driver).withDomain(CODEC.readElement(DOMAIN));
    }

    static Set<CreateFlag> expected(LibvirtDriver driver) {
        return switch (driver) {
            case QEMU -> EnumSet.allOf(CreateFlag.class);
            case TEST ->
                EnumSet.of(
                        CreateFlag.REDEFINE,
                        CreateFlag.CURRENT,
                        CreateFlag.HALT,
                        CreateFlag.QUIESCE,
                        CreateFlag.ATOMIC,
                        CreateFlag.LIVE,
                        CreateFlag.VALIDATE);
            case ESX ->
                EnumSet.of(CreateFlag.DISK_ONLY, CreateFlag.QUIESCE, CreateFlag.NO_METADATA, CreateFlag.VALIDATE);
            case VBOX ->
                EnumSet.of(CreateFlag.NO_METADATA, CreateFlag.REDEFINE, CreateFlag.CURRENT, CreateFlag.VALIDATE);
        };
    }

    @TestFactory
    List<DynamicTest> eachFlagIsTakenOrRefusedByEachDriver() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LibvirtDriver driver : LibvirtDriver.values()) {
            assertEquals(expected(driver), driver.supportedFlags());
            for (CreateFlag flag : CreateFlag.values()) {
                tests.add(DynamicTest.dynamicTest(driver.label() + " " + flag.cliName(), () -> {
                    // REDEFINE's companion CURRENT needs it; give each flag what libvirt's client requires
                    Set<CreateFlag> flags = flag == CreateFlag.CURRENT
                            ? EnumSet.of(CreateFlag.CURRENT, CreateFlag.REDEFINE)
                            : EnumSet.of(flag);
                    ValidationReport r = SnapshotValidator.create()
                            .check(REDEFINABLE, ctx(driver).withFlags(flags));
                    List<Problem> refusals = r.problems().stream()
                            .filter(p -> p.rule() == Rule.DRIVER_FLAGS)
                            .toList();
                    int unsupported = CreateFlag.toMask(flags) & ~CreateFlag.toMask(driver.supportedFlags());
                    if (unsupported == 0) {
                        assertTrue(refusals.isEmpty(), refusals::toString);
                    } else {
                        assertEquals(1, refusals.size());
                        assertEquals(
                                "unsupported flags (0x" + Integer.toHexString(unsupported) + ") in function "
                                        + driver.function(),
                                refusals.get(0).message());
                        // virCheckFlags raises VIR_ERR_INVALID_ARG
                        assertEquals(LibvirtError.INVALID_ARG, refusals.get(0).libvirtError());
                        assertEquals(Rule.Kind.INVALID, refusals.get(0).rule().kind());
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void refusedFlagsAreNamedTogetherInHex() {
        ValidationReport r = SnapshotValidator.create()
                .check(
                        "<domainsnapshot/>",
                        ctx(LibvirtDriver.TEST)
                                .withFlags(CreateFlag.DISK_ONLY, CreateFlag.REUSE_EXT, CreateFlag.NO_METADATA));
        assertEquals(
                "unsupported flags (0x34) in function testDomainSnapshotCreateXML",
                r.errors().get(0).message());
        assertEquals(Verdict.INVALID, r.verdict(), "virCheckFlags raises VIR_ERR_INVALID_ARG");
        ValidationReport esx = SnapshotValidator.create()
                .check("<domainsnapshot/>", ctx(LibvirtDriver.ESX).withFlags(CreateFlag.LIVE, CreateFlag.ATOMIC));
        assertEquals(
                "unsupported flags (0x180) in function esxDomainSnapshotCreateXML",
                esx.errors().get(0).message());
        ValidationReport vbox = SnapshotValidator.create()
                .check("<domainsnapshot/>", ctx(LibvirtDriver.VBOX).withFlags(CreateFlag.HALT));
        assertEquals(
                "unsupported flags (0x8) in function vboxDomainSnapshotCreateXML",
                vbox.errors().get(0).message());
    }

    @Test
    void theTestDriverRefusesTheManualMode() {
        ValidationReport r = SnapshotValidator.create()
                .check(
                        "<domainsnapshot><disks><disk name='vda' snapshot='manual'/></disks></domainsnapshot>",
                        ctx(LibvirtDriver.TEST));
        assertEquals(Rule.DRIVER_MANUAL_MODE, r.errors().get(0).rule());
        assertEquals(
                "'manual' snapshot mode is not supported by the test driver",
                r.errors().get(0).message());
    }

    @Test
    void esxRefusesAnyDisksAndOverridesOfTheDomainsMode() {
        ValidationReport r = SnapshotValidator.create()
                .check(
                        "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/img/o'/></disk></disks>"
                                + "</domainsnapshot>",
                        ctx(LibvirtDriver.ESX));
        assertEquals(
                List.of(Rule.DRIVER_DISKS, Rule.DRIVER_DISK_MODE_OVERRIDE),
                r.errors().stream().map(Problem::rule).toList());
        assertEquals("disk snapshots not supported yet", r.errors().get(0).message());
        assertTrue(
                r.errors().get(1).message().contains("the domain's disk sets 'internal'"),
                r.errors().get(1).message());
        ValidationReport same = SnapshotValidator.create()
                .check(
                        "<domainsnapshot><disks><disk name='vda' snapshot='internal'/></disks></domainsnapshot>",
                        ctx(LibvirtDriver.ESX));
        assertEquals(
                List.of(Rule.DRIVER_DISKS),
                same.errors().stream().map(Problem::rule).toList());
        assertTrue(SnapshotValidator.create()
                .check("<domainsnapshot><name>e</name></domainsnapshot>", ctx(LibvirtDriver.ESX))
                .isOk());
    }

    @Test
    void qemusOwnRulesAndTheTableAreQemusOnly() {
        String doc = "<domainsnapshot><name>a/b</name><memory snapshot='internal'/><disks><disk name='vda' "
                + "snapshot='no'/></disks></domainsnapshot>";
        ValidationReport qemu = SnapshotValidator.create()
                .check(
                        doc,
                        ctx(LibvirtDriver.QEMU).withState(DomainState.SHUTOFF).withFlags(CreateFlag.LIVE));
        Set<Rule> rules = EnumSet.noneOf(Rule.class);
        qemu.errors().forEach(p -> rules.add(p.rule()));
        assertTrue(
                rules.containsAll(Set.of(
                        Rule.NAME_CHARACTERS, Rule.FLAGS_LIVE, Rule.MEMORY_OFFLINE, Rule.ALIGN_UNIFORM_INTERNAL)),
                rules::toString);
        assertTrue(qemu.tableRow().isPresent(), "qemu's request falls in a row of the table");
        for (LibvirtDriver other : List.of(LibvirtDriver.TEST, LibvirtDriver.ESX, LibvirtDriver.VBOX)) {
            ValidationReport r =
                    SnapshotValidator.create().check(doc, ctx(other).withState(DomainState.SHUTOFF));
            assertTrue(r.tableRow().isEmpty(), other.label());
            assertFalse(
                    r.problems().stream()
                            .anyMatch(p -> p.rule() == Rule.NAME_CHARACTERS
                                    || p.rule() == Rule.MEMORY_OFFLINE
                                    || p.rule() == Rule.TABLE_STATE_UNKNOWN),
                    () -> other + " " + r.problems());
        }
    }

    @Test
    void theTestDriverStoresMemoryByTheDomainsState() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC);
        String noMemory = "<domainsnapshot><name>t</name><memory snapshot='no'/></domainsnapshot>";
        DomainSnapshot running = SnapshotValidator.create()
                .check(noMemory, ctx(LibvirtDriver.TEST).withClock(clock))
                .aligned()
                .orElseThrow();
        assertEquals(MemorySnapshotMode.INTERNAL, running.getMemory().getSnapshot());
        String internal = "<domainsnapshot><memory snapshot='internal'/></domainsnapshot>";
        DomainSnapshot off = SnapshotValidator.create()
                .check(internal, ctx(LibvirtDriver.TEST).withClock(clock).withState(DomainState.SHUTOFF))
                .aligned()
                .orElseThrow();
        assertEquals(MemorySnapshotMode.NO, off.getMemory().getSnapshot());
        assertEquals(SnapshotState.SHUTOFF, off.getState());
        assertEquals("1700000000", off.getName());
        assertEquals(CreationTime.of("1700000000"), off.getCreationTime());
        assertEquals(null, off.getDescription());
    }

    @Test
    void aDiskOnlySnapshotOfARunningDomainIsStoredAsDiskSnapshot() {
        DomainSnapshot s = SnapshotValidator.create()
                .check(
                        "<domainsnapshot><name>d</name><disks><disk name='vda'>"
                                + "<source file='/img/vm.d'/></disk></disks></domainsnapshot>",
                        ctx(LibvirtDriver.QEMU).withFlags(CreateFlag.DISK_ONLY))
                .aligned()
                .orElseThrow();
        assertEquals(SnapshotState.DISK_SNAPSHOT, s.getState());
        assertEquals(MemorySnapshotMode.NO, s.getMemory().getSnapshot());
        assertEquals(
                "11111111-2222-3333-4444-555555555555",
                io.github.domainsnapshot.domain.DomainView.of(s.getDomain())
                        .uuid()
                        .orElseThrow());
    }

    @Test
    void eachDriverListsItsChecksInLibvirtsOrder() {
        assertEquals(
                List.of(
                        "virDomainSnapshotCreateXML",
                        "virCheckFlags",
                        "qemuSnapshotCreateXML",
                        "qemuSnapshotCreateXMLParse",
                        "virDomainSnapshotDefParse",
                        "qemuSnapshotCreateXMLValidateDef",
                        "virDomainSnapshotRedefinePrep",
                        "qemuSnapshotCreateAlignDisks",
                        "qemuSnapshotPrepare",
                        "combination table"),
                LibvirtDriver.QEMU.checks());
        assertEquals(
                List.of(
                        "virDomainSnapshotCreateXML",
                        "virCheckFlags",
                        "virDomainSnapshotDefParse",
                        "testDomainSnapshotCreateXML",
                        "virDomainSnapshotRedefinePrep",
                        "testDomainSnapshotAlignDisks"),
                LibvirtDriver.TEST.checks());
        assertEquals(
                List.of("virDomainSnapshotCreateXML", "virCheckFlags", "virDomainSnapshotDefParse"),
                LibvirtDriver.VBOX.checks());
        assertTrue(LibvirtDriver.ESX.checks().contains("esxDomainSnapshotCreateXML"));
    }

    @Test
    void theReportIsMadeAtCheckTime() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC);
        DomainSnapshot request =
                CODEC.read("<domainsnapshot><name>t</name><description>before</description></domainsnapshot>");
        io.github.domainsnapshot.xml.XmlElement domain = CODEC.readElement(DOMAIN);
        ValidationContext context =
                ValidationContext.of(DomainState.RUNNING).withDomain(domain).withClock(clock);
        ValidationReport report = SnapshotValidator.create().validate(request, context);
        String before = CODEC.write(report.aligned().orElseThrow());
        request.setDescription("after");
        request.setName("renamed");
        domain.element("name").getChildren().set(0, "renamed-vm");
        domain.element("devices").element("disk").setAttribute("snapshot", "no");
        assertEquals(before, CODEC.write(report.aligned().orElseThrow()));
        assertTrue(before.contains("<description>before</description>"), before);
        assertTrue(before.contains("<name>vm</name>"), before);
        assertTrue(report.isOk(), report.problems()::toString);
    }

    @Test
    void theTestDriverRecordsTheManualModeInARedefinition() {
        // as libvirt 9.0's test driver does (libvirt-oracle own case rd-manual-disk-snapshot)
        String redefine = "<domainsnapshot><name>m</name><state>disk-snapshot</state><creationTime>5</creationTime>"
                + "<memory snapshot='no'/><disks><disk name='vda' snapshot='manual'/></disks>" + DOMAIN
                + "</domainsnapshot>";
        ValidationReport r = SnapshotValidator.create()
                .check(redefine, ctx(LibvirtDriver.TEST).withFlags(CreateFlag.REDEFINE));
        assertTrue(r.isOk(), r.problems()::toString);
        assertEquals(
                DiskSnapshotMode.MANUAL,
                r.aligned().orElseThrow().getDisks().getDisks().get(0).getSnapshot());
    }

    @Test
    void driversHaveNames() {
        assertEquals(LibvirtDriver.ESX, LibvirtDriver.fromName("ESX"));
        assertThrows(IllegalArgumentException.class, () -> LibvirtDriver.fromName("xen"));
        assertEquals(LibvirtDriver.QEMU, ValidationContext.empty().driver());
    }
}
