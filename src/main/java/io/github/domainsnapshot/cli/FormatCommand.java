package io.github.domainsnapshot.cli;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code format} command: each document rewritten as libvirt writes it. */
final class FormatCommand {
    /** The output file name of standard input with {@code --output-dir}. */
    private static final String STDIN_OUTPUT = "stdin.xml";

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    FormatCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs {@code format}; returns the exit code, or throws for usage errors. */
    int run(List<String> args) throws Arguments.UsageException {
        Arguments a = Arguments.parse(args, Set.of("--output-dir"), Set.of("--json", "--in-place", "--force"));
        if (a.has("--help")) {
            stdout.print(SnapshotXmlCli.helpFor("format"));
            return SnapshotXmlCli.OK;
        }
        List<String> files = a.filesReadingStandardInputOnce();
        if (files.isEmpty()) {
            throw new Arguments.UsageException("at least one FILE is needed ('-' for standard input)");
        }
        boolean json = a.has("--json");
        boolean inPlace = a.has("--in-place");
        boolean force = a.has("--force");
        Path outputDir = a.value("--output-dir").isPresent()
                ? Arguments.path("--output-dir", a.value("--output-dir").get())
                : null;
        if (inPlace && outputDir != null) {
            throw new Arguments.UsageException(
                    "--in-place and --output-dir cannot be used together: --in-place writes each document back to"
                            + " its FILE");
        }
        if (inPlace && files.contains("-")) {
            throw new Arguments.UsageException("--in-place cannot rewrite standard input ('-')");
        }
        if (force && outputDir == null) {
            throw new Arguments.UsageException(
                    "--force needs --output-dir: it lets an output replace a file of the same name there");
        }
        Outputs outputs = null;
        if (outputDir != null) {
            refuseTwoInputsForOneOutput(files, outputDir);
            try {
                Files.createDirectories(outputDir);
            } catch (IOException e) {
                SnapshotXmlException failure = new SnapshotXmlException(
                        Kind.IO, "cannot make the output directory: " + e.getMessage(), -1, -1, null, e);
                if (json) {
                    stdout.println(record(outputDir.toString(), "--output-dir", null, null, failure));
                } else {
                    stderr.println(SnapshotXmlCli.located(outputDir.toString(), failure));
                }
                stdout.flush();
                return SnapshotXmlCli.UNREADABLE;
            }
            outputs = new Outputs(files, force);
        }
        SnapshotCodec codec = SnapshotCodec.create();
        int code = SnapshotXmlCli.OK;
        for (String file : files) {
            String xml = null;
            Path output = null;
            SnapshotXmlException failure = null;
            try {
                DomainSnapshot snapshot = file.equals("-") ? codec.read(stdin) : codec.read(FileAccess.readable(file));
                xml = codec.write(snapshot);
                if (outputs != null) {
                    output = outputDir.resolve(outputName(file));
                    outputs.write(output, file, xml);
                } else if (inPlace) {
                    output = SnapshotXmlCli.inputPath(file);
                    rewrite(output, xml);
                }
            } catch (SnapshotXmlException e) {
                failure = e;
                output = null;
            }
            String name = SnapshotXmlCli.displayName(file);
            boolean toStandardOutput = outputDir == null && !inPlace;
            if (json) {
                stdout.println(record(name, null, output, toStandardOutput ? xml : null, failure));
            } else if (failure != null) {
                stderr.println(SnapshotXmlCli.located(name, failure));
            } else if (toStandardOutput) {
                stdout.print(xml);
            }
            if (failure != null) {
                code = Math.max(code, SnapshotXmlCli.exitCode(failure.kind()));
            }
        }
        stdout.flush();
        return code;
    }

    /**
     * Two inputs written to one output would leave only the last: refused before anything is read
     * or written.
     */
    private static void refuseTwoInputsForOneOutput(List<String> files, Path outputDir)
            throws Arguments.UsageException {
        Map<Path, String> inputFor = new HashMap<>();
        for (String file : files) {
            Path name;
            try {
                name = outputName(file);
            } catch (SnapshotXmlException e) {
                continue; // fails when read, with its own message
            }
            Path target = outputDir.resolve(name);
            String earlier = inputFor.putIfAbsent(target, file);
            if (earlier != null) {
                throw new Arguments.UsageException("'" + SnapshotXmlCli.displayName(earlier) + "' and '"
                        + SnapshotXmlCli.displayName(file) + "' would both be written to " + target
                        + "; nothing was written");
            }
        }
    }

