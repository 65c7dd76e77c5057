package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test or more per flag, parse, qemu and redefine rule, with libvirt's messages. */
class RulesTest {
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();
    private static final ValidationContext RUNNING = ValidationContext.of(DomainState.RUNNING);
    private static final String DOMAIN =
            "<domain type='kvm'><name>vm</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
                    + "<devices><disk type='file' device='disk'><source file='/img/vm.qcow2'/><target dev='vda' bus='virtio'/></disk>"
                    + "</devices></domain>";
    private static final String REDEFINE_OK = "<domainsnapshot><name>s1</name><state>running</state>"
            + "<creationTime>1700000000</creationTime><memory snapshot='internal'/>" + DOMAIN + "</domainsnapshot>";

    static ValidationReport check(String xml, ValidationContext ctx) {
        return VALIDATOR.check(xml, ctx);
    }

    static Problem only(ValidationReport report, Rule rule) {
        List<Problem> matching =
                report.problems().stream().filter(p -> p.rule() == rule).toList();
        assertEquals(1, matching.size(), () -> rule.id() + " in " + report.problems());
        return matching.get(0);
    }

    static void assertRule(ValidationReport report, Rule rule, String message) {
        assertEquals(message, only(report, rule).message());
    }

    static void assertNoRule(ValidationReport report, Rule rule) {
        assertTrue(report.problems().stream().noneMatch(p -> p.rule() == rule), report.problems()::toString);
    }

    // ---- flags

    @Test
    void currentNeedsRedefine() {
        ValidationReport r = check("<domainsnapshot/>", RUNNING.withFlags(CreateFlag.CURRENT));
        assertRule(
                r,
                Rule.FLAGS_CURRENT_REQUIRES_REDEFINE,
                "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'");
        assertEquals(Verdict.INVALID, r.verdict());
        assertNoRule(
                check(REDEFINE_OK, RUNNING.withFlags(CreateFlag.REDEFINE, CreateFlag.CURRENT)),
                Rule.FLAGS_CURRENT_REQUIRES_REDEFINE);
    }

    @Test
    void redefineExcludesNoMetadataAndHalt() {
        ValidationReport r =
                check(REDEFINE_OK, RUNNING.withFlags(CreateFlag.REDEFINE, CreateFlag.NO_METADATA, CreateFlag.HALT));
        assertRule(
                r,
                Rule.FLAGS_REDEFINE_NO_METADATA,
                "Flags 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' and "
                        + "'VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA' are mutually exclusive");
        assertRule(
                r,
                Rule.FLAGS_REDEFINE_HALT,
                "Flags 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' and "
                        + "'VIR_DOMAIN_SNAPSHOT_CREATE_HALT' are mutually exclusive");
        assertTrue(check("<domainsnapshot/>", RUNNING.withFlags(CreateFlag.NO_METADATA, CreateFlag.HALT))
                .isOk());
    }

    @Test
    void quiesceNeedsDiskOnly() {
        assertRule(
                check("<domainsnapshot/>", RUNNING.withFlags(CreateFlag.QUIESCE)),
                Rule.FLAGS_QUIESCE_REQUIRES_DISK_ONLY,
                "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE'");
        assertTrue(check("<domainsnapshot/>", RUNNING.withFlags(CreateFlag.QUIESCE, CreateFlag.DISK_ONLY))
                .isOk());
    }

    @Test
    void liveOnlyForARunningDomainWithExternalMemory() {
        String ext = "<domainsnapshot><memory snapshot='external' file='/save/m'/></domainsnapshot>";
        assertTrue(check(ext, RUNNING.withFlags(CreateFlag.LIVE)).isOk());
        String message = "live snapshot creation is supported only during full system snapshots";
        ValidationReport internal = check("<domainsnapshot/>", RUNNING.withFlags(CreateFlag.LIVE));
        assertRule(internal, Rule.FLAGS_LIVE, message);
        assertEquals(Verdict.UNSUPPORTED, internal.verdict());
        assertRule(
                check(ext, ValidationContext.of(DomainState.SHUTOFF).withFlags(CreateFlag.LIVE)),
                Rule.FLAGS_LIVE,
                message);
        assertRule(
                check(REDEFINE_OK, RUNNING.withFlags(CreateFlag.LIVE, CreateFlag.REDEFINE)),
                Rule.FLAGS_LIVE_REDEFINE,
                "Flags 'VIR_DOMAIN_SNAPSHOT_CREATE_LIVE' and 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' are mutually exclusive");
    }

    // ---- parse rules

    @Test
    void memoryValueMustBeKnown() {
        ValidationReport r = check("<domainsnapshot>\n  <memory snapshot='bogus'/>\n</domainsnapshot>", RUNNING);
        Problem p = only(r, Rule.MEMORY_VALUE);
        assertEquals("Invalid value for attribute 'snapshot' in element 'memory': 'bogus'.", p.message());
        assertEquals("/domainsnapshot/memory/@snapshot", p.path());
        assertEquals(2, p.line());
        assertEquals(3, p.column(), "an element is located by the start of its start tag");
        assertRule(
                check("<domainsnapshot><memory snapshot='default'/></domainsnapshot>", RUNNING),
                Rule.MEMORY_VALUE,
                "Invalid value for attribute 'snapshot' in element 'memory': 'default'.");
    }

    @Test
    void manualMemoryIsRefused() {
        assertRule(
                check("<domainsnapshot><memory snapshot='manual'/></domainsnapshot>", RUNNING),
                Rule.MEMORY_MANUAL,
                "'manual' memory snapshot mode not supported");
    }

