package io.github.domainsnapshot.bench;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.CreationTime;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * flat when reading is linear in the input. And the shapes that once were not linear ({@link
 * Shape}), each at sizes a factor of 4 apart: the time divided by {@code size} stays flat.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalingBenchmark {
    /** A request naming every disk, each with an overlay file and a format, as libvirt writes it. */
    @State(Scope.Benchmark)
    public static class Disks {
        @Param({"1", "10", "100", "1000", "10000"})
        public int disks;

        private byte[] bytes;
        private SnapshotCodec codec;

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
    }

    /** Bytes to the model. */
    @Benchmark
    public DomainSnapshot read(Disks d) {
        return d.codec.read(new ByteArrayInputStream(d.bytes));
    }

    /** Bytes to the model and back to text. */
    @Benchmark
    public String readWrite(Disks d) {
        return d.codec.write(d.codec.read(new ByteArrayInputStream(d.bytes)));
    }

    /**
     * Shapes that once cost more than linear time, each at three sizes: {@code size} counts the
     * shape's unit (500 characters of one value checked against the schema's pattern, 1,000
     * digits of a size, elements using a prefix among 200,000 in scope, disks of a domain,
     * snapshots of a chain).
     */
    @State(Scope.Benchmark)
    public static class Shape {
        @Param({"schemaValue", "sizeDigits", "prefixesInScope", "domainDisks", "snapshotChain"})
        public String shape;

        @Param({"1000", "4000", "16000"})
        public int size;

        private SnapshotCodec codec;
        private String xml;
        private XmlElement domain;
        private List<DomainSnapshot> chain;
        private final SnapshotValidator validator = SnapshotValidator.create();

        @Setup(Level.Trial)
        public void setUp() {
            codec = SnapshotCodec.create();
            SnapshotCodec.warmUp();
            switch (shape) {
                case "schemaValue" -> {
                    codec = codec.withSchemaValidation(true);
                    xml = "<domainsnapshot><memory snapshot='external' file='/" + "v".repeat(size * 500)
                            + "'/></domainsnapshot>";
                }
                case "sizeDigits" ->
                    xml = "<domainsnapshot><disks><disk name='vda' snapshot='external'><driver type='qcow2'>"
                            + "<metadata_cache><max_size>" + "9".repeat(size * 1000)
                            + "</max_size></metadata_cache></driver></disk></disks></domainsnapshot>";
                case "prefixesInScope" -> {
                    StringBuilder b = new StringBuilder("<domainsnapshot><domain type='kvm'>");
                    for (int d = 0; d < 200; d++) {
                        b.append("<e");
                        for (int p = 0; p < 1000; p++) {
                            b.append(" xmlns:p")
                                    .append(d)
                                    .append('_')
                                    .append(p)
                                    .append("='urn:")
                                    .append(p)
                                    .append('\'');
                        }
                        b.append('>');
                    }
                    xml = b.append("<p0_0:x/>".repeat(size))
                            .append("</e>".repeat(200))
                            .append("</domain></domainsnapshot>")
                            .toString();
                }
                case "domainDisks" -> {
                    StringBuilder d = new StringBuilder("<domain type='kvm'><name>vm</name><devices>");
                    StringBuilder r = new StringBuilder("<domainsnapshot><disks>");
                    for (int i = 0; i < size; i++) {
                        String dev = "vd" + letters(i);
                        d.append("<disk type='file' device='disk'><source file='/img/")
                                .append(dev)
                                .append(".qcow2'/><target dev='")
                                .append(dev)
                                .append("' bus='virtio'/></disk>");
                        r.append("<disk name='").append(dev).append("' snapshot='external'/>");
                    }
                    domain = codec.readElement(d.append("</devices></domain>").toString());
                    xml = r.append("</disks></domainsnapshot>").toString();
                }
                case "snapshotChain" -> {
                    chain = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        DomainSnapshot s = new DomainSnapshot();
                        s.setName("s" + i);
                        s.setState(SnapshotState.SHUTOFF);
                        s.setCreationTime(CreationTime.ofEpochSecond(1_000_000 + i));
                        if (i > 0) {
                            s.setParentName("s" + (i - 1));
                        }
                        chain.add(s);
                    }
                }
                default -> throw new IllegalArgumentException(shape);
            }
        }

        private static String letters(int index) {
            StringBuilder s = new StringBuilder();
            for (int i = index + 1; i > 0; i = (i - 1) / 26) {
                s.insert(0, (char) ('a' + (i - 1) % 26));
            }
            return s.toString();
        }

        Object run() {
            return switch (shape) {
                case "schemaValue" -> codec.read(xml);
                case "sizeDigits" -> validator.check(xml, ValidationContext.of(DomainState.RUNNING));
                case "prefixesInScope" -> codec.write(codec.read(xml));
                case "domainDisks" ->
                    validator.check(
                            xml,
                            ValidationContext.of(DomainState.RUNNING)
                                    .withFlags(CreateFlag.DISK_ONLY)
                                    .withDomain(domain));
                case "snapshotChain" -> SnapshotTree.of(chain).redefinePlan();
                default -> throw new IllegalArgumentException(shape);
            };
        }
    }

    /** One shape at one size: divided by {@code size}, flat from size to size when linear. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public Object hostileShape(Shape shape) {
        return shape.run();
    }
}
