package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.Rule;
import io.github.domainsnapshot.validation.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A hierarchy of snapshots with a branch, made for real by the QEMU driver of each release of
 * {@link QemuDaemon#releases()} on one daemon and redefined through the bridge on a second one of
 * the same release that stands for another host (the same guest, its images on shared storage):
 * the same documents and the same current snapshot.
 */
class QemuSnapshotTreeIT {
    private static final LibvirtBridge BRIDGE = LibvirtBridge.create();
    /** Characters XML cares about and text beyond ASCII, in a name QEMU takes as a tag. */
    private static final String AWKWARD_NAME = "a&b <c> 'd' Grüße ✓";
    /**
     * QEMU's {@code snapshot-save} job (libvirt 10.9 on) takes the snapshot's name into its job
     * id, which only letters, digits, {@code -}, {@code .} and {@code _} may form: QEMU refuses
     * {@link #AWKWARD_NAME} there ("Invalid job ID"), as the validator predicts. These releases
     * get a name QEMU takes, and the description keeps the awkward text.
     */
    private static final String JOB_ID_NAME = "a.b_c-d";

    private static final String AWKWARD_DESCRIPTION = "line one\nline two: <tag attr=\"v\"> & 'quote' ]]> — 日本語 𝄞";

    static List<LibvirtVersion> releases() {
        return QemuDaemons.releases();
    }

    /**
     * A full system checkpoint: by the preset, but for a name the builder refuses because the
     * newest release (which it checks against) refuses it (QEMU's job id), set on the document.
     */
    static SnapshotRequest checkpoint(String name, String description) {
        SnapshotBuilder b = SnapshotBuilder.fullSystemCheckpoint("checkpoint");
        if (description != null) {
            b = b.withDescription(description);
        }
        DomainSnapshot s = b.build();
        s.setName(name);
        return new SnapshotRequest(s, Set.of());
    }

    static void create(QemuDaemon source, Domain domain, String name, String description) throws Exception {
        Predictions.createAsPredicted(source, domain, checkpoint(name, description), source.internalOnline());
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aBranchedHierarchyMovesToAnotherHost(LibvirtVersion release) throws Exception {
        try (QemuDaemon source = QemuDaemon.startOrSkip("tree-source-" + release, release);
                QemuDaemon target = QemuDaemon.startOrSkip("tree-target-" + release, release)) {
            movesToAnotherHost(source, target);
        }
    }

    private static void movesToAnotherHost(QemuDaemon source, QemuDaemon target) throws Exception {
        String awkwardName = source.internalOnline().equals("savevm") ? AWKWARD_NAME : JOB_ID_NAME;
        Domain guest = source.define("tree");
        guest.create();
        create(source, guest, "base", null);
        create(source, guest, "updates", "monthly updates");
        if (!awkwardName.equals(AWKWARD_NAME)) {
            SnapshotRequest refused = checkpoint(AWKWARD_NAME, AWKWARD_DESCRIPTION);
            ValidationReport report = BRIDGE.check(guest, refused);
            assertEquals(
                    List.of(Rule.NAME_CHARACTERS),
                    report.errors().stream().map(Problem::rule).toList(),
                    report.problems()::toString);
            assertThrows(SnapshotRefusedException.class, () -> BRIDGE.create(guest, refused));
            LibvirtException e = assertThrows(
                    LibvirtException.class, () -> guest.snapshotCreateXML(refused.xml(), refused.flagMask()));
            assertEquals("internal error: " + report.errors().get(0).message(), e.getMessage(), "libvirt's words");
            assertEquals(2, guest.snapshotNum(), "nothing made");
        }
        create(source, guest, awkwardName, AWKWARD_DESCRIPTION);
        BRIDGE.revert(guest, "base");
        create(source, guest, "experiment", null);
        create(source, guest, "experiment-2", "the current one");

        SnapshotTree tree = BRIDGE.tree(guest);
        assertTrue(tree.problems().isEmpty(), tree.problems()::toString);
        assertEquals(5, tree.snapshots().size());
        assertEquals(List.of("base"), tree.roots());
        assertEquals(Set.of("updates", "experiment"), Set.copyOf(tree.children("base")), "a branch at base");
        assertEquals(List.of(awkwardName), tree.children("updates"));
        assertEquals(List.of("experiment-2"), tree.children("experiment"));
        assertEquals(Optional.of("experiment-2"), tree.current());
        Map<String, String> original = new LinkedHashMap<>();
        for (DomainSnapshot s : tree.snapshots()) {
            original.put(s.getName(), Predictions.xmlDesc(guest, s.getName()));
        }
        DomainSnapshot awkward = tree.get(awkwardName).orElseThrow();
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