    /** Rewrites a FILE with its document (--in-place): in one step, never through a link. */
    private static void rewrite(Path file, String xml) {
        BasicFileAttributes own = FileAccess.attributes(file, false);
        if (own != null && own.isSymbolicLink()) {
            throw new SnapshotXmlException(
                    Kind.IO,
                    "not written: " + file + " is a symbolic link, never followed or replaced (name the file it"
                            + " links to)");
        }
        FileAccess.writeWhole(
                file, FileAccess.Replace.EXISTING, out -> out.write(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The outputs of one run with {@code --output-dir}, and what may not be replaced: an input, a
     * file written in this run under another name (a link; a file system that ignores case), a
     * symbolic link, and without {@code --force} any file. Files are told apart by their
     * identity (device and inode), looked up in a map: one look per output, however many.
     */
    private static final class Outputs {
        private final boolean force;
        /** Each input's identity, and its name. */
        private final Map<Object, String> inputs = new HashMap<>();
        /** Each output written in this run, by identity: its path and its input. */
        private final Map<Object, String[]> written = new HashMap<>();

        Outputs(List<String> files, boolean force) {
            this.force = force;
            for (String file : files) {
                if (file.equals("-")) {
                    continue;
                }
                try {
                    BasicFileAttributes a = FileAccess.attributes(SnapshotXmlCli.inputPath(file), true);
                    if (a != null && a.fileKey() != null) {
                        inputs.putIfAbsent(a.fileKey(), file);
                    }
                } catch (SnapshotXmlException e) {
                    // not a file name: fails when read
                }
            }
        }

        void write(Path output, String file, String xml) {
            BasicFileAttributes followed = FileAccess.attributes(output, true);
            if (followed != null && followed.fileKey() != null) {
                String[] earlier = written.get(followed.fileKey());
                if (earlier != null) {
                    throw new SnapshotXmlException(
                            Kind.IO,
                            "not written: " + output + " is " + earlier[0] + ", written for '"
                                    + SnapshotXmlCli.displayName(earlier[1]) + "' in this run");
                }
            }
            BasicFileAttributes own = FileAccess.attributes(output, false);
            if (own != null) {
                if (own.isSymbolicLink()) {
                    throw new SnapshotXmlException(
                            Kind.IO, "not written: " + output + " is a symbolic link, never followed or replaced");
                }
                String input = own.fileKey() == null ? null : inputs.get(own.fileKey());
                if (input != null) {
                    throw new SnapshotXmlException(
                            Kind.IO,
                            "not written: " + output + " is the input '" + input + "' (--in-place rewrites inputs)");
                }
                if (!own.isRegularFile()) {
                    throw new SnapshotXmlException(
                            Kind.IO,
                            "not written: " + output + " is " + FileAccess.kindOf(output) + ", not a regular file");
                }
                if (!force) {
                    throw new SnapshotXmlException(Kind.IO, "not written: " + output + " exists (--force replaces it)");
                }
            }
            FileAccess.writeWhole(
                    output,
                    force ? FileAccess.Replace.EXISTING : FileAccess.Replace.NOTHING,
                    out -> out.write(xml.getBytes(StandardCharsets.UTF_8)));
            BasicFileAttributes now = FileAccess.attributes(output, false);
            if (now != null && now.fileKey() != null) {
                written.put(now.fileKey(), new String[] {output.toString(), file});
            }
        }
    }

    /** @return the name of a file's output in the output directory */
    private static Path outputName(String file) {
        if (file.equals("-")) {
            return Path.of(STDIN_OUTPUT);
        }
        Path name = SnapshotXmlCli.inputPath(file).getFileName();
        if (name == null) {
            throw new SnapshotXmlException(Kind.IO, "not a file: " + file);
        }
        return name;
    }

    /** One line of {@code --json}: a file, what was written, or why it failed. */
    private static String record(String file, String option, Path output, String xml, SnapshotXmlException failure) {
        Json j = new Json().begin().field("file", file);
        if (option != null) {
            j.field("option", option);
        }
        j.field("output", output == null ? null : output.toString()).field("xml", xml);
        return SnapshotXmlCli.error(j, failure).end().toString();
    }
}
