package io.github.domainsnapshot.cli;

import io.github.domainsnapshot.SnapshotXmlException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code snapshot-xml} command line.
 *
 * <p>Exit codes, the same for every command (with several files, the highest): 0 success; 1 a
 * document that cannot be read or written as a snapshot document (any {@link
 * SnapshotXmlException.Kind} but {@code IO}), or a request invalid, unsupported or depending on
 * the state; 2 a usage error, or a file that cannot be read or written ({@code IO}: missing, not readable, a
 * directory). Errors go to standard error as {@code file:line:column: error: message}, never as
 * a stack trace; with {@code --json}, to standard output as JSON Lines.
 */
public final class SnapshotXmlCli {
    /** Success. */
    public static final int OK = 0;
    /** A document could not be read or written as a snapshot document, or a request is not ok. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** A file could not be read or written: the code of a usage error. */
    public static final int UNREADABLE = USAGE;

    private static final String USAGE_TEXT = """
            usage: snapshot-xml COMMAND [OPTIONS] FILE...

            commands:
              format   rewrite snapshot documents as libvirt would write them
              check    check snapshot requests as libvirt would, before the call
              align    print the snapshot libvirt will store for a create request
              check-revert  what libvirt does with a revert to a snapshot, before the call
              check-delete  what libvirt does with a snapshot's deletion, before the call
              help     'snapshot-xml help COMMAND' or 'snapshot-xml COMMAND --help'
                       tells more of each

            options:
              --help       this text
              --version    the version

            An option takes its value as '--option VALUE' or '--option=VALUE'. '-' as
            a FILE reads standard input; after '--' every argument is a FILE, even one
            that starts with '-'.

            """ + exitCodes("what was asked was done", "");

    private static final String JSON_ERROR = """
            "error" is null, or says why a file could not be read or written: its
            "kind" is io (missing, not readable, a directory, a failed write; exit code
            2), or (exit code 1) malformed (not well-formed XML, or not UTF-8),
            forbidden (a DTD, an entity), limit (beyond a limit of depth, attributes or
            size), root (another root element), schema (against the schema, with
            --flags validate) or invalid (text XML cannot carry); "message" is the
            reason; "line" and "column" count from 1, and are 0 where unknown, as in the
            library; "path" is null where unknown.
            With --json, standard error is used for usage errors only.
            """;

    private static final String FORMAT_HELP =
            """
            usage: snapshot-xml format FILE... [--output-dir DIR [--force] | --in-place]
                   [--json]

            Rewrites each snapshot document as libvirt would write it: libvirt's element
            order, indentation, quoting and escaping; what libvirt does not know is kept.
            To standard output, to DIR/<file name> with --output-dir, or back to each
            FILE with --in-place. '-' reads standard input (written as DIR/stdin.xml
            with --output-dir). Only regular files are read: a FIFO or a device is
            refused (use '-' for a pipe).

            A file is written whole or not at all: to a new file beside it, then put in
            place in one step, so that a failure (a full disk) leaves what was there
            as it was. No file that exists is replaced unless asked, and a symbolic
            link is never followed or replaced.

            options:
              --output-dir DIR  write each document to DIR/<file name>; DIR is made if
                                needed. A file already there is not replaced (that
                                FILE fails with exit code 2) unless --force is given;
                                an input FILE never is (see --in-place). Two FILEs
                                with the same file name (a/x.xml and b/x.xml, '-'
                                and stdin.xml) are refused before anything is
                                written, as a usage error: neither output would
                                survive. Nor is an output written in this run ever
                                overwritten (DIR on a file system that ignores case,
                                a link).
              --force           with --output-dir: replace a regular file of the
                                same name in DIR
              --in-place        write each document back to its FILE, replacing it
                                in one step, with its mode and owner kept; not with
                                --output-dir or '-'
              --json            JSON Lines: one object per FILE, each on a line of its
                                own, in the order given, instead of the documents and
                                the error messages:
                                  {"file":"a.xml","output":"DIR/a.xml" or null,
                                   "xml":"<domainsnapshot>..." or null,
                                   "error":null or {"kind","message","line","column",
                                                    "path"}}
                                "output" is the file written (null without
                                --output-dir or --in-place, or when nothing was
                                written); "xml" is the document when it goes to
                                standard output.
            Each option takes its value as '--option VALUE' or '--option=VALUE'.

            """ + JSON_ERROR + "\n" + exitCodes("every document written", "; two FILEs for one output");