    @Test
    void aMemoryFileMeansExternal() {
        ValidationReport r = check("<domainsnapshot><memory file='/save/m'/></domainsnapshot>", RUNNING);
        assertTrue(r.isOk(), r.problems()::toString);
        assertEquals(Plan.Location.EXTERNAL, r.plan().orElseThrow().memory());
        assertRule(
                check("<domainsnapshot><memory snapshot='internal' file='/tmp/m'/></domainsnapshot>", RUNNING),
                Rule.MEMORY_FILE_REQUIRES_EXTERNAL,
                "memory filename '/tmp/m' requires external snapshot");
        assertRule(
                check("<domainsnapshot><memory snapshot='external'/></domainsnapshot>", RUNNING),
                Rule.MEMORY_EXTERNAL_REQUIRES_FILE,
                "external memory snapshots require a filename");
        assertRule(
                check("<domainsnapshot><memory file='mem.save'/></domainsnapshot>", RUNNING),
                Rule.MEMORY_FILE_ABSOLUTE,
                "memory snapshot file path (mem.save) must be absolute");
    }

    @Test
    void offlineOrDiskOnlyCannotSaveMemory() {
        String message = "memory state cannot be saved with offline or disk-only snapshot";
        String internal = "<domainsnapshot><memory snapshot='internal'/></domainsnapshot>";
        assertRule(check(internal, ValidationContext.of(DomainState.SHUTOFF)), Rule.MEMORY_OFFLINE, message);
        assertRule(check(internal, RUNNING.withFlags(CreateFlag.DISK_ONLY)), Rule.MEMORY_OFFLINE, message);
        assertNoRule(check(internal, RUNNING), Rule.MEMORY_OFFLINE);
        ValidationReport unknown = check(internal, ValidationContext.empty());
        Problem offline = unknown.errors().get(0);
        assertEquals(Rule.MEMORY_OFFLINE, offline.rule());
        assertEquals(List.of(DomainState.SHUTOFF), unknown.statesOf(offline), "only where the domain is shut off");
        assertNoRule(
                check(
                        "<domainsnapshot><memory snapshot='no'/></domainsnapshot>",
                        ValidationContext.of(DomainState.SHUTOFF)),
                Rule.MEMORY_OFFLINE);
    }

    @Test
    void disksNeedNamesAndKnownValues() {
        assertRule(
                check("<domainsnapshot><disks><disk snapshot='external'/></disks></domainsnapshot>", RUNNING),
                Rule.DISK_NAME,
                "missing name from disk snapshot element");
        assertRule(
                check(
                        "<domainsnapshot><disks><disk name='vda' snapshot='sometimes'/></disks></domainsnapshot>",
                        RUNNING),
                Rule.DISK_MODE,
                "Invalid value for attribute 'snapshot' in element 'disk': 'sometimes'.");
        assertRule(
                check("<domainsnapshot><disks><disk name='vda' type='bogus'/></disks></domainsnapshot>", RUNNING),
                Rule.DISK_TYPE_VALUE,
                "Invalid value for attribute 'type' in element 'disk': 'bogus'.");
        assertRule(
                check("<domainsnapshot><disks><disk name='vda' type='volume'/></disks></domainsnapshot>", RUNNING),
                Rule.DISK_TYPE,
                "unsupported disk snapshot type 'volume'");
        assertRule(
                check("<domainsnapshot><disks><disk name='vda' type='dir'/></disks></domainsnapshot>", RUNNING),
                Rule.DISK_TYPE,
                "unsupported disk snapshot type 'dir'");
    }

    @Test
    void everyProblemOfEveryDiskIsReported() {
        String doc = "<domainsnapshot>\n<disks>\n<disk snapshot='x'/>\n<disk name='b' type='volume'>"
                + "<driver type='vmdkx'/></disk>\n</disks>\n</domainsnapshot>";
        ValidationReport r = check(doc, RUNNING);
        assertEquals(
                List.of(Rule.DISK_NAME, Rule.DISK_MODE, Rule.DISK_TYPE, Rule.DISK_DRIVER),
                r.errors().stream().map(Problem::rule).toList());
        assertEquals(
                "/domainsnapshot/disks/disk[2]/driver/@type", r.errors().get(3).path());
        assertEquals(4, r.errors().get(3).line());
    }

    @Test
    void driverFormatsAreLibvirts() {
        for (String format : List.of("raw", "qcow2", "qed", "vmdk", "vpc", "vdi", "vhd", "ploop", "fat", "dir")) {
            assertTrue(
                    check(driverDoc(format), RUNNING.withFlags(CreateFlag.DISK_ONLY))
                            .isOk(),
                    format);
        }
        for (String format : List.of("vmdkx", "none", "luks", "vhdx", "auto")) {
            assertRule(
                    check(driverDoc(format), RUNNING.withFlags(CreateFlag.DISK_ONLY)),
                    Rule.DISK_DRIVER,
                    "unknown disk snapshot driver '" + format + "'");
        }
    }

    private static String driverDoc(String format) {
        return "<domainsnapshot><disks><disk name='vda'><driver type='" + format + "'/><source file='/img/o'/></disk>"
                + "</disks></domainsnapshot>";
    }

