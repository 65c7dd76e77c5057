package io.github.domainsnapshot.cli;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import io.github.domainsnapshot.validation.Plan;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import io.github.domainsnapshot.validation.Verdict;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** The {@code check} and {@code align} commands. */
final class ValidationCommands {
    /** The options both commands take a value with. */
    private static final Set<String> CONTEXT_OPTIONS =
            Set.of("--state", "--flags", "--domain", "--driver", "--snapshots", "--libvirt");
    /** The verdict of a file that could not be read: beside libvirt's ok, invalid and unsupported. */
    private static final String UNREADABLE = "unreadable";
    /** The switches both commands take. */
    private static final Set<String> SWITCHES = Set.of("--probe-files", "--json");

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final SnapshotValidator validator = SnapshotValidator.create();

    ValidationCommands(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A file named by an option ({@code --domain}, {@code --snapshots}) that cannot be used: nothing is checked. */
    static final class OptionFileException extends Exception {
        private static final long serialVersionUID = 1L;

        final String option;
        final String file;
        final transient SnapshotXmlException failure;

        OptionFileException(String option, String file, SnapshotXmlException failure) {
            super(failure.getReason());
            this.option = option;
            this.file = file;
            this.failure = failure;
        }
    }

    /**
     * What checking one file gave: the report, or why the file could not be read. A document
     * libvirt cannot parse has both: libvirt's verdict on it (invalid, with its problems), and the
     * reader's failure.
     *
     * @param file the file as named in messages
     * @param verdict {@code ok}, {@code invalid}, {@code unsupported}, or {@code unreadable}
     * @param report the report, or null where no report was made
     * @param problems the problems
     * @param failure why the file could not be read, or null
     * @param libvirt the libvirt release the answer is for
     */
    private record Outcome(
            String file,
            String verdict,
            ValidationReport report,
            List<Problem> problems,
            SnapshotXmlException failure,
            LibvirtVersion libvirt) {
        Optional<Plan> plan() {
            return report == null ? Optional.empty() : report.plan();
        }

        /** @return whether the file could not be read at all (and libvirt would never see it) */
        boolean unreadable() {
            return failure != null && failure.kind() == Kind.IO;
        }

        boolean isOk() {
            return failure == null && report != null && report.isOk();
        }

        int exitCode() {
            if (failure != null) {
                return SnapshotXmlCli.exitCode(failure.kind());
            }
            return isOk() ? SnapshotXmlCli.OK : SnapshotXmlCli.FAILED;
        }
    }

    /** The state {@code --state} names, or {@link DomainState#UNKNOWN} (every state) without it. */
    static DomainState givenState(Arguments a) throws Arguments.UsageException {
        if (a.value("--state").isEmpty()) {
            return DomainState.UNKNOWN;
        }
        try {
            return DomainState.fromName(a.value("--state").get());
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException(e.getMessage() + " (running, paused, shutoff, ... or unknown)");
        }
    }

    /**
     * The flags {@code --flags} names: comma-separated lists, the option given any number of times.
     *
     * @param byName the flag of a command-line name; throws IllegalArgumentException for another
     */
    static <F extends Enum<F>> Set<F> givenFlags(Arguments a, Class<F> type, Function<String, F> byName)
            throws Arguments.UsageException {
        Set<F> out = EnumSet.noneOf(type);
        for (String list : a.values("--flags")) {
            for (String name : list.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    out.add(byName.apply(name));
                } catch (IllegalArgumentException e) {
                    throw new Arguments.UsageException(e.getMessage());
                }
            }
        }
        return out;
    }

    /** The release {@code --libvirt} names, or null for the newest proven one. */
    static LibvirtVersion givenLibvirt(Arguments a) throws Arguments.UsageException {
        if (a.value("--libvirt").isEmpty()) {
            return null;
        }
        try {
            return LibvirtVersion.parse(a.value("--libvirt").get());
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException("--libvirt: " + e.getMessage());
        }
    }

    /** The release a command's answers are for, its options already read once (so valid). */
    private static LibvirtVersion libvirtOf(Arguments a) {
        try {
            LibvirtVersion given = givenLibvirt(a);
            return given == null ? LibvirtVersion.newestProven() : given.answeredAs();
        } catch (Arguments.UsageException e) {
            return LibvirtVersion.newestProven();
        }
    }

