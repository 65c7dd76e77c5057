package io.github.domainsnapshot.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What the codec's and the validator's warm-ups share: the packaged document they work on, and
 * the thread they run on, a daemon (it cannot keep the JVM up) of low priority (the application's
 * own threads come first).
 */
public final class WarmUp {
    private static final String DOCUMENT = "/io/github/domainsnapshot/codec/warm-up.xml";

    private WarmUp() {}

    /** Work done on a warm-up's thread. */
    @FunctionalInterface
    public interface Work {
        /**
         * Does the work.
         *
         * @throws IOException when the packaged document cannot be read
         */
        void run() throws IOException;
    }

    /**
     * Starts the work on a thread of its own.
     *
     * @param threadName the thread's name, which says whose warm-up it is
     * @param work what to do
     * @return completes when the work is over, exceptionally with what it threw
     */
    public static CompletableFuture<Void> start(String threadName, Work work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        work.run();
                        done.complete(null);
                    } catch (IOException | RuntimeException | Error e) {
                        done.completeExceptionally(e);
                    }
                },
                threadName);
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return done;
    }

    /**
     * @return the packaged document: a running domain's snapshot as libvirt writes it, 5.6 KB
     * @throws IOException when it cannot be read
     */
    public static byte[] document() throws IOException {
        try (InputStream in = WarmUp.class.getResourceAsStream(DOCUMENT)) {
            return Objects.requireNonNull(in, DOCUMENT).readAllBytes();
        }
    }
}
