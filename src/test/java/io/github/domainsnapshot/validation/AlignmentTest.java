package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each step of libvirt's alignment of a snapshot's disks with the domain's. */
class AlignmentTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    /** Disks given out of libvirt's order: sda (sata) before vdd, an empty cdrom, a read-only disk. */
    private static final String DOMAIN = """
            <domain type='kvm'>
              <name>vm</name>
              <uuid>11111111-2222-3333-4444-555555555555</uuid>
              <devices>
                <disk type='file' device='disk'><source file='/img/root.qcow2'/><target dev='vda' bus='virtio'/></disk>
                <disk type='block' device='disk'><source dev='/dev/vg/data'/><target dev='vdb' bus='virtio'/></disk>
                <disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>
                <disk type='file' device='disk'><source file='/img/ro.img'/><target dev='vdc'/><readonly/></disk>
                <disk type='file' device='disk' snapshot='no'><source file='/img/scratch'/><target dev='vdd'/></disk>
                <disk type='network' device='disk'><source protocol='rbd' name='pool/vol'/><target dev='vde'/></disk>
              </devices>
            </domain>
            """;

    static ValidationContext running() {
        return ValidationContext.of(DomainState.RUNNING).withDomain(CODEC.readElement(DOMAIN));
    }

    static ValidationReport check(String disks, ValidationContext ctx) {
        return SnapshotValidator.create().check("<domainsnapshot><name>s</name>" + disks + "</domainsnapshot>", ctx);
    }

    static String modes(ValidationReport report) {
        DomainSnapshot aligned = report.aligned()
                .orElseThrow(() -> new AssertionError(report.problems().toString()));
        return aligned.getDisks().getDisks().stream()
                .map(d -> d.getName() + "=" + d.getSnapshot())
                .collect(Collectors.joining(" "));
    }

    static void assertError(ValidationReport report, Rule rule, String message) {
        assertTrue(
                report.errors().stream()
                        .anyMatch(p -> p.rule() == rule && p.message().equals(message)),
                () -> rule.id() + " '" + message + "' not in " + report.problems());
    }

    @Test
    void everyDomainDiskIsListedInLibvirtsOrderWithItsDefault() {
        ValidationReport r = check("", running());
        // internal default (memory internal); empty drive, read-only and snapshot='no' disks are left out
        assertEquals("vda=internal vdb=internal vdc=no vdd=no vde=internal sda=no", modes(r));
        // then qemu refuses to leave out vdd, a writable disk, of an internal snapshot (qemu-oracle x-def-no-running)
        assertEquals(
                List.of(Rule.QEMU_INTERNAL_ALL_DISKS),
                r.errors().stream().map(Problem::rule).toList());
        assertTrue(check("", running().withDriver(LibvirtDriver.TEST)).isOk(), "the test driver has no such rule");
    }

    @Test
    void externalMemoryMakesExternalTheDefault() {
        ValidationReport r = check("<memory file='/save/s.mem'/>", running().withProbeFiles(false));
        assertEquals(
                Verdict.UNSUPPORTED, r.verdict(), "vdb is a block device and vde a network one: no name to make up");
        assertError(
                r,
                Rule.ALIGN_NOT_REGULAR_FILE,
                "source for disk 'vdb' (/dev/vg/data) doesn't exist or is not a regular file; refusing to generate"
                        + " external snapshot name");
        ValidationReport nine = check(
                "<memory file='/save/s.mem'/>", running().withProbeFiles(false).withLibvirt(LibvirtVersion.V9_0));
        assertError(
                nine,
                Rule.ALIGN_NOT_REGULAR_FILE,
                "source for disk 'vdb' is not a regular file; refusing to generate external snapshot name");
        assertError(
                nine,
                Rule.ALIGN_NOT_REGULAR_FILE,
                "source for disk 'vde' is not a regular file; refusing to generate external snapshot name");
        ValidationReport named = check(
                "<memory file='/save/s.mem'/><disks><disk name='vdb' snapshot='no'/>"
                        + "<disk name='vde' snapshot='no'/></disks>",
                running().withProbeFiles(false));
        assertTrue(named.isOk(), named.problems()::toString);
        assertEquals("vda=external vdb=no vdc=no vdd=no vde=no sda=no", modes(named));
    }

    @Test
    void anEmptyDriveGetsNoMadeUpName() {
        assertError(
                check(
                        "<disks><disk name='sda' snapshot='external'/></disks>",
                        running().withFlags(CreateFlag.DISK_ONLY)),
                Rule.ALIGN_NAME_NO_SOURCE,
                "cannot generate external snapshot name for disk 'sda' without source");
    }

    @Test
    void disksAreNamedByTargetOrByAnUnambiguousPath() {
        ValidationReport r = check("<disks><disk name='/img/root.qcow2' snapshot='internal'/></disks>", running());
        assertEquals("vda=internal vdb=internal vdc=no vdd=no vde=internal sda=no", modes(r));
        assertError(
                check("<disks><disk name='vdz'/></disks>", running()), Rule.ALIGN_UNKNOWN_DISK, "no disk named 'vdz'");
        assertError(
                check("<disks><disk name='/img/none'/></disks>", running()),
                Rule.ALIGN_UNKNOWN_DISK,
                "no disk named '/img/none'");
        String twoSame = DOMAIN.replace("<source file='/img/scratch'/>", "<source file='/img/root.qcow2'/>");
        assertError(
                check(
                        "<disks><disk name='/img/root.qcow2'/></disks>",
                        running().withDomain(CODEC.readElement(twoSame))),
                Rule.ALIGN_UNKNOWN_DISK,
                "no disk named '/img/root.qcow2'");
    }

    @Test
    void aDiskNamedTwiceIsAnError() {
        assertError(
                check("<disks><disk name='vdb'/><disk name='/dev/vg/data'/></disks>", running()),
                Rule.ALIGN_TWICE,
                "disk '/dev/vg/data' specified twice");
    }

    @Test
    void moreSnapshotDisksThanDomainDisksIsAnError() {
        String one = "<domain type='kvm'><devices><disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                + "</devices></domain>";
        ValidationReport r = check(
                "<disks><disk name='vda'/><disk name='/a'/></disks>", running().withDomain(CODEC.readElement(one)));
        assertEquals(
                List.of(Rule.ALIGN_TOO_MANY),
                r.errors().stream().map(Problem::rule).toList());
        assertEquals(
                "too many disk snapshot requests for domain", r.errors().get(0).message());
    }

    @Test
    void anInternalDefaultMakesEveryDiskInternal() {
        ValidationReport r =
                check("<disks><disk name='vda' snapshot='external'><source file='/img/o'/></disk></disks>", running());
        assertError(r, Rule.ALIGN_UNIFORM_INTERNAL, "disk 'vda' must use snapshot mode 'internal'");
        assertEquals(Verdict.UNSUPPORTED, r.verdict());
        assertError(
                check("<disks><disk name='vda' snapshot='no'/></disks>", running()),
                Rule.ALIGN_UNIFORM_INTERNAL,
                "disk 'vda' must use snapshot mode 'internal'");
        ValidationReport excluded = check("<disks><disk name='vdd' snapshot='no'/></disks>", running());
        assertEquals(
                List.of(Rule.QEMU_INTERNAL_ALL_DISKS),
                excluded.errors().stream().map(Problem::rule).toList(),
                "a disk the domain itself leaves out may say no, but qemu takes no internal snapshot without it");
        assertEquals("vda=internal vdb=internal vdc=no vdd=no vde=internal sda=no", modes(excluded));
    }

    @Test
    void aDiskWithoutAModeTakesTheDomainDisksOwnDefault() {
        ValidationContext diskOnly = running().withFlags(CreateFlag.DISK_ONLY).withProbeFiles(false);
        ValidationReport r = check(
                "<disks><disk name='vdd'/><disk name='vda'/><disk name='vdb' snapshot='no'/>"
                        + "<disk name='vde' snapshot='no'/></disks>",
                diskOnly);
        assertTrue(r.isOk(), r.problems()::toString);
        assertEquals("vda=external vdb=no vdc=no vdd=no vde=no sda=no", modes(r));
    }

    @Test
    void aSourcePathNeedsTheExternalMode() {
        assertError(
                check("<disks><disk name='vda' snapshot='internal'><source file='/tmp/x'/></disk></disks>", running()),
                Rule.ALIGN_FILE_REQUIRES_EXTERNAL,
                "file '/tmp/x' for disk 'vda' requires use of external snapshot mode");
    }

    @Test
    void externalFileNamesAreMadeUpBesideTheOriginals(@TempDir Path dir) throws Exception {
        Path root = Files.createFile(dir.resolve("root.img.qcow2"));
        Path data = Files.createFile(dir.resolve("data-1"));
        String domain = "<domain type='kvm'><devices>"
                + "<disk type='file'><source file='" + root + "'/><target dev='vda'/></disk>"
                + "<disk type='file'><source file='" + data + "'/><target dev='vdb'/></disk>"
                + "</devices></domain>";
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                .withFlags(CreateFlag.DISK_ONLY)
                .withDomain(CODEC.readElement(domain))
                .withProbeFiles(true);
        ValidationReport r = SnapshotValidator.create().check("<domainsnapshot><name>hm</name></domainsnapshot>", ctx);
        assertTrue(r.isOk(), r.problems()::toString);
        List<DiskSnapshot> disks = r.aligned().orElseThrow().getDisks().getDisks();
        assertEquals(
                dir.resolve("root.img.hm").toString(), disks.get(0).getSource().getFile());
        assertEquals(
                dir.resolve("data-1.hm").toString(), disks.get(1).getSource().getFile());
        assertEquals(DiskType.FILE, disks.get(0).getType());
        assertTrue(r.warnings().isEmpty(), r.warnings()::toString);

        Files.delete(data);
        ValidationReport missing =
                SnapshotValidator.create().check("<domainsnapshot><name>hm</name></domainsnapshot>", ctx);
        assertError(
                missing,
                Rule.ALIGN_NOT_REGULAR_FILE,
                "source for disk 'vdb' (" + data + ") doesn't exist or is not a regular file; refusing to generate"
                        + " external snapshot name");

        ValidationReport unchecked = SnapshotValidator.create()
                .check("<domainsnapshot><name>hm</name></domainsnapshot>", ctx.withProbeFiles(false));
        assertTrue(unchecked.isOk());
        assertEquals(
                Set.of(Rule.ALIGN_FILE_UNCHECKED),
                unchecked.warnings().stream()
                        .map(Problem::rule)
                        .filter(rule -> rule != Rule.TABLE_STATE_UNKNOWN)
                        .collect(Collectors.toSet()));
    }

    @Test
    void madeUpNamesMustNotCollide() {
        String domain = "<domain type='kvm'><devices>"
                + "<disk type='file'><source file='/img/a.qcow2'/><target dev='vda'/></disk>"
                + "<disk type='file'><source file='/img/a.raw'/><target dev='vdb'/></disk>"
                + "</devices></domain>";
        ValidationReport r = SnapshotValidator.create()
                .check(
                        "<domainsnapshot><name>s</name></domainsnapshot>",
                        ValidationContext.of(DomainState.RUNNING)
                                .withFlags(CreateFlag.DISK_ONLY)
                                .withDomain(CODEC.readElement(domain)));
        assertError(
                r,
                Rule.ALIGN_COLLISION,
                "cannot generate external snapshot name for disk 'vdb': collision with disk 'vda'");
        ValidationReport given = SnapshotValidator.create()
                .check(
                        "<domainsnapshot><name>s</name><disks>"
                                + "<disk name='vda'><source file='/img/a.s'/></disk></disks></domainsnapshot>",
                        ValidationContext.of(DomainState.RUNNING)
                                .withFlags(CreateFlag.DISK_ONLY)
                                .withDomain(CODEC.readElement(domain)));
        assertError(
                given,
                Rule.ALIGN_COLLISION,
                "cannot generate external snapshot name for disk 'vdb': collision with disk 'vda'");
    }

    @Test
    void onlyFileDisksGetMadeUpNames() {
        ValidationReport r = check(
                "<disks><disk name='vda' snapshot='external' type='block'/></disks>",
                running().withFlags(CreateFlag.DISK_ONLY));
        assertError(
                r,
                Rule.ALIGN_NAME_DEVICE_TYPE,
                "cannot generate external snapshot name for disk 'vda' on a 'block' device");
    }

    @Test
    void anUnnamedSnapshotIsNamedAfterItsCreationTime() {
        String domain = "<domain type='kvm'><devices><disk type='file'><source file='/img/a.qcow2'/><target dev='vda'/>"
                + "</disk></devices></domain>";
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                .withFlags(CreateFlag.DISK_ONLY)
                .withDomain(CODEC.readElement(domain))
                .withClock(
                        java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1700000000), java.time.ZoneOffset.UTC));
        ValidationReport r = SnapshotValidator.create().check("<domainsnapshot/>", ctx);
        assertEquals(
                "/img/a.1700000000",
                r.aligned()
                        .orElseThrow()
                        .getDisks()
                        .getDisks()
                        .get(0)
                        .getSource()
                        .getFile());
    }

    @Test
    void theAlignedSnapshotIsWrittenAsLibvirtWritesIt() {
        String request = "<domainsnapshot><name>mc</name><memory file='/save/mc.mem'/><disks>"
                + "<disk name='/img/root.qcow2'><driver type='qcow2'><metadata_cache><max_size unit='KiB'>64</max_size>"
                + "</metadata_cache></driver><source file='/tmp/o.qcow2' startupPolicy='optional' index='3'/></disk>"
                + "<disk name='vdb' snapshot='no'/><disk name='vde' snapshot='no'/></disks></domainsnapshot>";
        ValidationReport r = SnapshotValidator.create()
                .check(
                        request,
                        running()
                                .withClock(java.time.Clock.fixed(
                                        java.time.Instant.ofEpochSecond(1700000000), java.time.ZoneOffset.UTC)));
        assertTrue(r.isOk(), r.problems()::toString);
        String written = CODEC.write(r.aligned().orElseThrow());
        assertEquals("""
                <domainsnapshot>
                  <name>mc</name>
                  <state>running</state>
                  <creationTime>1700000000</creationTime>
                  <memory snapshot='external' file='/save/mc.mem'/>
                  <disks>
                    <disk name='vda' snapshot='external' type='file'>
                      <driver type='qcow2'>
                        <metadata_cache>
                          <max_size unit='bytes'>65536</max_size>
                        </metadata_cache>
                      </driver>
                      <source file='/tmp/o.qcow2'/>
                    </disk>
                    <disk name='vdb' snapshot='no'/>
                    <disk name='vdc' snapshot='no'/>
                    <disk name='vdd' snapshot='no'/>
                    <disk name='vde' snapshot='no'/>
                    <disk name='sda' snapshot='no'/>
                  </disks>
                """, written.substring(0, written.indexOf("  <domain ")));
        assertTrue(written.contains("<uuid>11111111-2222-3333-4444-555555555555</uuid>"), "followed by the domain");
    }

    @Test
    void withoutADomainThereIsNoAlignment() {
        ValidationReport r = SnapshotValidator.create()
                .check(
                        "<domainsnapshot><disks><disk name='vdz'/></disks></domainsnapshot>",
                        ValidationContext.of(DomainState.RUNNING));
        assertTrue(r.isOk());
        assertTrue(r.aligned().isEmpty());
    }

    @Test
    void aCreateRequestMayCarryItsOwnDomain() {
        String own = "<domainsnapshot><name>s</name>" + DOMAIN + "</domainsnapshot>";
        ValidationReport r = SnapshotValidator.create().check(own, ValidationContext.of(DomainState.RUNNING));
        assertEquals("vda=internal vdb=internal vdc=no vdd=no vde=internal sda=no", modes(r));
    }

    @Test
    void aDomainDiskWithoutATargetIsLeftOutAsLibvirtLeavesItOut() {
        // libvirt 9.0's test driver, REDEFINE of a snapshot whose domain has a CD-ROM without
        // <target>: accepted, disks listed: vda only
        String domain = """
                <domain type='kvm'>
                  <name>vm</name>
                  <devices>
                    <disk type='file' device='disk'><source file='/img/root.qcow2'/><target dev='vda' bus='virtio'/></disk>
                    <disk type='file' device='cdrom'><readonly/></disk>
                  </devices>
                </domain>
                """;
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING).withDomain(CODEC.readElement(domain));
        for (ValidationContext c : List.of(ctx, ctx.withFlags(CreateFlag.DISK_ONLY))) {
            ValidationReport report = check("", c);
            assertEquals(
                    c.flags().isEmpty() ? "vda=internal" : "vda=external", modes(report), report.problems()::toString);
            assertEquals(1, report.plan().orElseThrow().perDisk().size());
        }
    }
}
