package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.cli.SnapshotXmlCli;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.profile.Feature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator against answers of the real libvirt (its test driver), release by release: 9.0
 * (Debian 12), 11.3 and 12.9 (Debian's backports): the 53 requests of {@code
 * ../shared/corpus/libvirt-real} (9.0's answers are the corpus's, the later releases' verdicts and
 * messages are in {@code src/test/resources/libvirt-real/RELEASE}), and this project's own cases in
 * {@code src/test/resources/libvirt-oracle}, their answers in a folder per release. Each release's
 * answers are checked with the validator asked for that release.
 *
 * <p>With the test driver's profile the validator must give libvirt's verdict and fault for
 * every case, and for every accepted create request predict what libvirt stored. With the
 * default qemu profile it must too, except where the test driver and qemu differ: each such case
 * is listed below with what qemu does instead.
 */
class LibvirtAgreementTest {
    private static final long PINNED_TIME = 1700000000L;

    /**
     * Original images that were regular files where the requests were recorded, as the accepted
     * cases show (libvirt made up external names next to them). libvirt stats these; the test
     * answers as that machine did rather than depend on this one's files.
     */
    private static final Set<String> RECORDED_REGULAR_FILES =
            Set.of("/guest/diskimage1", "/tmp/snapcorpus/multi-root.qcow2");

    /**
     * Cases the test driver accepts and qemu refuses, with the rules qemu breaks; each as libvirt
     * 9.0's qemu driver answered the same request in {@code src/test/resources/qemu-oracle}.
     */
    private static final Map<String, Set<Rule>> QEMU_REFUSES = Map.ofEntries(
            // the test driver does not parse a shut-off domain's request as offline, and sets memory to no
            // (qemu-oracle: qcow2-shutoff-mint-*)
            Map.entry("shutoff-memory-internal", Set.of(Rule.MEMORY_OFFLINE)),
            // external memory with an internal disk (qcow2-running-mext-dint-B)
            Map.entry("mem-ext-disk-int", Set.of(Rule.TABLE_MIXED_DISKS)),
            // qemu names its metadata files after snapshots; the test driver keeps them in memory
            Map.entry("name-slash", Set.of(Rule.NAME_CHARACTERS)),
            // qemu takes LIVE only with external memory, QUIESCE only with DISK_ONLY (x-live-internal)
            Map.entry("flag-live-internal", Set.of(Rule.FLAGS_LIVE)),
            Map.entry("flag-quiesce", Set.of(Rule.FLAGS_QUIESCE_REQUIRES_DISK_ONLY)),
            // internal snapshots live in qcow2 images only, offline ones on local storage only
            // (x-multi-running, x-multi-shutoff: the same domain's raw block disk vdb comes first)
            Map.entry("multi-internal", Set.of(Rule.QEMU_INTERNAL_FORMAT)),
            Map.entry("multi-shutoff", Set.of(Rule.QEMU_INTERNAL_FORMAT, Rule.QEMU_INTERNAL_STORAGE)),
            // qemu makes overlays in qcow2 or qed only, a metadata cache only in qcow2
            // (x-fmt-vpc, x-fmt-raw, x-fmt-qed-meta)
            Map.entry("driver-vpc", Set.of(Rule.QEMU_EXTERNAL_FORMAT)),
            Map.entry("driver-raw", Set.of(Rule.QEMU_EXTERNAL_FORMAT)),
            Map.entry("driver-meta-qed", Set.of(Rule.QEMU_EXTERNAL_FORMAT)));

    /**
     * Cases the test driver accepts whose name QEMU refuses as the id of the snapshot-save job that
     * makes a running domain's internal snapshot from libvirt 10.9 on (QemuSnapshotTreeIT on 11.3
     * and 12.9: "Invalid job ID").
     */
    private static final Set<String> QEMU_JOB_ID_REFUSED = Set.of("escaping", "rd-escaping");

