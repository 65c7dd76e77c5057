package io.github.domainsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotXmlCliTest {
    private static final String DOMAIN = "<domain type='kvm'><name>vm</name><devices><disk type='file' device='disk'>"
            + "<source file='/img/vm.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>";

    private final CliHarness cli = new CliHarness();

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return CliHarness.write(dir.resolve(name), content);
    }

    private static void noStackTrace(String text) {
        assertFalse(text.contains("\tat ") || text.contains("Exception"), "stack trace in " + text);
    }

    /** A stream that fails as a broken pipe or a device error would. */
    private static InputStream broken() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the device failed");
            }
        };
    }

    @Test
    void formatPrintsEachDocumentRewritten() throws IOException {
        Path a = write("a.xml", "<domainsnapshot><memory snapshot='no'/><name>a</name></domainsnapshot>");
        assertEquals(0, cli.run("<domainsnapshot><name>b</name></domainsnapshot>", "format", a.toString(), "-"));
        assertEquals(
                "<domainsnapshot>\n  <name>a</name>\n  <memory snapshot='no'/>\n</domainsnapshot>\n"
                        + "<domainsnapshot>\n  <name>b</name>\n</domainsnapshot>\n",
                cli.out());
        assertEquals("", cli.err());
    }

    @Test
    void formatWritesToAnOutputDirectory() throws IOException {
        Path a = write("a.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        Path target = dir.resolve("out");
        assertEquals(0, cli.run("", "format", "--output-dir", target.toString(), a.toString()));
        assertEquals(
                "<domainsnapshot>\n  <name>a</name>\n</domainsnapshot>\n", Files.readString(target.resolve("a.xml")));
        assertEquals("", cli.out());
        Path other = dir.resolve("other");
        assertEquals(0, cli.run("", "format", "--output-dir=" + other, a.toString()));
        assertEquals(Files.readString(target.resolve("a.xml")), Files.readString(other.resolve("a.xml")));
    }

    @Test
    void unreadableDocumentIsExitOneWithFileLineColumn() throws IOException {
        Path bad = write("bad.xml", "<domainsnapshot>\n  <name>x</nam>\n</domainsnapshot>");
        Path good = write("good.xml", "<domainsnapshot/>");
        assertEquals(1, cli.run("", "format", bad.toString(), good.toString()));
        assertTrue(cli.err().startsWith(bad + ":2:"), cli.err());
        assertTrue(cli.err().contains(": error: "), cli.err());
        noStackTrace(cli.err());
        assertTrue(cli.out().contains("<domainsnapshot>"), "the good file was not written");
    }

    @Test
    void missingFileIsExitTwoAsInEveryCommand() throws IOException {
        Path good = write("good.xml", "<domainsnapshot/>");
        assertEquals(2, cli.run("", "format", "/nonexistent/x.xml", good.toString()));
        assertTrue(cli.err().startsWith("/nonexistent/x.xml: error: "), cli.err());
        noStackTrace(cli.err());
        assertTrue(cli.out().startsWith("<domainsnapshot"), "the other file is still written: " + cli.out());
        for (String command : List.of("format", "check")) {
            cli.reset();
            assertEquals(2, cli.run("", command, "a\0b.xml"), "a name no file can have");
            assertTrue(cli.err().startsWith("a\0b.xml: error: not a file name: "), cli.err());
            noStackTrace(cli.err());
        }
    }

    /**
     * One exit code per outcome, whatever the command: 2 for a file that cannot be read (missing, a
     * directory, standard input failing), 1 for a document that is not a snapshot document libvirt
     * reads, 0 for success; with several files, the highest.
     */
    @Test
    void everyCommandGivesTheSameExitCodeForTheSameOutcome() throws IOException {
        Path domain = write("domain.xml", DOMAIN);
        Path ok = write("ok.xml", "<domainsnapshot><name>s</name></domainsnapshot>");
        Path ok2 = write("ok2.xml", "<domainsnapshot><name>t</name></domainsnapshot>");
        Path malformed = write("malformed.xml", "<domainsnapshot><name>s</nam></domainsnapshot>");
        Path root = write("root.xml", "<domain/>");
        Path dtd = write("dtd.xml", "<!DOCTYPE d [<!ENTITY e 'x'>]><domainsnapshot><name>&e;</name></domainsnapshot>");
        Path folder = Files.createDirectory(dir.resolve("folder.xml"));
        Path missing = dir.resolve("missing.xml");
        record Outcome(String what, Path file, int code) {}
        List<Outcome> outcomes = List.of(
                new Outcome("ok", ok, 0),
                new Outcome("not well-formed", malformed, 1),
                new Outcome("another root", root, 1),
                new Outcome("a DTD", dtd, 1),
                new Outcome("a directory", folder, 2),
                new Outcome("missing", missing, 2));
        List<List<String>> commands = List.of(
                List.of("format"),
                // run after run into one directory: what the last run wrote is replaced
                List.of("format", "--force", "--output-dir", dir.resolve("out").toString()),
                List.of("format", "--json"),
                List.of("check", "--state", "running"),
                List.of("check", "--json"),
                List.of("align", "--domain", domain.toString(), "--state", "running"),
                List.of("align", "--domain", domain.toString(), "--state", "shutoff", "--json"));
        for (List<String> command : commands) {
            for (Outcome o : outcomes) {
                List<String> args = new ArrayList<>(command);
                args.add(o.file().toString());
                cli.reset();
                assertEquals(
                        o.code(), cli.run("", args.toArray(String[]::new)), o.what() + ": " + args + "\n" + cli.err());
                noStackTrace(cli.err() + cli.out());
            }
            if (!command.get(0).equals("align")) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of(malformed.toString(), missing.toString(), ok.toString()));
                assertEquals(2, cli.run("", args.toArray(String[]::new)), "the highest: " + args);
                args.set(args.size() - 2, ok2.toString());
                assertEquals(1, cli.run("", args.toArray(String[]::new)), "the highest: " + args);
            }
            List<String> args = new ArrayList<>(command);
            args.add("-");
            assertEquals(2, cli.run(broken(), args.toArray(String[]::new)), "standard input failing: " + args);
            args.set(args.size() - 1, "--bogus");
            assertEquals(2, cli.run("", args.toArray(String[]::new)), "usage: " + args);
        }
        cli.reset();
        assertEquals(2, cli.run(broken(), "format", "-"));
        assertEquals("<stdin>: error: cannot read: the device failed\n", cli.err());
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertEquals(2, cli.run(""));
        assertEquals(2, cli.run("", "frobnicate"));
        assertEquals(2, cli.run("", "format"));
        assertEquals(2, cli.run("", "format", "--bogus", "x.xml"));
        assertEquals(2, cli.run("", "format", "--output-dir"));
        assertEquals(2, cli.run("", "format", "--output-dir=", "x.xml"));
        assertEquals(2, cli.run("", "format", "--json=yes", "x.xml"));
        assertEquals(2, cli.run("", "format", "-x", "x.xml"));
        assertTrue(cli.err().contains("usage: snapshot-xml"), cli.err());
        cli.reset();
        assertEquals(2, cli.run("<domainsnapshot/>", "format", "-", "-"));
        assertEquals(
                "snapshot-xml format: '-' (standard input) is given more than once, but can be read only once\n"
                        + "run 'snapshot-xml format --help' for its options\n",
                cli.err());
        assertEquals("", cli.out());
        cli.reset();
        assertEquals(2, cli.run("", "format", "--output-dir=out", "--json=yes", "x.xml"));
        assertTrue(cli.err().startsWith("snapshot-xml format: --json takes no value\n"), cli.err());
    }

    @Test
    void aDoubleDashEndsTheOptions() throws IOException {
        Path odd = write("-odd.xml", "<domainsnapshot><name>odd</name></domainsnapshot>");
        assertEquals(2, cli.run("", "format", "-odd.xml"), "an unknown option, not a file");
        cli.reset();
        assertEquals(0, cli.run("", "format", "--", odd.toString()));
        assertTrue(cli.out().contains("<name>odd</name>"), cli.out());
        assertEquals(0, cli.run("", "format", "--output-dir", dir.resolve("out").toString(), "--", odd.toString()));
        assertTrue(Files.exists(dir.resolve("out/-odd.xml")));
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, cli.run("", "--help"));
        assertTrue(cli.out().contains("  format   rewrite snapshot documents"), cli.out());
        assertEquals(0, cli.run("", "--version"));
        assertTrue(cli.out().contains("snapshot-xml "), cli.out());
    }

    @Test
    void helpCommandGivesWhatCommandHelpGives() {
        for (String command : List.of("format", "check", "align", "check-revert", "check-delete")) {
            cli.reset();
            assertEquals(0, cli.run("", command, "--help"));
            String viaOption = cli.out();
            cli.reset();
            assertEquals(0, cli.run("", "help", command));
            assertEquals(viaOption, cli.out());
            cli.reset();
            assertEquals(0, cli.run("", "--help", command));
            assertEquals(viaOption, cli.out());
            cli.reset();
            assertEquals(0, cli.run("", command, "-h"));
            assertEquals(viaOption, cli.out());
            assertTrue(viaOption.startsWith("usage: snapshot-xml " + command + " FILE"), viaOption);
            assertTrue(viaOption.contains("--json"), command + " documents --json: " + viaOption);
            assertTrue(viaOption.contains("exit codes"), viaOption);
        }
        cli.reset();
        assertEquals(0, cli.run("", "help"));
        String general = cli.out();
        cli.reset();
        assertEquals(0, cli.run("", "--help"));
        assertEquals(general, cli.out());
        assertTrue(general.contains("'snapshot-xml help COMMAND' or 'snapshot-xml COMMAND --help'"), general);
        cli.reset();
        assertEquals(2, cli.run("", "help", "frobnicate"));
        assertTrue(cli.err().startsWith("snapshot-xml: unknown command 'frobnicate'"), cli.err());
        assertEquals(2, cli.run("", "help", "format", "check"));
    }

    @Test
    void outputDirRefusesTwoInputsWithOneFileNameAndWritesNothing() throws IOException {
        Path a = write("a/x.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        Path b = write("b/x.xml", "<domainsnapshot><name>b</name></domainsnapshot>");
        Path c = write("c.xml", "<domainsnapshot><name>c</name></domainsnapshot>");
        Path target = dir.resolve("out");
        Path earlier = write("out/x.xml", "from an earlier run\n");
        assertEquals(
                2, cli.run("", "format", "--output-dir", target.toString(), c.toString(), a.toString(), b.toString()));
        assertEquals(
                "snapshot-xml format: '" + a + "' and '" + b + "' would both be written to " + target.resolve("x.xml")
                        + "; nothing was written\nrun 'snapshot-xml format --help' for its options\n",
                cli.err());
        assertEquals("from an earlier run\n", Files.readString(earlier));
        assertFalse(Files.exists(target.resolve("c.xml")), "nothing is written");

        cli.reset();
        Path stdinNamed = write("d/stdin.xml", "<domainsnapshot/>");
        assertEquals(
                2,
                cli.run("<domainsnapshot/>", "format", "--output-dir", target.toString(), "-", stdinNamed.toString()));
        assertTrue(cli.err().contains("'<stdin>' and '" + stdinNamed + "' would both be written to"), cli.err());
        assertEquals(2, cli.run("<domainsnapshot/>", "format", "--output-dir", target.toString(), "-", "-"));
        assertFalse(Files.exists(target.resolve("stdin.xml")));

        cli.reset();
        assertEquals(
                0, cli.run("", "format", a.toString(), b.toString()), "to standard output, nothing is overwritten");
        assertTrue(cli.out().contains("<name>a</name>") && cli.out().contains("<name>b</name>"), cli.out());
    }

    /** Another name for a file written in this run (a link here; a file system that ignores case): not overwritten. */
    @Test
    void outputDirNeverOverwritesWhatItWroteForAnotherInput() throws IOException {
        Path a = write("p/a.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        Path b = write("q/b.xml", "<domainsnapshot><name>b</name></domainsnapshot>");
        Path c = write("q/c.xml", "<domainsnapshot><name>c</name></domainsnapshot>");
        Path target = Files.createDirectory(dir.resolve("out"));
        Files.writeString(target.resolve("a.xml"), "old\n");
        Files.createSymbolicLink(target.resolve("b.xml"), target.resolve("a.xml"));
        assertEquals(
                2,
                cli.run(
                        "",
                        "format",
                        "--force",
                        "--output-dir",
                        target.toString(),
                        a.toString(),
                        b.toString(),
                        c.toString()));
        assertEquals(
                b + ": error: not written: " + target.resolve("b.xml") + " is " + target.resolve("a.xml")
                        + ", written for '" + a + "' in this run\n",
                cli.err());
        assertEquals(
                "<domainsnapshot>\n  <name>a</name>\n</domainsnapshot>\n", Files.readString(target.resolve("a.xml")));
        assertTrue(Files.exists(target.resolve("c.xml")), "the other inputs are written");
    }

    @Test
    void formatJsonIsOneRecordPerFile() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        Path bad = write("bad.xml", "<domainsnapshot>\n<name>x</nam></domainsnapshot>");
        Path missing = dir.resolve("missing.xml");
        assertEquals(
                2,
                cli.run(
                        "<domainsnapshot/>",
                        "format",
                        "--json",
                        ok.toString(),
                        bad.toString(),
                        missing.toString(),
                        "-"));
        assertEquals("", cli.err(), "nothing on standard error with --json");
        assertEquals(
                "{\"file\":\"" + ok + "\",\"output\":null,\"xml\":\"<domainsnapshot>\\n  <name>a</name>\\n"
                        + "</domainsnapshot>\\n\",\"error\":null}\n"
                        + "{\"file\":\"" + bad + "\",\"output\":null,\"xml\":null,\"error\":{\"kind\":\"malformed\","
                        + "\"message\":\"malformed XML: Unexpected close tag </nam>; expected </name>.\",\"line\":2,"
                        + "\"column\":12,\"path\":\"/domainsnapshot/name\"}}\n"
                        + "{\"file\":\"" + missing + "\",\"output\":null,\"xml\":null,\"error\":{\"kind\":\"io\","
                        + "\"message\":\"cannot read " + missing + ": no such file"
                        + "\",\"line\":0,\"column\":0,\"path\":null}}\n"
                        + "{\"file\":\"<stdin>\",\"output\":null,\"xml\":\"<domainsnapshot>\\n</domainsnapshot>\\n\","
                        + "\"error\":null}\n",
                cli.out());
        cli.reset();
        Path target = dir.resolve("out");
        assertEquals(0, cli.run("", "format", "--json", "--output-dir=" + target, ok.toString()));
        assertEquals(
                "{\"file\":\"" + ok + "\",\"output\":\"" + target.resolve("ok.xml")
                        + "\",\"xml\":null,\"error\":null}\n",
                cli.out());
        cli.reset();
        Path notADirectory = write("plain", "");
        assertEquals(2, cli.run("", "format", "--json", "--output-dir", notADirectory.toString(), ok.toString()));
        assertTrue(
                cli.out()
                        .startsWith(
                                "{\"file\":\"" + notADirectory + "\",\"option\":\"--output-dir\",\"output\":null,"
                                        + "\"xml\":null,\"error\":{\"kind\":\"io\",\"message\":\"cannot make the output directory: "),
                cli.out());
        assertEquals("", cli.err());
    }
}
