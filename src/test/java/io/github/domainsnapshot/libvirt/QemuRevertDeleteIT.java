package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.builder.DiskRequest;
import io.github.domainsnapshot.builder.RevertReadiness;
import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.validation.DeleteFlag;
import io.github.domainsnapshot.validation.DeleteReport;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.RevertFlag;
import io.github.domainsnapshot.validation.RevertReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libvirt.Domain;

/**
 * Reverting to and deleting snapshots of every kind made by the QEMU driver of each release of
 * {@link QemuDaemon#releases()} (the host's 9.0, 11.3 and 12.9), through the bridge with flags: what the
 * validator predicts for the daemon's release ({@link LibvirtBridge#checkRevert}, {@link
 * LibvirtBridge#checkDelete}) against what libvirt does: the refusal and its first message (asked
 * of libvirt directly with {@code virsh}, the same flags), the guest's state, the files created
 * and removed, the backing chains, the snapshots deleted, the block commit, and {@code
 * <revertDisks>}.
 */
class QemuRevertDeleteIT {
    private static final LibvirtBridge BRIDGE = LibvirtBridge.create();
    private static final QemuDaemons DAEMONS = new QemuDaemons("revert-delete");
    private static final Map<RevertFlag, String> VIRSH_REVERT = Map.of(
            RevertFlag.RUNNING, "--running",
            RevertFlag.PAUSED, "--paused",
            RevertFlag.FORCE, "--force",
            RevertFlag.RESET_NVRAM, "--reset-nvram");
    private static final Map<DeleteFlag, String> VIRSH_DELETE = Map.of(
            DeleteFlag.CHILDREN, "--children",
            DeleteFlag.METADATA_ONLY, "--metadata",
            DeleteFlag.CHILDREN_ONLY, "--children-only");
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

    private void on(LibvirtVersion release) {
        daemon = DAEMONS.of(release);
        assertEquals(release, daemon.libvirt().answeredAs(), "the daemon's release");
    }