    @Test
    void metadataCacheSizesAreScaledIntegers() {
        assertTrue(check(maxSize("KiB", "64"), RUNNING.withFlags(CreateFlag.DISK_ONLY))
                .isOk());
        assertTrue(check(maxSize(null, "65536"), RUNNING.withFlags(CreateFlag.DISK_ONLY))
                .isOk());
        assertRule(check(maxSize("XB", "64"), RUNNING), Rule.DISK_MAX_SIZE, "unknown suffix 'XB'");
        assertRule(
                check(maxSize(null, "abc"), RUNNING),
                Rule.DISK_MAX_SIZE,
                "Invalid value 'abc' for element or attribute './driver/metadata_cache/max_size'");
        assertRule(check(maxSize("EiB", "1000"), RUNNING), Rule.DISK_MAX_SIZE, "value too large: 1000EiB");
    }

    private static String maxSize(String unit, String value) {
        return "<domainsnapshot><disks><disk name='vda'><driver type='qcow2'><metadata_cache><max_size"
                + (unit == null ? "" : " unit='" + unit + "'") + ">" + value + "</max_size></metadata_cache></driver>"
                + "<source file='/img/o'/></disk></disks></domainsnapshot>";
    }

    @Test
    void fileAndBlockPathsMustBeAbsolute() {
        assertRule(
                check(
                        "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='rel.qcow2'/></disk>"
                                + "</disks></domainsnapshot>",
                        RUNNING),
                Rule.DISK_PATH_ABSOLUTE,
                "disk snapshot image path 'rel.qcow2' must be absolute");
        assertRule(
                check(
                        "<domainsnapshot><disks><disk name='vda' type='block'><source dev='dm-1'/></disk>"
                                + "</disks></domainsnapshot>",
                        RUNNING),
                Rule.DISK_PATH_ABSOLUTE,
                "disk snapshot image path 'dm-1' must be absolute");
        assertNoRule(
                check(
                        "<domainsnapshot><disks><disk name='vda' type='network'><source protocol='rbd' name='pool/img'/>"
                                + "</disk></disks></domainsnapshot>",
                        RUNNING),
                Rule.DISK_PATH_ABSOLUTE);
    }

    // ---- redefine parse rules

    @Test
    void aRedefinitionNeedsNameTimeAndState() {
        ValidationContext redefine = RUNNING.withFlags(CreateFlag.REDEFINE);
        ValidationReport r = check("<domainsnapshot/>", redefine);
        assertEquals(
                List.of(
                        "a redefined snapshot must have a name",
                        "missing creationTime from existing snapshot",
                        "missing state from existing snapshot"),
                r.errors().stream().map(Problem::message).limit(3).toList());
        assertRule(
                check(
                        "<domainsnapshot><name>x</name><state>sleeping</state><creationTime>1</creationTime>"
                                + "</domainsnapshot>",
                        redefine),
                Rule.REDEFINE_STATE_VALUE,
                "Invalid state 'sleeping' in domain snapshot XML");
        assertRule(
                check(
                        "<domainsnapshot><name>x</name><state>nostate</state><creationTime>1</creationTime>"
                                + "</domainsnapshot>",
                        redefine),
                Rule.REDEFINE_STATE_VALUE,
                "Invalid state 'nostate' in domain snapshot XML");
        assertRule(
                check(
                        "<domainsnapshot><name>x</name><state>running</state><creationTime>5 </creationTime>"
                                + "</domainsnapshot>",
                        redefine),
                Rule.REDEFINE_CREATION_TIME,
                "missing creationTime from existing snapshot");
        assertNoRule(
                check(
                        "<domainsnapshot><name>x</name><state>running</state><creationTime> 5</creationTime>"
                                + "</domainsnapshot>",
                        redefine),
                Rule.REDEFINE_CREATION_TIME);
        assertTrue(
                check(REDEFINE_OK, redefine).isOk(),
                () -> check(REDEFINE_OK, redefine).problems().toString());
    }

    @Test
    void aRedefinitionsMemoryDefaultsToItsState() {
        String running = REDEFINE_OK.replace("<memory snapshot='internal'/>", "");
        ValidationReport r = check(running, ValidationContext.empty().withFlags(CreateFlag.REDEFINE));
        assertEquals(
                MemorySnapshotMode.INTERNAL,
                r.aligned().orElseThrow().getMemory().getSnapshot());
        String off = running.replace("<state>running</state>", "<state>shutoff</state>");
        assertEquals(
                MemorySnapshotMode.NO,
                check(off, ValidationContext.empty().withFlags(CreateFlag.REDEFINE))
                        .aligned()
                        .orElseThrow()
                        .getMemory()
                        .getSnapshot());
        String offWithMemory = REDEFINE_OK.replace("<state>running</state>", "<state>shutoff</state>");
        assertRule(
                check(offWithMemory, ValidationContext.empty().withFlags(CreateFlag.REDEFINE)),
                Rule.MEMORY_OFFLINE,
                "memory state cannot be saved with offline or disk-only snapshot");
    }

    // ---- qemu's rules

    @Test
    void namesCannotHoldSlashesNorStartWithADot() {
        assertRule(
                check("<domainsnapshot><name>a/b</name></domainsnapshot>", RUNNING),
                Rule.NAME_CHARACTERS,
                "invalid snapshot name 'a/b': name can't contain '/'");
        assertRule(
                check("<domainsnapshot><name>.hidden</name></domainsnapshot>", RUNNING),
                Rule.NAME_CHARACTERS,
                "invalid snapshot name '.hidden': name can't start with '.'");
        // libvirt checks the name only where it keeps metadata (savevm takes any name: 9.0)
        assertTrue(check(
                        "<domainsnapshot><name>a/b</name></domainsnapshot>",
                        RUNNING.withLibvirt(LibvirtVersion.V9_0).withFlags(CreateFlag.NO_METADATA))
                .isOk());
    }

