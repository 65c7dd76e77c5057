package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.builder.DiskRequest;
import io.github.domainsnapshot.builder.FileNames;
import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Snapshots made for real by the QEMU driver of each release of {@link QemuDaemon#releases()}
 * (the host's 9.0, 11.3 and 12.9), through the bridge: each request built with a preset, checked first
 * for that release, created with the flags it carries, and what libvirt stored compared with the
 * validator's prediction and with how QEMU was asked to make it.
 */
class QemuSnapshotCreateIT {
    private static final LibvirtBridge BRIDGE = LibvirtBridge.create();
    private static final QemuDaemons DAEMONS = new QemuDaemons("create");
    private QemuDaemon daemon;

    static List<LibvirtVersion> releases() {
        return QemuDaemons.releases();
    }

    @AfterAll
    static void stopDaemons() {
        DAEMONS.close();
    }

    @AfterEach
    void stopGuests() throws Exception {
        DAEMONS.destroyGuests();
    }

    /** The release's daemon, for the case; its predictions are for the release it reports. */
    private void on(LibvirtVersion release) {
        daemon = DAEMONS.of(release);
        assertEquals(release, daemon.libvirt().answeredAs(), "the daemon's release");
    }

    Domain running(String name) throws Exception {
        Domain domain = daemon.define(name);
        domain.create();
        ValidationContext context = BRIDGE.context(domain);
        assertEquals(DomainState.RUNNING, context.state());
        assertEquals(LibvirtDriver.QEMU, context.driver(), "the connection's driver");
        assertEquals(Optional.of(daemon.libvirt()), context.libvirt(), "the predictions are for the daemon's release");
        return domain;
    }

    Domain shutOff(String name) throws Exception {
        Domain domain = daemon.define(name);
        assertEquals(DomainState.SHUTOFF, BRIDGE.context(domain).state());
        return domain;
    }

    static DomainView view(Domain domain) {
        return DomainView.of(BRIDGE.context(domain).domain().orElseThrow());
    }

    DomainSnapshot createAsPredicted(Domain domain, SnapshotRequest request, String via) throws Exception {
        return Predictions.createAsPredicted(daemon, domain, request, via);
    }

    static String backingChain(String image) throws Exception {
        return QemuDaemon.run("qemu-img", "info", "--force-share", "--backing-chain", image);
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aFullSystemCheckpointOfARunningGuestIsInternal(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("full");
        SnapshotRequest request = SnapshotBuilder.fullSystemCheckpoint("full")
                .withDescription("memory and disks <inside> the qcow2 images")
                .request();
        assertEquals(Set.of(), request.flags());
        DomainSnapshot stored = createAsPredicted(domain, request, daemon.internalOnline());
        assertEquals(SnapshotState.RUNNING, stored.getState());
        assertEquals(MemorySnapshotMode.INTERNAL, stored.getMemory().getSnapshot());
        for (String image : List.of("full-vda.qcow2", "full-vdb.qcow2")) {
            String info = QemuDaemon.run(
                    "qemu-img",
                    "snapshot",
                    "-U",
                    "-l",
                    daemon.images().resolve(image).toString());
            assertTrue(info.contains(" full "), "the internal snapshot is in " + image + ": " + info);
        }
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aDiskOnlySnapshotOfARunningGuestIsATransaction(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("disk-only");
        SnapshotRequest request =
                SnapshotBuilder.diskOnly("nightly", view(domain)).request();
        assertEquals(Set.of(CreateFlag.DISK_ONLY, CreateFlag.ATOMIC), request.flags());
        DomainSnapshot stored = createAsPredicted(domain, request, "transaction");
        assertEquals(SnapshotState.DISK_SNAPSHOT, stored.getState());
        for (String disk : List.of("vda", "vdb")) {
            Path overlay = daemon.images().resolve("disk-only-" + disk + ".nightly");
            assertTrue(Files.exists(overlay), overlay + " made");
            String chain = backingChain(overlay.toString());
            assertTrue(
                    chain.contains("backing file: " + daemon.images().resolve("disk-only-" + disk + ".qcow2")), chain);
        }
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void anExternalCheckpointOfARunningGuestIsAMigrationAndATransaction(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("checkpoint");
        DomainView view = view(domain);
        String memory =
                FileNames.memoryFile(view, "before-upgrade", daemon.images().toString());
        assertEquals(daemon.images().resolve("checkpoint.before-upgrade.mem").toString(), memory);
        SnapshotRequest request = SnapshotBuilder.externalCheckpoint("before-upgrade", view, memory)
                .request();
        DomainSnapshot stored = createAsPredicted(domain, request, "migrate+transaction");
        assertEquals(SnapshotState.RUNNING, stored.getState());
        assertEquals(MemorySnapshotMode.EXTERNAL, stored.getMemory().getSnapshot());
        assertEquals(memory, stored.getMemory().getFile());
        assertTrue(Files.size(Path.of(memory)) > 0, "the memory was saved");
        assertEquals(DomainState.RUNNING, BRIDGE.context(domain).state(), "the guest runs on");
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aSnapshotOfAShutOffGuestIsInternalByQemuImg(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = shutOff("offline");
        SnapshotRequest request = SnapshotBuilder.snapshot("offline").request();
        DomainSnapshot stored = createAsPredicted(domain, request, "qemu-img");
        assertEquals(SnapshotState.SHUTOFF, stored.getState());
        assertEquals(MemorySnapshotMode.NO, stored.getMemory().getSnapshot());
        String info = QemuDaemon.run(
                "qemu-img",
                "snapshot",
                "-l",
                daemon.images().resolve("offline-vdb.qcow2").toString());
        assertTrue(info.contains(" offline "), info);
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aDiskOnlySnapshotOfAShutOffGuestMakesOverlaysByQemuImg(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = shutOff("offline-ext");
        SnapshotRequest request = SnapshotBuilder.diskOnly("ext", view(domain)).request();
        DomainSnapshot stored = createAsPredicted(domain, request, "qemu-img");
        assertEquals(SnapshotState.SHUTOFF, stored.getState());
        String chain =
                backingChain(daemon.images().resolve("offline-ext-vda.ext").toString());
        assertTrue(chain.contains("backing file: " + daemon.images().resolve("offline-ext-vda.qcow2")), chain);
        assertEquals(
                List.of("offline-ext-vda.ext", "offline-ext-vdb.ext"),
                view(domain).disksInLibvirtOrder().stream()
                        .map(d -> Path.of(d.sourcePath().orElseThrow())
                                .getFileName()
                                .toString())
                        .toList(),
                "the domain now writes to the overlays");
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aRequestTheValidatorRefusesIsNotSent(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("refused");
        SnapshotRequest request = SnapshotBuilder.fullSystemCheckpoint("typo")
                .withDisk(DiskRequest.internal("vdz"))
                .request();
        ValidationReport report = BRIDGE.check(domain, request);
        assertFalse(report.isOk());
        assertEquals(
                List.of("no disk named 'vdz'"),
                report.errors().stream().map(p -> p.message()).toList());
        long mark = daemon.logMark();
        SnapshotRefusedException e = assertThrows(SnapshotRefusedException.class, () -> BRIDGE.create(domain, request));
        assertEquals(report.problems(), e.problems());
        assertEquals("none", daemon.mechanismsSince(mark), "QEMU was not asked anything");
        assertEquals(0, domain.snapshotNum());
        // libvirt, asked directly, refuses with the validator's first message
        LibvirtException direct =
                assertThrows(LibvirtException.class, () -> domain.snapshotCreateXML(request.xml(), request.flagMask()));
        assertTrue(
                direct.getMessage().endsWith(report.errors().get(0).message()),
                direct.getMessage() + " / " + report.errors());
    }
}