    private static final String CHECK_HELP = """
            usage: snapshot-xml check FILE... [--state STATE] [--flags f1,f2,...]
                   [--domain DOMAIN.xml] [--driver DRIVER] [--snapshots DIR]
                   [--libvirt VERSION] [--probe-files] [--json]

            Checks each snapshot request as libvirt would before acting on it, and says
            every problem at once: one line per problem,
              file:line:column: error: message [rule]
            then the verdict (ok, invalid, unsupported, depends-on-state) and, for an
            ok request, the plan: memory=... disks=... via=..., and with
            --domain each disk's mode and mechanism: (vda no, vdb external via transaction)
            A document libvirt cannot parse is invalid, with that problem
            ([document.malformed], [document.root] or [document.schema]) after those
            libvirt finds in the flags before it reads a document.
            Without --state (but for a redefinition, whose own state counts), each
            request is checked in each state a domain is snapshotted in: running,
            paused, shutoff. Refused in all, it is refused; accepted in some only, it
            is depends-on-state (exit code 1): a problem found in some states only is
            followed by (if shutoff), the verdict by: accepted if running, paused
            The verdict line ends with the libvirt release the answer is for:
            [libvirt 12.9.0]. '-' reads standard input.

            %s
              --json            JSON Lines: one object per FILE, each on a line of its
                                own, in the order given, instead of the text above
            Each option takes its value as '--option VALUE' or '--option=VALUE'.

            With --json, each line is
              {"file":"r.xml",
               "verdict":"ok"|"invalid"|"unsupported"|"depends-on-state"|"unreadable",
               "libvirt":"12.9.0",
               "plan":{"memory","disks","via","perDisk":[{"disk","snapshot","via"}]}
                      or null,
               "problems":[{"rule","severity","message","line","column","path",
                            "code","states"}],
               "acceptedIn":["running",...],
               "error":null or {"kind","message","line","column","path"}}
            A FILE that cannot be read is unreadable, with no plan and no problems; a
            document libvirt cannot parse is invalid, with its problems and its error. A
            --domain or --snapshots file that cannot be used gives an object of its own,
            {"file":"d.xml","option":"--domain","verdict":"unreadable","libvirt":...,"plan":null,
            "problems":[],"acceptedIn":[],"error":{...}}, and then no FILE is checked. A problem's
            unknown line or column is 0, an unknown path null; its "code" is the error
            code libvirt raises with it (VIR_ERR_XML_ERROR, VIR_ERR_CONFIG_UNSUPPORTED,
            ...), which decides the verdict, null for a warning; its "states" are the
            states it was found in when checked in each and not found in all, else
            null. "acceptedIn" lists the states in which libvirt accepts the request.

            """ + JSON_ERROR + "\n" + exitCodes("every request ok", "");

    private static final String ALIGN_HELP = """
            usage: snapshot-xml align FILE --domain DOMAIN.xml [--state STATE]
                   [--flags f1,f2,...] [--driver DRIVER] [--now EPOCH] [--snapshots DIR]
                   [--libvirt VERSION] [--probe-files] [--json]

            Prints the snapshot libvirt will store for a create request: its name (the
            creation time when it has none), state, creation time, memory, every disk of
            the domain in libvirt's order with external file names made up, and the
            domain. For a redefinition, the snapshot with its disks aligned. Problems go
            to standard error, one per line, as with check.

            %s
              --now EPOCH       the creation time in seconds since 1970 (default: now)
              --json            one JSON object on one line instead: check's (see
                                'snapshot-xml help check'), with "snapshot": the
                                snapshot libvirt will store, as XML text, or null
            Each option takes its value as '--option VALUE' or '--option=VALUE'.

            """ + exitCodes("printed", "");

    private static final String OPERATION_OPTIONS = """
              --domain FILE     the domain's definition now (virsh dumpxml, with its
                                backing chains while it runs)
              --state STATE     the domain's state now: running, paused, shutoff, ...
                                (default unknown: the checks of a running domain are
                                not made)
              --snapshots DIR   the domain's snapshots, one XML file each (virsh
                                snapshot-dumpxml, or libvirt's own metadata files)
              --current NAME    the current snapshot (default: the one of DIR whose
                                <active> is 1, as libvirt's metadata files mark it)
              --libvirt VERSION the libvirt release to answer for, such as 10.0 or 11.3.0
                                (default: the newest release proven against a real
                                daemon, 12.9.0); one outside the proven range (9.0.0 to
                                12.9.0) is answered as the nearest, with a warning
              --json            one JSON object on one line instead
            Each option takes its value as '--option VALUE' or '--option=VALUE'.""";