    private ValidationContext context(Arguments a) throws Arguments.UsageException, OptionFileException {
        DomainState state = givenState(a);
        LibvirtDriver driver = LibvirtDriver.QEMU;
        if (a.value("--driver").isPresent()) {
            try {
                driver = LibvirtDriver.fromName(a.value("--driver").get());
            } catch (IllegalArgumentException e) {
                throw new Arguments.UsageException(e.getMessage());
            }
        }
        Set<CreateFlag> flags = givenFlags(a, CreateFlag.class, CreateFlag::fromCliName);
        ValidationContext ctx = ValidationContext.of(state)
                .withDriver(driver)
                .withFlags(flags)
                .withProbeFiles(a.has("--probe-files"))
                .withLibvirt(givenLibvirt(a));
        if (a.value("--now").isPresent()) {
            String v = a.value("--now").get();
            long now;
            try {
                now = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new Arguments.UsageException("--now needs seconds since the epoch, not '" + v + "'");
            }
            ctx = ctx.withClock(Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
        }
        Path domain = a.value("--domain").isPresent()
                ? Arguments.path("--domain", a.value("--domain").get())
                : null;
        Path snapshots = a.value("--snapshots").isPresent()
                ? Arguments.path("--snapshots", a.value("--snapshots").get())
                : null;
        if (domain != null) {
            ctx = ctx.withDomain(readDomain(domain));
        }
        if (snapshots != null) {
            ctx = ctx.withExistingSnapshots(readSnapshots(snapshots));
        }
        return ctx;
    }

    static XmlElement readDomain(Path file) throws OptionFileException {
        XmlElement domain;
        try {
            FileAccess.requireReadable(file);
            domain = SnapshotCodec.create().readElement(file);
        } catch (SnapshotXmlException e) {
            throw new OptionFileException("--domain", file.toString(), e);
        }
        if (!domain.getLocalName().equals("domain")) {
            throw new OptionFileException(
                    "--domain",
                    file.toString(),
                    new SnapshotXmlException(
                            Kind.ROOT,
                            "expecting root element of 'domain', not '" + domain.getLocalName() + "'",
                            -1,
                            -1,
                            "/" + domain.getLocalName(),
                            null));
        }
        return domain;
    }

    static List<DomainSnapshot> readSnapshots(Path dir) throws OptionFileException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".xml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new OptionFileException(
                    "--snapshots",
                    dir.toString(),
                    new SnapshotXmlException(
                            Kind.IO, "cannot list the existing snapshots: " + e.getMessage(), -1, -1, null, e));
        }
        List<DomainSnapshot> out = new ArrayList<>();
        SnapshotCodec codec = SnapshotCodec.create();
        for (Path f : files) {
            try {
                FileAccess.requireReadable(f);
                out.add(codec.read(f));
            } catch (SnapshotXmlException e) {
                throw new OptionFileException("--snapshots", f.toString(), e);
            }
        }
        return out;
    }

    /** Runs {@code check}; returns the exit code, or throws for usage errors. */
    int check(List<String> args) throws Arguments.UsageException {
        Arguments a = Arguments.parse(args, CONTEXT_OPTIONS, SWITCHES);
        if (a.has("--help")) {
            stdout.print(SnapshotXmlCli.helpFor("check"));
            return SnapshotXmlCli.OK;
        }
        List<String> files = a.filesReadingStandardInputOnce();
        if (files.isEmpty()) {
            throw new Arguments.UsageException("at least one FILE is needed ('-' for standard input)");
        }
        boolean json = a.has("--json");
        ValidationContext ctx;
        try {
            ctx = context(a);
        } catch (OptionFileException e) {
            return optionFileFailed(e, json, false, libvirtOf(a));
        }
        int code = SnapshotXmlCli.OK;
        for (String file : files) {
            Outcome outcome = checkOne(file, ctx);
            if (json) {
                stdout.println(record(outcome).end());
            } else if (outcome.unreadable()) {
                stderr.println(SnapshotXmlCli.located(outcome.file(), outcome.failure()));
            } else {
                printHuman(
                        stdout,
                        outcome.file(),
                        outcome.verdict(),
                        outcome.report(),
                        outcome.problems(),
                        outcome.libvirt());
            }
            code = Math.max(code, outcome.exitCode());
        }
        stdout.flush();
        return code;
    }

    /** Runs {@code align}; returns the exit code, or throws for usage errors. */
    int align(List<String> args) throws Arguments.UsageException {
        Set<String> valued = new HashSet<>(CONTEXT_OPTIONS);
        valued.add("--now");
        Arguments a = Arguments.parse(args, valued, SWITCHES);
        if (a.has("--help")) {
            stdout.print(SnapshotXmlCli.helpFor("align"));
            return SnapshotXmlCli.OK;
        }
        List<String> files = a.filesReadingStandardInputOnce();
        if (files.size() != 1) {
            throw new Arguments.UsageException("exactly one FILE is needed");
        }
        if (a.value("--domain").isEmpty()) {
            throw new Arguments.UsageException("--domain DOMAIN.xml is needed: the disks are aligned with it");
        }
        boolean redefine = a.values("--flags").stream()
                .flatMap(list -> Stream.of(list.split(",")))
                .anyMatch(name -> name.strip().equals("redefine"));
        if (!redefine
                && a.value("--state")
                        .map(v -> v.strip().equalsIgnoreCase("unknown"))
                        .orElse(true)) {
            // what libvirt stores (the state, the memory, the mechanism) depends on it
            throw new Arguments.UsageException(
                    "--state STATE is needed: the snapshot libvirt stores depends on the domain's state");
        }
        boolean json = a.has("--json");
        ValidationContext ctx;
        try {
            ctx = context(a);
        } catch (OptionFileException e) {
            return optionFileFailed(e, json, true, libvirtOf(a));
        }
        Outcome outcome = checkOne(files.get(0), ctx);
        String aligned = null;
        SnapshotXmlException failure = outcome.failure();
        if (outcome.isOk()) {
            if (outcome.report().aligned().isPresent()) {
                aligned =
                        SnapshotCodec.create().write(outcome.report().aligned().get());
            } else {
                failure = new SnapshotXmlException(
                        Kind.INVALID,
                        "the disks could not be aligned with the domain (the "
                                + ctx.driver().label() + " driver does not align them)");
            }
        }
        if (json) {
            stdout.println(SnapshotXmlCli.error(record(outcome.file(), null, outcome), failure)
                    .field("snapshot", aligned)
                    .end());
        } else {
            if (outcome.unreadable()) {
                stderr.println(SnapshotXmlCli.located(outcome.file(), failure));
            }
            for (Problem p : outcome.problems()) {
                stderr.println(line(outcome.file(), p));
            }
            if (outcome.isOk() && aligned == null) {
                stderr.println(outcome.file() + ": error: " + failure.getReason());
            }
            if (aligned != null) {
                stdout.print(aligned);
            }
        }
        stdout.flush();
        if (aligned != null) {
            return SnapshotXmlCli.OK;
        }
        return failure != null ? SnapshotXmlCli.exitCode(failure.kind()) : SnapshotXmlCli.FAILED;
    }

    /** Reports a {@code --domain} or {@code --snapshots} file that cannot be used; returns the exit code. */
    private int optionFileFailed(OptionFileException e, boolean json, boolean withSnapshot, LibvirtVersion libvirt) {
        if (json) {
            Outcome none = new Outcome(e.file, UNREADABLE, null, List.of(), e.failure, libvirt);
            Json j = record(e.file, e.option, none);
            SnapshotXmlCli.error(j, e.failure);
            if (withSnapshot) {
                j.nullField("snapshot");
            }
            stdout.println(j.end());
            stdout.flush();
        } else {
            stderr.println(SnapshotXmlCli.located(e.file, e.failure));
        }
        return SnapshotXmlCli.exitCode(e.failure.kind());
    }

    /**
     * Reads and checks one file through the library's one entry point ({@link
     * SnapshotValidator#check}); never throws for the file's sake. A document libvirt cannot parse
     * has its report (the flag problems libvirt finds first, then the reader's) and its failure.
     */
    private Outcome checkOne(String file, ValidationContext ctx) {
        String name = SnapshotXmlCli.displayName(file);
        ValidationReport report;
        try {
            report = file.equals("-") ? validator.check(stdin, ctx) : validator.check(FileAccess.readable(file), ctx);
        } catch (SnapshotXmlException e) {
            if (e.kind() == Kind.IO) {
                return new Outcome(name, UNREADABLE, null, List.of(), e, ctx.answeredLibvirt());
            }
            throw e;
        }
        return new Outcome(
                name,
                report.verdict().label(),
                report,
                report.problems(),
                report.readFailure().orElse(null),
                report.libvirt());
    }

    /**
     * A file's problems, then its verdict and plan; with the state not given, each problem found in
     * some states only says in which, and a verdict that depends on the state says where the
     * request would be accepted.
     */
    static void printHuman(
            PrintStream out,
            String file,
            String verdict,
            ValidationReport report,
            List<Problem> problems,
            LibvirtVersion libvirt) {
        Optional<Plan> plan = report == null ? Optional.empty() : report.plan();
        Optional<String> noPlanReason = report == null ? Optional.empty() : report.noPlanReason();
        for (Problem p : problems) {
            out.println(line(file, p)
                    + partial(report, p).map(states -> " (if " + states + ")").orElse(""));
        }
        StringBuilder b = new StringBuilder(file).append(": ").append(verdict);
        if (report != null && report.verdict() == Verdict.DEPENDS_ON_STATE) {
            b.append(": accepted if ").append(names(report.acceptedIn()));
        }
        plan.ifPresent(pl -> {
            b.append(": memory=")
                    .append(pl.memory().label())
                    .append(" disks=")
                    .append(pl.disks().label())
                    .append(" via=")
                    .append(pl.via().label());
            if (!pl.perDisk().isEmpty()) {
                b.append(" (")
                        .append(String.join(
                                ", ",
                                pl.perDisk().stream()
                                        .map(Plan.DiskPlan::toString)
                                        .toList()))
                        .append(')');
            }
        });
        if (verdict.equals(Verdict.OK.label()) && plan.isEmpty()) {
            b.append(" (no plan: ").append(noPlanReason.orElse("")).append(')');
        }
        b.append(" [libvirt ").append(libvirt).append(']');
        out.println(b);
    }

    /** The states a problem was found in, where the check was made in each and it was not found in all. */
    private static Optional<String> partial(ValidationReport report, Problem p) {
        if (report == null || report.byState().isEmpty()) {
            return Optional.empty();
        }
        List<DomainState> states = report.statesOf(p);
        return states.size() == report.byState().size() ? Optional.empty() : Optional.of(names(states));
    }

    private static String names(List<DomainState> states) {
        return String.join(", ", states.stream().map(DomainState::libvirtName).toList());
    }

    static String line(String file, Problem p) {
        StringBuilder b = new StringBuilder(file);
        if (p.hasLocation()) {
            b.append(':').append(p.line()).append(':').append(p.column());
        }
        b.append(": ")
                .append(p.isError() ? "error" : "warning")
                .append(": ")
                .append(p.message())
                .append(" [")
                .append(p.rule().id())
                .append(']');
        return b.toString();
    }

    /** A file's JSON record, complete but for its closing brace: more members may follow. */
    private static Json record(Outcome outcome) {
        return SnapshotXmlCli.error(record(outcome.file(), null, outcome), outcome.failure());
    }

    /**
     * A file's JSON record up to its {@code "error"} member: file, option (only for a file named by
     * one), verdict, plan and problems.
     */
    private static Json record(String file, String option, Outcome outcome) {
        Json j = new Json().begin().field("file", file);
        if (option != null) {
            j.field("option", option);
        }
        j.field("verdict", outcome.verdict());
        j.field("libvirt", outcome.libvirt().toString());
        if (outcome.plan().isPresent()) {
            Plan plan = outcome.plan().get();
            j.beginObject("plan")
                    .field("memory", plan.memory().label())
                    .field("disks", plan.disks().label())
                    .field("via", plan.via().label());
            j.beginArray("perDisk");
            for (Plan.DiskPlan disk : plan.perDisk()) {
                j.begin()
                        .field("disk", disk.disk())
                        .field("snapshot", disk.location().label());
                if (disk.via().isPresent()) {
                    j.field("via", disk.via().get().label());
                } else {
                    j.nullField("via");
                }
                j.end();
            }
            j.endArray().end();
        } else {
            j.nullField("plan");
        }
        j.beginArray("problems");
        for (Problem p : outcome.problems()) {
            j.begin()
                    .field("rule", p.rule().id())
                    .field("severity", p.isError() ? "error" : "warning")
                    .field("message", p.message());
            // 0 where unknown, as Problem says it
            j.field("line", p.line()).field("column", p.column());
            j.field("path", p.path());
            // libvirt's error code, which decides the verdict; null for a warning
            j.field("code", p.libvirtError() == null ? null : p.libvirtError().libvirtName());
            // with the state not given: the states it was found in, null where it was found in all
            Optional<String> partial = partial(outcome.report(), p);
            if (partial.isPresent()) {
                j.beginArray("states");
                outcome.report().statesOf(p).forEach(state -> j.value(state.libvirtName()));
                j.endArray();
            } else {
                j.nullField("states");
            }
            j.end();
        }
        j.endArray();
        // where libvirt accepts the request: the state given, or with none those of the states checked
        j.beginArray("acceptedIn");
        if (outcome.report() != null) {
            for (DomainState state : outcome.report().acceptedIn()) {
                j.value(state.libvirtName());
            }
        }
        j.endArray();
        return j;
    }
}