    /** What qemu refuses of a case the test driver accepts, with every rule: empty when it does not. */
    private static Optional<Set<Rule>> qemuRefuses(Case c) {
        if (QEMU_REFUSES.containsKey(c.id())) {
            return Optional.of(QEMU_REFUSES.get(c.id()));
        }
        if (QEMU_JOB_ID_REFUSED.contains(c.id()) && Feature.INTERNAL_VIA_SNAPSHOT_SAVE.in(c.libvirt())) {
            return Optional.of(Set.of(Rule.NAME_CHARACTERS));
        }
        return Optional.empty();
    }

    /**
     * Accepted cases whose stored disks the model cannot hold as libvirt reads them: of two
     * {@code <source>} or {@code <driver>} elements libvirt reads the first, the model keeps the last.
     */
    private static final Set<String> MODEL_KEEPS_THE_LAST = Set.of("two-sources", "two-drivers");

    /**
     * Accepted cases that the codec writes otherwise than libvirt, although the snapshot is the
     * same: an {@code <encryption>} without secrets (libvirt: an open and a close tag on two
     * lines), a network source's {@code <initiator>} before its {@code <ssl>}, {@code <readahead>}
     * and {@code <timeout>} (the model's order puts it after them). Compared as the codec reads and
     * writes libvirt's output.
     */
    private static final Set<String> WRITTEN_OTHERWISE = Set.of(
            "file-encryption-default", "file-encryption-engine", "enc-luks2", "enc-engine-qemu", "fmt-order-net");

    /** Cases the test driver refuses for its own reasons, and what qemu says instead (null: accepts). */
    private static final Map<String, Rule> QEMU_OTHERWISE = new java.util.HashMap<>();

    static {
        // the test driver takes neither of these flags; qemu does
        QEMU_OTHERWISE.put("flag-disk-only", null);
        QEMU_OTHERWISE.put("flag-reuse-ext", null);
        QEMU_OTHERWISE.put("flag-no-metadata", null);
        // the test driver refuses the manual mode itself; qemu's uniform internal snapshots refuse it
        // (x-manual-internal)
        QEMU_OTHERWISE.put("disk-mode-manual", Rule.ALIGN_UNIFORM_INTERNAL);
        // qemu refuses memory 'no' of a running domain before it aligns the disks (qcow2-running-mno-dno-B)
        QEMU_OTHERWISE.put("mem-no-disk-no", Rule.QEMU_RUNNING_NEEDS_MEMORY);
    }

    /**
     * Cases the test driver refuses and the qemu driver of a later release accepts, with the
     * change that made qemu accept them: a shut-off domain's external disk without disk-only
     * (qemu-oracle: qcow2-shutoff-mno-dext-B, qcow2-shutoff-momit-dext-B of 11.3 and 12.9).
     */
    private static final Map<String, Feature> QEMU_ACCEPTS_SINCE = Map.of(
            "shutoff-source-only", Feature.OFFLINE_EXTERNAL_WITHOUT_DISK_ONLY,
            "shutoff-disk-ext", Feature.OFFLINE_EXTERNAL_WITHOUT_DISK_ONLY);

    /** What qemu says of a case the test driver refuses, where it differs: null when it accepts. */
    private static Optional<Optional<Rule>> qemuOtherwise(Case c) {
        Feature since = QEMU_ACCEPTS_SINCE.get(c.id());
        if (since != null && since.in(c.libvirt())) {
            return Optional.of(Optional.empty());
        }
        if (QEMU_OTHERWISE.containsKey(c.id())) {
            return Optional.of(Optional.ofNullable(QEMU_OTHERWISE.get(c.id())));
        }
        return Optional.empty();
    }

    /** libvirt's error categories, which come before its messages. */
    private static final List<String> CATEGORIES = List.of(
            "XML error: ",
            "unsupported configuration: ",
            "internal error: ",
            "invalid argument: ",
            "Operation not supported: ");

    /** Whose requests a recording holds. */
    enum Source {
        /** The shared corpus: 53 requests. */
        SHARED,
        /** This project's own cases. */
        OWN
    }

    /**
     * The answers of one libvirt release to one set of requests.
     *
     * @param source whose requests
     * @param libvirt the release that answered
     */
    record Recording(Source source, LibvirtVersion libvirt) {
        /** @return where the requests and domains are */
        Path root() {
            return source == Source.SHARED
                    ? SharedCorpus.root().resolve("libvirt-real")
                    : resource("/libvirt-oracle/README.md").getParent();
        }

