package io.github.domainsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a careless user (or a hostile file system) does to the command line: outputs that exist,
 * inputs named as outputs, links, FIFOs, a standard output that fails, failures the code never
 * expected. No file is ever lost or left cut off, nothing hangs, and every failure is one line.
 */
class CarelessUseTest {
    private static final String DOC = "<domainsnapshot><name>a</name></domainsnapshot>";
    private static final String FORMATTED = "<domainsnapshot>\n  <name>a</name>\n</domainsnapshot>\n";
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private final CliHarness cli = new CliHarness();

    @TempDir
    Path dir;

    /** Runs a command with nothing on standard input. */
    private int run(String... args) {
        return cli.run("", args);
    }

    private Path write(String name, String content) throws IOException {
        return CliHarness.write(dir.resolve(name), content);
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + p);
        return p;
    }

    private void oneLineNoStackTrace() {
        String e = cli.err();
        assertFalse(e.contains("\tat ") || e.contains("java.lang."), "stack trace in " + e);
        assertEquals(1, e.lines().count(), e);
    }

    /** No temporary file is left beside an output. */
    private static void noLeftovers(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> left = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp"))
                    .toList();
            assertEquals(List.of(), left, "temporary files left in " + directory);
        }
    }

    // ---- format --output-dir: nothing that exists is replaced unless asked

    @Test
    void anExistingOutputIsNotReplacedUnlessForced() throws IOException {
        Path a = write("in/a.xml", DOC);
        Path earlier = write("out/a.xml", "from an earlier run\n");
        assertEquals(2, run("format", "--output-dir", dir.resolve("out").toString(), a.toString()));
        assertEquals(
                a + ": error: not written: " + earlier + " exists (--force replaces it)\n",
                cli.err(),
                "the message says so");
        assertEquals("from an earlier run\n", Files.readString(earlier));

        cli.reset();
        assertEquals(
                0, run("format", "--force", "--output-dir", dir.resolve("out").toString(), a.toString()));
        assertEquals(FORMATTED, Files.readString(earlier));
        assertEquals("", cli.err());
        noLeftovers(dir.resolve("out"));
    }

    @Test
    void anInputIsRewrittenOnlyInPlace() throws IOException {
        Path a = write("a.xml", DOC);
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r-----"));
        // the input's own directory as the output directory: not even --force replaces an input
        for (String force : List.of("--json", "--force")) {
            cli.reset();
            assertEquals(2, run("format", force, "--output-dir", dir.toString(), a.toString()));
            assertEquals(DOC, Files.readString(a), "the input is intact");
        }
        cli.reset();
        assertEquals(2, run("format", "--output-dir", dir.toString(), a.toString()));
        assertEquals(
                a + ": error: not written: " + a + " is the input '" + a + "' (--in-place rewrites inputs)\n",
                cli.err());

        cli.reset();
        assertEquals(0, run("format", "--in-place", a.toString()));
        assertEquals(FORMATTED, Files.readString(a));
        assertEquals("", cli.out(), "nothing on standard output");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)), "its mode kept");
        noLeftovers(dir);

        cli.reset();
        assertEquals(0, run("format", "--in-place", "--json", a.toString()));
        assertEquals("{\"file\":\"" + a + "\",\"output\":\"" + a + "\",\"xml\":null,\"error\":null}\n", cli.out());
    }

    @Test
    void inPlaceAndForceAreUsedOnlyWhereTheyMeanSomething() throws IOException {
        Path a = write("a.xml", DOC);
        assertEquals(
                2, run("format", "--in-place", "--output-dir", dir.resolve("o").toString(), a.toString()));
        assertTrue(cli.err().contains("--in-place and --output-dir"), cli.err());
        cli.reset();
        assertEquals(2, run("format", "--in-place", "-"));
        assertTrue(cli.err().contains("standard input"), cli.err());
        cli.reset();
        assertEquals(2, run("format", "--force", a.toString()));
        assertTrue(cli.err().contains("--force needs --output-dir"), cli.err());
        assertEquals(DOC, Files.readString(a));
        cli.reset();
        assertEquals(0, run("format", "--help"));
        String help = cli.out();
        assertTrue(help.contains("--in-place") && help.contains("--force"), help);
    }

    @Test
    void aLinkInTheOutputDirectoryIsNeverFollowed() throws IOException {
        Path a = write("in/a.xml", DOC);
        Path victim = write("elsewhere/victim.xml", "precious\n");
        Path target = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(target.resolve("a.xml"), victim);
        for (String force : List.of("--json", "--force")) {
            cli.reset();
            assertEquals(2, run("format", force, "--output-dir", target.toString(), a.toString()));
            assertEquals("precious\n", Files.readString(victim), "the link's target is untouched");
            assertTrue(Files.isSymbolicLink(target.resolve("a.xml")), "the link is left as it was");
        }
        cli.reset();
        assertEquals(2, run("format", "--force", "--output-dir", target.toString(), a.toString()));
        assertEquals(
                a + ": error: not written: " + target.resolve("a.xml")
                        + " is a symbolic link, never followed or replaced\n",
                cli.err());
        // a dangling link too
        Files.delete(victim);
        cli.reset();
        assertEquals(2, run("format", "--force", "--output-dir", target.toString(), a.toString()));
        assertFalse(Files.exists(victim), "nothing was made through the link");
        noLeftovers(target);
    }

    @Test
    void inPlaceRefusesALink() throws IOException {
        Path real = write("real.xml", DOC);
        Path link = Files.createSymbolicLink(dir.resolve("link.xml"), real);
        assertEquals(2, run("format", "--in-place", link.toString()));
        assertTrue(cli.err().contains("symbolic link"), cli.err());
        assertEquals(DOC, Files.readString(real));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheTargetAsItWas() throws IOException {
        Path existing = write("out/a.xml", "old content\n");
        byte[] doc = FORMATTED.getBytes(StandardCharsets.UTF_8);
        for (boolean exists : new boolean[] {true, false}) {
            Path target = exists ? existing : dir.resolve("out/new.xml");
            IOException full = new IOException("No space left on device");
            SnapshotXmlException e = assertThrows(
                    SnapshotXmlException.class,
                    () -> FileAccess.writeWhole(target, FileAccess.Replace.EXISTING, o -> {
                        o.write(doc, 0, 10);
                        throw full;
                    }));
            assertEquals(SnapshotXmlException.Kind.IO, e.kind());
            assertTrue(e.getReason().contains("No space left on device"), e.getReason());
            if (exists) {
                assertEquals("old content\n", Files.readString(existing), "the old file is whole");
            } else {
                assertFalse(Files.exists(target), "no cut-off file");
            }
            noLeftovers(dir.resolve("out"));
        }
    }

    // ---- only regular files are read

    @Test
    void aFifoIsRefusedAsAFileWhereverItIsGiven() throws Exception {
        Path fifo = fifo("pipe.xml");
        Path ok = write("ok.xml", DOC);
        Path domain = write(
                "domain.xml",
                "<domain type='kvm'><name>vm</name><devices><disk type='file' device='disk'>"
                        + "<source file='/img/vm.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>");
        Path snapshots = Files.createDirectories(dir.resolve("snapshots"));
        fifo("snapshots/s.xml");
        List<List<String>> commands = List.of(
                List.of("format", fifo.toString()),
                List.of("format", "--json", fifo.toString()),
                List.of("format", "--in-place", fifo.toString()),
                List.of("check", fifo.toString()),
                List.of("check", "--json", fifo.toString()),
                List.of("check", ok.toString(), "--domain", fifo.toString()),
                List.of("check", ok.toString(), "--flags", "redefine", "--snapshots", snapshots.toString()),
                List.of("align", fifo.toString(), "--domain", domain.toString(), "--state", "running"),
                List.of("align", ok.toString(), "--domain", fifo.toString(), "--state", "running"));
        for (List<String> command : commands) {
            cli.reset();
            int code = assertTimeoutPreemptively(PROMPTLY, () -> run(command.toArray(String[]::new)), "" + command);
            assertEquals(2, code, command + ": " + cli.err() + cli.out());
            String said = cli.err() + cli.out();
            assertTrue(said.contains("a FIFO (named pipe), not a regular file"), command + ": " + said);
        }
    }

    @Test
    void aCharacterDeviceIsRefusedToo() {
        Path zero = Path.of("/dev/zero");
        if (!Files.exists(zero)) {
            return;
        }
        int code = assertTimeoutPreemptively(PROMPTLY, () -> run("format", zero.toString()));
        assertEquals(2, code);
        assertEquals("/dev/zero: error: cannot read /dev/zero: a character device, not a regular file\n", cli.err());
    }

    // ---- standard output that fails

    /** Standard output on a full disk, a closed descriptor or a broken pipe. */
    private static PrintStream failing() {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        throw new IOException("No space left on device");
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        throw new IOException("No space left on device");
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    @Test
    void aFailedStandardOutputIsExitTwoWithAMessage() throws IOException {
        Path a = write("a.xml", DOC);
        Path bad = write("bad.xml", "<domainsnapshot><name>x</nam></domainsnapshot>");
        for (List<String> command : List.of(
                List.of("format", a.toString()),
                List.of("format", "--json", a.toString()),
                List.of("check", "--json", a.toString()),
                List.of("check", a.toString()),
                List.of("check", bad.toString()),
                List.of("--version"),
                List.of("help", "format"))) {
            cli.reset();
            assertEquals(
                    2,
                    cli.run(new ByteArrayInputStream(new byte[0]), failing(), command.toArray(String[]::new)),
                    "" + command);
            assertTrue(
                    cli.err().contains("snapshot-xml: error: cannot write to standard output"),
                    command + ": " + cli.err());
            assertTrue(cli.err().lines().anyMatch(l -> l.startsWith("snapshot-xml: error: cannot write")), cli.err());
        }
    }

    // ---- whatever fails, one line and no stack trace

    @Test
    void anErrorNoCodeExpectedIsOneLineAndExitTwo() {
        for (Throwable t : List.of(
                new OutOfMemoryError("Java heap space"),
                new StackOverflowError(),
                new IllegalStateException("a bug"),
                new NullPointerException())) {
            cli.reset();
            InputStream throwing = new InputStream() {
                @Override
                public int read() {
                    throw sneaky(t);
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    throw sneaky(t);
                }
            };
            assertEquals(2, cli.run(throwing, cli.stdout(), "format", "-"), "" + t);
            assertTrue(cli.err().startsWith("snapshot-xml: "), cli.err());
            oneLineNoStackTrace();
        }
    }

    private static RuntimeException sneaky(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (RuntimeException) t;
    }
}
