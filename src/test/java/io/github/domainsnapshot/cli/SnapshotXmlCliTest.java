package io.github.domainsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotXmlCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return new SnapshotXmlCli(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void formatPrintsEachDocumentRewritten(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.xml");
        Files.writeString(a, "<domainsnapshot><memory snapshot='no'/><name>a</name></domainsnapshot>");
        assertEquals(0, run("<domainsnapshot><name>b</name></domainsnapshot>", "format", a.toString(), "-"));
        assertEquals(
                "<domainsnapshot>\n  <name>a</name>\n  <memory snapshot='no'/>\n</domainsnapshot>\n"
                        + "<domainsnapshot>\n  <name>b</name>\n</domainsnapshot>\n",
                out());
        assertEquals("", err());
    }

    @Test
    void formatWritesToAnOutputDirectory(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.xml");
        Files.writeString(a, "<domainsnapshot><name>a</name></domainsnapshot>");
        Path target = dir.resolve("out");
        assertEquals(0, run("", "format", "--output-dir", target.toString(), a.toString()));
        assertEquals(
                "<domainsnapshot>\n  <name>a</name>\n</domainsnapshot>\n", Files.readString(target.resolve("a.xml")));
        assertEquals("", out());
    }

    @Test
    void unreadableDocumentIsExitOneWithFileLineColumn(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<domainsnapshot>\n  <name>x</nam>\n</domainsnapshot>");
        Path good = dir.resolve("good.xml");
        Files.writeString(good, "<domainsnapshot/>");
        assertEquals(1, run("", "format", bad.toString(), good.toString()));
        assertTrue(err().startsWith(bad + ":2:"), err());
        assertTrue(err().contains(": error: "), err());
        assertFalse(err().contains("\tat "), "stack trace in " + err());
        assertTrue(out().contains("<domainsnapshot>"), "the good file was not written");
    }

    @Test
    void missingFileIsExitOne() {
        assertEquals(1, run("", "format", "/nonexistent/x.xml"));
        assertTrue(err().contains("/nonexistent/x.xml"), err());
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertEquals(2, run(""));
        assertEquals(2, run("", "frobnicate"));
        assertEquals(2, run("", "format"));
        assertEquals(2, run("", "format", "--bogus", "x.xml"));
        assertEquals(2, run("", "format", "--output-dir"));
        assertTrue(err().contains("usage: snapshot-xml"), err());
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, run("", "--help"));
        assertTrue(out().contains("  format   rewrite snapshot documents"), out());
        assertEquals(0, run("", "--version"));
        assertTrue(out().contains("snapshot-xml "), out());
    }
}
