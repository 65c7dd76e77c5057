package io.github.domainsnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What each {@code warmUpInBackground()} promises: one daemon thread of minimum priority does
 * the work; each call gets its own view, and cancelling one does not stop the work; it ends
 * normally, and a call after its end finds it done, not run again.
 */
public final class WarmUpAssertions {
    private WarmUpAssertions() {}

    /**
     * @param warmUp the method under test
     * @param threadName the name of the thread it starts
     * @param atMost how long the warm-up may take, a guard against a hang, not a speed target
     */
    public static void runsOnceInTheBackground(
            Supplier<CompletableFuture<Void>> warmUp, String threadName, Duration atMost) {
        CompletableFuture<Void> first = warmUp.get();
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(threadName))
                .toList();
        assertTrue(threads.size() == 1 || first.isDone(), "one thread does the work: " + threads);
        for (Thread t : threads) {
            assertTrue(t.isDaemon(), "a daemon thread, which cannot keep the JVM up");
            assertEquals(Thread.MIN_PRIORITY, t.getPriority());
        }
        CompletableFuture<Void> second = warmUp.get();
        assertNotSame(first, second, "each caller gets its own view");
        second.cancel(false);
        assertTimeoutPreemptively(atMost, () -> first.join(), "cancelling a view does not stop the warm-up");
        assertFalse(first.isCompletedExceptionally());
        CompletableFuture<Void> after = warmUp.get();
        assertTrue(after.isDone() && !after.isCompletedExceptionally(), "done once, not run again");
    }
}
