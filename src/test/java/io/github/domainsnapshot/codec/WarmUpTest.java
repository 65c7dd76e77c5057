package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link SnapshotCodec#warmUpInBackground()}: once per process, on its own thread, to the end. */
class WarmUpTest {
    private static final Duration AT_MOST = Duration.ofMinutes(2);

    @Test
    void theWarmUpDocumentIsWrittenBackAsItCame() throws IOException {
        String document;
        try (InputStream in = SnapshotCodec.class.getResourceAsStream("warm-up.xml")) {
            assertTrue(in != null, "the warm-up document is packaged beside the codec");
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SnapshotCodec codec = SnapshotCodec.create();
        assertEquals(document, codec.write(codec.read(document)), "a document libvirt wrote, read and written back");
        assertFalse(codec.read(document).getDomain().getChildren().isEmpty(), "the domain is read, not skipped");
        assertEquals(
                document,
                codec.write(codec.withSchemaValidation(true).read(document)),
                "libvirt's schema takes it: the warm-up runs the code real documents run");
    }

    @Test
    void itRunsOnceOnADaemonThreadAndEveryCallSeesItsEnd() {
        CompletableFuture<Void> first = SnapshotCodec.warmUpInBackground();
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("domainsnapshot-warm-up"))
                .toList();
        assertTrue(threads.size() == 1 || first.isDone(), "one thread does the work: " + threads);
        for (Thread t : threads) {
            assertTrue(t.isDaemon(), "a daemon thread, which cannot keep the JVM up");
            assertEquals(Thread.MIN_PRIORITY, t.getPriority());
        }
        CompletableFuture<Void> second = SnapshotCodec.warmUpInBackground();
        assertNotSame(first, second, "each caller gets its own view");
        second.cancel(false);
        assertTimeoutPreemptively(AT_MOST, () -> first.join(), "cancelling a view does not stop the warm-up");
        assertFalse(first.isCompletedExceptionally());
        CompletableFuture<Void> after = SnapshotCodec.warmUpInBackground();
        assertTrue(after.isDone() && !after.isCompletedExceptionally(), "done once, not run again");
    }
}
