package io.github.domainsnapshot.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 8 threads sharing one codec and one validator read, check and write 100 000 documents (the
 * project's, and the shared corpus where it is): every result is the one a single thread gets, and the heap is as small after the last
 * round as after the first.
 */
class SharedInstancesLoadIT {
    private static final int THREADS = 8;
    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 20_000;

    static List<byte[]> documents() throws IOException {
        List<byte[]> docs = new ArrayList<>();
        for (String own : List.of("full-domain", "disks-heavy")) {
            try (InputStream in = SharedInstancesLoadIT.class.getResourceAsStream("/bench/" + own + ".xml")) {
                docs.add(in.readAllBytes());
            }
        }
        // the project's own documents: what libvirt 9.0 stored for its recorded requests
        try (java.util.stream.Stream<Path> s = Files.list(ownDocuments())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                docs.add(Files.readAllBytes(p));
            }
        }
        if (!SharedCorpus.presentFor("SharedInstancesLoadIT over the shared corpus (the project's " + docs.size()
                + " documents still run)")) {
            return docs;
        }
        for (String folder : List.of("libvirt-tests/in", "libvirt-tests/out", "libvirt-real/in", "libvirt-real/out")) {
            for (Path p : SharedCorpus.xmlFiles(folder)) {
                docs.add(Files.readAllBytes(p));
            }
        }
        return docs;
    }

    private static Path ownDocuments() {
        try {
            return Path.of(SharedInstancesLoadIT.class
                    .getResource("/libvirt-oracle/9.0.0/out")
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one document gives: the text written, the verdict and every problem, or the read error. */
    static String outcome(SnapshotCodec codec, SnapshotValidator validator, ValidationContext ctx, byte[] doc) {
        DomainSnapshot s;
        try {
            s = codec.read(new java.io.ByteArrayInputStream(doc));
        } catch (SnapshotXmlException e) {
            return "unreadable: " + e.getMessage();
        }
        ValidationReport report = validator.validate(s, ctx);
        StringBuilder b = new StringBuilder(codec.write(s)).append(report.verdict());
        for (Problem p : report.problems()) {
            b.append('\n').append(p);
        }
        report.aligned().ifPresent(a -> b.append('\n').append(codec.write(a)));
        return b.toString();
    }

    @Test
    void eightThreadsOnSharedInstancesGiveWhatOneGives() throws Exception {
        List<byte[]> docs = documents();
        SnapshotCodec codec = SnapshotCodec.create();
        SnapshotValidator validator = SnapshotValidator.create();
        // a fixed clock: an unnamed snapshot is named after its creation time
        ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                .withClock(
                        java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1700000000), java.time.ZoneOffset.UTC));
        List<String> expected = new ArrayList<>();
        for (byte[] d : docs) {
            expected.add(outcome(SnapshotCodec.create(), SnapshotValidator.create(), ctx, d));
        }
        Runtime runtime = Runtime.getRuntime();
        List<Long> heapAfterRound = new ArrayList<>();
        AtomicInteger checked = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Integer>> jobs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    jobs.add(pool.submit(() -> {
                        int mismatches = 0;
                        for (int i = thread; i < PER_ROUND; i += THREADS) {
                            int k = i % docs.size();
                            if (!expected.get(k).equals(outcome(codec, validator, ctx, docs.get(k)))) {
                                mismatches++;
                            }
                            checked.incrementAndGet();
                        }
                        return mismatches;
                    }));
                }
                for (Future<Integer> f : jobs) {
                    assertEquals(0, f.get(), "results differ from one thread's");
                }
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(50);
                }
                heapAfterRound.add(runtime.totalMemory() - runtime.freeMemory());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ROUNDS * PER_ROUND, checked.get());
        long first = heapAfterRound.get(0);
        long last = heapAfterRound.get(ROUNDS - 1);
        System.out.println("heap after each round (MB): "
                + heapAfterRound.stream().map(h -> h / (1 << 20)).toList() + " over " + docs.size() + " documents");
        assertTrue(last <= first + (16L << 20), "the heap grew from " + first + " to " + last + " bytes");
    }
}
