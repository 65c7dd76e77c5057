package io.github.domainsnapshot.bench;

import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading documents of 1 to 10,000 disks: the time per document divided by {@code disks} stays
 * flat when reading is linear in the input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalingBenchmark {
    @Param({"1", "10", "100", "1000", "10000"})
    public int disks;

    private byte[] bytes;
    private SnapshotCodec codec;

    /** A request naming every disk, each with an overlay file and a format, as libvirt writes it. */
    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder b = new StringBuilder("<domainsnapshot>\n  <name>scaling</name>\n  <disks>\n");
        for (int i = 0; i < disks; i++) {
            b.append("    <disk name='vd")
                    .append(i)
                    .append("' snapshot='external' type='file'>\n")
                    .append("      <driver type='qcow2'/>\n")
                    .append("      <source file='/var/lib/libvirt/images/vm-disk")
                    .append(i)
                    .append(".overlay.qcow2'/>\n")
                    .append("    </disk>\n");
        }
        bytes = b.append("  </disks>\n</domainsnapshot>\n").toString().getBytes(StandardCharsets.UTF_8);
        codec = SnapshotCodec.create();
        SnapshotCodec.warmUp();
    }

    /** Bytes to the model. */
    @Benchmark
    public DomainSnapshot read() {
        return codec.read(new ByteArrayInputStream(bytes));
    }

    /** Bytes to the model and back to text. */
    @Benchmark
    public String readWrite() {
        return codec.write(codec.read(new ByteArrayInputStream(bytes)));
    }
}
