package io.github.domainsnapshot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need more than the project (the shared corpus in {@code ../shared}, libvirt, QEMU,
 * xmllint) skip where it is absent, as in a user's clone, and say so on the console: one line per
 * group of tests, {@code [skipped] GROUP: WHY}, printed by the first test of the group that skips,
 * not one per test. In CI ({@code CI=true}), where {@code .ci/run} provides all of it, a missing
 * prerequisite fails the test instead.
 */
public final class Skips {
    /** The groups announced in this JVM. */
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private Skips() {}

    /**
     * Skips the calling test (from {@code @BeforeAll}, its whole class) where something it needs is
     * missing.
     *
     * @param group what is skipped, for people: the test class, and what its tests do
     * @param missing what is missing and where it was looked for, or null when nothing is
     */
    public static void whereMissing(String group, String missing) {
        if (missing == null) {
            return;
        }
        failInCi(group, missing);
        announce(group, missing);
        Assumptions.abort(group + ": " + missing);
    }

    /**
     * Notes that part of a test, the group, does not run where something is missing, while the rest
     * of the test does.
     *
     * @param group what is left out
     * @param missing what is missing, or null when nothing is
     * @return whether the group runs: nothing is missing
     */
    public static boolean partRuns(String group, String missing) {
        if (missing == null) {
            return true;
        }
        failInCi(group, missing);
        announce(group, missing);
        return false;
    }

    /** @return whether this is CI, where nothing may be skipped */
    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    private static void failInCi(String group, String missing) {
        if (inCi()) {
            throw new AssertionError(
                    group + " must run in CI (CI=true), where .ci/run provides what it needs: " + missing);
        }
    }

    private static void announce(String group, String missing) {
        if (ANNOUNCED.add(group)) {
            // one line, even where the reason is an exception's message of many (JNA's, for one)
            String firstLine = missing.lines().findFirst().orElse("").strip();
            if (!firstLine.equals(missing.strip())) {
                firstLine =
                        (firstLine.endsWith(":") ? firstLine.substring(0, firstLine.length() - 1) : firstLine) + " ...";
            }
            System.out.println("[skipped] " + group + ": " + firstLine);
        }
    }
}
