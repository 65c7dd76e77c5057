package io.github.domainsnapshot.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowsTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final String DOMAIN =
            "<domain type='kvm'><name>vm</name><uuid>u-1</uuid><memory unit='KiB'>1048576</memory>"
                    + "<vcpu>2</vcpu><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>"
                    + "<devices><disk type='file' device='disk'><source file='/img/a'/><target dev='vda' bus='virtio'/></disk>"
                    + "<interface type='network'><source network='default'/></interface></devices></domain>";

    static DomainSnapshot snapshot(String name, String parent, long time) {
        return CODEC.read("<domainsnapshot><name>" + name + "</name><state>running</state>"
                + (parent == null ? "" : "<parent><name>" + parent + "</name></parent>")
                + "<creationTime>" + time + "</creationTime><memory snapshot='internal'/>" + DOMAIN
                + "</domainsnapshot>");
    }

    /** s1 - s2 - s3, and s1 - s4: a branch. */
    static List<DomainSnapshot> branched() {
        return List.of(
                snapshot("s3", "s2", 3), snapshot("s4", "s1", 4), snapshot("s1", null, 1), snapshot("s2", "s1", 2));
    }

    @Test
    void theTreeKnowsParentsChildrenRootsAndTheCurrentOne() {
        SnapshotTree tree = SnapshotTree.of(branched()).withCurrent("s4");
        assertEquals(List.of("s1"), tree.roots());
        assertEquals(List.of("s2", "s4"), tree.children("s1"));
        assertEquals(Optional.of("s2"), tree.parent("s3"));
        assertEquals(Optional.empty(), tree.parent("s1"));
        assertEquals(Optional.of("s4"), tree.current());
        assertTrue(tree.problems().isEmpty());
    }

    @Test
    void theRedefinitionPlanPutsParentsFirst() {
        List<SnapshotRequest> plan =
                SnapshotTree.of(branched()).withCurrent("s3").redefinePlan();
        assertEquals(
                List.of("s1", "s2", "s3", "s4"),
                plan.stream().map(r -> r.snapshot().getName()).toList());
        for (SnapshotRequest r : plan) {
            Set<CreateFlag> expected = r.snapshot().getName().equals("s3")
                    ? Set.of(CreateFlag.REDEFINE, CreateFlag.CURRENT)
                    : Set.of(CreateFlag.REDEFINE);
            assertEquals(expected, r.flags(), r.snapshot().getName());
        }
    }

    @Test
    void libvirtsPrivateFormMarksTheCurrentOne() {
        List<DomainSnapshot> list = new ArrayList<>(branched());
        DomainSnapshot marked = snapshot("s5", "s4", 5);
        marked.setActive("1");
        list.add(marked);
        SnapshotTree tree = SnapshotTree.of(list);
        assertEquals(Optional.of("s5"), tree.current());
        SnapshotRequest last = tree.redefinePlan().get(4);
        assertEquals(null, last.snapshot().getActive(), "<active> is libvirt's own: never sent back");
        assertTrue(last.flags().contains(CreateFlag.CURRENT));
    }

    @Test
    void missingParentsCyclesAndDuplicatesAreFound() {
        List<DomainSnapshot> list = List.of(
                snapshot("a", "ghost", 1),
                snapshot("b", "c", 2),
                snapshot("c", "b", 3),
                snapshot("d", null, 4),
                snapshot("d", null, 5));
        SnapshotTree tree = SnapshotTree.of(list);
        assertThrows(SnapshotXmlException.class, () -> tree.withCurrent("zz"), "refused when set, not later");
        List<String> kinds = tree.problems().stream()
                .map(p -> p.kind() + ":" + p.snapshot())
                .sorted()
                .toList();
        assertEquals(List.of("CYCLE:b", "CYCLE:c", "DUPLICATE_NAME:d", "MISSING_PARENT:a"), kinds);
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, tree::redefinePlan);
        assertTrue(e.getReason().contains("parent 'ghost' of snapshot 'a' is not among the snapshots"), e.getReason());
    }

    @Test
    void aRedefinitionCanRenameTheParent() {
        DomainSnapshot s = snapshot("s2", "s1", 2);
        SnapshotRequest r =
                Redefinition.of(s).withParent("imported-s1").asCurrent(true).request();
        assertEquals("imported-s1", r.snapshot().getParent().getName());
        assertEquals("s1", s.getParent().getName(), "the snapshot given is not changed");
        assertEquals(Set.of(CreateFlag.REDEFINE, CreateFlag.CURRENT), r.flags());
        assertEquals(
                null, Redefinition.of(s).withParent(null).request().snapshot().getParent());
        assertEquals(3, r.flagMask());
        DomainSnapshot bare = CODEC.read("<domainsnapshot><name>x</name></domainsnapshot>");
        SnapshotXmlException e = assertThrows(
                SnapshotXmlException.class, () -> Redefinition.of(bare).request());
        assertEquals(
                "cannot redefine a snapshot without a state, a creation time: libvirt requires them", e.getReason());
    }

    /** The same domain run by libvirt's test driver, which still compares definitions (ABI stability). */
    private static final String TEST_DOMAIN = DOMAIN.replace("<domain type='kvm'>", "<domain type='test'>");

    static DomainSnapshot snapshotOf(String domain, String memory, String disks) {
        return CODEC.read("<domainsnapshot><name>s</name><state>running</state><creationTime>1</creationTime>"
                + "<memory snapshot='" + memory + "'/>" + disks + domain + "</domainsnapshot>");
    }

    @Test
    void aRevertToTheSameDefinitionNeedsNoForce() {
        for (String domain : List.of(DOMAIN, TEST_DOMAIN)) {
            RevertReadiness r = RevertReadiness.check(snapshotOf(domain, "internal", ""), CODEC.readElement(domain));
            assertFalse(r.needsForce(), r.reasons()::toString);
            assertFalse(r.refused());
            assertTrue(r.isReady());
            assertTrue(r.reasons().isEmpty());
        }
    }

    @Test
    void aRevertAcrossAbiChangesNeedsForceWithTheTestDriver() {
        String changed = TEST_DOMAIN
                .replace("1048576", "2097152")
                .replace("pc-q35-7.2", "pc-q35-8.0")
                .replace("<vcpu>2</vcpu>", "<vcpu>4</vcpu>")
                .replace(
                        "</devices>",
                        "<disk type='file'><source file='/img/b'/><target dev='vdb'/></disk>"
                                + "<interface type='network'/></devices>");
        RevertReadiness r = RevertReadiness.check(snapshotOf(TEST_DOMAIN, "internal", ""), CODEC.readElement(changed));
        assertTrue(r.needsForce());
        assertFalse(r.refused());
        List<String> what = r.reasons().stream()
                .map(s -> s.substring(0, s.indexOf(" differ")))
                .toList();
        assertEquals(List.of("machine type", "memory", "vCPUs", "disks", "devices"), what);
        assertTrue(
                r.reasons().get(1).contains("the snapshot has 1048576, the domain now 2097152"),
                r.reasons().get(1));
    }

    @Test
    void qemuRestartsTheGuestFromTheSnapshotWhateverTheCurrentDefinition() {
        // libvirt 9.0's qemu driver stops qemu and starts it from the snapshot's definition: no FORCE
        String changed = DOMAIN.replace("1048576", "2097152")
                .replace("</devices>", "<disk type='file'><source file='/img/b'/><target dev='vdb'/></disk></devices>");
        RevertReadiness r = RevertReadiness.check(snapshotOf(DOMAIN, "internal", ""), CODEC.readElement(changed));
        assertTrue(r.isReady(), r.reasons()::toString);
    }

    @Test
    void qemuRefusesARevertToAnExternalSnapshot() {
        String overlay = "<disks><disk name='vda' snapshot='external'><source file='/img/a.s'/></disk></disks>";
        for (DomainSnapshot external : List.of(
                snapshotOf(DOMAIN, "external", ""),
                snapshotOf(DOMAIN, "no", overlay),
                snapshotOf(DOMAIN.replace("type='kvm'", "type='qemu'"), "no", overlay))) {
            RevertReadiness r = RevertReadiness.check(external, external.getDomain(), LibvirtVersion.V9_0);
            assertTrue(r.refused());
            assertFalse(r.needsForce(), "FORCE does not help");
            assertEquals(List.of("revert to external snapshot not supported yet"), r.reasons());
            // reverted with new overlays since 9.9, the newest proven release by default
            assertTrue(RevertReadiness.check(external, external.getDomain()).isReady());
            assertTrue(RevertReadiness.check(external, external.getDomain(), LibvirtVersion.parse("9.9"))
                    .isReady());
        }
        RevertReadiness notWithTheTestDriver =
                RevertReadiness.check(snapshotOf(TEST_DOMAIN, "no", overlay), CODEC.readElement(TEST_DOMAIN));
        assertFalse(notWithTheTestDriver.refused());
    }

    @Test
    void memoryUnitsDoNotMatterOnlyTheAmount() {
        String inMib = TEST_DOMAIN.replace("<memory unit='KiB'>1048576</memory>", "<memory unit='MiB'>1024</memory>");
        assertFalse(RevertReadiness.check(snapshotOf(TEST_DOMAIN, "internal", ""), CODEC.readElement(inMib))
                .needsForce());
    }

    @Test
    void aSnapshotWithoutAFullDomain() {
        DomainSnapshot old =
                CODEC.read("<domainsnapshot><name>old</name><domain><uuid>u-1</uuid></domain></domainsnapshot>");
        RevertReadiness test = RevertReadiness.check(old, CODEC.readElement(TEST_DOMAIN));
        assertTrue(test.needsForce());
        assertTrue(test.reasons().get(0).contains("records no full domain definition"), test.reasons()::toString);
        RevertReadiness qemu = RevertReadiness.check(old, CODEC.readElement(DOMAIN));
        assertTrue(qemu.refused(), "qemu refuses it even with FORCE");
        assertEquals(List.of("snapshot 'old' lacks domain 'vm' rollback info"), qemu.reasons());
    }
}
