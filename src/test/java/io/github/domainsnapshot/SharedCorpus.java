package io.github.domainsnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference corpus in {@code ../shared/corpus} (or where {@code -Dshared.corpus=DIR} says):
 * present in CI and on developers' machines, absent from a user's fresh clone, where the tests that
 * need it skip, one line on the console per group of them ({@link Skips}; CI sets {@code CI=true},
 * and there a missing corpus fails instead of skipping).
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

    /** @return why the corpus cannot be used, or null when it is there */
    static String missing() {
        return Files.isDirectory(root())
                ? null
                : "the shared corpus is not at " + root() + " (../shared/corpus, or -Dshared.corpus=DIR)";
    }

    /**
     * Skips the calling test where the corpus is absent (fails in CI); the first test of the group
     * to skip says so on the console.
     *
     * @param group the tests that skip, for people: their class and what they do
     */
    public static void assumePresent(String group) {
        Skips.whereMissing(group, missing());
    }

    /**
     * For a test that also runs without the corpus: whether the part that needs it runs; where it
     * does not, the first test of the group says so on the console (fails in CI).
     *
     * @param group the part left out, for people
     * @return whether the corpus is there
     */
    public static boolean presentFor(String group) {
        return Skips.partRuns(group, missing());
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
