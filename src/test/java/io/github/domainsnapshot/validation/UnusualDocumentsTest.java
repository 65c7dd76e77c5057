package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.RulesTest.assertRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unusual documents checked as libvirt 9.0 reads them; each expectation is what the real
 * libvirt's test driver answered for the same document.
 */
class UnusualDocumentsTest {
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();
    private static final String DOMAIN = "<domain type='test'><name>multi</name><devices>"
            + "<disk type='file' device='disk'><source file='/img/a.qcow2'/><target dev='vda' bus='virtio'/></disk>"
            + "<disk type='file' device='disk'><source file='/img/b.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
            + "<disk type='file' device='disk'><source file='/img/c.qcow2'/><target dev='vdc' bus='virtio'/></disk>"
            + "</devices></domain>";
    private static final ValidationContext TEST = ValidationContext.of(DomainState.RUNNING)
            .withDriver(LibvirtDriver.TEST)
            .withDomain(SnapshotCodec.create().readElement(DOMAIN))
            .withClock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));

    private static ValidationReport check(String body, ValidationContext ctx) {
        return VALIDATOR.check("<domainsnapshot>" + body + "</domainsnapshot>", ctx);
    }

    @Test
    void everyChildOfEveryDisksListIsADisk() {
        // libvirt: "disk 'vdb' specified twice"
        assertRule(
                check(
                        "<name>d1</name><disks><disk name='vda' snapshot='internal'/><foo name='vdb' snapshot='internal'/>"
                                + "</disks><disks><disk name='vdb' snapshot='internal'/></disks>",
                        TEST),
                Rule.ALIGN_TWICE,
                "disk 'vdb' specified twice");
        // libvirt accepts, and stores every disk as the lists asked
        ValidationReport ok = check(
                "<name>d2</name><disks><foo name='vdb' snapshot='internal'/></disks>"
                        + "<disks><bar name='vda' snapshot='internal'/><disk name='vdc' snapshot='internal'/></disks>",
                TEST);
        assertTrue(ok.isOk(), ok.problems()::toString);
        DomainSnapshot stored = ok.aligned().orElseThrow();
        List<DiskSnapshot> disks = stored.getDisks().getDisks();
        assertEquals(
                List.of("vda", "vdb", "vdc"),
                disks.stream().map(DiskSnapshot::getName).toList());
        assertTrue(disks.stream().allMatch(d -> DiskSnapshotMode.INTERNAL.equals(d.getSnapshot())));
    }

    @Test
    void anEmptyElementHasNoValue() {
        // libvirt names the snapshot after its creation time, and stores no description
        ValidationReport named = check("<name/><description/>", TEST);
        assertTrue(named.isOk(), named.problems()::toString);
        assertEquals("1700000000", named.aligned().orElseThrow().getName());
        assertEquals(null, named.aligned().orElseThrow().getDescription());
        assertRule(
                check(
                        "<name></name><state>running</state><creationTime>1</creationTime>" + DOMAIN,
                        TEST.withFlags(CreateFlag.REDEFINE)),
                Rule.REDEFINE_NAME,
                "a redefined snapshot must have a name");
    }

    @Test
    void anEmptyAttributeIsAValue() {
        assertRule(
                check("<name>e1</name><memory snapshot=''/>", TEST),
                Rule.MEMORY_VALUE,
                "Invalid value for attribute 'snapshot' in element 'memory': ''.");
        assertRule(
                check("<name>e3</name><memory file=''/>", TEST),
                Rule.MEMORY_FILE_ABSOLUTE,
                "memory snapshot file path () must be absolute");
        assertRule(
                check("<name>e5</name><disks><disk name='vda' type='' snapshot='internal'/></disks>", TEST),
                Rule.DISK_TYPE_VALUE,
                "Invalid value for attribute 'type' in element 'disk': ''.");
    }

    @Test
    void aTextIsAllTheTextInsideItsElement() {
        ValidationReport r = check("<name>a<b>x</b>c</name><name>second</name>", TEST);
        assertTrue(r.isOk(), r.problems()::toString);
        assertEquals("axc", r.aligned().orElseThrow().getName());
    }
}
