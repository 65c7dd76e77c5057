package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.codec.SnapshotCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link SnapshotValidator#warmUpInBackground()}: after the codec's, once, on its own thread. */
class ValidatorWarmUpTest {
    private static final Duration AT_MOST = Duration.ofMinutes(3);

    @Test
    void itFollowsTheCodecsOnADaemonThreadAndRunsOnce() {
        CompletableFuture<Void> first = SnapshotValidator.warmUpInBackground();
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("domainsnapshot-validator-warm-up"))
                .toList();
        assertTrue(threads.size() == 1 || first.isDone(), "one thread does the work: " + threads);
        for (Thread t : threads) {
            assertTrue(t.isDaemon(), "a daemon thread, which cannot keep the JVM up");
            assertEquals(Thread.MIN_PRIORITY, t.getPriority());
        }
        CompletableFuture<Void> second = SnapshotValidator.warmUpInBackground();
        assertNotSame(first, second, "each caller gets its own view");
        second.cancel(false);
        assertTimeoutPreemptively(AT_MOST, () -> first.join(), "cancelling a view does not stop the warm-up");
        assertFalse(first.isCompletedExceptionally());
        CompletableFuture<Void> codec = SnapshotCodec.warmUpInBackground();
        assertTrue(codec.isDone() && !codec.isCompletedExceptionally(), "the codec's warm-up came first");
        CompletableFuture<Void> after = SnapshotValidator.warmUpInBackground();
        assertTrue(after.isDone() && !after.isCompletedExceptionally(), "done once, not run again");
    }
}
