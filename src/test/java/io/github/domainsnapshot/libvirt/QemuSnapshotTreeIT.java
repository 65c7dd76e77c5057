package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;

/**
 * A hierarchy of snapshots with a branch, made for real by libvirt 9.0's QEMU driver on one
 * daemon and redefined through the bridge on a second one that stands for another host (the same
 * guest, its images on shared storage): the same documents and the same current snapshot.
 */
class QemuSnapshotTreeIT {
    private static final LibvirtBridge BRIDGE = LibvirtBridge.create();
    /** Characters XML cares about and text beyond ASCII, in a name QEMU takes as a tag. */
    private static final String AWKWARD_NAME = "a&b <c> 'd' Grüße ✓";

    private static final String AWKWARD_DESCRIPTION = "line one\nline two: <tag attr=\"v\"> & 'quote' ]]> — 日本語 𝄞";
    private static QemuDaemon source;
    private static QemuDaemon target;

    @BeforeAll
    static void startDaemons() {
        source = QemuDaemon.startOrSkip("tree-source");
        target = QemuDaemon.startOrSkip("tree-target");
    }

    @AfterAll
    static void stopDaemons() {
        for (QemuDaemon d : new QemuDaemon[] {source, target}) {
            if (d != null) {
                d.close();
            }
        }
    }

    static void create(Domain domain, String name, String description) throws Exception {
        SnapshotBuilder b = SnapshotBuilder.fullSystemCheckpoint(name);
        if (description != null) {
            b = b.withDescription(description);
        }
        Predictions.createAsPredicted(source, domain, b.request(), "savevm");
    }

    @Test
    void aBranchedHierarchyMovesToAnotherHost() throws Exception {
        Domain guest = source.define("tree");
        guest.create();
        create(guest, "base", null);
        create(guest, "updates", "monthly updates");
        create(guest, AWKWARD_NAME, AWKWARD_DESCRIPTION);
        BRIDGE.revert(guest, "base");
        create(guest, "experiment", null);
        create(guest, "experiment-2", "the current one");

        SnapshotTree tree = BRIDGE.tree(guest);
        assertTrue(tree.problems().isEmpty(), tree.problems()::toString);
        assertEquals(5, tree.snapshots().size());
        assertEquals(List.of("base"), tree.roots());
        assertEquals(Set.of("updates", "experiment"), Set.copyOf(tree.children("base")), "a branch at base");
        assertEquals(List.of(AWKWARD_NAME), tree.children("updates"));
        assertEquals(List.of("experiment-2"), tree.children("experiment"));
        assertEquals(Optional.of("experiment-2"), tree.current());
        Map<String, String> original = new LinkedHashMap<>();
        for (DomainSnapshot s : tree.snapshots()) {
            original.put(s.getName(), Predictions.xmlDesc(guest, s.getName()));
        }
        DomainSnapshot awkward = tree.get(AWKWARD_NAME).orElseThrow();
        assertEquals(AWKWARD_DESCRIPTION, awkward.getDescription());

        // the same guest on the other host: its persistent definition, its images where they are
        Domain moved = target.connection().domainDefineXML(guest.getXMLDesc(2)); // VIR_DOMAIN_XML_INACTIVE
        List<String> planned = new ArrayList<>();
        for (SnapshotRequest r : tree.redefinePlan()) {
            planned.add(r.snapshot().getName());
        }
        List<DomainSnapshot> stored = BRIDGE.redefine(tree, moved);
        assertEquals(planned, stored.stream().map(DomainSnapshot::getName).toList(), "in the plan's order");
        assertEquals(
                Set.copyOf(original.keySet()), Set.copyOf(List.of(moved.snapshotListNames())), "every snapshot moved");
        for (Map.Entry<String, String> e : original.entrySet()) {
            String there = Predictions.xmlDesc(moved, e.getKey());
            assertEquals(e.getValue(), there, "snapshot-dumpxml of " + e.getKey());
            Predictions.assertLossless(there);
        }
        assertEquals(Optional.of("experiment-2"), BRIDGE.currentSnapshot(moved));
        SnapshotTree movedTree = BRIDGE.tree(moved);
        assertEquals(tree.roots(), movedTree.roots());
        assertEquals(Set.copyOf(tree.children("base")), Set.copyOf(movedTree.children("base")));
    }
}