    Domain running(String name) throws Exception {
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

    String image(String file) {
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

    /** The files in the guests' folder (images, overlays, memory files). */
    Set<String> files() throws IOException {
        try (Stream<Path> all = Files.list(daemon.images())) {
            return new TreeSet<>(all.map(Path::toString).toList());
        }
    }

    /** The disks' sources, in the domain's order. */
    static List<String> sources(Domain domain) {
        return view(domain).disks().stream()
                .map(d -> d.sourcePath().orElse("-"))
                .toList();
    }

    void create(Domain domain, SnapshotBuilder builder, String via) throws Exception {
        Predictions.createAsPredicted(daemon, domain, builder.request(), via);
    }

    /** libvirt asked directly with virsh: its last {@code error:} line, or null when it succeeds. */
    String virsh(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", daemon.uri()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        if (p.exitValue() == 0) {
            return null;
        }
        List<String> errors = out.lines().filter(l -> l.startsWith("error: ")).toList();
        return errors.isEmpty() ? out : errors.get(errors.size() - 1).substring("error: ".length());
    }

    /** Asserts that libvirt, asked directly, refuses with the predicted error's message. */
    void assertLibvirtRefuses(List<Problem> problems, String... virshArgs) throws Exception {
        Problem error = problems.stream().filter(Problem::isError).findFirst().orElseThrow();
        String answer = virsh(virshArgs);
        assertTrue(
                answer != null && answer.endsWith(error.message()),
                "libvirt's first message: " + answer + ", predicted: " + error.message());
    }

    /**
     * Reverts through the bridge with flags and compares with the prediction: a refusal (nothing
     * sent; libvirt, asked directly, refuses in the words predicted), else the guest's state
     * afterwards, the current snapshot, the files created (the new overlays, the domain's disks
     * afterwards) and removed, and whether the snapshot got a {@code <revertDisks>}.
     */
    RevertReport revertAsPredicted(Domain domain, String name, Set<RevertFlag> flags) throws Exception {
        RevertReport predicted = BRIDGE.checkRevert(domain, name, flags);
        System.out.println("[libvirt " + daemon.libvirt() + "] revert to '" + name + "' " + flags + ": " + predicted);
        assertEquals(daemon.libvirt().answeredAs(), predicted.libvirt());
        Set<String> before = files();
        if (!predicted.performed()) {
            long mark = daemon.logMark();
            SnapshotRefusedException e =
                    assertThrows(SnapshotRefusedException.class, () -> BRIDGE.revert(domain, name, flags));
            assertEquals(predicted.problems(), e.problems());
            assertEquals("none", daemon.mechanismsSince(mark), "QEMU was not asked anything");
            List<String> args = new ArrayList<>(List.of("snapshot-revert", domain.getName(), name));
            flags.forEach(f -> args.add(VIRSH_REVERT.get(f)));
            assertLibvirtRefuses(predicted.problems(), args.toArray(String[]::new));
            assertEquals(before, files(), "nothing made or removed");
            return predicted;
        }
        long start = System.currentTimeMillis() / 1000;
        RevertReport checked = BRIDGE.revert(domain, name, flags);
        long end = System.currentTimeMillis() / 1000;
        assertEquals(predicted.toString(), checked.toString(), "the bridge checked what checkRevert predicts");
        assertEquals(predicted.stateAfter().orElseThrow(), state(domain), "the guest's state after the revert");
        assertEquals(Optional.of(name), BRIDGE.currentSnapshot(domain));
        Set<String> after = files();
        Set<String> made = new TreeSet<>(after);
        made.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        assertEquals(new TreeSet<>(predicted.removedFiles()), removed, "the files removed");
        if (predicted.newOverlays().isEmpty()) {
            assertEquals(Set.of(), made, "no file made");
        } else {
            List<String> overlays = null;
            for (long t = start - 1; t <= end + 1 && overlays == null; t++) {
                if (new TreeSet<>(predicted.newOverlaysAt(t)).equals(made)) {
                    overlays = predicted.newOverlaysAt(t);
                }
            }
            assertTrue(overlays != null, "the overlays made: " + made + ", predicted " + predicted.newOverlays());
            List<String> inUse = sources(domain);
            assertTrue(inUse.containsAll(overlays), "the domain runs on the new overlays: " + inUse);
            for (String overlay : overlays) {
                assertTrue(backingChain(overlay).size() > 1, overlay + " is an overlay");
            }
        }
        boolean hasRevertDisks = Predictions.xmlDesc(domain, name).contains("<revertDisks>");
        assertEquals(predicted.writesRevertDisks(), hasRevertDisks, "<revertDisks> in the snapshot");
        return predicted;
    }

    /**
     * Deletes through the bridge with flags and compares with the prediction: a refusal (nothing
     * sent; libvirt, asked directly, refuses in the words predicted), else the snapshots deleted,
     * the files removed, and whether QEMU was asked for a block commit.
     */
    DeleteReport deleteAsPredicted(Domain domain, String name, Set<DeleteFlag> flags) throws Exception {
        DeleteReport predicted = BRIDGE.checkDelete(domain, name, flags);
        System.out.println("[libvirt " + daemon.libvirt() + "] delete '" + name + "' " + flags + ": " + predicted);
        assertEquals(daemon.libvirt().answeredAs(), predicted.libvirt());
        Set<String> before = files();
        Set<String> namesBefore = new LinkedHashSet<>(List.of(domain.snapshotListNames()));
        long mark = daemon.logMark();
        if (!predicted.isOk()) {
            SnapshotRefusedException e =
                    assertThrows(SnapshotRefusedException.class, () -> BRIDGE.delete(domain, name, flags));
            assertEquals(predicted.problems(), e.problems());
            assertEquals("none", daemon.mechanismsSince(mark), "QEMU was not asked anything");
            List<String> args = new ArrayList<>(List.of("snapshot-delete", domain.getName(), name));
            flags.forEach(f -> args.add(VIRSH_DELETE.get(f)));
            assertLibvirtRefuses(predicted.problems(), args.toArray(String[]::new));
            assertEquals(before, files(), "nothing made or removed");
            assertEquals(namesBefore, new LinkedHashSet<>(List.of(domain.snapshotListNames())));
            return predicted;
        }
        DeleteReport checked = BRIDGE.delete(domain, name, flags);
        assertEquals(predicted.toString(), checked.toString(), "the bridge checked what checkDelete predicts");
        Set<String> gone = new TreeSet<>(namesBefore);
        gone.removeAll(List.of(domain.snapshotListNames()));
        assertEquals(new TreeSet<>(predicted.deletedSnapshots()), gone, "the snapshots deleted");
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(files());
        assertEquals(new TreeSet<>(predicted.removedFiles()), removed, "the files removed");
        assertEquals(
                predicted.blockCommit(),
                daemon.mechanismsSince(mark).contains("block-commit"),
                "a block commit: " + daemon.mechanismsSince(mark));
        return predicted;
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void internalSnapshotsOfARunningAndOfAPausedGuest(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("revert");
        create(domain, SnapshotBuilder.fullSystemCheckpoint("was-running"), daemon.internalOnline());
        domain.suspend();
        assertEquals(DomainState.PAUSED, state(domain));
        create(domain, SnapshotBuilder.fullSystemCheckpoint("was-paused"), daemon.internalOnline());
        assertEquals(SnapshotState.PAUSED, BRIDGE.snapshot(domain, "was-paused").getState());
        domain.resume();
        for (String name : List.of("was-paused", "was-running")) {
            RevertReadiness readiness = BRIDGE.revertReadiness(domain, name);
            assertTrue(readiness.isReady(), readiness.reasons()::toString);
        }
        RevertReport toPaused = revertAsPredicted(domain, "was-paused", Set.of());
        assertEquals(Optional.of(DomainState.PAUSED), toPaused.stateAfter(), "back in the snapshot's state");
        RevertReport running = revertAsPredicted(domain, "was-paused", Set.of(RevertFlag.RUNNING));
        assertEquals(Optional.of(DomainState.RUNNING), running.stateAfter(), "RUNNING overrides it");
        RevertReport paused = revertAsPredicted(domain, "was-running", Set.of(RevertFlag.PAUSED));
        assertEquals(Optional.of(DomainState.PAUSED), paused.stateAfter(), "PAUSED overrides it");

        String vda = image("revert-vda.qcow2");
        deleteAsPredicted(domain, "was-running", Set.of(DeleteFlag.CHILDREN));
        assertEquals(List.of(), BRIDGE.snapshots(domain));
        assertEquals("", QemuDaemon.run("qemu-img", "snapshot", "-U", "-l", vda), "no snapshot left in the image");
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void qemuRevertsAcrossAChangedDefinitionWithoutForce(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("hotplug");
        create(domain, SnapshotBuilder.fullSystemCheckpoint("two-disks"), daemon.internalOnline());
        String vdc = daemon.newImage("hotplug-vdc.qcow2");
        domain.attachDevice("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>" + "<source file='"
                + vdc + "'/><target dev='vdc' bus='virtio'/></disk>");
        assertEquals(3, view(domain).disks().size());
        RevertReadiness readiness = BRIDGE.revertReadiness(domain, "two-disks");
        assertTrue(readiness.isReady(), "qemu restarts the guest from the snapshot: " + readiness.reasons());
        revertAsPredicted(domain, "two-disks", Set.of());
        assertEquals(
                List.of("vda", "vdb"),
                view(domain).disks().stream()
                        .map(d -> d.targetDev().orElse(null))
                        .toList());
        assertEquals(DomainState.RUNNING, state(domain));
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aDiskOnlySnapshotOfARunningGuest(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("disk-only");
        create(domain, SnapshotBuilder.diskOnly("nightly", view(domain)), "transaction");
        for (String disk : List.of("vda", "vdb")) {
            assertEquals(
                    List.of(image("disk-only-" + disk + ".nightly"), image("disk-only-" + disk + ".qcow2")),
                    backingChain(image("disk-only-" + disk + ".nightly")),
                    "the guest writes to an overlay on the original");
        }
        RevertReport revert = revertAsPredicted(domain, "nightly", Set.of(RevertFlag.RUNNING));
        assertEquals(
                release.isAtLeast(LibvirtVersion.of(10, 10)),
                revert.performed(),
                "reverting to a disk-only snapshot: from 10.10 on (9.0 refuses every external revert)");
        DeleteReport delete = deleteAsPredicted(domain, "nightly", Set.of());
        if (!revert.performed()) {
            // the guest still runs on the overlays: they are committed into the originals
            assertTrue(delete.blockCommit());
            for (String disk : List.of("vda", "vdb")) {
                assertFalse(Files.exists(Path.of(image("disk-only-" + disk + ".nightly"))), "the overlay is removed");
                assertEquals(
                        List.of(image("disk-only-" + disk + ".qcow2")),
                        backingChain(image("disk-only-" + disk + ".qcow2")),
                        "the original stands alone again");
            }
        }
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void anExternalCheckpointWithAChild(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("checkpoint");
        String memory = image("checkpoint.parent.mem");
        create(domain, SnapshotBuilder.externalCheckpoint("parent", view(domain), memory), "migrate+transaction");
        create(domain, SnapshotBuilder.diskOnly("child", view(domain)), "transaction");
        revertAsPredicted(domain, "parent", Set.of(RevertFlag.PAUSED));
        deleteAsPredicted(domain, "parent", Set.of(DeleteFlag.CHILDREN));
        if (!BRIDGE.snapshots(domain).isEmpty()) {
            // refused with its children: the metadata goes, the files stay
            deleteAsPredicted(domain, "parent", Set.of(DeleteFlag.CHILDREN, DeleteFlag.METADATA_ONLY));
            assertEquals(List.of(), BRIDGE.snapshots(domain));
            assertTrue(Files.exists(Path.of(memory)), "METADATA_ONLY keeps the memory file");
        }
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void aMemoryOnlySnapshot(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = running("memory-only");
        String memory = image("memory-only.mem");
        create(
                domain,
                SnapshotBuilder.snapshot("mem")
                        .withMemoryFile(memory)
                        .withDisk(DiskRequest.excluded("vda"))
                        .withDisk(DiskRequest.excluded("vdb")),
                "migrate");
        revertAsPredicted(domain, "mem", Set.of());
        deleteAsPredicted(domain, "mem", Set.of());
    }

    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void snapshotsOfAShutOffGuest(LibvirtVersion release) throws Exception {
        on(release);
        Domain domain = daemon.define("offline");
        create(domain, SnapshotBuilder.snapshot("first"), "qemu-img");
        create(domain, SnapshotBuilder.snapshot("second"), "qemu-img");
        RevertReport revert = revertAsPredicted(domain, "first", Set.of(RevertFlag.RUNNING));
        assertEquals(Optional.of(DomainState.RUNNING), revert.stateAfter(), "RUNNING starts the guest");
        domain.destroy();
        deleteAsPredicted(domain, "first", Set.of(DeleteFlag.CHILDREN_ONLY));
        assertEquals(
                List.of("first"),
                BRIDGE.snapshots(domain).stream().map(DomainSnapshot::getName).toList());
        String info = QemuDaemon.run("qemu-img", "snapshot", "-l", image("offline-vda.qcow2"));
        assertTrue(info.contains(" first ") && !info.contains(" second "), info);
    }
}
