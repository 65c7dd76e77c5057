package io.github.domainsnapshot.cli;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DeleteFlag;
import io.github.domainsnapshot.validation.DeleteReport;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.RevertFlag;
import io.github.domainsnapshot.validation.RevertReport;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.Verdict;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** The {@code check-revert} and {@code check-delete} commands. */
final class OperationCommands {
    private static final Set<String> OPTIONS =
            Set.of("--state", "--flags", "--domain", "--snapshots", "--current", "--libvirt");
    private static final Set<String> SWITCHES = Set.of("--json");

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    OperationCommands(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** What both commands found before predicting: the snapshot and the context, or why not. */
    private record Input(
            String file,
            DomainSnapshot snapshot,
            ValidationContext context,
            SnapshotXmlException failure,
            String option) {}

    /** Runs {@code check-revert}; returns the exit code, or throws for usage errors. */
    int checkRevert(List<String> args) throws Arguments.UsageException {
        Arguments a = Arguments.parse(args, OPTIONS, SWITCHES);
        if (a.has("--help")) {
            stdout.print(SnapshotXmlCli.helpFor("check-revert"));
            return SnapshotXmlCli.OK;
        }
        Set<RevertFlag> flags = ValidationCommands.givenFlags(a, RevertFlag.class, RevertFlag::fromCliName);
        Input in = input(a);
        boolean json = a.has("--json");
        if (in.failure() != null) {
            return failed(in, json);
        }
        RevertReport r = SnapshotValidator.create().checkRevert(in.snapshot(), in.context(), flags);
        if (json) {
            Json j = jsonReport(in, r.verdict(), r.libvirt());
            j.field("performed", r.performed()).field("needsForce", r.needsForce());
            if (r.stateAfter().isPresent()) {
                j.field("stateAfter", r.stateAfter().get().libvirtName());
            } else {
                j.nullField("stateAfter");
            }
            array(j, "newOverlays", r.newOverlays());
            j.field("writesRevertDisks", r.writesRevertDisks());
            array(j, "removedFiles", r.removedFiles());
            problems(j, r.problems());
            stdout.println(SnapshotXmlCli.error(j, null).end());
        } else {
            StringBuilder b = textReport(in, r.problems(), r.verdict());
            if (r.performed()) {
                b.append(": state after=").append(r.stateAfter().orElseThrow().libvirtName());
                b.append(" new overlays=").append(list(r.newOverlays()));
                b.append(" removed=").append(list(r.removedFiles()));
                b.append(" revertDisks=").append(r.writesRevertDisks() ? "written" : "no");
                if (r.needsForce()) {
                    b.append(" (needs force)");
                }
            }
            stdout.println(b.append(" [libvirt ").append(r.libvirt()).append(']'));
        }
        stdout.flush();
        return r.verdict() == Verdict.OK ? SnapshotXmlCli.OK : SnapshotXmlCli.FAILED;
    }

    /** Runs {@code check-delete}; returns the exit code, or throws for usage errors. */
    int checkDelete(List<String> args) throws Arguments.UsageException {
        Arguments a = Arguments.parse(args, OPTIONS, SWITCHES);
        if (a.has("--help")) {
            stdout.print(SnapshotXmlCli.helpFor("check-delete"));
            return SnapshotXmlCli.OK;
        }
        Set<DeleteFlag> flags = ValidationCommands.givenFlags(a, DeleteFlag.class, DeleteFlag::fromCliName);
        if (a.value("--snapshots").isEmpty()) {
            throw new Arguments.UsageException(
                    "--snapshots DIR is needed: what a delete does depends on the snapshot's place in the tree");
        }
        Input in = input(a);
        boolean json = a.has("--json");
        if (in.failure() != null) {
            return failed(in, json);
        }
        DeleteReport r = SnapshotValidator.create().checkDelete(in.snapshot(), in.context(), flags);
        if (json) {
            Json j = jsonReport(in, r.verdict(), r.libvirt());
            array(j, "deletedSnapshots", r.deletedSnapshots());
            array(j, "removedFiles", r.removedFiles());
            j.field("blockCommit", r.blockCommit());
            problems(j, r.problems());
            stdout.println(SnapshotXmlCli.error(j, null).end());
        } else {
            StringBuilder b = textReport(in, r.problems(), r.verdict());
            if (r.isOk()) {
                b.append(": deletes=").append(list(r.deletedSnapshots()));
                b.append(" removed=").append(list(r.removedFiles()));
                b.append(" block commit=").append(r.blockCommit() ? "yes" : "no");
            }
            stdout.println(b.append(" [libvirt ").append(r.libvirt()).append(']'));
        }
        stdout.flush();
        return r.isOk() ? SnapshotXmlCli.OK : SnapshotXmlCli.FAILED;
    }

    /** The start of a report in JSON, the same for both commands: the file, the verdict, the release. */
    private static Json jsonReport(Input in, Verdict verdict, LibvirtVersion libvirt) {
        return new Json()
                .begin()
                .field("file", in.file())
                .field("verdict", verdict.label())
                .field("libvirt", libvirt.toString());
    }

    /** Prints the problems, one line each, and starts the verdict's line, the same for both commands. */
    private StringBuilder textReport(Input in, List<Problem> problems, Verdict verdict) {
        for (Problem p : problems) {
            stdout.println(ValidationCommands.line(in.file(), p));
        }
        return new StringBuilder(in.file()).append(": ").append(verdict.label());
    }

    /** Reads the snapshot and the context; a file that cannot be used is a failure, not an exception. */
    private Input input(Arguments a) throws Arguments.UsageException {
        List<String> files = a.filesReadingStandardInputOnce();
        if (files.size() != 1) {
            throw new Arguments.UsageException("exactly one FILE is needed: the snapshot ('-' for standard input)");
        }
        ValidationContext ctx = ValidationContext.of(ValidationCommands.givenState(a))
                .withLibvirt(ValidationCommands.givenLibvirt(a))
                .withCurrentSnapshot(a.value("--current").orElse(null));
        try {
            if (a.value("--domain").isPresent()) {
                ctx = ctx.withDomain(ValidationCommands.readDomain(
                        Arguments.path("--domain", a.value("--domain").get())));
            }
            if (a.value("--snapshots").isPresent()) {
                ctx = ctx.withExistingSnapshots(ValidationCommands.readSnapshots(
                        Arguments.path("--snapshots", a.value("--snapshots").get())));
            }
        } catch (ValidationCommands.OptionFileException e) {
            return new Input(e.file, null, ctx, e.failure, e.option);
        }
        String file = files.get(0);
        String name = SnapshotXmlCli.displayName(file);
        try {
            SnapshotCodec codec = SnapshotCodec.create();
            DomainSnapshot snapshot = file.equals("-") ? codec.read(stdin) : codec.read(FileAccess.readable(file));
            return new Input(name, snapshot, ctx, null, null);
        } catch (SnapshotXmlException e) {
            return new Input(name, null, ctx, e, null);
        }
    }

    /** Reports a FILE, a --domain or a --snapshots file that cannot be used; returns the exit code. */
    private int failed(Input in, boolean json) {
        LibvirtVersion libvirt = in.context().answeredLibvirt();
        if (json) {
            Json j = new Json().begin().field("file", in.file());
            if (in.option() != null) {
                j.field("option", in.option());
            }
            j.field("verdict", "unreadable").field("libvirt", libvirt.toString());
            problems(j, List.of());
            stdout.println(SnapshotXmlCli.error(j, in.failure()).end());
            stdout.flush();
        } else {
            stderr.println(SnapshotXmlCli.located(in.file(), in.failure()));
        }
        return in.failure().kind() == Kind.IO ? SnapshotXmlCli.UNREADABLE : SnapshotXmlCli.FAILED;
    }

    private static void array(Json j, String key, List<String> values) {
        j.beginArray(key);
        values.forEach(j::value);
        j.endArray();
    }

    private static void problems(Json j, List<Problem> problems) {
        j.beginArray("problems");
        for (Problem p : problems) {
            j.begin()
                    .field("rule", p.rule().id())
                    .field("severity", p.isError() ? "error" : "warning")
                    .field("message", p.message())
                    .field(
                            "code",
                            p.libvirtError() == null ? null : p.libvirtError().libvirtName())
                    .end();
        }
        j.endArray();
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "-" : String.join(",", values);
    }
}
