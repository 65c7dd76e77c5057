package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.cli.SnapshotXmlCli;
import io.github.domainsnapshot.codec.SnapshotCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The validator against answers of the real libvirt 9.0 (Debian's, its test driver): the 53 of
 * {@code ../shared/corpus/libvirt-real}, and this project's own cases in
 * {@code src/test/resources/libvirt-oracle} (recorded the same way with
 * {@code ../shared/tools/libvirt-oracle}). For every request the same verdict and the same fault,
 * and for every accepted request the same aligned disks and memory as libvirt's answer.
 */
class LibvirtAgreementTest {
    /**
     * Original images that were regular files where the corpus was recorded, as its accepted
     * cases show (libvirt made up external names next to them). libvirt stats these; the test
     * answers as that machine did rather than depend on this one's files.
     */
    private static final Set<String> RECORDED_REGULAR_FILES =
            Set.of("/guest/diskimage1", "/tmp/snapcorpus/multi-root.qcow2");

    /**
     * Cases libvirt's test driver accepts and the combination table (with qemu's parse rules)
     * refuses: the test driver does not parse a shut-off domain's request as offline, and sets
     * the memory to 'no' itself. Each with the rules this project applies instead.
     */
    private static final Map<String, Set<Rule>> TEST_DRIVER_LAXER = Map.of(
            // the test driver does not parse a shut-off domain's request as offline, and sets memory to no
            "shutoff-memory-internal", Set.of(Rule.MEMORY_OFFLINE, Rule.TABLE_INVALID),
            // online external memory with an internal disk: "unsupported for now" in the table
            "mem-ext-disk-int", Set.of(Rule.TABLE_UNSUPPORTED),
            // qemu names its metadata files after snapshots; the test driver keeps them in memory
            "name-slash", Set.of(Rule.NAME_CHARACTERS));

    /**
     * Cases both refuse, for different reasons: the test driver refuses the manual mode itself
     * (a driver's rule: the hypervisor profiles), where qemu's uniform internal snapshots refuse it.
     */
    private static final Map<String, Rule> DRIVER_FAULT = Map.of("disk-mode-manual", Rule.ALIGN_UNIFORM_INTERNAL);

    /** Where a recording lives. */
    enum Recording {
        /** The shared corpus: libvirt's answers to 53 requests. */
        SHARED,
        /** This project's own cases. */
        OWN;

        Path root() {
            if (this == SHARED) {
                return SharedCorpus.root().resolve("libvirt-real");
            }
            try {
                return Path.of(LibvirtAgreementTest.class.getResource("/libvirt-oracle/manifest.tsv").toURI()).getParent();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** libvirt's error categories, which come before its messages. */
    private static final List<String> CATEGORIES = List.of("XML error: ", "unsupported configuration: ",
            "internal error: ", "invalid argument: ", "Operation not supported: ");

    record Case(Recording recording, String id, String domain, List<String> options, boolean accepted, String message) {
        Path file(String name) {
            return recording.root().resolve(name);
        }

        Path request() {
            return file("in/" + id + ".xml");
        }

        Path domainFile() {
            return file("domains/" + domain + ".xml");
        }

        @Override
        public String toString() {
            return id;
        }
    }

    static List<Case> cases() {
        return cases(Recording.SHARED);
    }

    static List<Case> cases(Recording recording) {
        Path manifest = recording.root().resolve("manifest.tsv");
        List<Case> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                List<String> options = f[2].isBlank() ? List.of() : List.of(f[2].trim().split("\\s+"));
                out.add(new Case(recording, f[0], f[1], options, f[3].equals("accept"), f.length > 4 ? f[4] : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Set<CreateFlag> flags(Case c) {
        Set<CreateFlag> flags = EnumSet.noneOf(CreateFlag.class);
        for (String o : c.options()) {
            if (!o.equals("--shutoff")) {
                flags.add(CreateFlag.fromCliName(o.substring(2)));
            }
        }
        return flags;
    }

    static DomainState state(Case c) {
        return c.options().contains("--shutoff") ? DomainState.SHUTOFF : DomainState.RUNNING;
    }

    /** The context of the recording: a fresh test driver (no snapshots yet), the case's domain and flags. */
    static ValidationContext context(Case c) {
        return ValidationContext.of(state(c)).withFlags(flags(c))
                .withDomain(SnapshotCodec.create().readElement(c.domainFile()))
                .withExistingSnapshots(List.of()).withRegularFileTest(RECORDED_REGULAR_FILES::contains);
    }

    static String withoutCategory(String message) {
        for (String c : CATEGORIES) {
            if (message.startsWith(c)) {
                return message.substring(c.length());
            }
        }
        return message;
    }

    @Test
    void theManifestHasAllCases() {
        SharedCorpus.assumePresent();
        assertEquals(53, cases().size());
    }

    @Test
    void ownCasesAreRecorded() {
        assertEquals(26, cases(Recording.OWN).size());
    }

    @TestFactory
    Stream<DynamicTest> sameVerdictAndFaultAsLibvirt() {
        SharedCorpus.assumePresent();
        return sameVerdictAndFault(cases());
    }

    @TestFactory
    Stream<DynamicTest> sameVerdictAndFaultAsLibvirtForOwnCases() {
        return sameVerdictAndFault(cases(Recording.OWN));
    }

    @TestFactory
    Stream<DynamicTest> alignedDisksAreLibvirtsForOwnCases() {
        return alignedDisks(cases(Recording.OWN));
    }

    static Stream<DynamicTest> sameVerdictAndFault(List<Case> cases) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            ValidationReport report = SnapshotValidator.create().check(c.request(), context(c));
            if (TEST_DRIVER_LAXER.containsKey(c.id())) {
                assertTrue(c.accepted(), c.id() + " is listed as one the test driver accepts");
                assertFalse(report.isOk(), report.problems().toString());
                Set<Rule> rules = EnumSet.noneOf(Rule.class);
                report.errors().forEach(p -> rules.add(p.rule()));
                assertEquals(TEST_DRIVER_LAXER.get(c.id()), rules);
                return;
            }
            if (c.accepted()) {
                assertTrue(report.isOk(), () -> c.id() + ": libvirt accepted it, we found " + report.problems());
                return;
            }
            assertFalse(report.isOk(), () -> c.id() + ": libvirt refused it (" + c.message() + ")");
            Problem first = report.errors().get(0);
            if (DRIVER_FAULT.containsKey(c.id())) {
                assertEquals(DRIVER_FAULT.get(c.id()), first.rule(), report.problems()::toString);
            } else if (first.rule() == Rule.DOCUMENT_MALFORMED) {
                assertTrue(c.message().contains("Premature end of data"), c.message());
            } else if (first.rule() == Rule.DOCUMENT_SCHEMA) {
                assertTrue(c.message().startsWith("XML document failed to validate against schema"), c.message());
            } else {
                assertEquals(withoutCategory(c.message()), first.message(), () -> c.id() + ": " + report.problems());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> alignedDisksAreLibvirts() {
        SharedCorpus.assumePresent();
        return alignedDisks(cases());
    }

    static Stream<DynamicTest> alignedDisks(List<Case> cases) {
        SnapshotCodec codec = SnapshotCodec.create();
        return cases.stream().filter(c -> c.accepted() && !TEST_DRIVER_LAXER.containsKey(c.id()))
                .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
                    ValidationReport report = SnapshotValidator.create().check(c.request(), context(c));
                    assertTrue(report.aligned().isPresent(), report.problems().toString());
                    String ours = codec.write(report.aligned().get());
                    String libvirts = Files.readString(c.file("out/" + c.id() + ".xml"), StandardCharsets.UTF_8);
                    assertEquals(section(libvirts, "disks"), section(ours, "disks"));
                    assertEquals(memoryLine(libvirts), memoryLine(ours));
                }));
    }

    /**
     * The command line gives the same verdicts. Cases where libvirt looked at the file system
     * (to make up an external file name) are left to the tests above, which answer as the
     * recording machine did: {@code --probe-files} looks at this machine's files.
     */
    @TestFactory
    Stream<DynamicTest> checkCommandGivesLibvirtsVerdict() {
        SharedCorpus.assumePresent();
        return cases().stream().filter(c -> !looksAtFiles(c)).map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            List<String> args = new ArrayList<>(List.of("check", c.request().toString(),
                    "--state", state(c).libvirtName(), "--domain", c.domainFile().toString(),
                    "--probe-files", "--json"));
            Set<CreateFlag> flags = flags(c);
            if (!flags.isEmpty()) {
                args.add("--flags");
                args.add(String.join(",", flags.stream().map(CreateFlag::cliName).toList()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new SnapshotXmlCli(new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(args.toArray(String[]::new));
            String json = out.toString(StandardCharsets.UTF_8);
            boolean expectOk = c.accepted() && !TEST_DRIVER_LAXER.containsKey(c.id());
            boolean redefineWithParent = flags.contains(CreateFlag.REDEFINE) && json.contains("redefine.parent");
            if (expectOk) {
                assertEquals(0, code, json + err);
                assertTrue(json.contains("\"verdict\":\"ok\""), json);
            } else {
                assertEquals(1, code, json + err);
                assertFalse(json.contains("\"verdict\":\"ok\""), json);
                if (!c.message().isEmpty() && !redefineWithParent && !json.contains("document.")) {
                    String expected = withoutCategory(c.message()).replace("\\", "\\\\").replace("\"", "\\\"");
                    assertTrue(json.contains("\"message\":\"" + expected + "\""), json);
                }
            }
        }));
    }

    private static boolean looksAtFiles(Case c) {
        ValidationContext noProbe = context(c).withRegularFileTest(null);
        ValidationReport report = SnapshotValidator.create().check(c.request(), noProbe);
        return report.problems().stream().anyMatch(p -> p.rule() == Rule.ALIGN_FILE_UNCHECKED);
    }

    static String section(String xml, String element) {
        int start = xml.indexOf("<" + element + ">");
        int end = xml.indexOf("</" + element + ">");
        return start < 0 ? "" : xml.substring(start, end + element.length() + 3);
    }

    static String memoryLine(String xml) {
        return xml.lines().filter(l -> l.strip().startsWith("<memory ")).findFirst().orElse("").strip();
    }
}
