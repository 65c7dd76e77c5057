package io.github.domainsnapshot.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.differential.KnownDisagreements.Disagreement;
import io.github.domainsnapshot.differential.KnownDisagreements.Entry;
import io.github.domainsnapshot.differential.KnownDisagreements.Kind;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.libvirt.LibvirtBridge;
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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

/**
 * A differential test of the validator's test profile against the real libvirt's test driver,
 * in process through libvirt-java: structured mutations of the corpus's requests ({@link
 * Mutator}), each put to both with a domain state and create flags, and their answers compared:
 * the verdict; where both refuse, the first reason (libvirt's message without its category, as
 * the validator carries libvirt's messages); where both accept, what libvirt stored against
 * what the validator predicted, as the codec writes it.
 *
 * <p>A disagreement fails the test unless {@code known-disagreements.txt} lists it with its
 * reason. Each disagreement is printed (seed, steps, request, both answers) and written to
 * {@code target/differential-failures/} as a {@code .case} file, which can be kept as it is in
 * {@code kept/}: the kept cases are replayed on every run before the random ones, and they must
 * show every listed disagreement, so that the list cannot outlive its reasons.
 *
 * <p>{@code -Ddifferential.seconds=N} (default {@value #DEFAULT_SECONDS}) bounds the random
 * part, {@code -Ddifferential.cases=N} (default {@value #DEFAULT_CASES}) stops it after N cases,
 * {@code -Ddifferential.seed=S} (default {@value #DEFAULT_SEED}, printed) chooses the cases.
 */
class DifferentialLibvirtIT {
    static final long DEFAULT_SEED = 20261214L;
    static final long DEFAULT_SECONDS = 120;
    /**
     * The cases of the default seed, all known to agree or disagree as listed, so that a build
     * never fails on a case no build before it met because its machine was faster: about two
     * minutes here. Beyond them, {@code -Ddifferential.cases} and another seed explore.
     */
    static final long DEFAULT_CASES = 24_000;
    /** Far longer than a case takes (milliseconds): a case that takes this long is a finding. */
    static final long CASE_SECONDS = 20;

    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();
    private static final LibvirtBridge BRIDGE = LibvirtBridge.create().withDriver(LibvirtDriver.TEST);

    /** Categories libvirt puts before its messages, which the validator's messages leave out. */
    private static final List<String> CATEGORIES = List.of(
            "XML error: ",
            "unsupported configuration: ",
            "internal error: ",
            "invalid argument: ",
            "Operation not supported: ",
            "operation failed: ",
            "Requested operation is not valid: ");

    /** libxml2's syntax errors, as libvirt passes them on: {@code (domain_snapshot):2: Premature end...}. */
    private static final Pattern LIBXML_SYNTAX = Pattern.compile("^\\(domain_snapshot\\):[0-9]+: ");

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

    @TempDir
    static Path dir;

    static Path node;
    static String rootImage;
    static KnownDisagreements known;
    static ExecutorService worker;

