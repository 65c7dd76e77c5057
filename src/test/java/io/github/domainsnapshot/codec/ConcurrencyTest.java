package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.domainsnapshot.SharedCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One codec shared by 8 threads gives what it gives on one. */
class ConcurrencyTest {
    @Test
    void eightThreadsGiveTheSameResultsAsOne() throws Exception {
        SnapshotCodec codec = SnapshotCodec.create();
        List<String> docs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Xml2XmlTest.dir("in"))) {
            for (Path p : s.sorted().toList()) {
                docs.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        if (SharedCorpus.presentFor(
                "ConcurrencyTest over libvirt's documents of the shared corpus" + " (the project's own still run)")) {
            for (Path p : SharedCorpus.xmlFiles("libvirt-tests/out")) {
                docs.add(read(p));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String d : docs) {
            expected.add(codec.write(codec.read(d)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                Callable<List<String>> job = () -> {
                    start.await();
                    List<String> out = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < docs.size(); i++) {
                            int k = (i + offset) % docs.size();
                            String w = codec.withSchemaValidation(
                                            round % 2 == 1 && !docs.get(k).contains("future"))
                                    .write(codec.read(docs.get(k)));
                            if (round == 49) {
                                out.add(k + ":" + w);
                            }
                        }
                    }
                    return out;
                };
                results.add(pool.submit(job));
            }
            start.countDown();
            for (Future<List<String>> f : results) {
                for (String r : f.get()) {
                    int k = Integer.parseInt(r.substring(0, r.indexOf(':')));
                    assertEquals(expected.get(k), r.substring(r.indexOf(':') + 1));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
