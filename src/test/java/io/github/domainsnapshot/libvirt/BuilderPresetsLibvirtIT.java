package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.builder.DiskRequest;
import io.github.domainsnapshot.builder.FileNames;
import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import io.github.domainsnapshot.xml.XmlElement;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** Documents built by each builder preset, put to the real libvirt (its test driver). */
class BuilderPresetsLibvirtIT {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    @TempDir
    Path dir;

    @BeforeAll
    static void libvirt() {
        LibvirtTestDriver.assumeAvailable();
    }

    static XmlElement domainXml() {
        return CODEC.readElement(LibvirtTestDriver.DOMAIN_XML);
    }

    static ValidationContext testDriver(SnapshotRequest r) {
        return ValidationContext.of(DomainState.RUNNING)
                .withDriver(LibvirtDriver.TEST)
                .withFlags(r.flags())
                .withDomain(domainXml());
    }

    /**
     * Creates the request on a fresh domain, with and without VALIDATE; checks that what libvirt
     * returns reads back losslessly and is what the validator predicted.
     */
    void accepted(String node, SnapshotRequest request) throws Exception {
        ValidationReport before = SnapshotValidator.create().validate(request.snapshot(), testDriver(request));
        assertTrue(before.isOk(), before.problems()::toString);
        for (boolean validate : new boolean[] {false, true}) {
            Connect conn = LibvirtTestDriver.open(dir, node + (validate ? "-validate" : ""));
            try {
                Domain domain = conn.domainLookupByName(LibvirtTestDriver.DOMAIN);
                SnapshotRequest r = validate ? request.withFlags(CreateFlag.VALIDATE) : request;
                domain.snapshotCreateXML(r.xml(), r.flagMask()).free();
                String name = request.snapshot().getName();
                String returned = LibvirtTestDriver.xml(domain, name);
                assertEquals(returned, CODEC.write(CODEC.read(returned)), "GetXMLDesc reads back losslessly");
                DomainSnapshot stored = CODEC.read(returned);
                DomainSnapshot predicted = before.aligned().orElseThrow();
                assertEquals(stored.getName(), predicted.getName());
                assertEquals(stored.getState(), predicted.getState());
                assertEquals(section(CODEC.write(stored), "disks"), section(CODEC.write(predicted), "disks"));
                assertEquals(
                        CODEC.write(stored)
                                .lines()
                                .filter(l -> l.contains("<memory snapshot"))
                                .toList(),
                        CODEC.write(predicted)
                                .lines()
                                .filter(l -> l.contains("<memory snapshot"))
                                .toList());
            } finally {
                conn.close();
            }
        }
    }

    static String section(String xml, String element) {
        int start = xml.indexOf("<" + element + ">");
        return start < 0 ? "" : xml.substring(start, xml.indexOf("</" + element + ">") + element.length() + 3);
    }

    @Test
    void fullSystemCheckpoint() throws Exception {
        accepted("full", SnapshotBuilder.fullSystemCheckpoint("full").request());
    }

    @Test
    void externalCheckpoint() throws Exception {
        DomainView domain = DomainView.of(domainXml());
        String memory = FileNames.memoryFile(domain, "ext", "/var/lib/libvirt/qemu/snapshot");
        accepted(
                "ext", SnapshotBuilder.externalCheckpoint("ext", domain, memory).request());
    }

    @Test
    void aBuiltRequestWithEveryKindOfDisk() throws Exception {
        SnapshotRequest r = SnapshotBuilder.snapshot("mixed")
                .withDescription("every kind")
                .withMemoryFile("/save/vm.mixed.mem")
                .withDisk(DiskRequest.externalFile("vda", "/guest/vm-root.mixed")
                        .withFormat("qcow2")
                        .withMetadataCacheMaxSize(1 << 20))
                .withDisk(DiskRequest.externalNetwork("vdb", "gluster", "vol/vm-data.mixed", "gluster1:24007"))
                .request();
        accepted("mixed", r);
    }

    @Test
    void diskOnlyIsRefusedByTheTestDriverAsPredicted() throws Exception {
        SnapshotRequest r = SnapshotBuilder.diskOnly("nightly", DomainView.of(domainXml()))
                .withQuiesce()
                .request();
        ValidationReport predicted = SnapshotValidator.create().validate(r.snapshot(), testDriver(r));
        assertEquals(
                List.of("unsupported flags (0x10) in function testDomainSnapshotCreateXML"),
                predicted.errors().stream().map(p -> p.message()).toList());
        ValidationReport qemu =
                SnapshotValidator.create().validate(r.snapshot(), testDriver(r).withDriver(LibvirtDriver.QEMU));
        assertTrue(qemu.isOk(), "qemu takes it: " + qemu.problems());
        Connect conn = LibvirtTestDriver.open(dir, "disk-only");
        try {
            Domain domain = conn.domainLookupByName(LibvirtTestDriver.DOMAIN);
            LibvirtException e =
                    assertThrows(LibvirtException.class, () -> domain.snapshotCreateXML(r.xml(), r.flagMask()));
            assertEquals(predicted.errors().get(0).message(), e.getMessage());
        } finally {
            conn.close();
        }
    }
}