    @BeforeAll
    static void prepare() throws IOException {
        LibvirtTestDriver.assumeAvailable();
        // libvirt-java hands strings to libvirt in the default charset; libvirt reads UTF-8
        assertEquals(
                StandardCharsets.UTF_8,
                Charset.defaultCharset(),
                "run with a UTF-8 locale (LANG=C.UTF-8) or -Dfile.encoding=UTF-8");
        // a regular file for vda, so that libvirt makes up external names next to it (it stats the
        // original first); vdb's image does not exist, which libvirt refuses to make up a name for
        rootImage = dir.resolve("vm-root.qcow2").toString();
        Files.writeString(Path.of(rootImage), "");
        String domain = LibvirtTestDriver.DOMAIN_XML.replace("/guest/vm-root.qcow2", rootImage);
        node = dir.resolve("node.xml");
        Files.writeString(node, "<node>\n" + domain + "</node>\n", StandardCharsets.UTF_8);
        // libvirt prints every error to stderr unless a callback takes it: thousands of lines per
        // minute here, each also in the exception the case reads; libvirt-java's callback drops them
        try {
            Connect.setErrorCallback(new ErrorCallback());
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
        known = KnownDisagreements.load();
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "differential-case");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    // ---- the tests

    /**
     * The kept cases agree, or disagree as listed; and each listed disagreement is shown by one
     * of them, so that every entry of the list is checked against libvirt on every run.
     */
    @Test
    void keptCasesAgreeOrDisagreeAsListed() throws Exception {
        List<DifferentialCase> kept = keptCases();
        assertFalse(kept.isEmpty(), "no kept cases");
        Run run = new Run("kept");
        for (DifferentialCase c : kept) {
            run.check(c, null);
        }
        run.report();
        assertEquals(List.of(), run.unlisted, "disagreements not listed in known-disagreements.txt");
        List<String> unshown = known.entries().stream()
                .map(Entry::id)
                .filter(id -> !run.listed.containsKey(id))
                .toList();
        assertEquals(
                List.of(),
                unshown,
                "entries of known-disagreements.txt that no kept case shows (keep one that does, or drop the entry)");
    }

    /** Random mutations of the seeds agree, or disagree as listed, for the time given. */
    @Test
    void mutatedRequestsAgreeOrDisagreeAsListed() throws Exception {
        long seed = Long.getLong("differential.seed", DEFAULT_SEED);
        long seconds = Long.getLong("differential.seconds", DEFAULT_SECONDS);
        long maxCases = Long.getLong("differential.cases", DEFAULT_CASES);
        List<Mutator.Seed> seeds = seeds();
        System.out.println("[differential] seed " + seed + " (-Ddifferential.seed), at most " + seconds
                + " s (-Ddifferential.seconds) and " + maxCases + " cases (-Ddifferential.cases), " + seeds.size()
                + " seed documents");
        Mutator mutator = new Mutator(seeds, domainFacts());
        Run run = new Run("random");
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        for (long i = 0; i < maxCases && System.nanoTime() < deadline; i++) {
            long caseSeed = seed * 0x9E3779B97F4A7C15L + i;
            DifferentialCase c = mutator.next(caseSeed);
            run.check(c, "seed " + seed + ", case " + i + " (case seed " + Long.toHexString(caseSeed) + ")");
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        System.out.printf(
                "[differential] %d cases in %.1f s: %.0f a minute%n", run.cases, minutes * 60, run.cases / minutes);
        run.report();
        assertTrue(run.cases > 0 || seconds == 0, "no case ran");
        assertEquals(List.of(), run.unlisted, "disagreements not listed in known-disagreements.txt");
    }

    // ---- one run of cases

    /** The answers of one run, and its disagreements. */
    final class Run {
        final String name;
        int cases;
        final Map<String, Integer> outcomes = new TreeMap<>();
        final Map<String, Integer> listed = new LinkedHashMap<>();
        final List<String> unlisted = new ArrayList<>();
        /** Unlisted disagreements by kind and answers, so that a run with many shows each sort once. */
        final Map<String, Integer> signatures = new LinkedHashMap<>();

        Run(String name) {
            this.name = name;
        }

        void check(DifferentialCase c, String where) throws Exception {
            cases++;
            Future<Outcome> answer = worker.submit(() -> answer(c));
            Outcome o;
            try {
                o = answer.get(CASE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                answer.cancel(true);
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
            Optional<Entry> entry = known.match(o.disagreement());
            if (entry.isPresent()) {
                listed.merge(entry.get().id(), 1, Integer::sum);
                return;
            }
            fail(c, where, null, o);
        }

        private void fail(DifferentialCase c, String where, String trouble, Outcome o) {
            List<String> lines = new ArrayList<>();
            lines.add("differential case " + c.origin() + (where == null ? "" : ", " + where));
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
            Path file = failureFile(c);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text.replace(dir.toString(), "${dir}"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("[differential] DISAGREEMENT, written to " + file + "\n" + text);
        }

        void report() {
            System.out.println("[differential] " + name + ": " + cases + " cases; outcomes " + outcomes
                    + "; listed disagreements " + listed + "; unlisted " + unlisted.size());
            if (!signatures.isEmpty()) {
                System.out.println(
                        "[differential] unlisted disagreements, by kind and answers (quoted parts left out):");
                signatures.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> System.out.println("  " + e.getValue() + " × " + e.getKey()));
            }
        }
    }

    private static Path failureFile(DifferentialCase c) {
        String safe = c.origin().replaceAll("[^A-Za-z0-9._-]+", "-");
        return Path.of("target", "differential-failures", safe + ".case");
    }

    // ---- one case: both answers, and how they compare

    /** What came of a case: a summary for the tally, and the disagreement if any. */
    record Outcome(String summary, Disagreement disagreement, String detail) {
        Outcome(String summary, Disagreement disagreement) {
            this(summary, disagreement, null);
        }
    }

    static Outcome answer(DifferentialCase c) throws LibvirtException {
        String xml = c.xml().replace("${dir}", dir.toString());
        Connect conn = new Connect("test://" + node.toAbsolutePath());
        try {
            Domain domain = conn.domainLookupByName(LibvirtTestDriver.DOMAIN);
            if (c.state() == DomainState.PAUSED) {
                domain.suspend();
            } else if (c.state() == DomainState.SHUTOFF) {
                domain.destroy();
            }
            // what the bridge says of the domain: its state, its live definition and the driver
            ValidationContext context = BRIDGE.context(domain);
            if (context.state() != c.state()) {
                throw new IllegalStateException("the domain is " + context.state() + ", not " + c.state());
            }
            Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
            context = context.withFlags(c.flags())
                    .withExistingSnapshots(List.of())
                    .withProbeFiles(true)
                    .withClock(Clock.fixed(now, ZoneOffset.UTC));
            ValidationReport report = VALIDATOR.check(xml, context);

            String stored = null;
            String refusal = null;
            try {
                org.libvirt.DomainSnapshot made = domain.snapshotCreateXML(xml, c.flagMask());
                try {
                    stored = made.getXMLDesc();
                } finally {
                    made.free();
                }
            } catch (LibvirtException e) {
                refusal = e.getMessage();
            }
            String ours = report.isOk() ? "accepted" : describe(report.errors().get(0));
            if (refusal != null && !report.isOk()) {
                Problem first = report.errors().get(0);
                return sameReason(refusal, first)
                        ? new Outcome("both refuse", null)
                        : new Outcome("refusals differ", new Disagreement(Kind.MESSAGE, refusal, ours, c));
            }
            if (refusal != null || !report.isOk()) {
                return new Outcome(
                        refusal != null ? "libvirt alone refuses" : "validator alone refuses",
                        new Disagreement(Kind.VERDICT, refusal != null ? refusal : "accepted", ours, c));
            }
            return compareStored(c, xml, context, report, stored);
        } finally {
            conn.close();
        }
    }

    static String describe(Problem p) {
        return p.rule().id() + ": " + p.message();
    }

    /** Whether libvirt's first refusal is the validator's first error. */
    static boolean sameReason(String libvirt, Problem first) {
        return switch (first.rule()) {
            // the validator's parser is not libxml2, and says so in its own words
            case DOCUMENT_MALFORMED -> LIBXML_SYNTAX.matcher(libvirt).find();
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
        return new Outcome("both accept", null);
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
