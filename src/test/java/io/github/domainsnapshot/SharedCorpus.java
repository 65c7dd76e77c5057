package io.github.domainsnapshot;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference corpus in {@code ../shared/corpus}: present in CI and on developers' machines,
 * absent from a user's fresh clone, where tests that need it skip with a message (CI sets
 * {@code CI=true}, and there a missing corpus fails instead of skipping).
 */
public final class SharedCorpus {
    private SharedCorpus() {}

    /** @return the corpus folder, whether or not it exists */
    public static Path root() {
        String configured = System.getProperty("shared.corpus");
        return configured != null
                ? Path.of(configured)
                : Path.of("..", "shared", "corpus").toAbsolutePath().normalize();
    }

    /** Skips the calling test, with a message, when the corpus is absent (fails in CI). */
    public static void assumePresent() {
        boolean present = Files.isDirectory(root());
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the shared corpus is missing at " + root() + " (CI must provide it)");
        }
        assumeTrue(present, "skipped: the shared corpus is not at " + root());
    }

    /**
     * @param folder a folder under the corpus, such as {@code libvirt-tests/out}
     * @return its XML files, sorted; empty when the corpus is absent
     */
    public static List<Path> xmlFiles(String folder) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
