package io.github.domainsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationCommandsTest {
    private static final String DOMAIN =
            "<domain type='kvm'><name>vm</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
                    + "<devices><disk type='file' device='disk'><source file='/img/vm.qcow2'/><target dev='vda' bus='virtio'/></disk>"
                    + "<disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk></devices></domain>";

    private final CliHarness cli = new CliHarness();

    @TempDir
    Path dir;

    private Path domain;

    @BeforeEach
    void writeDomain() throws IOException {
        domain = write("domain.xml", DOMAIN);
    }

    private Path write(String name, String content) throws IOException {
        return CliHarness.write(dir.resolve(name), content);
    }

    @Test
    void checkPrintsTheVerdictAndThePlan() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        assertEquals(0, cli.run("", "check", ok.toString(), "--state", "running", "--domain", domain.toString()));
        assertEquals(
                ok + ": ok: memory=internal disks=internal via=snapshot-save (vda internal via snapshot-save, sda no)"
                        + " [libvirt 12.9.0]\n",
                cli.out());
        assertEquals("", cli.err());
    }

    @Test
    void checkJsonGivesEachDisksPlan() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        assertEquals(
                0,
                cli.run(
                        "",
                        "check",
                        ok.toString(),
                        "--state",
                        "running",
                        "--flags",
                        "disk-only",
                        "--domain",
                        domain.toString(),
                        "--json"));
        assertTrue(
                cli.out()
                        .contains("\"plan\":{\"memory\":\"no\",\"disks\":\"external\",\"via\":\"transaction\","
                                + "\"perDisk\":[{\"disk\":\"vda\",\"snapshot\":\"external\",\"via\":\"transaction\"},"
                                + "{\"disk\":\"sda\",\"snapshot\":\"no\",\"via\":null}]}"),
                cli.out());
    }

    @Test
    void checkPrintsOneLinePerProblemWithFileLineColumnAndRule() throws IOException {
        Path bad = write(
                "bad.xml",
                "<domainsnapshot>\n  <memory snapshot='external'/>\n  <disks>\n"
                        + "    <disk name='vdz'/>\n  </disks>\n</domainsnapshot>\n");
        assertEquals(1, cli.run("", "check", bad.toString(), "--state", "running"));
        assertEquals(
                bad + ":2:3: error: external memory snapshots require a filename [memory.external-requires-file]\n"
                        + bad + ": invalid [libvirt 12.9.0]\n",
                cli.out());
    }

    @Test
    void checkFindsEveryProblemAtOnce() throws IOException {
        Path bad = write(
                "bad.xml",
                "<domainsnapshot><name>x/y</name><memory snapshot='internal' file='m'/>"
                        + "<disks><disk snapshot='sometimes'/></disks></domainsnapshot>");
        assertEquals(1, cli.run("", "check", bad.toString(), "--state", "shutoff", "--flags", "current"));
        String o = cli.out();
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
        assertTrue(o.endsWith(bad + ": invalid [libvirt 12.9.0]\n"), o);
    }

    @Test
    void checkJsonIsOneObjectPerFile() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot><name>a</name><memory file='/save/a.mem'/></domainsnapshot>");
        Path bad = write("b\"ad.xml", "<domainsnapshot><memory snapshot='bogus'/></domainsnapshot>");
        assertEquals(1, cli.run("", "check", ok.toString(), bad.toString(), "--state", "running", "--json"));
        String[] lines = cli.out().split("\n");
        assertEquals(2, lines.length);
        assertEquals(
                "{\"file\":\"" + ok
                        + "\",\"verdict\":\"ok\",\"libvirt\":\"12.9.0\",\"plan\":{\"memory\":\"external\",\"disks\":\"default\","
                        + "\"via\":\"migrate+transaction\",\"perDisk\":[]},\"problems\":[],\"acceptedIn\":[\"running\"],"
                        + "\"error\":null}",
                lines[0]);
        assertEquals(
                "{\"file\":\"" + bad.toString().replace("\"", "\\\"")
                        + "\",\"verdict\":\"invalid\",\"libvirt\":\"12.9.0\",\"plan\":null,"
                        + "\"problems\":[{\"rule\":\"memory.value\",\"severity\":\"error\",\"message\":\"Invalid value for "
                        + "attribute 'snapshot' in element 'memory': 'bogus'.\",\"line\":1,\"column\":17,"
                        + "\"path\":\"/domainsnapshot/memory/@snapshot\",\"code\":\"VIR_ERR_XML_ERROR\",\"states\":null}],"
                        + "\"acceptedIn\":[],\"error\":null}",
                lines[1]);
    }

    @Test
    void checkJsonGivesNullLocations() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot/>");
        assertEquals(1, cli.run("", "check", ok.toString(), "--state", "running", "--flags", "current", "--json"));
        assertEquals(
                "{\"file\":\"" + ok
                        + "\",\"verdict\":\"invalid\",\"libvirt\":\"12.9.0\",\"plan\":null,\"problems\":[{\"rule\":"
                        + "\"flags.current-requires-redefine\",\"severity\":\"error\",\"message\":\"Flag "
                        + "'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'\","
                        + "\"line\":0,\"column\":0,\"path\":null,\"code\":\"VIR_ERR_INVALID_ARG\",\"states\":null}],"
                        + "\"acceptedIn\":[],\"error\":null}\n",
                cli.out());
    }

    @Test
    void unsupportedIsExitOne() throws IOException {
        Path f = write(
                "u.xml",
                "<domainsnapshot><memory snapshot='internal'/><disks><disk name='vda' snapshot='external'>"
                        + "<source file='/img/o'/></disk></disks></domainsnapshot>");
        assertEquals(1, cli.run("", "check", f.toString(), "--state", "paused", "--json"));
        assertTrue(cli.out().contains("\"verdict\":\"unsupported\""), cli.out());
    }

    @Test
    void checkReadsStandardInput() {
        assertEquals(0, cli.run("<domainsnapshot/>", "check", "-", "--state", "shutoff"));
        assertEquals("<stdin>: ok: memory=no disks=internal via=qemu-img [libvirt 12.9.0]\n", cli.out());
    }

    @Test
    void validateFlagChecksTheSchema() throws IOException {
        Path f = write("v.xml", "<domainsnapshot><futureElement/></domainsnapshot>");
        assertEquals(0, cli.run("", "check", f.toString(), "--state", "running"));
        assertEquals(1, cli.run("", "check", f.toString(), "--state", "running", "--flags", "validate"));
        assertTrue(cli.out().contains("[document.schema]"), cli.out());
    }

    @Test
    void existingSnapshotsComeFromADirectory() throws IOException {
        Path existing = Files.createDirectory(dir.resolve("existing"));
        Path child = write(
                "child.xml",
                "<domainsnapshot><name>c</name><state>running</state><parent><name>p</name>"
                        + "</parent><creationTime>2</creationTime>" + DOMAIN + "</domainsnapshot>");
        assertEquals(
                1, cli.run("", "check", child.toString(), "--flags", "redefine", "--snapshots", existing.toString()));
        assertTrue(cli.out().contains("error: parent p for moment c not found [redefine.parent]"), cli.out());
        Files.writeString(
                existing.resolve("p.xml"),
                "<domainsnapshot><name>p</name><state>running</state>"
                        + "<creationTime>1</creationTime></domainsnapshot>");
        cli.reset();
        assertEquals(
                0, cli.run("", "check", child.toString(), "--flags", "redefine", "--snapshots", existing.toString()));
        cli.reset();
        assertEquals(0, cli.run("", "check", child.toString(), "--flags", "redefine"));
        assertTrue(cli.out().contains("warning: parent p of snapshot c was not checked"), cli.out());
    }

    @Test
    void alignPrintsTheAlignedSnapshot() throws IOException {
        Path f = write(
                "a.xml", "<domainsnapshot><name>s1</name><disks><disk name='/img/vm.qcow2'/></disks></domainsnapshot>");
        assertEquals(
                0,
                cli.run(
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
                      <driver type='qcow2'/>
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
                """, cli.out());
        assertTrue(cli.err().contains("[align.file-unchecked]"), cli.err());
    }

    @Test
    void alignPrintsProblemsAndExitsOne() throws IOException {
        Path f = write("a.xml", "<domainsnapshot><disks><disk name='vdz'/></disks></domainsnapshot>");
        assertEquals(1, cli.run("", "align", f.toString(), "--domain", domain.toString(), "--state", "running"));
        assertEquals("", cli.out());
        assertTrue(cli.err().contains(f + ":1:24: error: no disk named 'vdz' [align.unknown-disk]"), cli.err());
    }

    @Test
    void alignProbesFilesWhenAsked() throws IOException {
        Path image = write("vm.qcow2", "");
        Path dom = write("d.xml", DOMAIN.replace("/img/vm.qcow2", image.toString()));
        Path f = write("a.xml", "<domainsnapshot><name>n</name></domainsnapshot>");
        assertEquals(
                0,
                cli.run(
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
        assertTrue(cli.out().contains("<source file='" + dir.resolve("vm.n") + "'/>"), cli.out());
        assertEquals("", cli.err());
        Files.delete(image);
        cli.reset();
        assertEquals(
                1,
                cli.run(
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
        assertTrue(
                cli.err()
                        .contains("source for disk 'vda' (" + dir.resolve("vm.qcow2")
                                + ") doesn't exist or is not a regular file"),
                cli.err());
    }

    @Test
    void usageErrorsAreExitTwo() throws IOException {
        Path f = write("a.xml", "<domainsnapshot/>");
        assertEquals(2, cli.run("", "check"));
        assertEquals(2, cli.run("", "check", f.toString(), "--flags", "sideways"));
        assertTrue(cli.err().contains("unknown snapshot create flag 'sideways'"), cli.err());
        assertEquals(2, cli.run("", "check", f.toString(), "--state", "sleepy"));
        assertEquals(2, cli.run("", "check", f.toString(), "--state"));
        assertEquals(2, cli.run("", "check", f.toString(), "--bogus"));
        assertEquals(2, cli.run("", "align", f.toString()));
        assertEquals(2, cli.run("", "align", f.toString(), f.toString(), "--domain", domain.toString()));
        assertEquals(2, cli.run("", "check", f.toString(), "--state=", "running"));
        assertEquals(2, cli.run("", "check", f.toString(), "--probe-files=yes"));
        assertEquals(2, cli.run("", "check", "-", "-"));
        assertEquals(2, cli.run("", "check", f.toString(), "--driver", "xen"));
        assertTrue(cli.err().contains("unknown driver 'xen' (qemu, test, esx or vbox)"), cli.err());
        assertEquals(
                2,
                cli.run(
                        "",
                        "align",
                        f.toString(),
                        "--domain",
                        domain.toString(),
                        "--now",
                        "yesterday",
                        "--state=running"));
        assertTrue(cli.err().contains("--now needs seconds since the epoch, not 'yesterday'"), cli.err());
        cli.reset();
        assertEquals(2, cli.run("", "align", f.toString(), "--domain", domain.toString()));
        assertTrue(
                cli.err()
                        .contains("--state STATE is needed: the snapshot libvirt stores depends on the domain's state"),
                cli.err());
        assertFalse(cli.err().contains("Exception"), cli.err());
    }

    @Test
    void unreadableFilesAreExitTwo() throws IOException {
        Path f = write("a.xml", "<domainsnapshot/>");
        assertEquals(
                2, cli.run("", "check", dir.resolve("missing.xml").toString(), f.toString(), "--state", "running"));
        assertEquals(
                dir.resolve("missing.xml") + ": error: cannot read " + dir.resolve("missing.xml") + ": no such file\n",
                cli.err());
        assertTrue(cli.out().contains(f + ": ok"), "the other files are still checked: " + cli.out());
        cli.reset();
        assertEquals(2, cli.run("", "check", dir.toString()));
        assertEquals(dir + ": error: cannot read: Is a directory\n", cli.err());
        for (String[] options : List.of(
                new String[] {"--domain", dir.resolve("nope.xml").toString()},
                new String[] {"--domain", dir.toString()},
                new String[] {"--snapshots", dir.resolve("nope").toString()},
                new String[] {"--snapshots", f.toString()})) {
            cli.reset();
            assertEquals(2, cli.run("", "check", f.toString(), options[0], options[1]), List.of(options) + cli.err());
            assertTrue(cli.err().startsWith(options[1] + ": error: "), cli.err());
            assertEquals("", cli.out(), "nothing is checked");
            cli.reset();
            assertEquals(
                    2,
                    cli.run(
                            "",
                            "align",
                            f.toString(),
                            "--domain",
                            domain.toString(),
                            "--state",
                            "running",
                            options[0],
                            options[1]),
                    cli.err());
        }
        assertFalse(cli.err().contains("Exception"), cli.err());
    }

    /** A file given as --domain or in --snapshots that is not the document it must be: exit 1, as for a FILE. */
    @Test
    void optionFilesThatAreNotTheRightDocumentAreExitOne() throws IOException {
        Path f = write("a.xml", "<domainsnapshot/>");
        Path notDomain = write("nd.xml", "<domainsnapshot/>");
        assertEquals(1, cli.run("", "check", f.toString(), "--domain", notDomain.toString()));
        assertEquals(
                notDomain + ": error: expecting root element of 'domain', not 'domainsnapshot' [at /domainsnapshot]\n",
                cli.err());
        cli.reset();
        Path malformedDomain = write("md.xml", "<domain>\n<devices></domain>");
        assertEquals(
                1, cli.run("", "align", f.toString(), "--domain", malformedDomain.toString(), "--state", "running"));
        assertTrue(cli.err().startsWith(malformedDomain + ":2:"), cli.err());
        cli.reset();
        Path snapshots = Files.createDirectory(dir.resolve("existing"));
        write("existing/p.xml", "<domainsnapshot><name>p</nam></domainsnapshot>");
        assertEquals(1, cli.run("", "check", f.toString(), "--flags=redefine", "--snapshots", snapshots.toString()));
        assertTrue(cli.err().startsWith(snapshots.resolve("p.xml") + ":1:"), cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void checkJsonRecordsAFileThatCannotBeRead() throws IOException {
        Path ok = write("ok.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        Path missing = dir.resolve("missing.xml");
        assertEquals(
                2,
                cli.run("", "check", missing.toString(), ok.toString(), dir.toString(), "--state=running", "--json"));
        assertEquals("", cli.err(), "a consumer of --json never reads standard error");
        String[] lines = cli.out().split("\n");
        assertEquals(3, lines.length, cli.out());
        assertEquals(
                "{\"file\":\"" + missing
                        + "\",\"verdict\":\"unreadable\",\"libvirt\":\"12.9.0\",\"plan\":null,\"problems\":[],\"acceptedIn\":[],"
                        + "\"error\":{\"kind\":\"io\",\"message\":\"cannot read " + missing
                        + ": no such file\",\"line\":0,"
                        + "\"column\":0,\"path\":null}}",
                lines[0]);
        assertTrue(lines[1].startsWith("{\"file\":\"" + ok + "\",\"verdict\":\"ok\""), lines[1]);
        assertTrue(lines[1].endsWith(",\"error\":null}"), lines[1]);
        assertEquals(
                "{\"file\":\"" + dir
                        + "\",\"verdict\":\"unreadable\",\"libvirt\":\"12.9.0\",\"plan\":null,\"problems\":[],\"acceptedIn\":[],"
                        + "\"error\":{\"kind\":\"io\",\"message\":\"cannot read: Is a directory\",\"line\":0,"
                        + "\"column\":0,\"path\":null}}",
                lines[2]);
    }

    /**
     * A document libvirt cannot parse: libvirt's verdict (invalid, with the one problem the validator
     * gives for it) and the reader's error, with its kind and place.
     */
    @Test
    void checkJsonRecordsADocumentLibvirtCannotParse() throws IOException {
        Path malformed = write("m.xml", "<domainsnapshot>\n  <name>x</nam>\n</domainsnapshot>");
        Path root = write("r.xml", "<domain/>");
        Path dtd = write("d.xml", "<!DOCTYPE x [<!ENTITY e 'x'>]>\n<domainsnapshot/>");
        Path schema = write("s.xml", "<domainsnapshot><futureElement/></domainsnapshot>");
        assertEquals(1, cli.run("", "check", malformed.toString(), root.toString(), dtd.toString(), "--json"));
        assertEquals("", cli.err());
        String[] lines = cli.out().split("\n");
        assertEquals(
                "{\"file\":\"" + malformed
                        + "\",\"verdict\":\"invalid\",\"libvirt\":\"12.9.0\",\"plan\":null,\"problems\":[{\"rule\":"
                        + "\"document.malformed\",\"severity\":\"error\",\"message\":\"malformed XML: Unexpected close"
                        + " tag </nam>; expected </name>.\",\"line\":2,\"column\":14,\"path\":\"/domainsnapshot/name\","
                        + "\"code\":\"VIR_ERR_XML_DETAIL\",\"states\":null}],\"acceptedIn\":[],"
                        + "\"error\":{\"kind\":\"malformed\",\"message\":\"malformed XML: Unexpected close tag </nam>;"
                        + " expected </name>.\",\"line\":2,\"column\":14,\"path\":\"/domainsnapshot/name\"}}",
                lines[0]);
        assertTrue(lines[1].contains("\"rule\":\"document.root\"") && lines[1].contains("\"kind\":\"root\""), lines[1]);
        assertTrue(
                lines[2].contains("\"rule\":\"document.malformed\"") && lines[2].contains("\"kind\":\"forbidden\""),
                lines[2]);
        cli.reset();
        assertEquals(1, cli.run("", "check", schema.toString(), "--flags=validate", "--json"));
        assertTrue(
                cli.out().contains("\"rule\":\"document.schema\"") && cli.out().contains("\"kind\":\"schema\""),
                cli.out());
        // the problem is the validator's own
        for (Path f : List.of(malformed, root, dtd, schema)) {
            cli.reset();
            boolean validate = f.equals(schema);
            assertEquals(1, cli.run("", "check", f.toString(), "--flags", validate ? "validate" : ""));
            ValidationContext context = ValidationContext.of(DomainState.UNKNOWN);
            ValidationReport report =
                    SnapshotValidator.create().check(f, validate ? context.withFlags(CreateFlag.VALIDATE) : context);
            StringBuilder expected = new StringBuilder();
            for (Problem p : report.problems()) {
                expected.append(ValidationCommands.line(f.toString(), p)).append('\n');
            }
            assertEquals(expected + f.toString() + ": invalid [libvirt 12.9.0]\n", cli.out());
        }
    }

    @Test
    void checkJsonRecordsAnOptionFileThatCannotBeUsed() throws IOException {
        Path f = write("a.xml", "<domainsnapshot/>");
        Path missing = dir.resolve("nope.xml");
        assertEquals(2, cli.run("", "check", f.toString(), "--domain=" + missing, "--json"));
        assertEquals(
                "{\"file\":\"" + missing
                        + "\",\"option\":\"--domain\",\"verdict\":\"unreadable\",\"libvirt\":\"12.9.0\",\"plan\":null,"
                        + "\"problems\":[],\"acceptedIn\":[],\"error\":{\"kind\":\"io\",\"message\":\"cannot read "
                        + missing
                        + ": no such file\",\"line\":0,\"column\":0,\"path\":null}}\n",
                cli.out());
        assertEquals("", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "align", f.toString(), "--domain", f.toString(), "--state", "running", "--json"));
        assertEquals(
                "{\"file\":\"" + f
                        + "\",\"option\":\"--domain\",\"verdict\":\"unreadable\",\"libvirt\":\"12.9.0\",\"plan\":null,"
                        + "\"problems\":[],\"acceptedIn\":[],\"error\":{\"kind\":\"root\",\"message\":\"expecting root element of"
                        + " 'domain', not 'domainsnapshot'\",\"line\":0,\"column\":0,\"path\":\"/domainsnapshot\"},"
                        + "\"snapshot\":null}\n",
                cli.out());
    }

    @Test
    void alignJsonGivesTheSnapshotOrWhyNot() throws IOException {
        Path f = write("a.xml", "<domainsnapshot><name>s1</name></domainsnapshot>");
        assertEquals(
                0,
                cli.run(
                        "",
                        "align",
                        f.toString(),
                        "--domain=" + domain,
                        "--state=running",
                        "--flags=disk-only",
                        "--now=1700000000",
                        "--json"));
        assertEquals("", cli.err());
        String json = cli.out();
        assertTrue(
                json.startsWith("{\"file\":\"" + f + "\",\"verdict\":\"ok\",\"libvirt\":\"12.9.0\",\"plan\":{"), json);
        assertTrue(
                json.contains("\"error\":null,\"snapshot\":\"<domainsnapshot>\\n  <name>s1</name>\\n"
                        + "  <state>disk-snapshot</state>\\n  <creationTime>1700000000</creationTime>\\n"),
                json);
        assertTrue(json.endsWith("</domainsnapshot>\\n\"}\n"), json);
        assertEquals(1, json.split("\n").length);
        cli.reset();
        Path bad = write("b.xml", "<domainsnapshot><disks><disk name='vdz'/></disks></domainsnapshot>");
        assertEquals(
                1, cli.run("", "align", bad.toString(), "--domain", domain.toString(), "--state", "running", "--json"));
        assertTrue(cli.out().contains("\"rule\":\"align.unknown-disk\""), cli.out());
        assertTrue(cli.out().endsWith(",\"error\":null,\"snapshot\":null}\n"), cli.out());
        cli.reset();
        String[] esx = {"align", f.toString(), "--domain", domain.toString(), "--driver", "esx", "--state", "running"};
        String[] esxJson = Arrays.copyOf(esx, esx.length + 1);
        esxJson[esx.length] = "--json";
        assertEquals(1, cli.run("", esxJson));
        assertTrue(
                cli.out().contains("\"verdict\":\"ok\"")
                        && cli.out()
                                .endsWith("\"error\":{\"kind\":\"invalid\",\"message\":\"the disks could not be"
                                        + " aligned with the domain (the esx driver does not align them)\",\"line\":0,"
                                        + "\"column\":0,\"path\":null},\"snapshot\":null}\n"),
                cli.out());
        cli.reset();
        assertEquals(1, cli.run("", esx));
        assertTrue(
                cli.err()
                        .endsWith(
                                "error: the disks could not be aligned with the domain (the esx driver does not align them)\n"),
                cli.err());
    }

    @Test
    void alignOfADocumentLibvirtCannotParse() throws IOException {
        Path bad = write("b.xml", "<domainsnapshot>\n<name>x</nam></domainsnapshot>");
        assertEquals(1, cli.run("", "align", bad.toString(), "--domain", domain.toString(), "--state", "running"));
        assertEquals("", cli.out());
        assertEquals(
                bad
                        + ":2:12: error: malformed XML: Unexpected close tag </nam>; expected </name>. [document.malformed]\n",
                cli.err());
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignToo() throws IOException {
        Path f = write("f.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        Path existing = Files.createDirectory(dir.resolve("existing"));
        assertEquals(
                0,
                cli.run(
                        "",
                        "check",
                        f.toString(),
                        "--state",
                        "running",
                        "--flags",
                        "disk-only",
                        "--flags",
                        "atomic",
                        "--domain",
                        domain.toString(),
                        "--driver",
                        "qemu",
                        "--snapshots",
                        existing.toString(),
                        "--json"));
        String spaced = cli.out();
        cli.reset();
        assertEquals(
                0,
                cli.run(
                        "",
                        "check",
                        f.toString(),
                        "--state=running",
                        "--flags=disk-only",
                        "--flags=atomic",
                        "--domain=" + domain,
                        "--driver=qemu",
                        "--snapshots=" + existing,
                        "--json"));
        assertEquals(spaced, cli.out());
        assertTrue(spaced.contains("\"memory\":\"no\",\"disks\":\"external\""), spaced);
        cli.reset();
        assertEquals(
                1, cli.run("", "check", f.toString(), "--state=running", "--flags=disk-only,quiesce", "--driver=test"));
        assertTrue(cli.out().contains("[driver.flags]"), cli.out());
    }

    @Test
    void checkTakesADriver() throws IOException {
        Path f = write("f.xml", "<domainsnapshot><name>a</name></domainsnapshot>");
        assertEquals(
                1,
                cli.run("", "check", f.toString(), "--driver", "test", "--flags", "disk-only", "--state", "running"));
        assertTrue(
                cli.out()
                        .contains(
                                "error: unsupported flags (0x10) in function testDomainSnapshotCreateXML [driver.flags]"),
                cli.out());
        assertTrue(cli.out().endsWith(f + ": invalid [libvirt 12.9.0]\n"), cli.out());
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        assertEquals(0, cli.run("", "check", "--help"));
        assertTrue(cli.out().startsWith("usage: snapshot-xml check FILE..."), cli.out());
        assertTrue(cli.out().contains("--json"), cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "align", "--help"));
        assertTrue(cli.out().startsWith("usage: snapshot-xml align FILE --domain DOMAIN.xml"), cli.out());
        assertTrue(cli.out().contains("--now EPOCH"), cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "format", "--help"));
        assertTrue(cli.out().startsWith("usage: snapshot-xml format FILE..."), cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "--help"));
        assertTrue(cli.out().contains("'snapshot-xml help COMMAND' or 'snapshot-xml COMMAND --help'"), cli.out());
    }

    @Test
    void usageErrorsSayWhatIsWrongAndWhereToLook() {
        assertEquals(2, cli.run("", "check", "x.xml", "--bogus"));
        assertEquals(
                "snapshot-xml check: unknown option '--bogus'\nrun 'snapshot-xml check --help' for its options\n",
                cli.err());
    }

    /**
     * The command line checks through the library's one entry point: a document cut short, with
     * flags libvirt refuses before it reads the document, gives both problems, in libvirt's order,
     * from a file and from standard input alike.
     */
    @Test
    void checkGivesTheFlagProblemsLibvirtFindsBeforeReading() throws IOException {
        String truncated = "<domainsnapshot><name>x</name>";
        Path file = write("cut.xml", truncated);
        ValidationReport library = SnapshotValidator.create()
                .check(truncated, ValidationContext.of(DomainState.RUNNING).withFlags(CreateFlag.CURRENT));
        List<String> expected =
                library.problems().stream().map(p -> p.rule().id()).toList();
        assertEquals(List.of("flags.current-requires-redefine", "document.malformed"), expected);

        assertEquals(1, cli.run("", "check", file.toString(), "--state", "running", "--flags", "current"));
        String[] lines = cli.out().split("\n");
        assertEquals(3, lines.length, cli.out());
        assertTrue(lines[0].endsWith("[flags.current-requires-redefine]"), cli.out());
        assertTrue(lines[1].endsWith("[document.malformed]"), cli.out());
        assertEquals(file + ": invalid [libvirt 12.9.0]", lines[2]);

        cli.reset();
        assertEquals(1, cli.run(truncated, "check", "-", "--state", "running", "--flags", "current", "--json"));
        String json = cli.out();
        assertTrue(json.contains("\"rule\":\"flags.current-requires-redefine\""), json);
        assertTrue(json.contains("\"rule\":\"document.malformed\""), json);
        assertTrue(json.contains("\"error\":{\"kind\":\"malformed\""), json);
    }

    /**
     * Without --state or --domain the check answers for every state: a request libvirt refuses in
     * every state (an external disk, no disk-only, no external memory) is refused, with libvirt's
     * message, and exits 1; one accepted in some states only is not ok either, and says where it
     * would be accepted.
     */
    @Test
    void anUnknownStateIsAnsweredForEveryState() throws IOException {
        Path external = write(
                "ext.xml",
                "<domainsnapshot><disks><disk name='vda' snapshot='external'><source file='/img/o'/></disk></disks>"
                        + "</domainsnapshot>");
        assertEquals(1, cli.run("", "check", external.toString(), "--libvirt", "9.0"));
        assertTrue(cli.out().endsWith(external + ": unsupported [libvirt 9.0.0]\n"), cli.out());
        assertTrue(
                cli.out().contains("[table.unsupported]") || cli.out().contains("[align.uniform-internal]"), cli.out());
        assertFalse(cli.out().contains(": ok"), cli.out());

        // from 10.4 libvirt takes a shut-off domain's external disk without disk-only
        cli.reset();
        assertEquals(1, cli.run("", "check", external.toString()));
        assertTrue(
                cli.out().endsWith(external + ": depends-on-state: accepted if shutoff [libvirt 12.9.0]\n"), cli.out());

        cli.reset();
        Path internal = write("int.xml", "<domainsnapshot><memory snapshot='internal'/></domainsnapshot>");
        assertEquals(1, cli.run("", "check", internal.toString()));
        assertTrue(
                cli.out()
                        .contains(
                                "error: memory state cannot be saved with offline or disk-only snapshot [memory.offline]"
                                        + " (if shutoff)"),
                cli.out());
        assertTrue(
                cli.out().endsWith(internal + ": depends-on-state: accepted if running, paused [libvirt 12.9.0]\n"),
                cli.out());

        cli.reset();
        assertEquals(1, cli.run("", "check", internal.toString(), "--json"));
        assertTrue(cli.out().contains("\"verdict\":\"depends-on-state\""), cli.out());
        assertTrue(cli.out().contains("\"acceptedIn\":[\"running\",\"paused\"]"), cli.out());
        assertTrue(cli.out().contains("\"states\":[\"shutoff\"]"), cli.out());

        cli.reset();
        assertEquals(0, cli.run("", "check", internal.toString(), "--state", "running", "--json"));
        assertTrue(cli.out().contains("\"verdict\":\"ok\""), cli.out());
        assertTrue(cli.out().contains("\"acceptedIn\":[\"running\"]"), cli.out());
    }
}
