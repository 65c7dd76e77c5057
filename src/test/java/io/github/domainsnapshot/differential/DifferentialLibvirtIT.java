package io.github.domainsnapshot.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.Skips;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.differential.KnownDisagreements.Disagreement;
import io.github.domainsnapshot.differential.KnownDisagreements.Entry;
import io.github.domainsnapshot.differential.KnownDisagreements.Kind;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.libvirt.LibvirtTestDriver;
import io.github.domainsnapshot.libvirt.Predictions;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A differential test of the validator's test profile against the real libvirt's test driver,
 * release by release (every proven one: 9.0, 11.3, 12.9): structured mutations of the corpus's
 * requests ({@link Mutator}), each put to both with a domain state and create flags, and their
 * answers compared: the verdict; where both refuse, the first reason (libvirt's message without
 * its category, as the validator carries libvirt's messages); where both accept, what libvirt
 * stored against what the validator predicted, as the codec writes it. The validator is asked for
 * the release that answered ({@code withLibvirt}), and every release gets the same cases.
 *
 * <p>Each release's test driver answers in a process of its own ({@link TestDriverServer}),
 * started once per release for the class: the host's libvirt 9.0 (Debian 12) through its python3
 * and python3-libvirt, 11.3 and 12.9 inside their Debian roots ({@code ../shared/tools/libvirt-root
 * 11|12 run}, with python3-libvirt installed there). The validator checks a case while libvirt
 * answers it. Where a release cannot run (no root, no bindings, not root) its tests skip with one
 * line; in CI they fail.
 *
 * <p>A disagreement fails the test unless {@code known-disagreements.txt} lists it with its
 * reason, for every release or for the ones it names. Each disagreement is printed (release, seed,
 * steps, request, both answers) and written to {@code target/differential-failures/RELEASE/} as a
 * {@code .case} file, which can be kept as it is in {@code kept/}: the kept cases are replayed on
 * every release before the random ones, and on each release they must show every entry that holds
 * for it, so that the list cannot outlive its reasons.
 *
 * <p>{@code -Ddifferential.cases=N} stops the random part of every release after N cases
 * (default {@value #DEFAULT_CASES} for the newest release, {@value #DEFAULT_OLDER_CASES} for the
 * others), {@code -Ddifferential.cases.12.9=N} that of one; {@code -Ddifferential.seconds=N}
 * bounds each release's time (default {@value #DEFAULT_SECONDS} for the newest, {@value
 * #DEFAULT_OLDER_SECONDS} for the others; {@code -Ddifferential.seconds.12.9=N} for one); {@code
 * -Ddifferential.seed=S} (default {@value #DEFAULT_SEED}, printed) chooses the cases; {@code
 * -Ddifferential.releases=9.0,12.9} runs some releases only.
 */
class DifferentialLibvirtIT {
    static final long DEFAULT_SEED = 20261214L;
    /** The time bound of the newest release's random cases. */
    static final long DEFAULT_SECONDS = 120;
    /** The time bound of each older release's, so that all three stay within about four minutes. */
    static final long DEFAULT_OLDER_SECONDS = 60;
    /**
     * The cases of the default seed for the newest release, all known to agree or disagree as
     * listed, so that a build never fails on a case no build before it met because its machine was
     * faster. Beyond them, {@code -Ddifferential.cases} and another seed explore.
     */
    static final long DEFAULT_CASES = 24_000;
    /** The first cases of the same seed for the older releases, so that all three fit in about four minutes. */
    static final long DEFAULT_OLDER_CASES = 8_000;
    /** Far longer than a case takes (milliseconds): a case that takes this long is a finding. */
    static final long CASE_SECONDS = 20;

    /** The release of the host's libvirt (Debian 12's libvirt0): the others run in their roots. */
    static final LibvirtVersion HOST_RELEASE = LibvirtVersion.V9_0;
    /** Debian's python3, for which python3-libvirt is installed (a python3 earlier on the PATH may be another). */
    static final String HOST_PYTHON = "/usr/bin/python3";

    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();
    /** Categories libvirt puts before its messages, which the validator's messages leave out. */
    private static final List<String> CATEGORIES = List.of(
            "XML error: ",
            "unsupported configuration: ",
            "internal error: ",
            "invalid argument: ",
            "Operation not supported: ",
            "operation failed: ",
            "Requested operation is not valid: ");

    /** libxml2's syntax errors, as libvirt 9.0 passes them on: {@code (domain_snapshot):2: Premature end...}. */
    private static final Pattern LIBXML_SYNTAX = Pattern.compile("^\\(domain_snapshot\\):[0-9]+: ");

    /**
     * libxml2's syntax errors as libvirt 11.3 and 12.9 pass them on: {@code at line 2: XML
     * declaration allowed only at the start of the document}, then the line and a caret under the
     * column (libvirt-root 11|12 libvirt-oracle).
     */
    private static final Pattern LIBXML_SYNTAX_AT_LINE = Pattern.compile("^at line [0-9]+: ");

    /**
     * Parts of a stored snapshot libvirt formats with its own domain code, or keeps as private
     * records, which the validator does not predict; the domain is compared by name, uuid and
     * disks instead.
     */
    private static final List<Pattern> UNPREDICTED = List.of(
            Pattern.compile("(?s)  <domain[ >].*?\\n  </domain>\\n"),
            Pattern.compile("(?s)  <inactiveDomain[ >].*?\\n  </inactiveDomain>\\n"),
            Pattern.compile("(?s)  <cookie>.*?\\n  </cookie>\\n"));

    /** Unlisted disagreements shown in full (and written) before only new sorts of them are. */
    private static final int MAX_SHOWN = 20;

    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    private static final String CORPUS_GROUP =
            "DifferentialLibvirtIT's seeds from the shared corpus (the project's own seeds still run)";

    static Path dir;
    static Path node;
    static String rootImage;
    static KnownDisagreements known;
    static ExecutorService worker;
    /** Each release's test driver, started by the first test that needs it, stopped after the class. */
    static final Map<LibvirtVersion, Driver> DRIVERS = new ConcurrentHashMap<>();
    /** Why a release cannot run here, once found. */
    static final Map<LibvirtVersion, String> MISSING = new ConcurrentHashMap<>();

    @BeforeAll
    static void prepare() throws IOException {
        // a folder libvirt sees at the same path inside its root (libvirt-root binds the folder it
        // is run in): the node file, the server and the image libvirt stats
        dir = Path.of("target", "differential-work").toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        // a regular file for vda, so that libvirt makes up external names next to it (it stats the
        // original first); vdb's image does not exist, which libvirt refuses to make up a name for
        rootImage = dir.resolve("vm-root.qcow2").toString();
        Files.writeString(Path.of(rootImage), "");
        String domain = LibvirtTestDriver.DOMAIN_XML.replace("/guest/vm-root.qcow2", rootImage);
        node = dir.resolve("node.xml");
        Files.writeString(node, "<node>\n" + domain + "</node>\n", StandardCharsets.UTF_8);
        known = KnownDisagreements.load();
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "differential-case");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        DRIVERS.values().forEach(d -> d.server.close());
        DRIVERS.clear();
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** The releases to run: every proven one, or those of {@code -Ddifferential.releases}. */
    static Stream<LibvirtVersion> releases() {
        String chosen = System.getProperty("differential.releases", "").strip();
        if (chosen.isEmpty()) {
            return LibvirtVersion.proven().stream();
        }
        return Stream.of(chosen.split(",")).map(LibvirtVersion::parse);
    }

    // ---- the tests

    /**
     * The kept cases agree, or disagree as listed; and each listed disagreement that holds for
     * the release is shown by one of them, so that every entry of the list is checked against each
     * release it holds for on every run.
     */
    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void keptCasesAgreeOrDisagreeAsListed(LibvirtVersion release) throws Exception {
        Driver driver = driver(release);
        List<DifferentialCase> kept = keptCases();
        assertFalse(kept.isEmpty(), "no kept cases");
        Run run = new Run(driver, "kept");
        for (DifferentialCase c : kept) {
            run.check(c, null);
        }
        run.report();
        assertEquals(
                List.of(),
                run.unlisted,
                "disagreements with libvirt " + release + " not listed in known-disagreements.txt");
        List<String> unshown = known.entriesFor(release).stream()
                .map(Entry::id)
                .filter(id -> !run.listed.containsKey(id))
                .toList();
        assertEquals(
                List.of(),
                unshown,
                "entries of known-disagreements.txt for libvirt " + release
                        + " that no kept case shows (keep one that does, or drop the entry or its release)");
    }

    /** Random mutations of the seeds agree, or disagree as listed, for the cases or the time given. */
    @ParameterizedTest(name = "libvirt {0}")
    @MethodSource("releases")
    void mutatedRequestsAgreeOrDisagreeAsListed(LibvirtVersion release) throws Exception {
        Driver driver = driver(release);
        long seed = Long.getLong("differential.seed", DEFAULT_SEED);
        long seconds = secondsFor(release);
        long maxCases = casesFor(release);
        List<Mutator.Seed> seeds = seeds();
        System.out.println("[differential] libvirt " + release + ": seed " + seed + " (-Ddifferential.seed), at most "
                + seconds + " s (-Ddifferential.seconds) and " + maxCases + " cases (-Ddifferential.cases), "
                + seeds.size() + " seed documents");
        Mutator mutator = new Mutator(seeds, domainFacts());
        Run run = new Run(driver, "random");
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        for (long i = 0; i < maxCases && System.nanoTime() < deadline; i++) {
            long caseSeed = seed * 0x9E3779B97F4A7C15L + i;
            DifferentialCase c = mutator.next(caseSeed);
            run.check(c, "seed " + seed + ", case " + i + " (case seed " + Long.toHexString(caseSeed) + ")");
        }
        run.seconds = (System.nanoTime() - start) / 1e9;
        run.report();
        assertTrue(run.cases > 0 || seconds == 0 || maxCases == 0, "no case ran");
        assertEquals(
                List.of(),
                run.unlisted,
                "disagreements with libvirt " + release + " not listed in known-disagreements.txt");
    }

    /** The random cases of a release: {@code -Ddifferential.cases.M.N}, else {@code -Ddifferential.cases}, else the default. */
    static long casesFor(LibvirtVersion release) {
        return perRelease("differential.cases", release, DEFAULT_CASES, DEFAULT_OLDER_CASES);
    }

    /** The time bound of a release's random cases, in seconds, chosen as {@link #casesFor} chooses the cases. */
    static long secondsFor(LibvirtVersion release) {
        return perRelease("differential.seconds", release, DEFAULT_SECONDS, DEFAULT_OLDER_SECONDS);
    }

    private static long perRelease(String property, LibvirtVersion release, long newest, long older) {
        Long one = Long.getLong(property + "." + release.major() + "." + release.minor());
        if (one != null) {
            return one;
        }
        return Long.getLong(property, release.equals(LibvirtVersion.newestProven()) ? newest : older);
    }

    // ---- each release's test driver

    /**
     * A release's test driver, and the validator's contexts for it: the domain as that libvirt
     * describes it in each state, the test driver's profile, the release.
     */
    static final class Driver {
        final LibvirtVersion release;
        final TestDriverServer server;
        final Map<DomainState, ValidationContext> contexts = new EnumMap<>(DomainState.class);

        Driver(LibvirtVersion release, TestDriverServer server) throws IOException {
            this.release = release;
            this.server = server;
            for (DomainState state : List.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTOFF)) {
                TestDriverServer.Description d = server.describe(state);
                if (d.state() != state) {
                    throw new IllegalStateException(
                            "libvirt " + release + ": the domain is " + d.state() + ", not " + state);
                }
                contexts.put(
                        state,
                        ValidationContext.of(state)
                                .withDriver(LibvirtDriver.TEST)
                                .withLibvirt(server.libvirt())
                                .withDomain(CODEC.readElement(d.xml())));
            }
        }
    }

    /** Where a release's test driver runs, for people. */
    static String where(LibvirtVersion release) {
        return release.equals(HOST_RELEASE)
                ? "the host's, through " + HOST_PYTHON + " and python3-libvirt"
                : "libvirt-root " + release.major() + ", with python3-libvirt in the root";
    }

    /** The release's test driver, started at its first use; skips the test (fails it in CI) where it cannot run. */
    static Driver driver(LibvirtVersion release) throws IOException {
        String group = "DifferentialLibvirtIT against libvirt " + release + " (" + where(release) + ")";
        Driver running = DRIVERS.get(release);
        if (running != null) {
            return running;
        }
        String missing = MISSING.get(release);
        if (missing == null) {
            missing = start(release);
        }
        if (missing != null) {
            MISSING.put(release, missing);
            Skips.whereMissing(group, missing);
        }
        return DRIVERS.get(release);
    }

    /** Starts a release's test driver: null when it runs, else what is missing. */
    private static String start(LibvirtVersion release) throws IOException {
        List<String> launcher;
        String install;
        if (release.equals(HOST_RELEASE)) {
            install = "apt-get install -y python3-libvirt";
            if (!Files.isExecutable(Path.of(HOST_PYTHON))) {
                return HOST_PYTHON + " (apt-get install -y python3 python3-libvirt)";
            }
            launcher = List.of(HOST_PYTHON);
        } else {
            Path tool = libvirtRoot();
            if (!Files.isExecutable(tool)) {
                return tool + " (../shared/tools)";
            }
            if (!isRoot()) {
                return "root: libvirt-root enters the Debian root of libvirt " + release + " with chroot";
            }
            launcher = List.of(tool.toString(), String.valueOf(release.major()), "run", "python3");
            install = "libvirt-root " + release.major() + " run apt-get install -y python3-libvirt";
        }
        String log = "libvirt-" + release + ".log";
        TestDriverServer server;
        try {
            server = TestDriverServer.start(launcher, dir, node, LibvirtTestDriver.DOMAIN, log, install);
        } catch (TestDriverServer.StartFailure e) {
            if (e.missing != null) {
                return e.missing;
            }
            throw new AssertionError("libvirt " + release + "'s test driver: " + e.getMessage(), e);
        }
        if (!server.libvirt().equals(release)) {
            server.close();
            return "libvirt " + release + ", where " + where(release) + " has libvirt " + server.libvirt();
        }
        DRIVERS.put(release, new Driver(release, server));
        System.out.println("[differential] libvirt " + release + "'s test driver answers (" + where(release)
                + "; its stderr in " + dir.resolve(log) + ")");
        return null;
    }

    /** {@code libvirt-root} of the shared tools, beside the shared corpus. */
    static Path libvirtRoot() {
        return SharedCorpus.root().resolveSibling("tools").resolve("libvirt-root");
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    // ---- one run of cases

    /** The answers of one run of cases on one release, and its disagreements. */
    static final class Run {
        final Driver driver;
        final String name;
        int cases;
        /** How long the run took, where it is timed. */
        double seconds = Double.NaN;

        final Map<String, Integer> outcomes = new TreeMap<>();
        final Map<String, Integer> listed = new LinkedHashMap<>();
        final List<String> unlisted = new ArrayList<>();
        /** Unlisted disagreements by kind and answers, so that a run with many shows each sort once. */
        final Map<String, Integer> signatures = new LinkedHashMap<>();

        Run(Driver driver, String name) {
            this.driver = driver;
            this.name = name;
        }

        void check(DifferentialCase c, String where) throws Exception {
            cases++;
            Future<Outcome> answer = worker.submit(() -> answer(driver, c));
            Outcome o;
            try {
                o = answer.get(CASE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                answer.cancel(true);
                // a test driver that hangs is stopped; the release's later tests fail at once
                driver.server.kill();
                fail(c, where, "no answer within " + CASE_SECONDS + " s", null);
                throw new AssertionError("case " + c + " took more than " + CASE_SECONDS + " s; the run stops");
            } catch (ExecutionException e) {
                fail(c, where, "the harness failed: " + e.getCause(), null);
                throw new AssertionError("case " + c + ": " + e.getCause(), e.getCause());
            }
            outcomes.merge(o.summary(), 1, Integer::sum);
            if (o.disagreement() == null) {
                return;
            }
            Optional<Entry> entry = known.match(driver.release, o.disagreement());
            if (entry.isPresent()) {
                listed.merge(entry.get().id(), 1, Integer::sum);
                return;
            }
            fail(c, where, null, o);
        }

        private void fail(DifferentialCase c, String where, String trouble, Outcome o) {
            List<String> lines = new ArrayList<>();
            lines.add("differential case " + c.origin() + (where == null ? "" : ", " + where) + ", libvirt "
                    + driver.release + " (" + where(driver.release) + ")");
            String signature;
            if (trouble != null) {
                lines.add(trouble);
                signature = trouble;
            } else {
                Disagreement d = o.disagreement();
                lines.add("disagreement: " + d.kind().name().toLowerCase(Locale.ROOT));
                lines.add("libvirt:   " + d.libvirt());
                lines.add("validator: " + d.validator());
                if (o.detail() != null) {
                    lines.add(o.detail().strip());
                }
                signature = d.kind() + " | " + QUOTED.matcher(d.libvirt()).replaceAll("'*'") + " | "
                        + QUOTED.matcher(d.validator()).replaceAll("'*'");
            }
            unlisted.add(c.origin() + ": " + signature);
            if (signatures.merge(signature, 1, Integer::sum) > 1 && unlisted.size() > MAX_SHOWN) {
                return;
            }
            String text = c.format(lines);
            Path file = failureFile(driver.release, c);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text.replace(dir.toString(), "${dir}"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("[differential] DISAGREEMENT, written to " + file + "\n" + text);
        }

        void report() {
            String rate = Double.isNaN(seconds)
                    ? ""
                    : String.format(Locale.ROOT, " in %.1f s, %.0f a minute", seconds, cases / seconds * 60);
            System.out.println("[differential] libvirt " + driver.release + ", " + name + ": " + cases + " cases"
                    + rate + "; both accept " + outcomes.getOrDefault(BOTH_ACCEPT, 0) + ", both refuse "
                    + outcomes.getOrDefault(BOTH_REFUSE, 0) + "; listed disagreements " + listed + "; unlisted "
                    + unlisted.size() + "; outcomes " + outcomes);
            if (!signatures.isEmpty()) {
                System.out.println(
                        "[differential] unlisted disagreements, by kind and answers (quoted parts left out):");
                signatures.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> System.out.println("  " + e.getValue() + " × " + e.getKey()));
            }
        }
    }

    private static Path failureFile(LibvirtVersion release, DifferentialCase c) {
        String safe = c.origin().replaceAll("[^A-Za-z0-9._-]+", "-");
        return Path.of("target", "differential-failures", release.toString(), safe + ".case");
    }

    // ---- one case: both answers, and how they compare

    /** What came of a case: a summary for the tally, and the disagreement if any. */
    record Outcome(String summary, Disagreement disagreement, String detail) {
        Outcome(String summary, Disagreement disagreement) {
            this(summary, disagreement, null);
        }
    }

    static final String BOTH_ACCEPT = "both accept";
    static final String BOTH_REFUSE = "both refuse";

    /**
     * Puts a case to a release's test driver and, while it answers, to the validator, asked for
     * that release with the domain as that libvirt describes it in the case's state.
     */
    static Outcome answer(Driver driver, DifferentialCase c) throws IOException {
        String xml = c.xml().replace("${dir}", dir.toString());
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        driver.server.send(c.state(), c.flagMask(), xml);
        ValidationContext context = driver.contexts
                .get(c.state())
                .withFlags(c.flags())
                .withExistingSnapshots(List.of())
                .withProbeFiles(true)
                .withClock(Clock.fixed(now, ZoneOffset.UTC));
        ValidationReport report = VALIDATOR.check(xml, context);
        TestDriverServer.Answer answer = driver.server.receive();
        if (answer.state() != c.state()) {
            throw new IllegalStateException("the domain was " + answer.state() + ", not " + c.state());
        }
        String stored = answer.accepted() ? answer.text() : null;
        String refusal = answer.accepted() ? null : answer.text();
        String ours = report.isOk() ? "accepted" : describe(report.errors().get(0));
        if (refusal != null && !report.isOk()) {
            Problem first = report.errors().get(0);
            return sameReason(driver.release, refusal, first)
                    ? new Outcome(BOTH_REFUSE, null)
                    : new Outcome("refusals differ", new Disagreement(Kind.MESSAGE, refusal, ours, c));
        }
        if (refusal != null || !report.isOk()) {
            return new Outcome(
                    refusal != null ? "libvirt alone refuses" : "validator alone refuses",
                    new Disagreement(Kind.VERDICT, refusal != null ? refusal : "accepted", ours, c));
        }
        return compareStored(c, xml, context, report, stored);
    }

    static String describe(Problem p) {
        return p.rule().id() + ": " + p.message();
    }

    /** Whether libvirt's first refusal is the validator's first error. */
    static boolean sameReason(LibvirtVersion release, String libvirt, Problem first) {
        return switch (first.rule()) {
            // the validator's parser is not libxml2, and says so in its own words
            case DOCUMENT_MALFORMED ->
                (release.isAtLeast(LibvirtVersion.V11_3) ? LIBXML_SYNTAX_AT_LINE : LIBXML_SYNTAX)
                        .matcher(libvirt)
                        .find();
            case DOCUMENT_SCHEMA -> libvirt.startsWith("XML document failed to validate against schema");
            default -> withoutCategory(libvirt).equals(first.message());
        };
    }

    static String withoutCategory(String message) {
        for (String c : CATEGORIES) {
            if (message.startsWith(c)) {
                return message.substring(c.length());
            }
        }
        return message;
    }

    /**
     * Both accepted: libvirt's description of what it stored against the validator's prediction,
     * with the prediction's clock set to libvirt's creation time (libvirt read its clock a moment
     * after the validator, and names an unnamed snapshot after it).
     */
    static Outcome compareStored(
            DifferentialCase c, String xml, ValidationContext context, ValidationReport report, String stored) {
        DomainSnapshot libvirts;
        try {
            libvirts = CODEC.read(stored);
        } catch (RuntimeException e) {
            return new Outcome(
                    "stored unreadable",
                    new Disagreement(Kind.STORED, firstLine(stored), "cannot read it: " + e.getMessage(), c));
        }
        Optional<Long> made = libvirts.getCreationTime() == null
                ? Optional.empty()
                : libvirts.getCreationTime().epochSecond();
        Instant checked = context.clock().instant();
        if (made.isPresent()
                && made.get() != checked.getEpochSecond()
                && Math.abs(made.get() - checked.getEpochSecond()) < 60) {
            report = VALIDATOR.check(
                    xml, context.withClock(Clock.fixed(Instant.ofEpochSecond(made.get()), ZoneOffset.UTC)));
        }
        Optional<DomainSnapshot> predicted = report.aligned();
        if (predicted.isEmpty()) {
            return new Outcome(
                    "no prediction",
                    new Disagreement(Kind.STORED, firstLine(stored), "no prediction: " + report.problems(), c));
        }
        String expected = predictable(CODEC.write(predicted.get()));
        String actual = predictable(stored);
        if (!expected.equals(actual)) {
            String[] diff = firstDifference(actual, expected);
            return new Outcome(
                    "stored otherwise",
                    new Disagreement(Kind.STORED, diff[0], diff[1], c),
                    "libvirt stored:\n" + actual + "the validator predicted:\n" + expected);
        }
        String ourDomain = Predictions.domainSummary(predicted.get());
        String theirDomain = Predictions.domainSummary(libvirts);
        if (!ourDomain.equals(theirDomain)) {
            return new Outcome(
                    "stored domain otherwise",
                    new Disagreement(Kind.STORED, "domain " + theirDomain, "domain " + ourDomain, c));
        }
        return new Outcome(BOTH_ACCEPT, null);
    }

    static String predictable(String xml) {
        for (Pattern p : UNPREDICTED) {
            xml = p.matcher(xml).replaceAll("");
        }
        return xml;
    }

    /** The first line where two texts differ, of each ({@code (none)} past the end of one). */
    static String[] firstDifference(String a, String b) {
        List<String> la = a.lines().toList();
        List<String> lb = b.lines().toList();
        for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
            String x = i < la.size() ? la.get(i) : "(none)";
            String y = i < lb.size() ? lb.get(i) : "(none)";
            if (!x.equals(y)) {
                return new String[] {"line " + (i + 1) + ": " + x.strip(), "line " + (i + 1) + ": " + y.strip()};
            }
        }
        // the same lines: the difference is in their ends
        return new String[] {DifferentialCase.oneLine(a), DifferentialCase.oneLine(b)};
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    // ---- inputs

    /** What the mutations may name of the test domain. */
    static Mutator.DomainFacts domainFacts() {
        DomainView view = DomainView.of(
                CODEC.readElement(LibvirtTestDriver.DOMAIN_XML.replace("/guest/vm-root.qcow2", rootImage)));
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (DomainDisk d : view.disks()) {
            names.add(d.targetDev().orElse(null));
            d.sourcePath().ifPresent(paths::add);
        }
        return new Mutator.DomainFacts(view.uuid().orElseThrow(), names, paths);
    }

    /**
     * The requests of the shared corpus (libvirt's own test data and the answers of the real
     * libvirt) where it is, and the project's own recorded requests; the ones the JDK's parser
     * cannot read (malformed on purpose) are left out, as the mutations work on trees.
     */
    static List<Mutator.Seed> seeds() throws IOException {
        List<Path> files = new ArrayList<>();
        if (SharedCorpus.presentFor(CORPUS_GROUP)) {
            for (String folder : List.of("libvirt-tests/in", "libvirt-tests/out", "libvirt-real/in")) {
                files.addAll(SharedCorpus.xmlFiles(folder));
            }
        }
        files.addAll(xmlFiles(resource("/libvirt-oracle/in")));
        List<Mutator.Seed> seeds = new ArrayList<>();
        for (Path f : files) {
            String xml = Files.readString(f, StandardCharsets.UTF_8);
            if (Mutator.parses(xml)) {
                seeds.add(new Mutator.Seed(f.getParent().getFileName() + "/" + f.getFileName(), xml));
            }
        }
        return seeds;
    }

    static List<DifferentialCase> keptCases() throws IOException {
        Path folder = resource("/io/github/domainsnapshot/differential/kept");
        List<DifferentialCase> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".case")).sorted().toList()) {
                out.add(DifferentialCase.parse("kept/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static List<Path> xmlFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(DifferentialLibvirtIT.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
