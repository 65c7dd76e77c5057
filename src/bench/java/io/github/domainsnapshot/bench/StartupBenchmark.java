package io.github.domainsnapshot.bench;

import io.github.domainsnapshot.codec.SnapshotCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a process pays once: building the binding context on the first use of a codec. Each
 * fork is a fresh JVM, and the one measured call is its first.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class StartupBenchmark {
    /** The first codec of the process, ready to read: the JAXB context is built here, once. */
    @Benchmark
    public SnapshotCodec codecCreation() {
        SnapshotCodec.warmUp();
        return SnapshotCodec.create();
    }
}
