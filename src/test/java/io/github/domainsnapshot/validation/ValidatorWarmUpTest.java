package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.WarmUpAssertions;
import io.github.domainsnapshot.codec.SnapshotCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link SnapshotValidator#warmUpInBackground()}: after the codec's, once, on its own thread. */
class ValidatorWarmUpTest {
    @Test
    void itFollowsTheCodecsOnADaemonThreadAndRunsOnce() {
        WarmUpAssertions.runsOnceInTheBackground(
                SnapshotValidator::warmUpInBackground, "domainsnapshot-validator-warm-up", Duration.ofMinutes(3));
        CompletableFuture<Void> codec = SnapshotCodec.warmUpInBackground();
        assertTrue(codec.isDone() && !codec.isCompletedExceptionally(), "the codec's warm-up came first");
    }
}