    /**
     * From libvirt 10.9, QEMU's snapshot-save job makes an active domain's internal snapshot, and
     * takes the name into its job id: QEMU refuses one of anything but letters, digits, '-', '.'
     * and '_' (measured on 11.3 and 12.9); savevm (9.0), an offline snapshot by qemu-img and an
     * external one take any name.
     */
    @Test
    void anActiveDomainsInternalSnapshotNeedsANameQemuTakesAsAJobIdFrom10Point9() {
        String awkward = "<domainsnapshot><name>a&amp;b Grüße</name></domainsnapshot>";
        for (LibvirtVersion release : List.of(LibvirtVersion.V11_3, LibvirtVersion.V12_9)) {
            for (DomainState state : List.of(DomainState.RUNNING, DomainState.PAUSED)) {
                assertRule(
                        check(awkward, ValidationContext.of(state).withLibvirt(release)),
                        Rule.NAME_CHARACTERS,
                        "unable to execute QEMU command 'snapshot-save': Invalid job ID"
                                + " 'internal-snapshot-save-a&b Grüße'");
            }
            assertTrue(check("<domainsnapshot><name>a.b_c-D9</name></domainsnapshot>", RUNNING.withLibvirt(release))
                    .isOk());
            assertTrue(check(awkward, ValidationContext.of(DomainState.SHUTOFF).withLibvirt(release))
                    .isOk());
            assertTrue(check(
                            "<domainsnapshot><name>a b</name><memory snapshot='external' file='/m'/></domainsnapshot>",
                            RUNNING.withLibvirt(release))
                    .isOk());
        }
        assertTrue(check(awkward, RUNNING.withLibvirt(LibvirtVersion.V9_0)).isOk(), "savevm takes any name");
    }

    @Test
    void qemuSnapshotsOnlySomeStates() {
        ValidationReport pm = check("<domainsnapshot/>", ValidationContext.of(DomainState.PMSUSPENDED));
        assertRule(pm, Rule.STATE_PMSUSPENDED, "qemu doesn't support taking snapshots of PMSUSPENDED guests");
        assertEquals(Verdict.UNSUPPORTED, pm.verdict());
        assertRule(
                check("<domainsnapshot/>", ValidationContext.of(DomainState.BLOCKED)),
                Rule.STATE_INVALID,
                "Invalid domain state blocked");
        assertTrue(check("<domainsnapshot/>", ValidationContext.of(DomainState.PAUSED))
                .isOk());
        assertTrue(check("<domainsnapshot/>", ValidationContext.of(DomainState.CRASHED))
                .isOk());
    }

    // ---- redefine checks

    @Test
    void theParentMustExistAndMakeNoCycle() {
        ValidationContext redefine = RUNNING.withFlags(CreateFlag.REDEFINE);
        String child = REDEFINE_OK.replace("<creationTime>", "<parent><name>p</name></parent><creationTime>");
        assertRule(
                check(child, redefine.withExistingSnapshots(List.of())),
                Rule.REDEFINE_PARENT,
                "parent p for moment s1 not found");
        Problem unchecked = only(check(child, redefine), Rule.REDEFINE_PARENT_UNCHECKED);
        assertEquals(Severity.WARNING, unchecked.severity());
        assertTrue(check(child, redefine).isOk());
        DomainSnapshot p = snapshot("p", "s1", "running");
        assertTrue(check(child, redefine.withExistingSnapshots(List.of(snapshot("p", null, "running"))))
                .isOk());
        DomainSnapshot grand = snapshot("g", "s1", "running");
        assertRule(
                check(child, redefine.withExistingSnapshots(List.of(snapshot("p", "g", "running"), grand))),
                Rule.REDEFINE_PARENT,
                "parent p would create cycle to s1");
        assertRule(
                check(child, redefine.withExistingSnapshots(List.of(p))),
                Rule.REDEFINE_PARENT,
                "parent p would create cycle to s1");
        assertRule(
                check(
                        REDEFINE_OK.replace("<creationTime>", "<parent><name>s1</name></parent><creationTime>"),
                        redefine.withExistingSnapshots(List.of())),
                Rule.REDEFINE_PARENT,
                "cannot set moment s1 as its own parent");
    }

    private static DomainSnapshot snapshot(String name, String parent, String state) {
        return SnapshotCodec.create()
                .read("<domainsnapshot><name>" + name + "</name><state>" + state + "</state>"
                        + (parent == null ? "" : "<parent><name>" + parent + "</name></parent>")
                        + "<creationTime>1</creationTime>" + DOMAIN + "</domainsnapshot>");
    }

    @Test
    void diskOnlyRedefinitionNeedsTheDiskSnapshotState() {
        assertRule(
                check(REDEFINE_OK, RUNNING.withFlags(CreateFlag.REDEFINE, CreateFlag.DISK_ONLY)),
                Rule.REDEFINE_DISK_ONLY_STATE,
                "disk-only flag for snapshot s1 requires disk-snapshot state");
    }

