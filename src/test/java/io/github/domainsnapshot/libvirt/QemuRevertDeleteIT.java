package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.builder.RevertReadiness;
import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.validation.DomainState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Reverting to and deleting snapshots made by libvirt 9.0's QEMU driver, through the bridge:
 * what {@link RevertReadiness} predicts, what libvirt does, and what is left on disk.
 */
class QemuRevertDeleteIT {
    private static final LibvirtBridge BRIDGE = LibvirtBridge.create();
    private static QemuDaemon daemon;

    @BeforeAll
    static void startDaemon() {
        daemon = QemuDaemon.startOrSkip("revert-delete");
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @AfterEach
    void stopGuests() throws Exception {
        for (int id : daemon.connection().listDomains()) {
            daemon.connection().domainLookupByID(id).destroy();
        }
    }

    static Domain running(String name) throws Exception {
        Domain domain = daemon.define(name);
        domain.create();
        return domain;
    }

    static DomainState state(Domain domain) {
        return BRIDGE.context(domain).state();
    }

    static DomainView view(Domain domain) {
        return DomainView.of(BRIDGE.context(domain).domain().orElseThrow());
    }

    static String image(String file) {
        return daemon.images().resolve(file).toString();
    }

    /** {@code qemu-img info --backing-chain}: each image of the chain, from the top, by its path. */
    static List<String> backingChain(String top) throws Exception {
        return QemuDaemon.run("qemu-img", "info", "--force-share", "--backing-chain", top)
                .lines()
                .filter(l -> l.startsWith("image: "))
                .map(l -> l.substring("image: ".length()))
                .toList();
    }

    @Test
    void revertsToInternalSnapshotsOfARunningAndOfAPausedGuest() throws Exception {
        Domain domain = running("revert");
        Predictions.createAsPredicted(
                daemon,
                domain,
                SnapshotBuilder.fullSystemCheckpoint("was-running").request(),
                "savevm");
        domain.suspend();
        assertEquals(DomainState.PAUSED, state(domain));
        DomainSnapshot paused = Predictions.createAsPredicted(
                daemon,
                domain,
                SnapshotBuilder.fullSystemCheckpoint("was-paused").request(),
                "savevm");
        assertEquals(SnapshotState.PAUSED, paused.getState());
        domain.resume();
        assertEquals(DomainState.RUNNING, state(domain));

        for (String name : List.of("was-paused", "was-running")) {
            RevertReadiness readiness = BRIDGE.revertReadiness(domain, name);
            assertTrue(readiness.isReady(), readiness.reasons()::toString);
        }
        BRIDGE.revert(domain, "was-paused");
        assertEquals(DomainState.PAUSED, state(domain), "the guest is back in the snapshot's state");
        assertEquals(Optional.of("was-paused"), BRIDGE.currentSnapshot(domain));
        BRIDGE.revert(domain, "was-running");
        assertEquals(DomainState.RUNNING, state(domain));
        assertEquals(Optional.of("was-running"), BRIDGE.currentSnapshot(domain));
    }

    @Test
    void qemuRevertsAcrossAChangedDefinitionWithoutForce() throws Exception {
        Domain domain = running("hotplug");
        Predictions.createAsPredicted(
                daemon,
                domain,
                SnapshotBuilder.fullSystemCheckpoint("two-disks").request(),
                "savevm");
        String vdc = daemon.newImage("hotplug-vdc.qcow2");
        domain.attachDevice("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>" + "<source file='"
                + vdc + "'/><target dev='vdc' bus='virtio'/></disk>");
        assertEquals(3, view(domain).disks().size());
        RevertReadiness readiness = BRIDGE.revertReadiness(domain, "two-disks");
        assertTrue(readiness.isReady(), "qemu restarts the guest from the snapshot: " + readiness.reasons());
        BRIDGE.revert(domain, "two-disks");
        assertEquals(
                List.of("vda", "vdb"),
                view(domain).disks().stream()
                        .map(d -> d.targetDev().orElse(null))
                        .toList());
        assertEquals(DomainState.RUNNING, state(domain));
    }

    @Test
    void aRevertToAnExternalSnapshotIsRefusedAsPredicted() throws Exception {
        Domain domain = running("revert-ext");
        Predictions.createAsPredicted(
                daemon,
                domain,
                SnapshotBuilder.diskOnly("overlays", view(domain)).request(),
                "transaction");
        RevertReadiness readiness = BRIDGE.revertReadiness(domain, "overlays");
        assertTrue(readiness.refused());
        assertFalse(readiness.needsForce(), "FORCE would not help");
        assertEquals(List.of("revert to external snapshot not supported yet"), readiness.reasons());

        SnapshotRefusedException refused =
                assertThrows(SnapshotRefusedException.class, () -> BRIDGE.revert(domain, "overlays"));
        assertEquals(readiness.reasons(), refused.reasons());
        assertEquals(
                "libvirt would refuse the revert to snapshot 'overlays': revert to external snapshot not supported yet",
                refused.getMessage());

        // libvirt itself, asked without the bridge, gives the reason predicted
        org.libvirt.DomainSnapshot snapshot = domain.snapshotLookupByName("overlays");
        try {
            LibvirtException e = assertThrows(LibvirtException.class, () -> domain.revertToSnapshot(snapshot));
            assertEquals("unsupported configuration: " + readiness.reasons().get(0), e.getMessage());
        } finally {
            snapshot.free();
        }
        assertEquals(DomainState.RUNNING, state(domain));
    }

    @Test
    void deletesAnInternalSnapshotFromTheImages() throws Exception {
        Domain domain = running("delete-int");
        Predictions.createAsPredicted(
                daemon, domain, SnapshotBuilder.fullSystemCheckpoint("gone").request(), "savevm");
        String vda = image("delete-int-vda.qcow2");
        assertTrue(QemuDaemon.run("qemu-img", "snapshot", "-U", "-l", vda).contains(" gone "));
        BRIDGE.delete(domain, "gone");
        assertEquals("", QemuDaemon.run("qemu-img", "snapshot", "-U", "-l", vda), "no snapshot left in the image");
        assertEquals(List.of(), BRIDGE.snapshots(domain));
        assertEquals(Optional.empty(), BRIDGE.currentSnapshot(domain));
    }

    @Test
    void deletingAnExternalDiskOnlySnapshotCommitsTheOverlays() throws Exception {
        Domain domain = running("delete-ext");
        Predictions.createAsPredicted(
                daemon,
                domain,
                SnapshotBuilder.diskOnly("nightly", view(domain)).request(),
                "transaction");
        for (String disk : List.of("vda", "vdb")) {
            assertEquals(
                    List.of(image("delete-ext-" + disk + ".nightly"), image("delete-ext-" + disk + ".qcow2")),
                    backingChain(image("delete-ext-" + disk + ".nightly")),
                    "the guest writes to an overlay on the original");
        }
        long mark = daemon.logMark();
        BRIDGE.delete(domain, "nightly");
        String asked = daemon.mechanismsSince(mark);
        assertTrue(asked.endsWith("block-commit"), "the overlays are committed: " + asked);
        for (String disk : List.of("vda", "vdb")) {
            assertFalse(Files.exists(Path.of(image("delete-ext-" + disk + ".nightly"))), "the overlay is removed");
            assertEquals(
                    List.of(image("delete-ext-" + disk + ".qcow2")),
                    backingChain(image("delete-ext-" + disk + ".qcow2")),
                    "the original stands alone again");
        }
        assertEquals(
                List.of(image("delete-ext-vda.qcow2"), image("delete-ext-vdb.qcow2")),
                view(domain).disksInLibvirtOrder().stream()
                        .map(d -> d.sourcePath().orElseThrow())
                        .toList(),
                "the guest writes to the originals");
        assertEquals(List.of(), BRIDGE.snapshots(domain));
        assertEquals(DomainState.RUNNING, state(domain));
    }
}
