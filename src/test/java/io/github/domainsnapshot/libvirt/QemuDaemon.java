package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.Skips;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A libvirtd of the tests' own, with libvirt's real QEMU driver, and TCG guests (no KVM needed;
 * no OS: the guest sits in its firmware).
 *
 * <p>What a container needs for it: the daemon runs as root in a private mount namespace, where
 * {@code /etc/libvirt}, {@code /run/libvirt}, {@code /var/lib/libvirt/qemu}, {@code
 * /var/cache/libvirt} and {@code /var/log/libvirt} are folders of its own (nothing of the
 * machine's libvirt is read or written, and several such daemons run side by side); its socket
 * is in its own folder; the guests run as root, unconfined ({@code security_driver = "none"}),
 * without cgroups or namespaces of their own, as a container delegates none; and a {@code
 * libvirt-qemu} user exists (the qemu driver looks it up before it reads {@code qemu.conf}, and
 * Debian creates it only with libvirt-daemon-system).
 *
 * <p>The daemon is the host's libvirt (9.0, Debian 12), or a newer release's inside its Debian root
 * ({@code ../shared/tools/libvirt-root MAJOR run}: 11.3 or 12.9 with their own QEMU), started the
 * same way there: {@code libvirt-root} stays the daemon's parent (its mounts vanish when it ends).
 * The tests talk to either through the host's libvirt client library, over the daemon's unix
 * socket. The daemon's folder is under {@code target/qemu-it}, which {@code libvirt-root} binds at
 * the same path inside the root (it is run there), so that the socket, the images and the logs
 * are at one path for the tests, QEMU and the host's {@code qemu-img}.
 *
 * <p>Where it cannot run (not root, a program missing, no mount namespaces, no root of that
 * release) the test classes are skipped with one line on the console for all of them; in CI
 * ({@code CI=true}) that fails instead. Images and state live in a temporary folder removed on
 * {@link #close()}; QEMU's probed capabilities are kept in {@code target/qemu-it} per release so
 * that later daemons start at once.
 */
final class QemuDaemon implements AutoCloseable {
    static final String PACKAGES = "apt-get install -y --no-install-recommends libvirt-daemon"
            + " libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils";
    private static final List<String> PROGRAMS =
            List.of("libvirtd", "virsh", "unshare", "setsid", "mount", "qemu-system-x86_64", "qemu-img");
    /** The folders the daemon gets its own of, each bound over the machine's. */
    private static final List<String> PRIVATE =
            List.of("/etc/libvirt", "/run/libvirt", "/var/lib/libvirt/qemu", "/var/cache/libvirt", "/var/log/libvirt");

    /** The release on this machine, Debian 12's. */
    static final LibvirtVersion HOST_RELEASE = LibvirtVersion.V9_0;
    /** The ITs' folder, run in and bound into the roots: daemons' folders and capability caches. */
    private static final Path HOME = Path.of("target", "qemu-it").toAbsolutePath();
    /** A unix socket's path must fit in {@code sockaddr_un}. */
    private static final int MAX_SOCKET_PATH = 107;

    private final String label;
    private final Path state;
    private final Process process;
    private final Connect connection;
    private final String uri;
    private final LibvirtVersion libvirt;
    private final Thread cleanupAtExit;
    private boolean closed;

    private QemuDaemon(String label, Path state, Process process, Connect connection, String uri)
            throws LibvirtException {
        this.label = label;
        this.uri = uri;
        this.state = state;
        this.process = process;
        this.connection = connection;
        this.libvirt = LibvirtVersion.fromLibvirtNumber(connection.getLibVersion());
        this.cleanupAtExit = new Thread(this::close, "stop libvirtd " + label);
        Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    }

    /**
     * Starts a daemon, or skips the calling test class (fails it in CI) where this machine cannot
     * run one.
     *
     * @param label a short name for the daemon's folder and messages
     */
    static QemuDaemon startOrSkip(String label) {
        return startOrSkip(label, HOST_RELEASE);
    }

    /**
     * The releases the tests against real QEMU run on: the proven ones, the host's 9.0, 11.3 and
     * 12.9 (the newest), about a minute each; {@code -Dqemu.it.releases=9.0,12.9} names fewer.
     */
    static List<LibvirtVersion> releases() {
        return Stream.of(System.getProperty("qemu.it.releases", "9.0,11.3,12.9").split(","))
                .map(String::strip)
                .filter(r -> !r.isEmpty())
                .map(LibvirtVersion::parse)
                .toList();
    }

    /**
     * Starts a daemon of a release, or skips the calling test (fails it in CI) where this machine
     * cannot run one.
     *
     * @param label a short name for the daemon's folder and messages
     * @param release the host's release, or one that {@code libvirt-root} has a root of
     */
    static QemuDaemon startOrSkip(String label, LibvirtVersion release) {
        String missing = missingPrerequisite();
        if (missing == null && !release.equals(HOST_RELEASE)) {
            missing = missingRoot(release);
        }
        Skips.whereMissing(
                "the tests against real QEMU (QemuSnapshotCreateIT, QemuRevertDeleteIT, QemuSnapshotTreeIT) on libvirt "
                        + release
                        + (release.equals(HOST_RELEASE) ? " (the host's)" : " (libvirt-root " + release.major() + ")"),
                missing == null ? null : "they need " + missing);
        try {
            QemuDaemon daemon = start(label, release);
            if (daemon.libvirt().major() != release.major() || daemon.libvirt().minor() != release.minor()) {
                daemon.close();
                throw new IllegalStateException("asked for a daemon of libvirt " + release + ", got " + daemon.libvirt()
                        + " (libvirt-root " + release.major() + " versions: what the root holds)");
            }
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What this machine lacks to run the daemon, or null. */
    static String missingPrerequisite() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "Linux";
        }
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return "root (libvirt's qemu:///system driver, mount namespaces)";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "root (cannot tell the user: " + e + ")";
        }
        for (String program : PROGRAMS) {
            if (which(program) == null) {
                return "the program " + program + " (" + PACKAGES + ")";
            }
        }
        if (!hasQemuDriver()) {
            return "libvirt's QEMU driver (" + PACKAGES + ")";
        }
        try {
            new Connect("test:///default").close();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | LibvirtException e) {
            return "libvirt's client library (" + PACKAGES + "): " + e;
        }
        try {
            Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "true")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "a private mount namespace (unshare -m): " + out.strip();
            }
        } catch (IOException e) {
            return "a private mount namespace (unshare -m): " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "a private mount namespace (interrupted)";
        }
        return null;
    }

    /** {@code libvirt-root} of the shared tools, beside the shared corpus. */
    static Path libvirtRootTool() {
        return SharedCorpus.root().resolveSibling("tools").resolve("libvirt-root");
    }

    /** What this machine lacks to run a release's daemon in its root, or null. */
    private static String missingRoot(LibvirtVersion release) {
        Path tool = libvirtRootTool();
        if (!Files.isExecutable(tool)) {
            return tool + " (the shared tools)";
        }
        String dir = System.getenv().getOrDefault("LIBVIRT_ROOT_DIR", "/srv/libvirt-" + release.major());
        for (String program : List.of("usr/sbin/libvirtd", "usr/bin/qemu-system-x86_64")) {
            if (!Files.isExecutable(Path.of(dir, program))) {
                return "the Debian root of libvirt " + release + " at " + dir + ", with /" + program + " (" + tool + " "
                        + release.major() + " setup)";
            }
        }
        return null;
    }

    private static boolean hasQemuDriver() {
        try (Stream<Path> libs =
                Stream.of("/usr/lib", "/usr/lib64").map(Path::of).filter(Files::isDirectory)) {
            return libs.flatMap(QemuDaemon::list)
                            .map(dir -> dir.resolve("libvirt/connection-driver/libvirt_driver_qemu.so"))
                            .anyMatch(Files::exists)
                    || Files.exists(Path.of("/usr/lib/libvirt/connection-driver/libvirt_driver_qemu.so"));
        }
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    static Path which(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static QemuDaemon start(String label, LibvirtVersion release) throws IOException, InterruptedException {
        boolean host = release.equals(HOST_RELEASE);
        Files.createDirectories(HOME);
        // short names: the socket's whole path must fit in sockaddr_un, wherever the project is checked out
        Path state = Files.createTempDirectory(HOME, "d");
        for (String dir : List.of("etc", "run", "lib", "log", "s", "images")) {
            Files.createDirectories(state.resolve(dir));
        }
        Path cache = HOME.resolve("capabilities-" + release.major() + "." + release.minor());
        Files.createDirectories(cache);
        if (host) {
            for (String dir : PRIVATE) {
                Files.createDirectories(Path.of(dir)); // the mount points; empty where libvirt is not set up
            }
        }
        Path socketDir = state.resolve("s");
        Path socket = socketDir.resolve("libvirt-sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            deleteTree(state);
            throw new IllegalStateException("the daemon's socket " + socket + " is longer than a unix socket's path"
                    + " may be (" + MAX_SOCKET_PATH + " bytes): build in a folder with a shorter path");
        }
        Files.writeString(
                state.resolve("etc/libvirtd.conf"),
                String.join(
                        "\n",
                        "unix_sock_dir = \"" + socketDir + "\"",
                        "unix_sock_rw_perms = \"0700\"",
                        "auth_unix_rw = \"none\"",
                        "auth_unix_ro = \"none\"",
                        "log_level = 3",
                        // the monitor's traffic and the programs run tell how qemu made a snapshot
                        "log_filters = \"1:qemu.qemu_monitor 1:util.command\"",
                        "log_outputs = \"1:file:" + state.resolve("libvirtd.log") + "\"",
                        ""));
        Files.writeString(
                state.resolve("etc/qemu.conf"),
                String.join(
                        "\n",
                        "user = \"root\"",
                        "group = \"root\"",
                        "dynamic_ownership = 0",
                        "remember_owner = 0",
                        "security_driver = \"none\"",
                        "cgroup_controllers = [ ]",
                        "namespaces = [ ]",
                        "stdio_handler = \"file\"",
                        ""));
        Files.writeString(state.resolve("libvirtd.log"), "");

        // the same on the host and inside a root: the private folders bound over libvirt's, and a
        // libvirt-qemu user added to a copy of the passwd and group files where there is none
        String script = String.join(
                " && ",
                "S=$1 && C=$2",
                "mkdir -p " + String.join(" ", PRIVATE),
                "cp /etc/passwd \"$S/passwd\" && cp /etc/group \"$S/group\"",
                "{ grep -q '^libvirt-qemu:' \"$S/passwd\" || echo"
                        + " 'libvirt-qemu:x:64055:64055:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin'"
                        + " >>\"$S/passwd\"; }",
                "{ grep -q '^libvirt-qemu:' \"$S/group\" || echo 'libvirt-qemu:x:64055:' >>\"$S/group\"; }",
                "mount --bind \"$S/etc\" /etc/libvirt",
                "mount --bind \"$S/run\" /run/libvirt",
                "mount --bind \"$S/lib\" /var/lib/libvirt/qemu",
                "mount --bind \"$C\" /var/cache/libvirt",
                "mount --bind \"$S/log\" /var/log/libvirt",
                "mount --bind \"$S/passwd\" /etc/passwd",
                "mount --bind \"$S/group\" /etc/group",
                "exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C libvirtd -f /etc/libvirt/libvirtd.conf"
                        + " -p \"$S/libvirtd.pid\"");
        List<String> command = new ArrayList<>();
        // setsid: the daemon's session is its own, so a terminal's signals do not reach it
        command.add("setsid");
        if (host) {
            command.addAll(List.of("unshare", "-m", "--propagation", "private"));
        } else {
            // a private mount namespace too, and the current folder bound at the same path
            command.addAll(List.of(libvirtRootTool().toString(), String.valueOf(release.major()), "run"));
        }
        command.addAll(List.of("sh", "-c", script, "sh", state.toString(), cache.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(HOME.toFile())
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("daemon.out").toFile());
        builder.environment().put("PWD", HOME.toString()); // the folder libvirt-root binds
        Process process = builder.start();
        process.getOutputStream().close();

        String uri = "qemu:///system?socket=" + socket;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        LibvirtException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                break;
            }
            if (Files.exists(socket)) {
                try {
                    Connect connection = new Connect(uri);
                    connection.getVersion(); // the first call probes QEMU's capabilities
                    QemuDaemon daemon = new QemuDaemon(label, state, process, connection, uri);
                    System.out.println("[" + label + "] libvirtd " + daemon.libvirt() + " ("
                            + (host ? "the host's" : "libvirt-root " + release.major()) + ") at " + uri);
                    return daemon;
                } catch (LibvirtException e) {
                    last = e;
                }
            }
            Thread.sleep(100);
        }
        String why = "libvirtd did not come up (" + (process.isAlive() ? "no answer" : "exit " + process.exitValue())
                + (last != null ? ", " + last.getMessage() : "") + "): " + tail(state.resolve("daemon.out"))
                + " " + tail(state.resolve("libvirtd.log"));
        stop(process, state);
        deleteTree(state);
        throw new IllegalStateException(why);
    }

    /**
     * Stops the daemon by the pid it wrote (inside a root it is a grandchild of the process
     * started), then whatever is left of the processes started for it.
     */
    private static void stop(Process process, Path state) {
        try {
            Optional<ProcessHandle> daemon = Optional.empty();
            try {
                daemon = ProcessHandle.of(Long.parseLong(
                        Files.readString(state.resolve("libvirtd.pid")).strip()));
            } catch (IOException | NumberFormatException e) {
                // it did not come so far
            }
            if (daemon.isPresent()) {
                daemon.get().destroy();
                try {
                    daemon.get().onExit().get(20, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    daemon.get().destroyForcibly();
                }
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                List<ProcessHandle> left = process.descendants().toList();
                process.destroyForcibly();
                left.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the daemon's libvirt release, as {@code virConnectGetLibVersion} tells it */
    LibvirtVersion libvirt() {
        return libvirt;
    }

    /**
     * How QEMU saves an internal snapshot of a running guest with this release: {@code savevm}
     * (HMP) before libvirt 10.9, the QMP job {@code snapshot-save} from it on (libvirt's NEWS for
     * 10.9).
     */
    String internalOnline() {
        return libvirt.isAtLeast(LibvirtVersion.of(10, 9)) ? "snapshot-save" : "savevm";
    }

    /** @return the daemon's URI, for a client such as {@code virsh -c} */
    String uri() {
        return uri;
    }

    /** @return the open connection to the daemon, closed by {@link #close()} */
    Connect connection() {
        return connection;
    }

    /** @return a folder for the guests' images, inside the daemon's own */
    Path images() {
        return state.resolve("images");
    }

    /**
     * Defines a domain like libvirt's smallest qemu guests: 64 MiB, one vCPU, ACPI (so that a
     * disk can be hot-plugged), two fresh 64 MiB qcow2 disks vda and vdb in {@link #images()}.
     *
     * @param name the domain's name; its uuid comes from the name, so that a daemon standing for
     *     another host defines the same guest
     */
    Domain define(String name) throws IOException, InterruptedException, LibvirtException {
        String vda = newImage(name + "-vda.qcow2");
        String vdb = newImage(name + "-vdb.qcow2");
        return connection.domainDefineXML(domainXml(name, vda, vdb));
    }

    static String domainXml(String name, String vda, String vdb) {
        String uuid =
                UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>64</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                  </os>
                  <features>
                    <acpi/>
                  </features>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vdb' bus='virtio'/>
                    </disk>
                    <controller type='usb' model='none'/>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(name, uuid, vda, vdb);
    }

    /** Creates an empty 64 MiB qcow2 image in {@link #images()}; returns its path. */
    String newImage(String fileName) throws IOException, InterruptedException {
        Path image = images().resolve(fileName);
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "64M");
        return image.toString();
    }

    /**
     * Runs a program to its end.
     *
     * @return what it printed
     * @throws AssertionError when it fails
     */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + out);
        return out;
    }

    /** @return where the daemon's log ends now, for {@link #mechanismsSince} */
    long logMark() throws IOException {
        return Files.size(state.resolve("libvirtd.log"));
    }

    /**
     * How QEMU was asked to act since a mark of the log, named as {@link
     * io.github.domainsnapshot.validation.Plan.Mechanism#label()} names them and joined by
     * {@code +} in this order: {@code qemu-img}, {@code savevm}, {@code snapshot-save}, {@code
     * migrate}, {@code transaction}; {@code block-commit} too; {@code none} for nothing.
     */
    String mechanismsSince(long mark) throws IOException {
        String log;
        try (FileChannel channel = FileChannel.open(state.resolve("libvirtd.log"), StandardOpenOption.READ)) {
            channel.position(mark);
            log = new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> seen = new ArrayList<>();
        if (log.contains("qemu-img snapshot -c") || log.matches("(?s).*About to run \\S*qemu-img create.*")) {
            seen.add("qemu-img");
        }
        if (log.matches("(?s).*human-monitor-command[^\\n]*savevm.*")) {
            seen.add("savevm");
        }
        if (log.contains("\"execute\":\"snapshot-save\"")) {
            seen.add("snapshot-save");
        }
        if (log.contains("\"execute\":\"migrate\"")) {
            seen.add("migrate");
        }
        if (log.contains("\"execute\":\"transaction\"")) {
            seen.add("transaction");
        }
        if (log.contains("\"execute\":\"block-commit\"")) {
            seen.add("block-commit");
        }
        return seen.isEmpty() ? "none" : String.join("+", seen);
    }

    /**
     * Destroys the guests, stops the daemon, and removes its folder with the images (its log is
     * kept in {@code target/qemu-it-logs} for a failure's reader).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (int id : connection.listDomains()) {
                try {
                    connection.domainLookupByID(id).destroy();
                } catch (LibvirtException e) {
                    System.out.println("[" + label + "] cannot destroy domain " + id + ": " + e.getMessage());
                }
            }
            connection.close();
        } catch (LibvirtException e) {
            System.out.println("[" + label + "] " + e.getMessage());
        }
        stop(process, state);
        killOwnGuests();
        try {
            Path logs = Files.createDirectories(Path.of("target", "qemu-it-logs"));
            Files.copy(
                    state.resolve("libvirtd.log"),
                    logs.resolve(label + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.out.println("[" + label + "] cannot keep the log: " + e);
        }
        deleteTree(state);
        if (Thread.currentThread() != cleanupAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
            } catch (IllegalStateException e) {
                // the JVM is already exiting
            }
        }
    }

    /** The QEMU processes this daemon started and did not end (their pid files are in its own run folder). */
    private void killOwnGuests() {
        try (Stream<Path> pids = Files.list(state.resolve("run/qemu"))) {
            for (Path pidFile : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid)
                        .filter(h -> h.info().command().orElse("").contains("qemu-system"))
                        .ifPresent(h -> {
                            System.out.println("[" + label + "] stopping a left-over guest, pid " + pid);
                            h.destroyForcibly();
                        });
            }
        } catch (IOException | NumberFormatException e) {
            // no guests were started, or they are gone
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.out.println("cannot remove " + root + ": " + e);
        }
    }
}