    @Test
    void theRecordedDomainMustBeTheTarget() {
        ValidationContext ctx = RUNNING.withFlags(CreateFlag.REDEFINE)
                .withDomain(SnapshotCodec.create()
                        .readElement(DOMAIN.replace(
                                "11111111-2222-3333-4444-555555555555", "6695eb01-f6a4-8304-79aa-97f2502e193f")));
        assertRule(
                check(REDEFINE_OK, ctx),
                Rule.REDEFINE_UUID,
                "definition for snapshot s1 must use uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertTrue(check(
                        REDEFINE_OK,
                        RUNNING.withFlags(CreateFlag.REDEFINE)
                                .withDomain(SnapshotCodec.create().readElement(DOMAIN)))
                .isOk());
    }

    @Test
    void aRedefinitionWithoutAFullDomainCannotBeAligned() {
        String uuidOnly = "<domainsnapshot><name>x</name><state>running</state><creationTime>1</creationTime>"
                + "<domain><uuid>00000000-0000-0000-0000-000000000001</uuid></domain></domainsnapshot>";
        ValidationReport r = check(uuidOnly, RUNNING.withFlags(CreateFlag.REDEFINE));
        assertRule(r, Rule.REDEFINE_DOMAIN_MISSING, "missing domain in snapshot");
        assertNoRule(r, Rule.REDEFINE_UUID);
        DomainSnapshot existing = snapshot("x", null, "running");
        assertTrue(
                check(uuidOnly, RUNNING.withFlags(CreateFlag.REDEFINE).withExistingSnapshots(List.of(existing)))
                        .isOk(),
                "the domain of the snapshot being redefined again stands in");
    }

    @Test
    void aRedefinitionCannotSwitchOnlineOfflineNorDiskOnly() {
        ValidationContext ctx = RUNNING.withFlags(CreateFlag.REDEFINE);
        String off = REDEFINE_OK
                .replace("<state>running</state>", "<state>shutoff</state>")
                .replace("<memory snapshot='internal'/>", "");
        assertRule(
                check(off, ctx.withExistingSnapshots(List.of(snapshot("s1", null, "running")))),
                Rule.REDEFINE_ONLINE_OFFLINE,
                "cannot change between online and offline snapshot state in snapshot s1");
        assertRule(
                check(off, ctx.withExistingSnapshots(List.of(snapshot("s1", null, "disk-snapshot")))),
                Rule.REDEFINE_DISK_ONLY_FULL,
                "cannot change between disk only and full system in snapshot s1");
    }

    // ---- reports

    @Test
    void theInputIsNeverChanged() {
        SnapshotCodec codec = SnapshotCodec.create();
        DomainSnapshot s = codec.read(
                "<domainsnapshot><name>n</name><disks><disk name='/img/vm.qcow2'/></disks>" + "</domainsnapshot>");
        String before = codec.write(s);
        ValidationReport r =
                VALIDATOR.validate(s, ValidationContext.of(DomainState.RUNNING).withDomain(codec.readElement(DOMAIN)));
        assertTrue(r.isOk(), r.problems()::toString);
        assertEquals(before, codec.write(s));
        assertEquals(
                "vda", r.aligned().orElseThrow().getDisks().getDisks().get(0).getName());
    }

    @Test
    void unreadableDocumentsAreInvalid() {
        assertEquals(
                Rule.DOCUMENT_MALFORMED,
                only(check("<domainsnapshot><name>x</name>", RUNNING), Rule.DOCUMENT_MALFORMED)
                        .rule());
        assertRule(
                check("<snapshot/>", RUNNING),
                Rule.DOCUMENT_ROOT,
                "expecting root element of 'domainsnapshot', not 'snapshot'");
        ValidationReport schema =
                check("<domainsnapshot><futureElement/></domainsnapshot>", RUNNING.withFlags(CreateFlag.VALIDATE));
        Problem p = only(schema, Rule.DOCUMENT_SCHEMA);
        assertTrue(p.message().startsWith("document does not match the schema"), p.message());
        assertEquals(1, p.line());
        assertTrue(
                check("<domainsnapshot><futureElement/></domainsnapshot>", RUNNING)
                        .isOk(),
                "without VALIDATE libvirt ignores what it does not know");
        assertEquals(Verdict.INVALID, schema.verdict());
        assertEquals(Optional.empty(), schema.plan());
    }

    @Test
    void theFlagsOfAnUnreadableDocumentAreRefusedFirst() {
        // libvirt checks the flags (the public API's, then the driver's) before it reads the document
        ValidationReport malformed = check("<domainsnapshot><name>x</name>", RUNNING.withFlags(CreateFlag.CURRENT));
        assertEquals(
                List.of(Rule.FLAGS_CURRENT_REQUIRES_REDEFINE, Rule.DOCUMENT_MALFORMED),
                malformed.errors().stream().map(Problem::rule).toList());
        ValidationReport schema = check(
                "<domainsnapshot><futureElement/></domainsnapshot>",
                RUNNING.withDriver(LibvirtDriver.TEST).withFlags(CreateFlag.VALIDATE, CreateFlag.DISK_ONLY));
        assertEquals(
                List.of(Rule.DRIVER_FLAGS, Rule.DOCUMENT_SCHEMA),
                schema.errors().stream().map(Problem::rule).toList());
        assertEquals(
                "unsupported flags (0x10) in function testDomainSnapshotCreateXML",
                schema.errors().get(0).message());
        assertEquals(
                List.of(Rule.DOCUMENT_ROOT),
                check("<snapshot/>", RUNNING.withFlags(CreateFlag.REDEFINE)).errors().stream()
                        .map(Problem::rule)
                        .toList(),
                "flags that libvirt takes add nothing");
    }

    @Test
    void theRootIsCheckedBeforeTheSchema() {
        // libvirt refuses another root element by name before it validates the document (VALIDATE)
        ValidationReport r = check("<snapshot><name>x</name></snapshot>", RUNNING.withFlags(CreateFlag.VALIDATE));
        assertEquals(
                List.of(Rule.DOCUMENT_ROOT),
                r.errors().stream().map(Problem::rule).toList());
        assertEquals(
                "expecting root element of 'domainsnapshot', not 'snapshot'",
                r.errors().get(0).message());
        assertEquals(
                List.of(Rule.DOCUMENT_SCHEMA),
                check("<domainsnapshot><snapshot/></domainsnapshot>", RUNNING.withFlags(CreateFlag.VALIDATE))
                        .errors()
                        .stream()
                        .map(Problem::rule)
                        .toList(),
                "the same name below the root is the schema's to refuse");
    }

    @Test
    void anEmptyEncryptionFormatIsNoFormat() {
        String request = "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/x'>"
                + "<encryption format='FORMAT'/></source></disk></disks></domainsnapshot>";
        assertRule(
                check(request.replace("FORMAT", ""), RUNNING),
                Rule.SOURCE_ENCRYPTION,
                "unknown volume encryption format");
        assertRule(
                check(request.replace("FORMAT", "luks3"), RUNNING),
                Rule.SOURCE_ENCRYPTION,
                "unknown volume encryption format type luks3");
    }

    @Test
    void aMetadataCacheWithoutFormatIsStored() {
        // libvirt writes a <driver> for a metadata cache size alone: the test driver records no format
        String request = "<domainsnapshot><name>n</name><memory file='/m'/><disks><disk name='vda' type='network'>"
                + "<driver><metadata_cache><max_size unit='KiB'>1</max_size></metadata_cache></driver>"
                + "<source protocol='nbd' name='e'><host name='h'/></source></disk></disks></domainsnapshot>";
        ValidationReport r = check(
                request,
                RUNNING.withDriver(LibvirtDriver.TEST)
                        .withDomain(SnapshotCodec.create().readElement(DOMAIN)));
        assertTrue(r.isOk(), r.problems()::toString);
        String stored = SnapshotCodec.create().write(r.aligned().orElseThrow());
        assertTrue(
                stored.contains("      <driver>\n        <metadata_cache>\n"
                        + "          <max_size unit='bytes'>1024</max_size>\n"
                        + "        </metadata_cache>\n      </driver>\n      <source protocol='nbd' name='e'>"),
                stored);
    }

    @Test
    void aPortBeyondAnUnsignedIntIsNotANumber() {
        String request = "<domainsnapshot><disks><disk name='vda' snapshot='external' type='network'>"
                + "<source protocol='nbd' name='e'><host name='h' port='PORT'/></source></disk></disks></domainsnapshot>";
        assertRule(
                check(request.replace("PORT", "4294967296"), RUNNING),
                Rule.SOURCE_HOST,
                "failed to parse port number '4294967296'");
        assertRule(
                check(request.replace("PORT", "99999999999999999999"), RUNNING),
                Rule.SOURCE_HOST,
                "failed to parse port number '99999999999999999999'");
        assertRule(
                check(request.replace("PORT", "4294967295"), RUNNING),
                Rule.SOURCE_HOST,
                "port '4294967295' out of range");
    }

    @Test
    void anEmptySliceAttributeIsAMissingOne() {
        String request = "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/x'><slices>"
                + "<slice type='storage' offset='OFFSET' size='SIZE'/></slices></source></disk></disks></domainsnapshot>";
        for (String[] values : new String[][] {{"x", ""}, {"", "1"}, {"", ""}}) {
            assertRule(
                    check(request.replace("OFFSET", values[0]).replace("SIZE", values[1]), RUNNING),
                    Rule.SOURCE_SLICE,
                    "missing offset or size attribute of slice");
        }
        assertRule(
                check(request.replace("OFFSET", "x").replace("SIZE", "1"), RUNNING),
                Rule.SOURCE_SLICE,
                "malformed value 'x' of 'offset' attribute of slice");
    }

    @Test
    void aSliceInAnotherNamespaceIsNotRead() {
        String request = "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/x'><slices>"
                + "SLICES</slices></source></disk></disks></domainsnapshot>";
        assertNoRule(
                check(request.replace("SLICES", "<slice type='storage' xmlns='urn:x'/>"), RUNNING), Rule.SOURCE_SLICE);
        // the one in a namespace is passed over, and the next of type storage is the one read
        assertRule(
                check(
                        request.replace(
                                "SLICES",
                                "<x:slice type='storage' offset='1' size='1' xmlns:x='urn:x'/>"
                                        + "<slice type='storage' offset='y' size='1'/>"),
                        RUNNING),
                Rule.SOURCE_SLICE,
                "malformed value 'y' of 'offset' attribute of slice");
    }

    @Test
    void anNvmeAddressIsReadAsLibvirtReadsAPciAddress() {
        String request = "<domainsnapshot><disks><disk name='vda' type='nvme'>"
                + "<source type='pci' managed='yes' namespace='1'>ADDRESS</source></disk></disks></domainsnapshot>";
        String[][] refused = {
            {
                "<address domain='0x0000' bus='yes' slot='0x00'/>",
                "Invalid value for attribute 'bus' in element 'address': 'yes'. Expected non-negative integer value"
            },
            {
                "<address bus='09'/>",
                "Invalid value for attribute 'bus' in element 'address': '09'. Expected non-negative integer value"
            },
            {
                "<address bus='1 '/>",
                "Invalid value for attribute 'bus' in element 'address': '1 '. Expected non-negative integer value"
            },
            {
                "<address slot='-0'/>",
                "Invalid value for attribute 'slot' in element 'address': '-0'. Expected non-negative integer value"
            },
            {
                "<address function='4294967296'/>",
                "Invalid value for attribute 'function' in element 'address': '4294967296'."
                        + " Expected non-negative integer value"
            },
            {
                "<address bus='0x100' multifunction='x'/>",
                "Invalid value for attribute 'multifunction' in element 'address': 'x'."
            },
            {"<address bus='0x100'><zpci uid='q'/></address>", "Invalid PCI address bus='0x100', must be <= 0xFF"},
            {"<address slot='0x20'/>", "Invalid PCI address slot='0x20', must be <= 0x1F"},
            {"<address domain='1' function='8'/>", "Invalid PCI address function=0x8, must be <= 7"},
            {
                "<address bus='1'><zpci uid='x'/><zpci fid='y'/></address>",
                "Invalid value for attribute 'fid' in element 'zpci': 'y'. Expected non-negative integer value"
            },
            {"<x:address xmlns:x='urn:x' bus='1'/>", "NVMe disk source is missing address"},
            {
                "<x:address xmlns:x='urn:x' bus='1'/><address bus='q'/>",
                "Invalid value for attribute 'bus' in element 'address': 'q'. Expected non-negative integer value"
            },
        };
        for (String[] r : refused) {
            assertRule(check(request.replace("ADDRESS", r[0]), RUNNING), Rule.SOURCE_NVME, r[1]);
        }
        // an empty address (domain, bus and slot 0) has no range checked, nor has a domain ever
        for (String accepted : List.of(
                "<address bus=' +0x1' slot='010' function='0X7' multifunction='on'/>",
                "<address function='8'/>",
                "<address domain='0x10000' bus='1'/>",
                "<address bus='1'/><address bus='q'/>",
                "<address bus='1'><zpci uid='x'/><zpci/></address>")) {
            assertNoRule(check(request.replace("ADDRESS", accepted), RUNNING), Rule.SOURCE_NVME);
        }
    }

    @Test
    void anEncryptionCipherNeedsANameAndASizeAndAnIvgenAName() {
        String request = "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/x'>"
                + "<encryption format='luks'>INFO</encryption></source></disk></disks></domainsnapshot>";
        String[][] refused = {
            {"<cipher/><ivgen/>", "cipher info missing 'name' attribute"},
            {"<cipher name='aes'/>", "Missing required attribute 'size' in element 'cipher'"},
            {
                "<cipher name='aes' size=' +0x10'/>",
                "Invalid value for attribute 'size' in element 'cipher': ' +0x10'. Expected non-negative integer value"
            },
            {
                "<cipher name='aes' size='4294967296'/>",
                "Invalid value for attribute 'size' in element 'cipher': '4294967296'."
                        + " Expected non-negative integer value"
            },
            {
                "<x:cipher xmlns:x='urn:x' name='a' size='1'/><ivgen name='plain'/>",
                "ivgen element found, but cipher is missing"
            },
            {"<cipher name='aes' size='1'/><ivgen hash='sha256'/>", "missing ivgen info name string"},
        };
        for (String[] r : refused) {
            assertRule(check(request.replace("INFO", r[0]), RUNNING), Rule.SOURCE_ENCRYPTION, r[1]);
        }
        for (String accepted :
                List.of("<cipher name='' size=' +016'/><ivgen name=''/>", "<cipher name='aes' size='4294967295'/>")) {
            assertNoRule(check(request.replace("INFO", accepted), RUNNING), Rule.SOURCE_ENCRYPTION);
        }
    }

    @Test
    void aCipherSizeIsStoredAsTheNumberItIs() {
        String request = "<domainsnapshot><name>n</name><memory file='/m'/><disks><disk name='vda'><source file='/x'>"
                + "<encryption format='luks'><cipher name='aes' size=' +016'/></encryption></source></disk></disks>"
                + "</domainsnapshot>";
        ValidationReport r = check(
                request,
                RUNNING.withDriver(LibvirtDriver.TEST)
                        .withDomain(SnapshotCodec.create().readElement(DOMAIN)));
        assertTrue(r.isOk(), r.problems()::toString);
        String stored = SnapshotCodec.create().write(r.aligned().orElseThrow());
        assertTrue(stored.contains("<cipher name='aes' size='16'/>"), stored);
    }

    @Test
    void reservationsNeedAUnixClientSocketWhenUnmanagedOrGiven() {
        String request = "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/x'>"
                + "RESERVATIONS</source></disk></disks></domainsnapshot>";
        String[][] refused = {
            {"<reservations managed='no'><source/></reservations>", "missing connection type for <reservations/>"},
            {
                "<reservations managed='yes'><source mode='client'/></reservations>",
                "missing connection type for <reservations/>"
            },
            {"<reservations managed='no'><source type='tcp'/></reservations>", "missing path for <reservations/>"},
            {
                "<reservations managed='no'><source type='unix' path='/s'/></reservations>",
                "missing connection mode for <reservations/>"
            },
            {
                "<reservations managed='no'><source type='tcp' path='/s' mode='server'/></reservations>",
                "unsupported connection type for <reservations/>: tcp"
            },
            {
                "<reservations managed='no'><source type='unix' path='/s' mode='server'/></reservations>",
                "unsupported connection mode for <reservations/>: server"
            },
            {
                "<reservations managed='no'><x:source xmlns:x='urn:x' type='unix' path='/s' mode='client'/></reservations>",
                "missing connection type for <reservations/>"
            },
            {
                "<reservations managed='no'><source/><source type='unix' path='/s' mode='client'/></reservations>",
                "missing connection type for <reservations/>"
            },
        };
        for (String[] r : refused) {
            assertRule(check(request.replace("RESERVATIONS", r[0]), RUNNING), Rule.SOURCE_RESERVATIONS, r[1]);
        }
        for (String accepted : List.of(
                "<reservations managed='yes'/>",
                "<reservations managed='yes'><source type='' path='' mode=''/></reservations>",
                "<reservations managed='no'><source type='unix' path='/s' mode='client'/><source/></reservations>")) {
            assertNoRule(check(request.replace("RESERVATIONS", accepted), RUNNING), Rule.SOURCE_RESERVATIONS);
        }
    }

    @Test
    void anEnabledVhostUserReconnectNeedsATimeout() {
        String request = "<domainsnapshot><disks><disk name='vda' type='vhostuser'>"
                + "<source type='unix' path='/tmp/vhost.sock'>RECONNECT</source></disk></disks></domainsnapshot>";
        String[][] refused = {
            {"<reconnect enabled='yes'/>", "Missing required attribute 'timeout' in element 'reconnect'"},
            {
                "<reconnect enabled='yes' timeout='0x10'/>",
                "Invalid value for attribute 'timeout' in element 'reconnect': '0x10'. Expected non-negative integer value"
            },
            {
                "<reconnect enabled='yes' timeout='-1'/>",
                "Invalid value for attribute 'timeout' in element 'reconnect': '-1'. Expected non-negative integer value"
            },
            {"<reconnect enabled=''/>", "Invalid value for attribute 'enabled' in element 'reconnect': ''."},
        };
        for (String[] r : refused) {
            assertRule(check(request.replace("RECONNECT", r[0]), RUNNING), Rule.SOURCE_VHOSTUSER, r[1]);
        }
        for (String accepted : List.of(
                "<reconnect enabled='yes' timeout=' +010'/>",
                "<reconnect enabled='yes' timeout='0'/>",
                "<reconnect enabled='no' timeout='x'/>",
                "<reconnect timeout='x'/>")) {
            assertNoRule(check(request.replace("RECONNECT", accepted), RUNNING), Rule.SOURCE_VHOSTUSER);
        }
    }

    /**
     * libvirt 9.8 came to read vDPA disks; 11.3 and 12.9 refuse a source without its device (an
     * empty one passes), 9.0 the type itself (libvirt-root 11|12 libvirt-oracle, libvirt-oracle).
     */
    @Test
    void aVdpaSourceNeedsItsDeviceWhereTheTypeIsRead() {
        String request = "<domainsnapshot><disks><disk name='vda' type='vhostvdpa' snapshot='no'>SOURCE</disk>"
                + "</disks></domainsnapshot>";
        for (LibvirtVersion v : List.of(LibvirtVersion.V11_3, LibvirtVersion.V12_9)) {
            ValidationContext context = RUNNING.withLibvirt(v);
            for (String refused : List.of("<source file='/img/a'/>", "<source file='/img/a'/><source dev='/dev/v'/>")) {
                assertRule(
                        check(request.replace("SOURCE", refused), context),
                        Rule.SOURCE_VHOSTVDPA,
                        "Missing required attribute 'dev' in element 'source'");
            }
            for (String accepted : List.of("<source dev='/dev/vhost-vdpa-0'/>", "<source dev=''/>", "")) {
                ValidationReport r = check(request.replace("SOURCE", accepted), context);
                assertNoRule(r, Rule.SOURCE_VHOSTVDPA);
                assertNoRule(r, Rule.DISK_TYPE_VALUE);
            }
        }
        ValidationReport old =
                check(request.replace("SOURCE", "<source file='/img/a'/>"), RUNNING.withLibvirt(LibvirtVersion.V9_0));
        assertRule(old, Rule.DISK_TYPE_VALUE, "Invalid value for attribute 'type' in element 'disk': 'vhostvdpa'.");
        assertNoRule(old, Rule.SOURCE_VHOSTVDPA);
    }

    @Test
    void anEmptySecretTypeIsNoType() {
        String request = "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/x'>"
                + "<encryption format='luks'><secret type='TYPE' usage='u'/></encryption></source></disk></disks>"
                + "</domainsnapshot>";
        assertRule(
                check(request.replace("TYPE", ""), RUNNING),
                Rule.SOURCE_ENCRYPTION,
                "unknown volume encryption secret type");
        assertRule(
                check(request.replace("TYPE", "ceph"), RUNNING),
                Rule.SOURCE_ENCRYPTION,
                "unknown volume encryption secret type ceph");
    }

    @Test
    void aMetadataCacheSizeMayHaveAPlusSign() {
        String request = "<domainsnapshot><memory file='/m'/><disks><disk name='vda' snapshot='external'>"
                + "<driver type='qcow2'><metadata_cache><max_size unit='KiB'>SIZE</max_size></metadata_cache></driver>"
                + "<source file='/img/vm.new'/></disk></disks></domainsnapshot>";
        ValidationContext ctx = RUNNING.withDriver(LibvirtDriver.TEST)
                .withDomain(SnapshotCodec.create().readElement(DOMAIN));
        ValidationReport plus = check(request.replace("SIZE", "+5"), ctx);
        assertTrue(plus.isOk(), plus.problems()::toString);
        assertTrue(
                SnapshotCodec.create()
                        .write(plus.aligned().orElseThrow())
                        .contains("<max_size unit='bytes'>5120</max_size>"),
                "5 KiB");
        for (String bad : List.of("+", "++5", "5+", "-5")) {
            assertFalse(check(request.replace("SIZE", bad), ctx).isOk(), bad);
        }
    }

    @Test
    void theValidatorIsOneSharedInstance() {
        assertSame(SnapshotValidator.create(), SnapshotValidator.create());
        assertFalse(check("<domainsnapshot><memory snapshot='manual'/></domainsnapshot>", RUNNING)
                .isOk());
    }
}
