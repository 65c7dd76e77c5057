package io.github.domainsnapshot.cli;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code snapshot-xml} command line.
 *
 * <p>Exit codes: 0 success; 1 a document could not be read, or a request is invalid or
 * unsupported; 2 usage error or unreadable file.
 * Errors go to standard error as {@code file:line:column: error: message}, never as a stack trace.
 */
public final class SnapshotXmlCli {
    /** Success. */
    public static final int OK = 0;
    /** A document could not be read or written. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: snapshot-xml COMMAND [OPTIONS] FILE...

            commands:
              format   rewrite snapshot documents as libvirt would write them
              check    check snapshot requests as libvirt would, before the call
              align    print the snapshot libvirt will store for a create request

            'snapshot-xml COMMAND --help' tells more of each.

            options:
              --help       this text
              --version    the version

            exit codes: 0 ok; 1 a document could not be read, or a request is invalid or
            unsupported; 2 usage error or unreadable file
            """;

    private static final String FORMAT_HELP = """
            usage: snapshot-xml format FILE... [--output-dir DIR]

            Rewrites each snapshot document as libvirt would write it: libvirt's element
            order, indentation, quoting and escaping; what libvirt does not know is kept.
            To standard output, or to DIR/<file name> with --output-dir. '-' reads
            standard input (written as stdin.xml with --output-dir).

            exit codes: 0 every document written; 1 a document could not be read or
            written (file:line:column: error: message [at path]); 2 usage error
            """;

    private static final String CHECK_HELP = """
            usage: snapshot-xml check FILE... [--state STATE] [--flags f1,f2,...]
                   [--domain DOMAIN.xml] [--driver DRIVER] [--snapshots DIR]
                   [--probe-files] [--json]

            Checks each snapshot request as libvirt would before acting on it, and says
            every problem at once: one line per problem,
              file:line:column: error: message [rule]
            then the verdict (ok, invalid, unsupported) and, for an ok request whose
            domain state is known, the plan: memory=... disks=... via=...
            With --json: one JSON object per file and line:
              {"file":..., "verdict":..., "plan":{"memory","disks","via"} or null,
               "problems":[{"rule","severity","message","line","column","path"}]}
            '-' reads standard input.

            %s
            exit codes: 0 every request ok; 1 a request invalid or unsupported, or a
            document unreadable as XML; 2 usage error or a file that cannot be opened
            """;

    private static final String ALIGN_HELP = """
            usage: snapshot-xml align FILE --domain DOMAIN.xml [--state STATE]
                   [--flags f1,f2,...] [--driver DRIVER] [--now EPOCH] [--snapshots DIR]
                   [--probe-files]

            Prints the snapshot libvirt will store for a create request: its name (the
            creation time when it has none), state, creation time, memory, every disk of
            the domain in libvirt's order with external file names made up, and the
            domain. For a redefinition, the snapshot with its disks aligned. Problems go
            to standard error, one per line, as with check.

            %s
              --now EPOCH       the creation time in seconds since 1970 (default: now)

            exit codes: 0 printed; 1 the request is invalid or unsupported; 2 usage error
            or a file that cannot be opened
            """;

    private static final String CONTEXT_OPTIONS = """
            options:
              --state STATE     the domain's state: running, paused, shutoff, shutdown,
                                crashed, pmsuspended, blocked, nostate or unknown (default)
              --flags LIST      create flags, comma-separated: redefine, current,
                                no-metadata, halt, disk-only, reuse-ext, quiesce, atomic,
                                live, validate (validate checks the document against the
                                schema)
              --domain FILE     the domain's definition (virsh dumpxml): disks are aligned
                                with it, a redefinition's uuid checked against it
              --driver DRIVER   the libvirt driver: qemu (default), test, esx or vbox
              --snapshots DIR   the domain's existing snapshots, one XML file each, to
                                check a redefinition's parent
              --probe-files     check that original images are regular files, as libvirt
                                does before it makes up external file names""";

    /**
     * @param command a command name
     * @return its help text
     */
    static String helpFor(String command) {
        return switch (command) {
            case "format" -> FORMAT_HELP;
            case "check" -> CHECK_HELP.formatted(CONTEXT_OPTIONS + "\n  --json            one JSON object per file");
            case "align" -> ALIGN_HELP.formatted(CONTEXT_OPTIONS);
            default -> USAGE_TEXT;
        };
    }

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    /**
     * A command line bound to the given streams (for embedding and tests).
     *
     * @param stdin standard input
     * @param stdout standard output
     * @param stderr standard error
     */
    public SnapshotXmlCli(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new SnapshotXmlCli(System.in, out, err).run(args);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs one command.
     *
     * @param args the arguments
     * @return the exit code
     */
    public int run(String... args) {
        try {
            if (args.length == 0) {
                return usage("no command given");
            }
            switch (args[0]) {
                case "--help", "-h", "help" -> {
                    stdout.print(USAGE_TEXT);
                    return OK;
                }
                case "--version" -> {
                    stdout.println("snapshot-xml " + version());
                    return OK;
                }
                case "format" -> {
                    return format(List.of(args).subList(1, args.length));
                }
                case "check" -> {
                    return new ValidationCommands(stdin, stdout, stderr)
                            .check(List.of(args).subList(1, args.length));
                }
                case "align" -> {
                    return new ValidationCommands(stdin, stdout, stderr)
                            .align(List.of(args).subList(1, args.length));
                }
                default -> {
                    return usage("unknown command '" + args[0] + "'");
                }
            }
        } catch (ValidationCommands.UsageException e) {
            return usage(e.getMessage(), args[0]);
        } catch (RuntimeException e) {
            // a bug of ours: still no stack trace for the user, but enough to report it
            stderr.println("snapshot-xml: internal error: " + e);
            return FAILED;
        }
    }

    private int format(List<String> args) {
        Path outputDir = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> {
                    stdout.print(FORMAT_HELP);
                    return OK;
                }
                case "--output-dir" -> {
                    if (i + 1 >= args.size()) {
                        return usage("--output-dir needs a directory", "format");
                    }
                    outputDir = Path.of(args.get(++i));
                }
                default -> {
                    if (a.startsWith("--")) {
                        return usage("unknown option '" + a + "'", "format");
                    }
                    files.add(a);
                }
            }
        }
        if (files.isEmpty()) {
            return usage("at least one FILE is needed ('-' for standard input)", "format");
        }
        if (outputDir != null) {
            try {
                Files.createDirectories(outputDir);
            } catch (IOException e) {
                stderr.println("snapshot-xml: cannot create " + outputDir + ": " + e.getMessage());
                return FAILED;
            }
        }
        SnapshotCodec codec = SnapshotCodec.create();
        int code = OK;
        for (String file : files) {
            DomainSnapshot snapshot = read(codec, file);
            if (snapshot == null) {
                code = FAILED;
                continue;
            }
            String xml = codec.write(snapshot);
            if (outputDir == null) {
                stdout.print(xml);
            } else {
                Path target = outputDir.resolve(
                        file.equals("-")
                                ? "stdin.xml"
                                : Path.of(file).getFileName().toString());
                try {
                    Files.writeString(target, xml, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    stderr.println(target + ": error: cannot write: " + e.getMessage());
                    code = FAILED;
                }
            }
        }
        stdout.flush();
        return code;
    }

    private DomainSnapshot read(SnapshotCodec codec, String file) {
        try {
            return file.equals("-") ? codec.read(stdin) : codec.read(Path.of(file));
        } catch (SnapshotXmlException e) {
            reportError(file.equals("-") ? "<stdin>" : file, e);
            return null;
        }
    }

    /**
     * Prints an error as {@code file:line:column: error: message [at path]}.
     *
     * @param file the file name
     * @param e the error
     */
    void reportError(String file, SnapshotXmlException e) {
        stderr.println(located(file, e));
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
