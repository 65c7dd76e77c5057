package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The releases between and beyond the measured ones: each answers by the dated changes (9.1,
 * 9.7, 9.9, 10.10, 11.0, 11.2 to 11.3), which the recorded cases of 9.0, 11.3 and 12.9 cannot
 * show.
 */
class RevertDeleteVersionsTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();

    private static String domain(String image, String backing) {
        return "<domain type='qemu'><name>vm</name><uuid>6a1f6b3c-2d6e-4c47-9a52-0c0ffee00d0e</uuid><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + image + "'/>"
                + (backing == null
                        ? ""
                        : "<backingStore type='file'><format type='qcow2'/><source file='" + backing
                                + "'/><backingStore/></backingStore>")
                + "<target dev='vda' bus='virtio'/></disk></devices></domain>";
    }

    private static DomainSnapshot snapshot(String name, String parent, String state, String inner, String image) {
        return CODEC.read("<domainsnapshot><name>" + name + "</name><state>" + state + "</state>"
                + (parent == null ? "" : "<parent><name>" + parent + "</name></parent>")
                + "<creationTime>1700000000</creationTime>" + inner + domain(image, null) + "</domainsnapshot>");
    }

    private static final String INTERNAL =
            "<memory snapshot='internal'/><disks><disk name='vda' snapshot='internal'/></disks>";

    private static String overlay(String file) {
        return "<disks><disk name='vda' snapshot='external' type='file'><driver type='qcow2'/><source file='" + file
                + "'/></disk></disks>";
    }

    private static ValidationContext at(String version) {
        return ValidationContext.empty().withLibvirt(LibvirtVersion.parse(version));
    }

    @Test
    void aDiskOnlyRevertComesAfterTheExternalOne() {
        DomainSnapshot diskOnly = snapshot(
                "s1", null, "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s1"), "/img/vda.qcow2");
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                .withDomain(CODEC.readElement(domain("/img/vda.s1", "/img/vda.qcow2")))
                .withExistingSnapshots(List.of(diskOnly))
                .withCurrentSnapshot("s1");
        RevertReport old = VALIDATOR.checkRevert(diskOnly, ctx.withLibvirt(LibvirtVersion.parse("9.8")), Set.of());
        assertEquals(Verdict.UNSUPPORTED, old.verdict());
        assertEquals(
                "revert to external snapshot not supported yet",
                old.problems().get(0).message());
        assertEquals(Optional.empty(), old.stateAfter());
        RevertReport between = VALIDATOR.checkRevert(diskOnly, ctx.withLibvirt(LibvirtVersion.parse("10.0")), Set.of());
        assertEquals(Verdict.INVALID, between.verdict());
        assertEquals(
                "Invalid target domain state 'disk-snapshot'. Refusing snapshot reversion",
                between.problems().get(0).message());
        RevertReport now = VALIDATOR.checkRevert(diskOnly, ctx.withLibvirt(LibvirtVersion.parse("10.10")), Set.of());
        assertTrue(now.performed());
        assertEquals(Optional.of(DomainState.SHUTOFF), now.stateAfter());
        assertEquals(List.of("/img/vda.<time>"), now.newOverlays());
        assertEquals(List.of("/img/vda.1796507340"), now.newOverlaysAt(1796507340L));
        assertEquals(List.of("/img/vda.s1"), now.removedFiles(), "the overlay the domain ran on");
        assertFalse(now.writesRevertDisks(), "a leaf gets its own disks rewritten");
        assertEquals(
                Optional.of(DomainState.PAUSED),
                VALIDATOR.checkRevert(diskOnly, ctx, Set.of(RevertFlag.PAUSED)).stateAfter());
    }

    @Test
    void aFullExternalSnapshotRevertsFrom99() {
        DomainSnapshot full = snapshot(
                "s1",
                null,
                "running",
                "<memory snapshot='external' file='/mem/s1.mem'/>" + overlay("/img/vda.s1"),
                "/img/vda.qcow2");
        DomainSnapshot child = snapshot(
                "s2",
                "s1",
                "running",
                "<memory snapshot='external' file='/mem/s2.mem'/>" + overlay("/img/vda.s2"),
                "/img/vda.s1");
        ValidationContext ctx = at("9.9")
                .withState(DomainState.SHUTOFF)
                .withExistingSnapshots(List.of(full, child))
                .withCurrentSnapshot("s2");
        RevertReport r = VALIDATOR.checkRevert(full, ctx, Set.of());
        assertTrue(r.performed(), r::toString);
        assertEquals(Optional.of(DomainState.RUNNING), r.stateAfter(), "the snapshot's own state");
        assertTrue(r.writesRevertDisks(), "a snapshot with children keeps the new overlays in <revertDisks>");
        assertEquals(List.of("/img/vda.s2"), r.removedFiles());
        assertFalse(r.needsForce());
    }

    @Test
    void theBaseImageIsLostBetween97And110() {
        DomainSnapshot parent = snapshot("s1", null, "running", INTERNAL, "/img/vda.qcow2");
        DomainSnapshot child = snapshot(
                "s2", "s1", "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s2"), "/img/vda.qcow2");
        // reverted to the internal s1: the domain runs on the base again
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                .withDomain(CODEC.readElement(domain("/img/vda.qcow2", null)))
                .withExistingSnapshots(List.of(parent, child))
                .withCurrentSnapshot("s1");
        DeleteReport lost = VALIDATOR.checkDelete(child, ctx.withLibvirt(LibvirtVersion.parse("10.5")), Set.of());
        assertTrue(lost.isOk());
        assertEquals(List.of("/img/vda.qcow2"), lost.removedFiles());
        assertEquals(1, lost.dangers().size());
        assertEquals(Rule.DELETE_BASE_IMAGE, lost.dangers().get(0).rule());
        assertTrue(lost.dangers().get(0).message().contains("internal snapshot 's1'"), lost::toString);
        DeleteReport fixed = VALIDATOR.checkDelete(child, ctx.withLibvirt(LibvirtVersion.parse("11.0")), Set.of());
        assertTrue(fixed.isOk());
        assertEquals(List.of(), fixed.removedFiles(), "only the metadata goes");
        assertEquals(List.of(), fixed.dangers());
        assertFalse(fixed.blockCommit());
        DeleteReport nine = VALIDATOR.checkDelete(child, ctx.withLibvirt(LibvirtVersion.V9_0), Set.of());
        assertEquals(Verdict.INVALID, nine.verdict());
        assertEquals(
                "could not find base disk source in disk source chain",
                nine.problems().get(0).message());
        assertEquals(List.of(), nine.deletedSnapshots());
    }

    @Test
    void aMemoryOnlySnapshotIsDeletedFrom91AndItsFileGoesWithIt() {
        DomainSnapshot memoryOnly = snapshot(
                "s1",
                null,
                "running",
                "<memory snapshot='external' file='/mem/s1.mem'/><disks><disk name='vda' snapshot='no'/></disks>",
                "/img/vda.qcow2");
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                .withDomain(CODEC.readElement(domain("/img/vda.qcow2", null)))
                .withExistingSnapshots(List.of(memoryOnly))
                .withCurrentSnapshot("s1");
        DeleteReport nine = VALIDATOR.checkDelete(memoryOnly, ctx.withLibvirt(LibvirtVersion.V9_0), Set.of());
        assertEquals(Verdict.INVALID, nine.verdict());
        assertEquals(
                "An error occurred, but the cause is unknown",
                nine.problems().get(0).message());
        DeleteReport later = VALIDATOR.checkDelete(memoryOnly, ctx.withLibvirt(LibvirtVersion.parse("9.1")), Set.of());
        assertTrue(later.isOk());
        assertEquals(List.of("/mem/s1.mem"), later.removedFiles());
        assertEquals(List.of("s1"), later.deletedSnapshots());
        DeleteReport metadata = VALIDATOR.checkDelete(
                memoryOnly, ctx.withLibvirt(LibvirtVersion.V9_0), Set.of(DeleteFlag.METADATA_ONLY));
        assertTrue(metadata.isOk());
        assertEquals(List.of(), metadata.removedFiles());
    }

    @Test
    void theNonLeafRefusalsComeIn97() {
        DomainSnapshot s1 = snapshot(
                "s1", null, "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s1"), "/img/vda.qcow2");
        DomainSnapshot s2 = snapshot(
                "s2", "s1", "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s2"), "/img/vda.s1");
        DomainSnapshot s3 =
                snapshot("s3", "s1", "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s3"), "/img/vda.T");
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                .withDomain(CODEC.readElement(domain("/img/vda.s3", "/img/vda.T")))
                .withExistingSnapshots(List.of(s1, s2, s3))
                .withCurrentSnapshot("s3");
        DeleteReport branch = VALIDATOR.checkDelete(s1, ctx.withLibvirt(LibvirtVersion.parse("9.7")), Set.of());
        assertEquals(
                "deletion of external disk snapshot with multiple children snapshots not supported",
                branch.problems().get(0).message());
        assertEquals(
                "deletion of external children disk snapshots not supported",
                VALIDATOR
                        .checkDelete(s1, ctx, Set.of(DeleteFlag.CHILDREN))
                        .problems()
                        .get(0)
                        .message(),
                "the children are checked first");
        DeleteReport leaf = VALIDATOR.checkDelete(s3, ctx, Set.of());
        assertTrue(leaf.isOk(), leaf::toString);
        assertTrue(leaf.blockCommit());
        assertEquals(List.of("/img/vda.s3"), leaf.removedFiles());
    }

    @Test
    void anInternalRevertWarnsOnTheBrokenReleasesOnly() {
        DomainSnapshot internal = snapshot("s1", null, "running", INTERNAL, "/img/vda.qcow2");
        RevertReport broken = VALIDATOR.checkRevert(internal, at("11.2"), Set.of());
        assertTrue(broken.performed());
        assertEquals(Rule.REVERT_INTERNAL_LOAD, broken.dangers().get(0).rule());
        assertEquals(
                List.of(), VALIDATOR.checkRevert(internal, at("11.4"), Set.of()).dangers());
        assertEquals(List.of(), broken.newOverlays());
        assertEquals(List.of(), broken.removedFiles());
    }

    @Test
    void aReleaseOutsideTheProvenRangeIsAnsweredAsTheNearestOne() {
        DomainSnapshot internal =
                snapshot("s1", null, "shutoff", INTERNAL.replace("internal'/><disks", "no'/><disks"), "/img/vda.qcow2");
        RevertReport r = VALIDATOR.checkRevert(internal, at("13.1"), Set.of(RevertFlag.RUNNING));
        assertEquals(LibvirtVersion.V12_9, r.libvirt());
        assertEquals(Rule.LIBVIRT_VERSION, r.problems().get(0).rule());
        assertTrue(r.performed());
        assertEquals(Optional.of(DomainState.RUNNING), r.stateAfter());
    }

    @Test
    void withoutTheCurrentSnapshotTheNewestLeafIsTakenWithAWarning() {
        DomainSnapshot s1 = snapshot(
                "s1", null, "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s1"), "/img/vda.qcow2");
        DomainSnapshot s2 = CODEC.read(CODEC.write(snapshot(
                        "s2", "s1", "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s2"), "/img/vda.s1"))
                .replace("1700000000", "1700000100"));
        DomainSnapshot s3 = snapshot(
                "s3", "s1", "disk-snapshot", "<memory snapshot='no'/>" + overlay("/img/vda.s3"), "/img/vda.s1");
        RevertReport r = VALIDATOR.checkRevert(s1, at("12.9").withExistingSnapshots(List.of(s1, s2, s3)), Set.of());
        assertTrue(r.performed());
        assertEquals(Rule.REVERT_CURRENT_UNKNOWN, r.dangers().get(0).rule());
        assertTrue(r.dangers().get(0).message().contains("taken as 's2'"), r::toString);
        assertEquals(List.of("/img/vda.s2"), r.removedFiles(), "s2 is newer than s3");
        // the tree's active flag names it, as libvirt's metadata files do
        DomainSnapshot marked =
                CODEC.read(CODEC.write(s3).replace("</domainsnapshot>", "<active>1</active></domainsnapshot>"));
        RevertReport known =
                VALIDATOR.checkRevert(s1, at("12.9").withExistingSnapshots(List.of(s1, s2, marked)), Set.of());
        assertEquals(List.of("/img/vda.s3"), known.removedFiles());
        assertEquals(List.of(), known.dangers());
        DeleteReport guessed =
                VALIDATOR.checkDelete(s2, at("12.9").withExistingSnapshots(List.of(s1, s2, s3)), Set.of());
        assertEquals(Rule.DELETE_CURRENT_UNKNOWN, guessed.dangers().get(0).rule());
        assertTrue(guessed.blockCommit(), "the current leaf is merged away");
    }

    @Test
    void anInternalSnapshotOffTheRunningImageIsRefusedWhileTheDomainRuns() {
        // the snapshot was taken of /img/old.qcow2; the domain now runs on /img/vda.qcow2
        DomainSnapshot internal = snapshot("s1", null, "running", INTERNAL, "/img/old.qcow2");
        String live = domain("/img/vda.qcow2", null).replace("<domain type='qemu'>", "<domain type='qemu' id='7'>");
        ValidationContext tree =
                at("12.9").withExistingSnapshots(List.of(internal)).withCurrentSnapshot("s1");

        DeleteReport running = VALIDATOR.checkDelete(
                internal, tree.withState(DomainState.RUNNING).withDomain(CODEC.readElement(live)), Set.of());
        assertEquals(Verdict.UNSUPPORTED, running.verdict(), running.problems()::toString);
        assertEquals(Rule.DELETE_INTERNAL_IMAGE, running.problems().get(0).rule());
        DeleteReport off = VALIDATOR.checkDelete(
                internal, tree.withState(DomainState.SHUTOFF).withDomain(CODEC.readElement(live)), Set.of());
        assertEquals(Verdict.OK, off.verdict(), off.problems()::toString);

        // without a state: a live definition (its id) says the domain runs
        DeleteReport byId = VALIDATOR.checkDelete(internal, tree.withDomain(CODEC.readElement(live)), Set.of());
        assertEquals(Verdict.UNSUPPORTED, byId.verdict(), byId.problems()::toString);
        // an inactive definition says nothing of the state: not refused, but never a silent ok
        DeleteReport unknown = VALIDATOR.checkDelete(
                internal, tree.withDomain(CODEC.readElement(domain("/img/vda.qcow2", null))), Set.of());
        assertEquals(Verdict.OK, unknown.verdict(), unknown.problems()::toString);
        assertEquals(Rule.DELETE_STATE_UNKNOWN, unknown.dangers().get(0).rule());
        assertTrue(unknown.dangers().get(0).message().contains("is not the same as disk image currently used by VM"));
    }

    @Test
    void exclusiveFlagsAreRefusedBeforeTheDriver() {
        DomainSnapshot internal = snapshot("s1", null, "running", INTERNAL, "/img/vda.qcow2");
        RevertReport r = VALIDATOR.checkRevert(internal, at("9.0"), Set.of(RevertFlag.RUNNING, RevertFlag.PAUSED));
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(
                "Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive",
                r.problems().get(0).message());
        DeleteReport d =
                VALIDATOR.checkDelete(internal, at("12.9"), Set.of(DeleteFlag.CHILDREN, DeleteFlag.CHILDREN_ONLY));
        assertEquals(Verdict.INVALID, d.verdict());
        assertEquals(LibvirtError.INVALID_ARG, d.problems().get(0).libvirtError());
        assertEquals(List.of(), d.deletedSnapshots());
    }

    @Test
    void flagsHaveLibvirtsValuesAndNames() {
        assertEquals(15, RevertFlag.toMask(Set.of(RevertFlag.values())));
        assertEquals(RevertFlag.RESET_NVRAM, RevertFlag.fromCliName("reset-nvram"));
        assertEquals(4, DeleteFlag.CHILDREN_ONLY.libvirtValue());
        assertEquals(DeleteFlag.METADATA_ONLY, DeleteFlag.fromCliName("metadata-only"));
        assertEquals(Set.of(DeleteFlag.CHILDREN, DeleteFlag.METADATA_ONLY), DeleteFlag.fromMask(3));
        assertThrows(IllegalArgumentException.class, () -> DeleteFlag.fromMask(8));
        assertThrows(IllegalArgumentException.class, () -> RevertFlag.fromCliName("children"));
    }
}
