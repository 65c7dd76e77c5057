package io.github.domainsnapshot.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotBuilderTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    static final String DOMAIN = """
            <domain type='kvm'>
              <name>vm</name>
              <uuid>11111111-2222-3333-4444-555555555555</uuid>
              <devices>
                <disk type='file' device='disk'><source file='/img/root.qcow2'/><target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='disk'><source file='/img/root.raw'/><target dev='vdb' bus='virtio'/></disk>
                <disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>
                <disk type='block' device='disk'><source dev='/dev/vg/data'/><target dev='vdc' bus='virtio'/></disk>
              </devices>
            </domain>
            """;

    static DomainView domain() {
        return DomainView.of(CODEC.readElement(DOMAIN));
    }

    @Test
    void buildsWhatItIsTold() {
        SnapshotRequest r = SnapshotBuilder.snapshot("before")
                .withDescription("kernel <6.6> & \"more\"")
                .withMemoryFile("/save/vm.before.mem")
                .withDisk(DiskRequest.externalFile("vda", "/img/root.before")
                        .withFormat("qcow2")
                        .withMetadataCacheMaxSize(65536))
                .withDisk(DiskRequest.externalBlock("vdc", "/dev/vg/data-before"))
                .withDisk(DiskRequest.externalNetwork("vdd", "rbd", "pool/vm-before", "ceph1:6789", "ceph2"))
                .withDisk(DiskRequest.excluded("vdb"))
                .request();
        assertEquals(Set.of(), r.flags());
        assertEquals("""
                <domainsnapshot>
                  <name>before</name>
                  <description>kernel &lt;6.6&gt; &amp; &quot;more&quot;</description>
                  <memory snapshot='external' file='/save/vm.before.mem'/>
                  <disks>
                    <disk name='vda' snapshot='external' type='file'>
                      <driver type='qcow2'>
                        <metadata_cache>
                          <max_size unit='bytes'>65536</max_size>
                        </metadata_cache>
                      </driver>
                      <source file='/img/root.before'/>
                    </disk>
                    <disk name='vdc' snapshot='external' type='block'>
                      <source dev='/dev/vg/data-before'/>
                    </disk>
                    <disk name='vdd' snapshot='external' type='network'>
                      <source protocol='rbd' name='pool/vm-before'>
                        <host name='ceph1' port='6789'/>
                        <host name='ceph2'/>
                      </source>
                    </disk>
                    <disk name='vdb' snapshot='no'/>
                  </disks>
                </domainsnapshot>
                """, r.xml());
    }

    @Test
    void namesAreTextNeverMarkup() {
        String name = "x<name>&'\"]]>";
        String hostile = "x</description><memory snapshot='external' file='/etc/passwd'/><description>";
        DomainSnapshot s =
                SnapshotBuilder.snapshot(name).withDescription(hostile).build();
        DomainSnapshot back = CODEC.read(CODEC.write(s));
        assertEquals(name, back.getName());
        assertEquals(hostile, back.getDescription());
        assertEquals(null, back.getMemory());
    }

    @Test
    void buildFailsWithEveryProblem() {
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class,
                () -> SnapshotBuilder.snapshot("a/b")
                        .withMemoryFile("relative.mem")
                        .withDisk(DiskRequest.externalFile("vda", "rel.qcow2").withFormat("vhdx"))
                        .withFlags(CreateFlag.QUIESCE)
                        .build());
        String m = e.getMessage();
        for (String expected : List.of(
                "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE'",
                "memory snapshot file path (relative.mem) must be absolute",
                "unknown disk snapshot driver 'vhdx'",
                "disk snapshot image path 'rel.qcow2' must be absolute",
                "invalid snapshot name 'a/b': name can't contain '/'")) {
            assertTrue(m.contains(expected), expected + " in " + m);
        }
        assertThrows(
                SnapshotXmlException.class, () -> DiskRequest.internal("vda").withMetadataCacheMaxSize(0));
    }

    @Test
    void eachBuildIsANewDocumentAndALaterDiskRequestReplacesAnEarlierOne() {
        SnapshotBuilder b = SnapshotBuilder.snapshot("s")
                .withDisk(DiskRequest.excluded("vda"))
                .withDisk(DiskRequest.internal("vda"));
        DomainSnapshot one = b.build();
        DomainSnapshot two = b.build();
        assertNotSame(one, two);
        assertEquals(1, one.getDisks().getDisks().size());
        assertEquals(DiskSnapshotMode.INTERNAL, one.getDisks().getDisks().get(0).getSnapshot());
    }

    @Test
    void fullSystemCheckpointIsSavevmThenTheSnapshotSaveJob() {
        SnapshotRequest r = SnapshotBuilder.fullSystemCheckpoint("cp").request();
        assertEquals(Set.of(), r.flags());
        ValidationContext running = ValidationContext.of(DomainState.RUNNING).withDomain(domain().element());
        ValidationReport nine =
                SnapshotValidator.create().validate(r.snapshot(), running.withLibvirt(LibvirtVersion.V9_0));
        assertEquals("savevm", nine.plan().orElseThrow().via().label(), nine.problems()::toString);
        ValidationReport newest = SnapshotValidator.create().validate(r.snapshot(), running);
        assertEquals("snapshot-save", newest.plan().orElseThrow().via().label(), newest.problems()::toString);
    }

    @Test
    void aBuilderChecksAgainstTheReleaseItIsFor() {
        // from 10.9 an active domain's internal snapshot is a QEMU job whose id holds the name
        SnapshotBuilder b = SnapshotBuilder.fullSystemCheckpoint("before upgrade");
        assertEquals(java.util.Optional.empty(), b.libvirt());
        SnapshotBuildException e = assertThrows(SnapshotBuildException.class, b::build);
        assertTrue(
                e.problems().stream().anyMatch(p -> p.rule().id().equals("name.characters")), e.problems()::toString);
        assertThrows(
                SnapshotBuildException.class,
                () -> b.withLibvirt(LibvirtVersion.parse("10.9")).build());
        SnapshotBuilder nine = b.withLibvirt(LibvirtVersion.V9_0);
        assertEquals(LibvirtVersion.V9_0, nine.libvirt().orElseThrow());
        assertEquals("before upgrade", nine.build().getName());
        assertEquals(
                "before upgrade",
                nine.withLibvirt(LibvirtVersion.parse("10.8")).build().getName());
        assertTrue(nine.toString().contains("libvirt 9.0.0"), nine::toString);
    }

    @Test
    void diskOnlySnapshotsEveryFileDiskWithTheFlagsItNeeds() {
        SnapshotRequest r =
                SnapshotBuilder.diskOnly("nightly", domain()).withQuiesce().request();
        assertEquals(Set.of(CreateFlag.DISK_ONLY, CreateFlag.ATOMIC, CreateFlag.QUIESCE), r.flags());
        List<String> disks = r.snapshot().getDisks().getDisks().stream()
                .map(d -> d.getName() + "=" + d.getSnapshot()
                        + (d.getSource() == null ? "" : ":" + d.getSource().getFile()))
                .toList();
        assertEquals(
                List.of("vda=external:/img/root.nightly", "vdb=external:/img/root.nightly-vdb", "vdc=no", "sda=no"),
                disks);
        ValidationReport report = SnapshotValidator.create()
                .validate(
                        r.snapshot(),
                        ValidationContext.of(DomainState.RUNNING)
                                .withFlags(r.flags())
                                .withDomain(domain().element()));
        assertTrue(report.isOk(), report.problems()::toString);
        assertEquals("transaction", report.plan().orElseThrow().via().label());
    }

    @Test
    void diskOnlyOfAChosenSet() {
        SnapshotRequest r = SnapshotBuilder.diskOnly("n", domain(), List.of("vdb"))
                .withoutMetadata()
                .request();
        assertTrue(r.flags().contains(CreateFlag.NO_METADATA));
        assertEquals(
                List.of("vda=no", "vdb=external", "vdc=no", "sda=no"),
                r.snapshot().getDisks().getDisks().stream()
                        .map(d -> d.getName() + "=" + d.getSnapshot())
                        .toList());
        assertEquals(
                "the domain has no disk 'vdz'",
                assertThrows(SnapshotXmlException.class, () -> SnapshotBuilder.diskOnly("n", domain(), List.of("vdz")))
                        .getReason());
        assertEquals(
                "disk 'sda' cannot take an external snapshot: it has no source (an empty drive)",
                assertThrows(SnapshotXmlException.class, () -> SnapshotBuilder.diskOnly("n", domain(), List.of("sda")))
                        .getReason());
    }

    @Test
    void externalCheckpointSavesMemoryToAFile() {
        String mem = FileNames.memoryFile(domain(), "cp", "/var/lib/libvirt/qemu/snapshot");
        assertEquals("/img/vm.cp.mem", mem);
        SnapshotRequest r =
                SnapshotBuilder.externalCheckpoint("cp", domain(), mem).request();
        ValidationReport report = SnapshotValidator.create()
                .validate(
                        r.snapshot(), ValidationContext.of(DomainState.RUNNING).withDomain(domain().element()));
        assertTrue(report.isOk(), report.problems()::toString);
        assertEquals("migrate+transaction", report.plan().orElseThrow().via().label());
    }

    @Test
    void fileNamesAvoidLibvirtsCollisions() {
        Map<String, String> overlays = FileNames.overlays(domain(), "s");
        assertEquals(Map.of("vda", "/img/root.s", "vdb", "/img/root.s-vdb"), overlays);
        String noDisks = "<domain type='kvm'><name>vm</name><devices/></domain>";
        assertEquals(
                "/var/snap/vm.s.mem",
                FileNames.memoryFile(DomainView.of(CODEC.readElement(noDisks)), "s", "/var/snap"));
        // snapshot "mem": the overlay of /img/vm.mem.q is /img/vm.mem.mem, the memory file's first choice
        String clash = "<domain type='kvm'><name>vm</name><devices><disk type='file'><source file='/img/vm.mem.q'/>"
                + "<target dev='vda'/></disk></devices></domain>";
        DomainView clashing = DomainView.of(CODEC.readElement(clash));
        assertEquals(Map.of("vda", "/img/vm.mem.mem"), FileNames.overlays(clashing, "mem"));
        assertEquals("/img/vm.mem-2.mem", FileNames.memoryFile(clashing, "mem", "/x"));
    }
}
