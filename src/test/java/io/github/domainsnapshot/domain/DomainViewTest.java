package io.github.domainsnapshot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DomainViewTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    @Test
    void readsWhatSnapshotLogicNeeds() {
        DomainView d = DomainView.of(CODEC.readElement("""
                <domain type='kvm'>
                  <name>guest</name>
                  <uuid> 2f9c1d2e-5b7a-4c1e-9a43-0d6b1f1e2a10 </uuid>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='/images/root.qcow2'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <disk type='block' snapshot='no'>
                      <source dev='/dev/vg/data'/>
                      <target dev='vdb' bus='virtio'/>
                    </disk>
                    <disk type='network' device='disk'>
                      <source protocol='rbd' name='pool/vol'/>
                      <target dev='vdc'/>
                    </disk>
                    <disk type='file' device='cdrom'>
                      <target dev='sda' bus='sata'/>
                      <readonly/>
                    </disk>
                  </devices>
                </domain>
                """));
        assertEquals(Optional.of("kvm"), d.type());
        assertEquals(Optional.of("guest"), d.name());
        assertEquals(Optional.of("2f9c1d2e-5b7a-4c1e-9a43-0d6b1f1e2a10"), d.uuid());
        assertFalse(d.isUuidOnly());
        List<DomainDisk> disks = d.disks();
        assertEquals(
                List.of("vda", "vdb", "vdc", "sda"),
                disks.stream().map(disk -> disk.targetDev().orElseThrow()).toList());
        DomainDisk vda = disks.get(0);
        assertEquals("disk", vda.device());
        assertEquals("file", vda.type());
        assertEquals(Optional.of("virtio"), vda.targetBus());
        assertEquals(Optional.of("/images/root.qcow2"), vda.sourcePath());
        assertEquals(Optional.of("qcow2"), vda.driverType());
        assertEquals(Optional.empty(), vda.snapshot());
        DomainDisk vdb = d.disk("vdb").orElseThrow();
        assertEquals("disk", vdb.device(), "libvirt's default device");
        assertEquals(Optional.of("/dev/vg/data"), vdb.sourcePath());
        assertEquals(Optional.of("no"), vdb.snapshot());
        DomainDisk vdc = disks.get(2);
        assertEquals(Optional.of("rbd"), vdc.sourceProtocol());
        assertEquals(Optional.of("pool/vol"), vdc.sourcePath());
        DomainDisk sda = disks.get(3);
        assertEquals("cdrom", sda.device());
        assertTrue(sda.readOnly());
        assertFalse(sda.hasSource());
        assertTrue(d.disk("vdz").isEmpty());
    }

    @Test
    void uuidOnlyReference() {
        DomainSnapshot s = CODEC.read("<domainsnapshot><domain><uuid>u-1</uuid></domain></domainsnapshot>");
        DomainView d = DomainView.of(s.getDomain());
        assertTrue(d.isUuidOnly());
        assertEquals(Optional.of("u-1"), d.uuid());
        assertTrue(d.disks().isEmpty());
        assertTrue(d.type().isEmpty());
    }

    @Test
    void ordersDisksAsLibvirtDoesByBusThenTargetIndex() {
        DomainView d = DomainView.of(CODEC.readElement("""
                <domain type='kvm'><devices>
                  <disk><target dev='vdc'/></disk>
                  <disk><target dev='sdb' bus='sata'/></disk>
                  <disk><target dev='vda' bus='virtio'/></disk>
                  <disk><target dev='hda'/></disk>
                  <disk><target dev='vdb'/></disk>
                  <disk><target dev='sda' bus='sata'/></disk>
                  <disk><target dev='vdaa'/></disk>
                </devices></domain>
                """));
        assertEquals(
                List.of("vda", "vdb", "vdc", "vdaa", "sda", "sdb", "hda"),
                d.disksInLibvirtOrder().stream()
                        .map(disk -> disk.targetDev().orElseThrow())
                        .toList());
        assertEquals(
                List.of("vdc", "sdb", "vda", "hda", "vdb", "sda", "vdaa"),
                d.disks().stream().map(disk -> disk.targetDev().orElseThrow()).toList(),
                "the document's order is kept too");
    }

    @Test
    void targetIndexAndBusFollowLibvirt() {
        DomainView d = DomainView.of(CODEC.readElement("""
                <domain><devices>
                  <disk><target dev='vda'/></disk>
                  <disk><target dev='vdz'/></disk>
                  <disk><target dev='vdaa'/></disk>
                  <disk><target dev='xvdb'/></disk>
                  <disk device='floppy'><target dev='fda'/></disk>
                  <disk><target dev='hdc3'/></disk>
                  <disk><target dev='nvme0n1'/></disk>
                  <disk><target dev='vda!'/></disk>
                </devices></domain>
                """));
        List<DomainDisk> disks = d.disks();
        assertEquals(
                List.of(0, 25, 26, 1, 0, 2, -1, -1),
                disks.stream().map(DomainDisk::targetIndex).toList());
        assertEquals(
                List.of("virtio", "virtio", "virtio", "xen", "fdc", "ide"),
                disks.subList(0, 6).stream().map(DomainDisk::bus).toList());
        assertEquals(null, disks.get(6).bus());
    }

    @Test
    void snapshotDefaultsOfReadOnlyAndVhostUserDisks() {
        DomainView d = DomainView.of(CODEC.readElement("""
                <domain><devices>
                  <disk><target dev='vda'/><readonly/></disk>
                  <disk type='vhostuser'><target dev='vdb'/></disk>
                  <disk snapshot='external'><target dev='vdc'/><readonly/></disk>
                  <disk><target dev='vdd'/></disk>
                </devices></domain>
                """));
        assertEquals(
                List.of(Optional.of("no"), Optional.of("no"), Optional.of("external"), Optional.empty()),
                d.disks().stream().map(DomainDisk::snapshotDefault).toList());
    }

    /**
     * One rule for what may be absent: the views answer with Optional, the target device too (it
     * returned null, the one view method that did).
     */
    @Test
    void whatMayBeAbsentIsOptional() {
        DomainView d = DomainView.of(
                CODEC.readElement("<domain type='kvm'><devices><disk type='file'><source file='/a'/></disk>"
                        + "<disk type='file'><target dev='vdb'/></disk></devices></domain>"));
        assertEquals(Optional.empty(), d.disks().get(0).targetDev());
        assertEquals(Optional.of("vdb"), d.disks().get(1).targetDev());
        assertEquals(Optional.of("/a"), d.disks().get(0).sourcePath());
        assertEquals(Optional.empty(), d.disks().get(1).sourcePath());
        assertTrue(d.disk("vdb").isPresent());
        assertEquals(
                Optional.empty(),
                io.github.domainsnapshot.builder.DiskRequest.internal("vda").path());
    }
}