    private static final String CHECK_REVERT_HELP =
            """
            usage: snapshot-xml check-revert FILE [--domain DOMAIN.xml] [--state STATE]
                   [--flags f1,f2,...] [--snapshots DIR] [--current NAME]
                   [--libvirt VERSION] [--json]

            Says, before the call, what libvirt's qemu driver does with a revert to the
            snapshot FILE (virsh snapshot-revert): its problems, one per line,
              file: error: message [rule]
            (libvirt's refusal, in its words; warnings for dangers), then
              file: ok: state after=running new overlays=/img/vm-vda.<time>
                removed=/img/vm-vda.s2 revertDisks=written [libvirt 12.9.0]
            or the refusal's verdict (invalid, unsupported). A new overlay named after
            the time of the revert holds <time> for it. The files removed are the
            overlays of the current snapshot, named by --current or by an active flag
            in DIR; else the newest leaf is taken, with a warning. '-' reads standard
            input.

            options:
              --flags LIST      revert flags, comma-separated: running, paused, force,
                                reset-nvram
            %s

            With --json:
              {"file":"s1.xml","verdict":"ok"|"invalid"|"unsupported"|"unreadable",
               "libvirt":"12.9.0","performed":true,"needsForce":false,
               "stateAfter":"running"|"paused"|"shutoff" or null (refused),
               "newOverlays":[...],"writesRevertDisks":true,"removedFiles":[...],
               "problems":[{"rule","severity","message","code"}],"error":null}

            """ + JSON_ERROR + "\n" + exitCodes("libvirt performs the revert", "");

    private static final String CHECK_DELETE_HELP = """
            usage: snapshot-xml check-delete FILE --snapshots DIR [--domain DOMAIN.xml]
                   [--state STATE] [--flags f1,f2,...] [--current NAME]
                   [--libvirt VERSION] [--json]

            Says, before the call, what libvirt's qemu driver does with the deletion of
            the snapshot FILE (virsh snapshot-delete): its problems, one per line, as
            check-revert, then
              file: ok: deletes=s2 removed=/img/vm-vda.s2,/mem/s2.mem block commit=yes
                [libvirt 12.9.0]
            or the refusal's verdict (invalid, unsupported). The snapshots are named in
            the order libvirt deletes them. On libvirt 9.7 to 10.x a delete that removes
            the image an internal parent's snapshot lives in is a warning
            [delete.base-image]. '-' reads standard input.

            options:
              --flags LIST      delete flags, comma-separated: children, children-only,
                                metadata-only
            %s

            With --json:
              {"file":"s2.xml","verdict":"ok"|"invalid"|"unsupported"|"unreadable",
               "libvirt":"12.9.0","deletedSnapshots":[...],"removedFiles":[...],
               "blockCommit":true,"problems":[{"rule","severity","message","code"}],
               "error":null}

            """ + JSON_ERROR + "\n" + exitCodes("libvirt deletes", "");

    private static final String CONTEXT_OPTIONS = """
            options:
              --state STATE     the domain's state: running, paused, shutoff, shutdown,
                                crashed, pmsuspended, blocked, nostate or unknown (the
                                default: running, paused and shutoff, each checked;
                                align needs a state, but for a redefinition)
              --flags LIST      create flags, comma-separated: redefine, current,
                                no-metadata, halt, disk-only, reuse-ext, quiesce, atomic,
                                live, validate (validate checks the document against the
                                schema); may be given more than once
              --domain FILE     the domain's definition (virsh dumpxml): disks are aligned
                                with it, a redefinition's uuid checked against it
              --driver DRIVER   the libvirt driver: qemu (default), test, esx or vbox
              --snapshots DIR   the domain's existing snapshots, one XML file each, to
                                check a redefinition's parent
              --libvirt VERSION the libvirt release to answer for, such as 10.0 or 11.3.0
                                (default: the newest release proven against a real
                                daemon, 12.9.0); one outside the proven range (9.0.0 to
                                12.9.0) is answered as the nearest, with a warning
              --probe-files     check that original images are regular files, as libvirt
                                does before it makes up external file names""";

