package io.github.domainsnapshot.differential;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.libvirt.LibvirtBridge;
import io.github.domainsnapshot.validation.DomainState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.DomainInfo;

/**
 * libvirt's test driver of one release in a process of its own, answering snapshot requests one
 * after another over its standard input and output ({@code test-driver-server.py} beside this
 * class in the test resources, run by python3 with Debian's python3-libvirt): the host's libvirt,
 * or a newer release's inside its Debian root ({@code libvirt-root N run}), where the bindings load
 * that release's {@code libvirt.so}.
 *
 * <p>A request is written whole before its answer is read ({@link #send}, then {@link #receive}),
 * so that the caller can do its own work, the validator's check, while libvirt answers. Not
 * thread-safe: one caller at a time.
 */
final class TestDriverServer implements AutoCloseable {
    /** The script, as a resource beside this class. */
    static final String SCRIPT = "test-driver-server.py";
    /** How long the process may take to start and say its release. */
    private static final long START_SECONDS = 60;

    /** libvirt's answer to a create request. */
    record Answer(DomainState state, boolean accepted, String text) {}

    /** The domain as libvirt describes it in a state. */
    record Description(DomainState state, String xml) {}

    /** Thrown where the process cannot start; {@link #missing} says what this machine lacks, if that is why. */
    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient String missing;

        StartFailure(String message, String missing) {
            super(message);
            this.missing = missing;
        }
    }

    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final Path log;
    private final LibvirtVersion libvirt;

    private TestDriverServer(Process process, Path log, LibvirtVersion libvirt) {
        this.process = process;
        this.in = new BufferedInputStream(process.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.log = log;
        this.libvirt = libvirt;
    }

    /**
     * Starts the server and waits for it to say which libvirt it loaded.
     *
     * @param launcher the command that runs python3 (where it is another root's, the command that
     *     enters that root with {@code dir} as its current folder), without the script's arguments
     * @param dir a folder seen at the same path by the process: the script, the node file and the
     *     disk images are in it, and libvirt's messages on stderr go to {@code log} there
     * @param node the test driver's node file
     * @param domain the domain's name in it
     * @param logName the file in {@code dir} for the process's stderr
     * @param install how to install python3-libvirt where it runs, for the message where it lacks it
     */
    static TestDriverServer start(
            List<String> launcher, Path dir, Path node, String domain, String logName, String install)
            throws IOException, StartFailure {
        Path script = dir.resolve(SCRIPT);
        if (!Files.exists(script)) {
            try (InputStream s = TestDriverServer.class.getResourceAsStream(SCRIPT)) {
                Files.copy(s, script);
            }
        }
        Path log = dir.resolve(logName);
        List<String> command = new java.util.ArrayList<>(launcher);
        command.addAll(List.of(script.toString(), node.toString(), domain));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("PWD", dir.toString()); // libvirt-root binds the folder it is run in
        Process process = builder.start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return readLine(process.getInputStream());
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            line = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line = null;
        }
        if (line == null || !line.startsWith("ready ")) {
            kill(process);
            String err = Files.readString(log, StandardCharsets.UTF_8).strip();
            throw new StartFailure(
                    String.join(" ", command) + " did not start (" + (line == null ? "no answer" : line) + "): " + err,
                    whatIsMissing(err, install));
        }
        LibvirtVersion version = LibvirtVersion.fromLibvirtNumber(Long.parseLong(line.substring(6)));
        return new TestDriverServer(process, log, version);
    }

    /** What a failed start says this machine lacks (the bindings, the root), or null for any other failure. */
    private static String whatIsMissing(String stderr, String install) {
        if (stderr.contains("No module named 'libvirt'")) {
            return "Debian's python3-libvirt (" + install + ")";
        }
        if (stderr.contains("no root at")) {
            return stderr.lines()
                    .filter(l -> l.contains("no root at"))
                    .findFirst()
                    .orElse(stderr);
        }
        if (stderr.contains("not found") && stderr.contains("python3")) {
            return "python3";
        }
        return null;
    }

    /** @return the release of the libvirt the process loaded ({@code virConnectGetLibVersion}) */
    LibvirtVersion libvirt() {
        return libvirt;
    }

    /** The domain's definition in a state ({@code virDomainGetXMLDesc}). */
    Description describe(DomainState state) throws IOException {
        out.write(("D " + state.libvirtName() + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String[] head = header("D", 3);
        return new Description(state(head[1]), text(head[2]));
    }

    /** Sends a create request; its answer is read with {@link #receive}. */
    void send(DomainState state, int flags, String xml) throws IOException {
        byte[] data = xml.getBytes(StandardCharsets.UTF_8);
        out.write(("C " + state.libvirtName() + " " + flags + " " + data.length + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.flush();
    }

    /** The answer to the request sent last. */
    Answer receive() throws IOException {
        String[] head = header(null, 3);
        return new Answer(state(head[1]), head[0].equals("A"), text(head[2]));
    }

    private String[] header(String expected, int words) throws IOException {
        String line = readLine(in);
        if (line == null) {
            throw new IOException("the test driver's process ended (" + describeEnd() + ")");
        }
        String[] head = line.split(" ");
        if (head[0].equals("E") && head.length == 2) {
            throw new IOException("the test driver's process failed: " + text(head[1]));
        }
        if (head.length != words
                || (expected != null && !head[0].equals(expected))
                || (expected == null && !head[0].equals("A") && !head[0].equals("R"))) {
            throw new IOException("the test driver's process answered: " + line);
        }
        return head;
    }

    private String describeEnd() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            String err = Files.readString(log, StandardCharsets.UTF_8).strip();
            List<String> lines = err.lines().toList();
            return "exit " + (process.isAlive() ? "?" : process.exitValue()) + "; its stderr ends: "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String text(String length) throws IOException {
        int n = Integer.parseInt(length);
        byte[] data = in.readNBytes(n);
        if (data.length != n) {
            throw new IOException("the test driver's process ended in an answer (" + describeEnd() + ")");
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /** virDomainGetState's number, as the bridge reads libvirt-java's. */
    private static DomainState state(String number) {
        return LibvirtBridge.state(DomainInfo.DomainState.values()[Integer.parseInt(number)]);
    }

    /** One line of ASCII, without its end; null at the end of the stream. */
    private static String readLine(InputStream s) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = s.read()) != '\n') {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Stops the process where it hangs: it and every process it started. */
    void kill() {
        kill(process);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Ends the input, which ends the process; kills it if it does not end. */
    @Override
    public void close() {
        try {
            out.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }
}
