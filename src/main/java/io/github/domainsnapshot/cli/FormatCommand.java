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
import java.util.LinkedHashMap;
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
        Arguments a = Arguments.parse(args, Set.of("--output-dir"), Set.of("--json"));
        if (a.has("--help")) {
            stdout.print(SnapshotXmlCli.helpFor("format"));
            return SnapshotXmlCli.OK;
        }
        List<String> files = a.filesReadingStandardInputOnce();
        if (files.isEmpty()) {
            throw new Arguments.UsageException("at least one FILE is needed ('-' for standard input)");
        }
        boolean json = a.has("--json");
        Path outputDir = a.value("--output-dir").isPresent()
                ? Arguments.path("--output-dir", a.value("--output-dir").get())
                : null;
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
        }
        SnapshotCodec codec = SnapshotCodec.create();
        Map<Path, String> written = new LinkedHashMap<>();
        int code = SnapshotXmlCli.OK;
        for (String file : files) {
            String xml = null;
            Path output = null;
            SnapshotXmlException failure = null;
            try {
                DomainSnapshot snapshot =
                        file.equals("-") ? codec.read(stdin) : codec.read(SnapshotXmlCli.inputPath(file));
                xml = codec.write(snapshot);
                if (outputDir != null) {
                    output = outputDir.resolve(outputName(file));
                    write(output, xml, written);
                    written.put(output, file);
                }
            } catch (SnapshotXmlException e) {
                failure = e;
                output = null;
            }
            String name = SnapshotXmlCli.displayName(file);
            if (json) {
                stdout.println(record(name, null, output, outputDir == null ? xml : null, failure));
            } else if (failure != null) {
                stderr.println(SnapshotXmlCli.located(name, failure));
            } else if (outputDir == null) {
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
        Map<Path, String> inputFor = new LinkedHashMap<>();
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

    /**
     * Writes an output, unless it is a file already written in this run under another name (a
     * file system that ignores case, a link): that one would be lost.
     */
    private static void write(Path output, String xml, Map<Path, String> written) {
        for (Map.Entry<Path, String> earlier : written.entrySet()) {
            if (sameFile(earlier.getKey(), output)) {
                throw new SnapshotXmlException(
                        Kind.IO,
                        "not written: " + output + " is " + earlier.getKey() + ", written for '"
                                + SnapshotXmlCli.displayName(earlier.getValue()) + "' in this run");
            }
        }
        try {
            Files.writeString(output, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SnapshotXmlException(Kind.IO, "cannot write " + output + ": " + e.getMessage(), -1, -1, null, e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
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