    /** The exit codes, the same for every command, with what success means for one. */
    private static String exitCodes(String success, String moreUsage) {
        return """
                exit codes, the same for every command (with several FILEs, the highest):
                  0  %s
                  1  a document libvirt would not read (not well-formed XML, a DTD or an
                     entity, beyond a limit, another root element, against the schema
                     with --flags validate) or that cannot be written as XML; a request
                     invalid, unsupported or depending on the state
                  2  a usage error; a file that cannot be read or written (missing,
                     not readable, a directory, not a regular file, an output that
                     exists); standard output that cannot be written; a failure
                     of the program itself%s
                Errors never come with a stack trace.
                """.formatted(success, moreUsage);
    }

    /**
     * @param command a command name
     * @return its help text, or null for no command of that name
     */
    static String helpFor(String command) {
        return switch (command) {
            case "format" -> FORMAT_HELP;
            case "check" -> CHECK_HELP.formatted(CONTEXT_OPTIONS);
            case "align" -> ALIGN_HELP.formatted(CONTEXT_OPTIONS);
            case "check-revert" -> CHECK_REVERT_HELP.formatted(OPERATION_OPTIONS);
            case "check-delete" -> CHECK_DELETE_HELP.formatted(OPERATION_OPTIONS);
            case "help" -> USAGE_TEXT;
            default -> null;
        };
    }

    /**
     * The exit code of a failure, by its kind: a file that cannot be read or written is 2, like a
     * usage error; a document that is not what it must be, 1.
     *
     * @param kind the failure's kind
     * @return the exit code
     */
    static int exitCode(SnapshotXmlException.Kind kind) {
        return kind == SnapshotXmlException.Kind.IO ? UNREADABLE : FAILED;
    }

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    /** Standard output's own stream, which knows why writing to it failed; null where not known. */
    private final FailureKeeping stdoutFailure;

    /**
     * A command line bound to the given streams (for embedding and tests).
     *
     * @param stdin standard input
     * @param stdout standard output; a failure to write to it ({@link PrintStream#checkError()})
     *     makes the exit code 2
     * @param stderr standard error
     */
    public SnapshotXmlCli(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this(stdin, stdout, stderr, null);
    }

    private SnapshotXmlCli(InputStream stdin, PrintStream stdout, PrintStream stderr, FailureKeeping stdoutFailure) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdoutFailure = stdoutFailure;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // the descriptor itself, not System.out: a PrintStream over another swallows its failures
        FailureKeeping descriptor = new FailureKeeping(new FileOutputStream(FileDescriptor.out));
        PrintStream out = new PrintStream(new BufferedOutputStream(descriptor, 65536), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new SnapshotXmlCli(System.in, out, err, descriptor).run(args);
        System.exit(code);
    }

    /**
     * Runs one command. Whatever fails, the user reads one line on standard error, never a stack
     * trace; and a standard output that could not be written (a full disk, a closed descriptor,
     * a broken pipe) is exit code 2, the documents being lost.
     *
     * @param args the arguments
     * @return the exit code
     */
    public int run(String... args) {
        int code;
        try {
            code = command(args);
        } catch (Throwable t) { // the top of the program: nothing escapes as a stack trace
            code = failed(t);
        }
        if (stdout.checkError()) {
            IOException why = stdoutFailure == null ? null : stdoutFailure.failure;
            stderr.println("snapshot-xml: error: cannot write to standard output"
                    + (why == null ? "" : ": " + FileAccess.reason(why)));
            code = Math.max(code, UNREADABLE);
        }
        return code;
    }

