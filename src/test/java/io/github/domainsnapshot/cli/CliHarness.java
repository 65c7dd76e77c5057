package io.github.domainsnapshot.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the command line in this process, as its {@code main} would, on standard streams of the
 * test's choosing, and keeps what it printed on standard output and error until {@link #reset()}.
 */
final class CliHarness {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** @return the exit code, with stdin as standard input */
    int run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** @return the exit code */
    int run(InputStream stdin, String... args) {
        return run(stdin, stdout(), args);
    }

    /** @return the exit code, with stdout as standard output (one that fails, say) */
    int run(InputStream stdin, PrintStream stdout, String... args) {
        return new SnapshotXmlCli(stdin, stdout, new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    /** @return a standard output that is kept here */
    PrintStream stdout() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    /** @return what was printed on standard output since the last reset */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return what was printed on standard error since the last reset */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was printed. */
    void reset() {
        out.reset();
        err.reset();
    }

    /**
     * Writes a file, making its folders.
     *
     * @return the file
     */
    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