        /** @return where the release's manifest (and, where recorded, its stored snapshots) are */
        Path answers() {
            if (source == Source.SHARED && libvirt.equals(LibvirtVersion.V9_0)) {
                return root();
            }
            String folder = source == Source.SHARED ? "/libvirt-real/" : "/libvirt-oracle/";
            return resource(folder + libvirt + "/manifest.tsv").getParent();
        }

        /** @return whether the stored snapshots were kept: the corpus's own 9.0 ones, and every project's one */
        boolean hasStored() {
            return source == Source.OWN || libvirt.equals(LibvirtVersion.V9_0);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(LibvirtAgreementTest.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    record Case(Recording recording, String id, String domain, List<String> options, boolean accepted, String message) {
        Path file(String name) {
            return recording.root().resolve(name);
        }

        Path stored() {
            return recording.answers().resolve("out/" + id + ".xml");
        }

        LibvirtVersion libvirt() {
            return recording.libvirt();
        }

        Path request() {
            return file("in/" + id + ".xml");
        }

        Path domainFile() {
            return file("domains/" + domain + ".xml");
        }

        Set<CreateFlag> flags() {
            Set<CreateFlag> flags = EnumSet.noneOf(CreateFlag.class);
            for (String o : options) {
                if (!o.equals("--shutoff")) {
                    flags.add(CreateFlag.fromCliName(o.substring(2)));
                }
            }
            return flags;
        }

        DomainState state() {
            return options.contains("--shutoff") ? DomainState.SHUTOFF : DomainState.RUNNING;
        }

        /** The context of the recording: a fresh test driver (no snapshots yet), the case's domain and flags. */
        ValidationContext context(LibvirtDriver driver) {
            return ValidationContext.of(state())
                    .withLibvirt(libvirt())
                    .withDriver(driver)
                    .withFlags(flags())
                    .withDomain(SnapshotCodec.create().readElement(domainFile()))
                    .withExistingSnapshots(List.of())
                    .withRegularFileTest(RECORDED_REGULAR_FILES::contains)
                    .withClock(Clock.fixed(Instant.ofEpochSecond(PINNED_TIME), ZoneOffset.UTC));
        }

        ValidationReport check(LibvirtDriver driver) {
            return SnapshotValidator.create().check(request(), context(driver));
        }

        /** @return the case's name in test reports: the release, then the request */
        String name() {
            return libvirt() + " " + id;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** The shared recording's cases, for people. */
    private static final String SHARED_GROUP =
            "LibvirtAgreementTest over the 53 requests of the shared corpus (libvirt-real; the project's 272 still run)";

    static List<Case> cases(Recording recording) {
        if (recording.source() == Source.SHARED) {
            SharedCorpus.assumePresent(SHARED_GROUP);
        }
        Path manifest = recording.answers().resolve("manifest.tsv");
        List<Case> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                List<String> options =
                        f[2].isBlank() ? List.of() : List.of(f[2].trim().split("\\s+"));
                out.add(new Case(recording, f[0], f[1], options, f[3].equals("accept"), f.length > 4 ? f[4] : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Every release's answers: the project's cases, and the shared corpus's where it is (a user's
     * clone has only the project's).
     */
    static List<Case> allCases() {
        List<Case> all = new ArrayList<>();
        boolean shared = SharedCorpus.presentFor(SHARED_GROUP);
        for (LibvirtVersion v : LibvirtVersion.proven()) {
            all.addAll(cases(new Recording(Source.OWN, v)));
            if (shared) {
                all.addAll(cases(new Recording(Source.SHARED, v)));
            }
        }
        return all;
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
    void theProjectsRecordingIsCompleteForEveryProvenRelease() {
        for (LibvirtVersion v : LibvirtVersion.proven()) {
            List<Case> cases = cases(new Recording(Source.OWN, v));
            assertEquals(272, cases.size(), v.toString());
            for (Case c : cases) {
                assertTrue(Files.isRegularFile(c.request()), c.name());
                assertEquals(c.accepted(), Files.isRegularFile(c.stored()), c.name());
            }
        }
    }

    @Test
    void theSharedRecordingIsCompleteForEveryProvenRelease() {
        for (LibvirtVersion v : LibvirtVersion.proven()) {
            assertEquals(53, cases(new Recording(Source.SHARED, v)).size(), v.toString());
        }
    }

    // ---- verdicts and faults

    @TestFactory
    Stream<DynamicTest> testDriverProfileGivesLibvirtsVerdictAndFaultForEveryCase() {
        return allCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ValidationReport report = c.check(LibvirtDriver.TEST);
                    if (c.accepted()) {
                        assertTrue(report.isOk(), () -> "libvirt accepted it, we found " + report.problems());
                    } else {
                        assertSameFault(c, report);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> qemuProfileGivesLibvirtsVerdictAndFaultWhereQemuAgrees() {
        return allCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ValidationReport report = c.check(LibvirtDriver.QEMU);
                    if (qemuRefuses(c).isPresent()) {
                        assertTrue(c.accepted(), "listed as one the test driver accepts");
                        Set<Rule> rules = EnumSet.noneOf(Rule.class);
                        report.errors().forEach(p -> rules.add(p.rule()));
                        assertEquals(qemuRefuses(c).get(), rules);
                    } else if (qemuOtherwise(c).isPresent()) {
                        assertFalse(c.accepted(), "listed as one the test driver refuses");
                        Rule rule = qemuOtherwise(c).get().orElse(null);
                        if (rule == null) {
                            assertTrue(report.isOk(), report.problems()::toString);
                        } else {
                            assertEquals(rule, report.errors().get(0).rule(), report.problems()::toString);
                        }
                    } else if (c.accepted()) {
                        assertTrue(report.isOk(), () -> "libvirt accepted it, we found " + report.problems());
                    } else {
                        assertSameFault(c, report);
                    }
                }));
    }

    private static void assertSameFault(Case c, ValidationReport report) {
        assertFalse(report.isOk(), () -> "libvirt refused it (" + c.message() + ")");
        Problem first = report.errors().get(0);
        if (first.rule() == Rule.DOCUMENT_MALFORMED) {
            assertTrue(c.message().contains("Premature end of data"), c.message());
        } else if (first.rule() == Rule.DOCUMENT_SCHEMA) {
            assertTrue(c.message().startsWith("XML document failed to validate against schema"), c.message());
        } else {
            assertEquals(withoutCategory(c.message()), first.message(), report.problems()::toString);
        }
        assertTrue(
                sameCode(c.message(), first),
                () -> "libvirt printed '" + c.message() + "', our code is " + first.libvirtError());
    }

    /**
     * Whether a problem's code is the one libvirt raised with a message it printed: the words
     * before the message name the code; without them, libvirt raised an XML detail (a parse
     * error) or, from its flag checks, an invalid argument.
     */
    static boolean sameCode(String libvirtMessage, Problem ours) {
        for (LibvirtError e : LibvirtError.values()) {
            if (!e.category().isEmpty() && libvirtMessage.startsWith(e.category())) {
                return ours.libvirtError() == e;
            }
        }
        if (libvirtMessage.startsWith("XML document failed to validate against schema")) {
            return ours.libvirtError() == LibvirtError.XML_INVALID_SCHEMA;
        }
        return ours.libvirtError() == LibvirtError.XML_DETAIL || ours.libvirtError() == LibvirtError.INVALID_ARG;
    }

    // ---- what libvirt made of accepted requests

    /** The test driver's stored disks and memory; qemu's are checked against the real qemu driver in QemuAgreementTest. */
    @TestFactory
    Stream<DynamicTest> alignedDisksAndMemoryAreLibvirts() {
        SnapshotCodec codec = SnapshotCodec.create();
        return allCases().stream()
                .filter(c -> c.accepted() && c.recording().hasStored() && !MODEL_KEEPS_THE_LAST.contains(c.id()))
                .flatMap(c -> Stream.of(LibvirtDriver.TEST)
                        .map(d -> DynamicTest.dynamicTest(c.name() + " (" + d.label() + ")", () -> {
                            ValidationReport report = c.check(d);
                            assertTrue(
                                    report.aligned().isPresent(),
                                    report.problems().toString());
                            String ours = codec.write(report.aligned().get());
                            String libvirts = Files.readString(c.stored(), StandardCharsets.UTF_8);
                            if (WRITTEN_OTHERWISE.contains(c.id())) {
                                libvirts = codec.write(codec.read(libvirts));
                            }
                            assertEquals(section(libvirts, "disks"), section(ours, "disks"));
                            assertEquals(line(libvirts, "<memory "), line(ours, "<memory "));
                        })));
    }

    /**
     * What libvirt stores for a create request, predicted with the test driver's profile and the
     * recording's time: name, description, state, creation time, memory, disks, and the domain
     * (compared by uuid: libvirt's copy is its own reformatting). An unnamed request is named
     * after its creation time; the shared corpus pinned the creation time after recording but
     * not the name, so there the name is the recording's real time and is compared by form.
     */
    @TestFactory
    Stream<DynamicTest> alignPredictsTheStoredSnapshot() {
        SnapshotCodec codec = SnapshotCodec.create();
        return allCases().stream()
                .filter(c -> c.accepted()
                        && c.recording().hasStored()
                        && !c.flags().contains(CreateFlag.REDEFINE)
                        && !MODEL_KEEPS_THE_LAST.contains(c.id()))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    DomainSnapshot predicted =
                            c.check(LibvirtDriver.TEST).aligned().orElseThrow();
                    DomainSnapshot stored = codec.read(c.stored());
                    DomainSnapshot request = codec.read(c.request());
                    if (request.getName() == null) {
                        assertEquals(Long.toString(PINNED_TIME), predicted.getName());
                        assertTrue(stored.getName().matches("[0-9]+"), stored.getName());
                    } else {
                        assertEquals(stored.getName(), predicted.getName());
                    }
                    assertEquals(stored.getDescription(), predicted.getDescription());
                    assertEquals(stored.getState(), predicted.getState());
                    assertEquals(stored.getCreationTime(), predicted.getCreationTime());
                    String ours = codec.write(predicted);
                    String libvirts = codec.write(stored);
                    assertEquals(line(libvirts, "<memory "), line(ours, "<memory "));
                    assertEquals(section(libvirts, "disks"), section(ours, "disks"));
                    assertEquals(
                            DomainView.of(stored.getDomain()).uuid(),
                            DomainView.of(predicted.getDomain()).uuid());
                }));
    }

    /**
     * The same prediction through {@code snapshot-xml align --driver test --now 1700000000
     * --probe-files}, for the accepted create requests that do not make libvirt look at files.
     */
    @TestFactory
    Stream<DynamicTest> alignCommandPredictsTheStoredSnapshot() {
        SnapshotCodec codec = SnapshotCodec.create();
        return allCases().stream()
                .filter(c -> c.accepted()
                        && c.recording().hasStored()
                        && !c.flags().contains(CreateFlag.REDEFINE)
                        && !looksAtFiles(c)
                        && !MODEL_KEEPS_THE_LAST.contains(c.id()))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    List<String> args = new ArrayList<>(List.of(
                            "align",
                            c.request().toString(),
                            "--libvirt",
                            c.libvirt().toString(),
                            "--domain",
                            c.domainFile().toString(),
                            "--driver",
                            "test",
                            "--state",
                            c.state().libvirtName(),
                            "--now",
                            Long.toString(PINNED_TIME),
                            "--probe-files"));
                    CliRun run = runCli(c, args);
                    assertEquals(0, run.code(), run::err);
                    DomainSnapshot predicted = codec.read(run.out());
                    DomainSnapshot stored = codec.read(c.stored());
                    if (codec.read(c.request()).getName() != null) {
                        assertEquals(stored.getName(), predicted.getName());
                    }
                    assertEquals(stored.getDescription(), predicted.getDescription());
                    assertEquals(stored.getState(), predicted.getState());
                    assertEquals(stored.getCreationTime(), predicted.getCreationTime());
                    assertEquals(line(codec.write(stored), "<memory "), line(codec.write(predicted), "<memory "));
                    assertEquals(section(codec.write(stored), "disks"), section(codec.write(predicted), "disks"));
                    assertEquals(
                            DomainView.of(stored.getDomain()).uuid(),
                            DomainView.of(predicted.getDomain()).uuid());
                }));
    }

    // ---- the command line

    /**
     * {@code check} gives the same verdicts with both profiles. Cases where libvirt looked at the
     * file system (to make up an external file name) are left to the tests above, which answer as
     * the recording machine did: {@code --probe-files} looks at this machine's files. As when
     * the requests were recorded, the domain has no snapshots yet ({@code --snapshots} of an
     * empty folder).
     */
    @TestFactory
    Stream<DynamicTest> checkCommandGivesLibvirtsVerdict(@TempDir Path noSnapshots) {
        return allCases().stream()
                .filter(c -> !looksAtFiles(c))
                .flatMap(c -> Stream.of(LibvirtDriver.TEST, LibvirtDriver.QEMU)
                        .map(d -> DynamicTest.dynamicTest(c.name() + " (" + d.label() + ")", () -> {
                            List<String> args = new ArrayList<>(List.of(
                                    "check",
                                    c.request().toString(),
                                    "--libvirt",
                                    c.libvirt().toString(),
                                    "--driver",
                                    d.label(),
                                    "--state",
                                    c.state().libvirtName(),
                                    "--domain",
                                    c.domainFile().toString(),
                                    "--probe-files",
                                    "--snapshots",
                                    noSnapshots.toString(),
                                    "--json"));
                            CliRun run = runCli(c, args);
                            String json = run.out();
                            int code = run.code();
                            boolean expectOk = c.accepted();
                            boolean sameFault = true;
                            if (d == LibvirtDriver.QEMU && qemuRefuses(c).isPresent()) {
                                expectOk = false;
                                sameFault = false;
                            } else if (d == LibvirtDriver.QEMU
                                    && qemuOtherwise(c).isPresent()) {
                                expectOk = qemuOtherwise(c).get().isEmpty();
                                sameFault = false;
                            }
                            if (expectOk) {
                                assertEquals(0, code, json + run.err());
                                assertTrue(json.contains("\"verdict\":\"ok\""), json);
                            } else {
                                assertEquals(1, code, json + run.err());
                                assertFalse(json.contains("\"verdict\":\"ok\""), json);
                                if (sameFault && !json.contains("\"rule\":\"document.")) {
                                    String expected = withoutCategory(c.message())
                                            .replace("\\", "\\\\")
                                            .replace("\"", "\\\"");
                                    assertTrue(json.contains("\"message\":\"" + expected + "\""), json);
                                }
                            }
                        })));
    }

    record CliRun(int code, String out, String err) {}

    /** Runs the command line with the case's flags added to the arguments. */
    static CliRun runCli(Case c, List<String> args) {
        List<String> all = new ArrayList<>(args);
        if (!c.flags().isEmpty()) {
            all.add("--flags");
            all.add(String.join(",", c.flags().stream().map(CreateFlag::cliName).toList()));
        }
        return runCli(all);
    }

    /** Runs the command line on no input. */
    static CliRun runCli(List<String> all) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SnapshotXmlCli(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all.toArray(String[]::new));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static boolean looksAtFiles(Case c) {
        ValidationReport report = SnapshotValidator.create()
                .check(c.request(), c.context(LibvirtDriver.QEMU).withRegularFileTest(null));
        return report.problems().stream().anyMatch(p -> p.rule() == Rule.ALIGN_FILE_UNCHECKED);
    }

    static String section(String xml, String element) {
        int start = xml.indexOf("<" + element + ">");
        int end = xml.indexOf("</" + element + ">");
        return start < 0 ? "" : xml.substring(start, end + element.length() + 3);
    }

    static String line(String xml, String start) {
        return xml.lines()
                .filter(l -> l.strip().startsWith(start))
                .findFirst()
                .orElse("")
                .strip();
    }
}