    private int command(String... args) {
        if (args.length == 0) {
            return usage("no command given");
        }
        List<String> rest = List.of(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "--help", "-h", "help" -> {
                    return help(rest);
                }
                case "--version" -> {
                    stdout.println("snapshot-xml " + version());
                    return OK;
                }
                case "format" -> {
                    return new FormatCommand(stdin, stdout, stderr).run(rest);
                }
                case "check" -> {
                    return new ValidationCommands(stdin, stdout, stderr).check(rest);
                }
                case "align" -> {
                    return new ValidationCommands(stdin, stdout, stderr).align(rest);
                }
                case "check-revert" -> {
                    return new OperationCommands(stdin, stdout, stderr).checkRevert(rest);
                }
                case "check-delete" -> {
                    return new OperationCommands(stdin, stdout, stderr).checkDelete(rest);
                }
                default -> {
                    return usage("unknown command '" + args[0] + "'");
                }
            }
        } catch (Arguments.UsageException e) {
            return usage(e.getMessage(), args[0]);
        }
    }

    /**
     * What could not be foreseen: memory or stack exhausted, or a bug of ours. One line, exit
     * code 2; the Java name of a bug, so that it can be reported.
     */
    private int failed(Throwable t) {
        String line;
        if (t instanceof OutOfMemoryError) {
            line = "snapshot-xml: error: out of memory (give Java more with JAVA_TOOL_OPTIONS=-Xmx...)";
        } else if (t instanceof StackOverflowError) {
            line = "snapshot-xml: error: out of stack space";
        } else {
            String message = t.getMessage() == null
                    ? ""
                    : ": " + t.getMessage().lines().findFirst().orElse("");
            line = "snapshot-xml: internal error: " + t.getClass().getSimpleName() + message;
        }
        try {
            stdout.flush();
            stderr.println(line);
        } catch (Throwable ignored) {
            // standard error itself failed: nothing is left to tell
        }
        return UNREADABLE;
    }

    /** A stream that keeps the first reason writing to it failed, for the one line that says so. */
    private static final class FailureKeeping extends FilterOutputStream {
        private IOException failure;

        FailureKeeping(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw kept(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw kept(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw kept(e);
            }
        }

        private IOException kept(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }

    /** {@code help}, {@code help COMMAND}, and the same with {@code --help}. */
    private int help(List<String> rest) {
        if (rest.size() > 1) {
            return usage("help takes one COMMAND at most");
        }
        String text = rest.isEmpty() ? USAGE_TEXT : helpFor(rest.get(0));
        if (text == null) {
            return usage("unknown command '" + rest.get(0) + "'");
        }
        stdout.print(text);
        return OK;
    }

    /** @return the error as {@code file:line:column: error: message [at path]}, without what is unknown */
    static String located(String file, SnapshotXmlException e) {
        StringBuilder b = new StringBuilder(file);
        if (e.getLine() > 0) {
            b.append(':').append(e.getLine());
            if (e.getColumn() > 0) {
                b.append(':').append(e.getColumn());
            }
        }
        b.append(": error: ").append(e.getReason());
        if (e.getPath() != null) {
            b.append(" [at ").append(e.getPath()).append(']');
        }
        return b.toString();
    }

    /**
     * Writes the {@code "error"} member of a JSON record: null, or why a file could not be read or
     * written, with the kind in lower case and null for what is unknown.
     *
     * @param json the record being written
     * @param e the failure, or null
     * @return the record
     */
    static Json error(Json json, SnapshotXmlException e) {
        if (e == null) {
            return json.nullField("error");
        }
        json.beginObject("error")
                .field("kind", e.kind().name().toLowerCase(Locale.ROOT))
                .field("message", e.getReason());
        // as in the library: 0 where the line or column is unknown
        return json.field("line", Math.max(e.getLine(), 0))
                .field("column", Math.max(e.getColumn(), 0))
                .field("path", e.getPath())
                .end();
    }

    /**
     * @param file a FILE argument, not {@code -}
     * @return its path
     * @throws SnapshotXmlException ({@code IO}) when it cannot name a file on this system
     */
    static Path inputPath(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new SnapshotXmlException(
                    SnapshotXmlException.Kind.IO, "not a file name: " + e.getMessage(), -1, -1, null, e);
        }
    }

    /** @return how a file is named in messages and records: standard input as {@code <stdin>} */
    static String displayName(String file) {
        return file.equals("-") ? "<stdin>" : file;
    }

    private int usage(String problem) {
        stderr.println("snapshot-xml: " + problem);
        stderr.print(USAGE_TEXT);
        return USAGE;
    }

    /** A usage error within a command: what is wrong, and where to read more. */
    private int usage(String problem, String command) {
        stderr.println("snapshot-xml " + command + ": " + problem);
        stderr.println("run 'snapshot-xml " + command + " --help' for its options");
        return USAGE;
    }

    private static String version() {
        String v = SnapshotXmlCli.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
