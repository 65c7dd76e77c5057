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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationCommandsTest {
    private static final String DOMAIN =
            "<domain type='kvm'><name>vm</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
                    + "<devices><disk type='file' device='disk'><source file='/img/vm.qcow2'/><target dev='vda' bus='virtio'/></disk>"
                    + "<disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk></devices></domain>";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private Path domain;

    @BeforeEach
    void writeDomain() throws IOException {
        domain = write("domain.xml", DOMAIN);
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

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
    void checkPrintsTheVerdictAndThePlan() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        assertEquals(0, run("", "check", ok.toString(), "--state", "running", "--domain", domain.toString()));
        assertEquals(ok + ": ok: memory=internal disks=internal via=savevm\n", out());
        assertEquals("", err());
    }

    @Test
    void checkPrintsOneLinePerProblemWithFileLineColumnAndRule() throws IOException {
        Path bad = write(
                "bad.xml",
                "<domainsnapshot>\n  <memory snapshot='external'/>\n  <disks>\n"
                        + "    <disk name='vdz'/>\n  </disks>\n</domainsnapshot>\n");
        assertEquals(1, run("", "check", bad.toString(), "--state", "running"));
        assertEquals(
                bad + ":2:32: error: external memory snapshots require a filename [memory.external-requires-file]\n"
                        + bad + ": invalid\n",
                out());
    }

    @Test
    void checkFindsEveryProblemAtOnce() throws IOException {
        Path bad = write(
                "bad.xml",
                "<domainsnapshot><name>x/y</name><memory snapshot='internal' file='m'/>"
                        + "<disks><disk snapshot='sometimes'/></disks></domainsnapshot>");
        assertEquals(1, run("", "check", bad.toString(), "--state", "shutoff", "--flags", "current"));
        String o = out();
        for (String rule : new String[] {
            "flags.current-requires-redefine",
            "memory.file-requires-external",
            "memory.offline",
            "memory.file-absolute",
            "disk.name",
            "disk.mode",
            "name.characters"
        }) {
            assertTrue(o.contains("[" + rule + "]"), rule + " in " + o);
        }
        assertTrue(o.endsWith(bad + ": invalid\n"), o);
    }

    @Test
    void checkJsonIsOneObjectPerFile() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot><name>a</name><memory file='/save/a.mem'/></domainsnapshot>");
        Path bad = write("b\"ad.xml", "<domainsnapshot><memory snapshot='bogus'/></domainsnapshot>");
        assertEquals(1, run("", "check", ok.toString(), bad.toString(), "--state", "running", "--json"));
        String[] lines = out().split("\n");
        assertEquals(2, lines.length);
        assertEquals(
                "{\"file\":\"" + ok + "\",\"verdict\":\"ok\",\"plan\":{\"memory\":\"external\",\"disks\":\"default\","
                        + "\"via\":\"migrate+transaction\"},\"problems\":[]}",
                lines[0]);
        assertEquals(
                "{\"file\":\"" + bad.toString().replace("\"", "\\\"") + "\",\"verdict\":\"invalid\",\"plan\":null,"
                        + "\"problems\":[{\"rule\":\"memory.value\",\"severity\":\"error\",\"message\":\"Invalid value for "
                        + "attribute 'snapshot' in element 'memory': 'bogus'.\",\"line\":1,\"column\":43,"
                        + "\"path\":\"/domainsnapshot/memory/@snapshot\"}]}",
                lines[1]);
    }

    @Test
    void checkJsonGivesWarningsAndNullLocations() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot/>");
        assertEquals(0, run("", "check", ok.toString(), "--json"));
        assertEquals(
                "{\"file\":\"" + ok + "\",\"verdict\":\"ok\",\"plan\":null,\"problems\":[{\"rule\":"
                        + "\"table.state-unknown\",\"severity\":\"warning\",\"message\":\"the domain state is not known: the memory "
                        + "/ disk / disk-only combination table was not applied\",\"line\":null,\"column\":null,\"path\":null}]}\n",
                out());
    }

    @Test
    void unsupportedIsExitOne() throws IOException {
        Path f = write(
                "u.xml",
                "<domainsnapshot><memory snapshot='internal'/><disks><disk name='vda' snapshot='external'>"
                        + "<source file='/img/o'/></disk></disks></domainsnapshot>");
        assertEquals(1, run("", "check", f.toString(), "--state", "paused", "--json"));
        assertTrue(out().contains("\"verdict\":\"unsupported\""), out());
    }

    @Test
    void checkReadsStandardInput() {
        assertEquals(0, run("<domainsnapshot/>", "check", "-", "--state", "shutoff"));
        assertEquals("<stdin>: ok: memory=no disks=internal via=qemu-img\n", out());
    }

    @Test
    void validateFlagChecksTheSchema() throws IOException {
        Path f = write("v.xml", "<domainsnapshot><futureElement/></domainsnapshot>");
        assertEquals(0, run("", "check", f.toString(), "--state", "running"));
        assertEquals(1, run("", "check", f.toString(), "--state", "running", "--flags", "validate"));
        assertTrue(out().contains("[document.schema]"), out());
    }

    @Test
    void existingSnapshotsComeFromADirectory() throws IOException {
        Path existing = Files.createDirectory(dir.resolve("existing"));
        Path child = write(
                "child.xml",
                "<domainsnapshot><name>c</name><state>running</state><parent><name>p</name>"
                        + "</parent><creationTime>2</creationTime>" + DOMAIN + "</domainsnapshot>");
        assertEquals(1, run("", "check", child.toString(), "--flags", "redefine", "--snapshots", existing.toString()));
        assertTrue(out().contains("error: parent p for moment c not found [redefine.parent]"), out());
        Files.writeString(
                existing.resolve("p.xml"),
                "<domainsnapshot><name>p</name><state>running</state>"
                        + "<creationTime>1</creationTime></domainsnapshot>");
        out.reset();
        assertEquals(0, run("", "check", child.toString(), "--flags", "redefine", "--snapshots", existing.toString()));
        out.reset();
        assertEquals(0, run("", "check", child.toString(), "--flags", "redefine"));
        assertTrue(out().contains("warning: parent p of snapshot c was not checked"), out());
    }

    @Test
    void alignPrintsTheAlignedSnapshot() throws IOException {
        Path f = write(
                "a.xml", "<domainsnapshot><name>s1</name><disks><disk name='/img/vm.qcow2'/></disks></domainsnapshot>");
        assertEquals(
                0,
                run(
                        "",
                        "align",
                        f.toString(),
                        "--domain",
                        domain.toString(),
                        "--state",
                        "running",
                        "--flags",
                        "disk-only",
                        "--now",
                        "1700000000"));
        assertEquals("""
                <domainsnapshot>
                  <name>s1</name>
                  <state>disk-snapshot</state>
                  <creationTime>1700000000</creationTime>
                  <memory snapshot='no'/>
                  <disks>
                    <disk name='vda' snapshot='external' type='file'>
                      <source file='/img/vm.s1'/>
                    </disk>
                    <disk name='sda' snapshot='no'/>
                  </disks>
                  <domain type='kvm'>
                    <name>vm</name>
                    <uuid>11111111-2222-3333-4444-555555555555</uuid>
                    <devices>
                      <disk type='file' device='disk'>
                        <source file='/img/vm.qcow2'/>
                        <target dev='vda' bus='virtio'/>
                      </disk>
                      <disk type='file' device='cdrom'>
                        <target dev='sda' bus='sata'/>
                        <readonly/>
                      </disk>
                    </devices>
                  </domain>
                </domainsnapshot>
                """, out());
        assertTrue(err().contains("[align.file-unchecked]"), err());
    }

    @Test
    void alignPrintsProblemsAndExitsOne() throws IOException {
        Path f = write("a.xml", "<domainsnapshot><disks><disk name='vdz'/></disks></domainsnapshot>");
        assertEquals(1, run("", "align", f.toString(), "--domain", domain.toString(), "--state", "running"));
        assertEquals("", out());
        assertTrue(err().contains(f + ":1:42: error: no disk named 'vdz' [align.unknown-disk]"), err());
    }

    @Test
    void alignProbesFilesWhenAsked() throws IOException {
        Path image = write("vm.qcow2", "");
        Path dom = write("d.xml", DOMAIN.replace("/img/vm.qcow2", image.toString()));
        Path f = write("a.xml", "<domainsnapshot><name>n</name></domainsnapshot>");
        assertEquals(
                0,
                run(
                        "",
                        "align",
                        f.toString(),
                        "--domain",
                        dom.toString(),
                        "--state",
                        "running",
                        "--flags",
                        "disk-only",
                        "--probe-files"));
        assertTrue(out().contains("<source file='" + dir.resolve("vm.n") + "'/>"), out());
        assertEquals("", err());
        Files.delete(image);
        out.reset();
        assertEquals(
                1,
                run(
                        "",
                        "align",
                        f.toString(),
                        "--domain",
                        dom.toString(),
                        "--state",
                        "running",
                        "--flags",
                        "disk-only",
                        "--probe-files"));
        assertTrue(err().contains("source for disk 'vda' is not a regular file"), err());
    }

    @Test
    void usageErrorsAreExitTwo() throws IOException {
        Path f = write("a.xml", "<domainsnapshot/>");
        assertEquals(2, run("", "check"));
        assertEquals(2, run("", "check", f.toString(), "--flags", "sideways"));
        assertTrue(err().contains("unknown snapshot create flag 'sideways'"), err());
        assertEquals(2, run("", "check", f.toString(), "--state", "sleepy"));
        assertEquals(2, run("", "check", f.toString(), "--state"));
        assertEquals(2, run("", "check", f.toString(), "--bogus"));
        assertEquals(2, run("", "align", f.toString()));
        assertEquals(2, run("", "align", f.toString(), "--domain", domain.toString(), "--json"));
        assertEquals(2, run("", "check", f.toString(), "--driver", "xen"));
        assertTrue(err().contains("unknown driver 'xen' (qemu, test, esx or vbox)"), err());
        assertEquals(2, run("", "align", f.toString(), "--domain", domain.toString(), "--now", "yesterday"));
        assertTrue(err().contains("--now needs seconds since the epoch, not 'yesterday'"), err());
        assertFalse(err().contains("Exception"), err());
    }

    @Test
    void unreadableFilesAreExitTwo() throws IOException {
        Path f = write("a.xml", "<domainsnapshot/>");
        assertEquals(2, run("", "check", dir.resolve("missing.xml").toString(), f.toString(), "--state", "running"));
        assertTrue(err().contains("missing.xml: error: cannot read"), err());
        assertTrue(out().contains(f + ": ok"), "the other files are still checked: " + out());
        Path notDomain = write("nd.xml", "<domainsnapshot/>");
        assertEquals(2, run("", "check", f.toString(), "--domain", notDomain.toString()));
        assertTrue(err().contains("expecting root element of 'domain', not 'domainsnapshot'"), err());
        assertEquals(
                2,
                run(
                        "",
                        "check",
                        f.toString(),
                        "--domain",
                        dir.resolve("nope.xml").toString()));
        assertFalse(err().contains("Exception"), err());
    }

    @Test
    void checkTakesADriver() throws IOException {
        Path f = write("f.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        assertEquals(
                1, run("", "check", f.toString(), "--driver", "test", "--flags", "disk-only", "--state", "running"));
        assertTrue(
                out().contains(
                                "error: unsupported flags (0x10) in function testDomainSnapshotCreateXML [driver.flags]"),
                out());
        assertTrue(out().endsWith(f + ": unsupported\n"), out());
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        assertEquals(0, run("", "check", "--help"));
        assertTrue(out().startsWith("usage: snapshot-xml check FILE..."), out());
        assertTrue(out().contains("--json"), out());
        out.reset();
        assertEquals(0, run("", "align", "--help"));
        assertTrue(out().startsWith("usage: snapshot-xml align FILE --domain DOMAIN.xml"), out());
        assertTrue(out().contains("--now EPOCH"), out());
        out.reset();
        assertEquals(0, run("", "format", "--help"));
        assertTrue(out().startsWith("usage: snapshot-xml format FILE..."), out());
        out.reset();
        assertEquals(0, run("", "--help"));
        assertTrue(out().contains("'snapshot-xml COMMAND --help' tells more of each"), out());
    }

    @Test
    void usageErrorsSayWhatIsWrongAndWhereToLook() {
        assertEquals(2, run("", "check", "x.xml", "--bogus"));
        assertEquals(
                "snapshot-xml check: unknown option '--bogus'\nrun 'snapshot-xml check --help' for its options\n",
                err());
    }
}
