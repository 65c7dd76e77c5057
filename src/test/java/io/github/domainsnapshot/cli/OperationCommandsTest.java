package io.github.domainsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-revert} and {@code check-delete}: text, JSON and exit codes, as {@code check} has them. */
class OperationCommandsTest {
    private static String domain(String image) {
        return "<domain type='qemu'><name>vm</name><uuid>11111111-2222-3333-4444-555555555555</uuid><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + image + "'/>"
                + "<target dev='vda' bus='virtio'/></disk></devices></domain>";
    }

    private static String external(String name, String parent, String overlay, String image) {
        return "<domainsnapshot><name>" + name + "</name><state>disk-snapshot</state>"
                + (parent == null ? "" : "<parent><name>" + parent + "</name></parent>")
                + "<creationTime>1700000000</creationTime><memory snapshot='no'/><disks>"
                + "<disk name='vda' snapshot='external' type='file'><driver type='qcow2'/><source file='" + overlay
                + "'/></disk></disks>" + domain(image) + "</domainsnapshot>";
    }

    private final CliHarness cli = new CliHarness();

    @TempDir
    Path dir;

    private Path tree;
    private Path s1;
    private Path s2;
    private Path domain;

    @BeforeEach
    void writeTree() throws IOException {
        tree = Files.createDirectory(dir.resolve("snapshots"));
        s1 = CliHarness.write(tree.resolve("s1.xml"), external("s1", null, "/img/vm.s1", "/img/vm.qcow2"));
        s2 = CliHarness.write(tree.resolve("s2.xml"), external("s2", "s1", "/img/vm.s2", "/img/vm.s1"));
        domain = CliHarness.write(dir.resolve("domain.xml"), domain("/img/vm.s2"));
    }

    /** Runs a command; what the one before printed is forgotten. */
    private int run(String stdin, String... args) {
        cli.reset();
        return cli.run(stdin, args);
    }

    @Test
    void checkRevertSaysWhatTheRevertDoes() {
        assertEquals(
                0,
                run(
                        "",
                        "check-revert",
                        s1.toString(),
                        "--snapshots",
                        tree.toString(),
                        "--current",
                        "s2",
                        "--domain",
                        domain.toString(),
                        "--state",
                        "running"));
        assertEquals(
                s1 + ": ok: state after=shutoff new overlays=/img/vm.<time> removed=/img/vm.s2 revertDisks=written"
                        + " [libvirt 12.9.0]\n",
                cli.out());
        assertEquals("", cli.err());
        assertEquals(0, run("", "check-revert", s1.toString(), "--flags", "running,reset-nvram", "--json"));
        String json = cli.out();
        assertTrue(json.startsWith("{\"file\":\"" + s1 + "\",\"verdict\":\"ok\",\"libvirt\":\"12.9.0\""), json);
        assertTrue(json.contains("\"stateAfter\":\"running\""), json);
        assertTrue(json.contains("\"newOverlays\":[\"/img/vm.<time>\"]"), json);
        // no current snapshot known: the newest leaf, with a warning
        assertTrue(json.contains("\"rule\":\"revert.current-unknown\",\"severity\":\"warning\""), json);
        assertTrue(json.contains("\"removedFiles\":[\"/img/vm.s1\"]"), json);
        assertTrue(json.endsWith("\"error\":null}\n"), json);
    }

    @Test
    void checkRevertGivesLibvirtsRefusalForItsRelease() {
        assertEquals(1, run("", "check-revert", s1.toString(), "--libvirt", "9.0"));
        assertEquals(
                s1 + ": error: revert to external snapshot not supported yet [revert.external]\n" + s1
                        + ": unsupported [libvirt 9.0.0]\n",
                cli.out());
        assertEquals(1, run("", "check-revert", s1.toString(), "--libvirt", "10.0", "--json"));
        assertTrue(cli.out().contains("\"verdict\":\"invalid\""), cli.out());
        assertTrue(cli.out().contains("\"stateAfter\":null"), cli.out());
        assertTrue(
                cli.out()
                        .contains(
                                "\"message\":\"Invalid target domain state 'disk-snapshot'. Refusing snapshot reversion\""),
                cli.out());
        assertTrue(cli.out().contains("\"code\":\"VIR_ERR_INTERNAL_ERROR\""), cli.out());
    }

    @Test
    void checkDeleteSaysWhatGoes() {
        String[] args = {
            "check-delete",
            s2.toString(),
            "--snapshots",
            tree.toString(),
            "--current",
            "s2",
            "--domain",
            domain.toString(),
            "--state",
            "running"
        };
        assertEquals(0, run("", args));
        assertEquals(s2 + ": ok: deletes=s2 removed=/img/vm.s2 block commit=yes [libvirt 12.9.0]\n", cli.out());
        assertEquals(
                1,
                run(
                        "",
                        "check-delete",
                        s1.toString(),
                        "--snapshots",
                        tree.toString(),
                        "--flags",
                        "children",
                        "--json"));
        assertEquals(
                "{\"file\":\"" + s1 + "\",\"verdict\":\"unsupported\",\"libvirt\":\"12.9.0\",\"deletedSnapshots\":[],"
                        + "\"removedFiles\":[],\"blockCommit\":false,\"problems\":[{\"rule\":\"delete.external-children\","
                        + "\"severity\":\"error\",\"message\":\"deletion of external children disk snapshots not supported\","
                        + "\"code\":\"VIR_ERR_CONFIG_UNSUPPORTED\"}],\"error\":null}\n",
                cli.out());
        assertEquals(
                0, run("", "check-delete", s1.toString(), "--snapshots", tree.toString(), "--flags", "metadata-only"));
        assertEquals(s1 + ": ok: deletes=s1 removed=- block commit=no [libvirt 12.9.0]\n", cli.out());
    }

    @Test
    void usageAndUnreadableFilesHaveTheirExitCodes() throws IOException {
        assertEquals(2, run("", "check-delete", s1.toString()));
        assertTrue(cli.err().contains("--snapshots DIR is needed"), cli.err());
        assertEquals(2, run("", "check-revert", s1.toString(), "--flags", "children"));
        assertTrue(cli.err().contains("unknown snapshot revert flag 'children'"), cli.err());
        assertEquals(2, run("", "check-revert", s1.toString(), s2.toString()));
        assertEquals(2, run("", "check-revert", dir.resolve("missing.xml").toString()));
        assertTrue(cli.err().contains("missing.xml"), cli.err());
        Path bad = CliHarness.write(dir.resolve("bad.xml"), "<domainsnapshot>");
        assertEquals(1, run("", "check-revert", bad.toString(), "--json"));
        assertTrue(cli.out().contains("\"verdict\":\"unreadable\""), cli.out());
        assertFalse(cli.out().contains("\"error\":null"), cli.out());
        assertEquals(
                2,
                run(
                        "",
                        "check-delete",
                        s1.toString(),
                        "--snapshots",
                        dir.resolve("none").toString()));
        // standard input
        assertEquals(0, run(Files.readString(s1), "check-revert", "-"));
        assertTrue(cli.out().contains("\n<stdin>: ok: state after=shutoff"), cli.out());
        assertFalse((cli.out() + cli.err()).contains("Exception"), cli.out() + cli.err());
    }
}
