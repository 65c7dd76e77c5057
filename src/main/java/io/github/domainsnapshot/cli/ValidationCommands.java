package io.github.domainsnapshot.cli;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import io.github.domainsnapshot.validation.Plan;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The {@code check} and {@code align} commands. */
final class ValidationCommands {
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    ValidationCommands(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A usage error, reported by the caller with the usage text. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** A file given as an option that cannot be used: exit 2 without the usage text. */
    static final class UnreadableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableException(String message) {
            super(message);
        }
    }

    /** The options both commands take. */
    private static final class Options {
        final List<String> files = new ArrayList<>();
        DomainState state = DomainState.UNKNOWN;
        LibvirtDriver driver = LibvirtDriver.QEMU;
        Long now;
        Set<CreateFlag> flags = EnumSet.noneOf(CreateFlag.class);
        Path domain;
        Path snapshots;
        boolean probeFiles;
        boolean json;
        boolean help;
    }

    private static Options parse(List<String> args, boolean jsonAllowed) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> o.help = true;
                case "--state" -> {
                    String v = value(args, ++i, a);
                    try {
                        o.state = DomainState.fromName(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage() + " (running, paused, shutoff, ... or unknown)");
                    }
                }
                case "--flags" -> {
                    String v = value(args, ++i, a);
                    for (String name : v.split(",")) {
                        if (name.isBlank()) {
                            continue;
                        }
                        try {
                            o.flags.add(CreateFlag.fromCliName(name));
                        } catch (IllegalArgumentException e) {
                            throw new UsageException(e.getMessage());
                        }
                    }
                }
                case "--driver" -> {
                    try {
                        o.driver = LibvirtDriver.fromName(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--now" -> {
                    String v = value(args, ++i, a);
                    try {
                        o.now = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--now needs seconds since the epoch, not '" + v + "'");
                    }
                }
                case "--domain" -> o.domain = Path.of(value(args, ++i, a));
                case "--snapshots" -> o.snapshots = Path.of(value(args, ++i, a));
                case "--probe-files" -> o.probeFiles = true;
                case "--json" -> {
                    if (!jsonAllowed) {
                        throw new UsageException("unknown option '--json'");
                    }
                    o.json = true;
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option '" + a + "'");
                    }
                    o.files.add(a);
                }
            }
        }
        return o;
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private ValidationContext context(Options o) throws UnreadableException {
        ValidationContext ctx = ValidationContext.of(o.state)
                .withDriver(o.driver)
                .withFlags(o.flags)
                .withProbeFiles(o.probeFiles);
        if (o.now != null) {
            ctx = ctx.withClock(Clock.fixed(Instant.ofEpochSecond(o.now), ZoneOffset.UTC));
        }
        if (o.domain != null) {
            ctx = ctx.withDomain(readDomain(o.domain));
        }
        if (o.snapshots != null) {
            ctx = ctx.withExistingSnapshots(readSnapshots(o.snapshots));
        }
        return ctx;
    }

    private static XmlElement readDomain(Path file) throws UnreadableException {
        XmlElement domain;
        try {
            domain = SnapshotCodec.create().readElement(file);
        } catch (SnapshotXmlException e) {
            throw new UnreadableException(SnapshotXmlCli.located(file.toString(), e));
        }
        if (!domain.getLocalName().equals("domain")) {
            throw new UnreadableException(
                    file + ": error: expecting root element of 'domain', not '" + domain.getLocalName() + "'");
        }
        return domain;
    }

    private static List<DomainSnapshot> readSnapshots(Path dir) throws UnreadableException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".xml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UnreadableException(dir + ": error: cannot list the existing snapshots: " + e.getMessage());
        }
        List<DomainSnapshot> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(SnapshotCodec.create().read(f));
            } catch (SnapshotXmlException e) {
                throw new UnreadableException(SnapshotXmlCli.located(f.toString(), e));
            }
        }
        return out;
    }

    /** Runs {@code check}; returns the exit code, or throws for usage errors. */
    int check(List<String> args) throws UsageException {
        Options o = parse(args, true);
        if (o.help) {
            stdout.print(SnapshotXmlCli.helpFor("check"));
            return SnapshotXmlCli.OK;
        }
        if (o.files.isEmpty()) {
            throw new UsageException("at least one FILE is needed ('-' for standard input)");
        }
        ValidationContext ctx = contextOrReport(o);
        if (ctx == null) {
            return SnapshotXmlCli.USAGE;
        }
        int code = SnapshotXmlCli.OK;
        for (String file : o.files) {
            ValidationReport report = checkOrReport(file, ctx);
            if (report == null) {
                code = SnapshotXmlCli.USAGE;
                continue;
            }
            if (o.json) {
                stdout.println(json(displayName(file), report));
            } else {
                printHuman(stdout, displayName(file), report);
            }
            if (!report.isOk() && code == SnapshotXmlCli.OK) {
                code = SnapshotXmlCli.FAILED;
            }
        }
        stdout.flush();
        return code;
    }

    /** Runs {@code align}; returns the exit code, or throws for usage errors. */
    int align(List<String> args) throws UsageException {
        Options o = parse(args, false);
        if (o.help) {
            stdout.print(SnapshotXmlCli.helpFor("align"));
            return SnapshotXmlCli.OK;
        }
        if (o.files.size() != 1) {
            throw new UsageException("exactly one FILE is needed");
        }
        if (o.domain == null) {
            throw new UsageException("--domain DOMAIN.xml is needed: the disks are aligned with it");
        }
        ValidationContext ctx = contextOrReport(o);
        if (ctx == null) {
            return SnapshotXmlCli.USAGE;
        }
        String file = o.files.get(0);
        ValidationReport report = checkOrReport(file, ctx);
        if (report == null) {
            return SnapshotXmlCli.USAGE;
        }
        for (Problem p : report.problems()) {
            stderr.println(line(displayName(file), p));
        }
        if (!report.isOk() || report.aligned().isEmpty()) {
            if (report.isOk()) {
                stderr.println(displayName(file) + ": error: the disks could not be aligned with the domain");
            }
            return SnapshotXmlCli.FAILED;
        }
        stdout.print(SnapshotCodec.create().write(report.aligned().get()));
        stdout.flush();
        return SnapshotXmlCli.OK;
    }

    /** @return the context of the options, or null once the reason it cannot be made is printed */
    private ValidationContext contextOrReport(Options o) {
        try {
            return context(o);
        } catch (UnreadableException e) {
            stderr.println(e.getMessage());
            return null;
        }
    }

    /** @return the report on a file, or null once the reason it cannot be read is printed */
    private ValidationReport checkOrReport(String file, ValidationContext ctx) {
        try {
            return checkOne(file, ctx);
        } catch (UncheckedIOException e) {
            stderr.println(displayName(file) + ": error: " + e.getMessage());
            return null;
        }
    }

    private ValidationReport checkOne(String file, ValidationContext ctx) {
        SnapshotValidator validator = SnapshotValidator.create();
        if (!file.equals("-")) {
            return validator.check(Path.of(file), ctx);
        }
        String xml;
        try {
            xml = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
        return validator.check(xml, ctx);
    }

    private static String displayName(String file) {
        return file.equals("-") ? "<stdin>" : file;
    }

    static void printHuman(PrintStream out, String file, ValidationReport report) {
        for (Problem p : report.problems()) {
            out.println(line(file, p));
        }
        StringBuilder b =
                new StringBuilder(file).append(": ").append(report.verdict().label());
        report.plan()
                .ifPresent(plan -> b.append(": memory=")
                        .append(plan.memory().label())
                        .append(" disks=")
                        .append(plan.disks().label())
                        .append(" via=")
                        .append(plan.via().label()));
        if (report.isOk() && report.plan().isEmpty()) {
            b.append(" (no plan: the domain state is not known)");
        }
        out.println(b);
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

    static String json(String file, ValidationReport report) {
        Json j = new Json()
                .begin()
                .field("file", file)
                .field("verdict", report.verdict().label());
        if (report.plan().isPresent()) {
            Plan plan = report.plan().get();
            j.beginObject("plan")
                    .field("memory", plan.memory().label())
                    .field("disks", plan.disks().label())
                    .field("via", plan.via().label())
                    .end();
        } else {
            j.nullField("plan");
        }
        j.beginArray("problems");
        for (Problem p : report.problems()) {
            j.begin()
                    .field("rule", p.rule().id())
                    .field("severity", p.isError() ? "error" : "warning")
                    .field("message", p.message());
            if (p.hasLocation()) {
                j.field("line", p.line()).field("column", p.column());
            } else {
                j.nullField("line").nullField("column");
            }
            j.field("path", p.path()).end();
        }
        return j.endArray().end().toString();
    }
}
