package io.github.domainsnapshot.bench;

import io.github.domainsnapshot.codec.SnapshotCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a process pays once, on the first use of a codec: each fork is a fresh JVM, and the one
 * measured call is its first. {@code codecCreation} loads the description of the binding;
 * {@code firstReadWrite} reads and writes the first document of the process (the
 * full-domain document, loaded beforehand), everything it loads and sets up included, as the
 * first row of {@code CurveBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
@State(Scope.Benchmark)
public class StartupBenchmark {
    private byte[] bytes;

    /** Loads the document's bytes, which an application has before it reads them. */
    @Setup
    public void setUp() throws IOException {
        bytes = CodecBenchmark.load("full-domain");
    }

    /** The first codec of the process, ready to read: the binding's description is loaded here, once. */
    @Benchmark
    public SnapshotCodec codecCreation() {
        SnapshotCodec.warmUp();
        return SnapshotCodec.create();
    }

    /** The first document of the process, read and written. */
    @Benchmark
    public String firstReadWrite() {
        SnapshotCodec codec = SnapshotCodec.create();
        return codec.write(codec.read(new ByteArrayInputStream(bytes)));
    }
}
