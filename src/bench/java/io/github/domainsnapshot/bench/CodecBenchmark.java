package io.github.domainsnapshot.bench;

import com.ctc.wstx.stax.WstxInputFactory;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The codec against the floors: a bare pass over the same bytes with the JDK's StAX parser
 * ({@link #staxScan}) and with Woodstox, the codec's parser ({@link #woodstoxScan}), then reading,
 * reading (also against libvirt's schema, as the VALIDATE flag asks), reading and writing, and
 * reading, checking and writing.
 *
 * <p>{@code file} names the project's own documents ({@code full-domain}, 5.8 KB, a snapshot
 * with a full domain; {@code disks-heavy}, 1 KB, a request with seven disks) or, with a
 * {@code corpus:} prefix, a file of libvirt's own test data read from
 * {@code ../shared/corpus/libvirt-tests/out} (the corpus is not copied into the project; where
 * it is absent, run with {@code -p file=full-domain,disks-heavy}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    @Param({"full-domain", "disks-heavy", "corpus:memory-snapshot-inactivedomain", "corpus:disk_snapshot"})
    public String file;

    private byte[] bytes;
    private SnapshotCodec codec;
    private SnapshotCodec strict;
    private SnapshotValidator validator;
    private ValidationContext running;
    private XMLInputFactory stax;
    private XMLInputFactory woodstox;

    /** Loads the document and makes the shared objects once, as an application would. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        bytes = load(file);
        codec = SnapshotCodec.create();
        strict = codec.withSchemaValidation(true);
        SnapshotCodec.warmUp();
        validator = SnapshotValidator.create();
        running = ValidationContext.of(DomainState.RUNNING);
        stax = XMLInputFactory.newDefaultFactory();
        stax.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        stax.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        woodstox = woodstoxFactory();
    }

    /**
     * Woodstox as the floors use it ({@link #woodstoxScan}, and {@code CurveBenchmark}'s): its
     * defaults (namespace aware, not coalescing), without DTDs or external entities.
     *
     * @return a new factory
     */
    static XMLInputFactory woodstoxFactory() {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    static byte[] load(String name) throws IOException {
        if (name.startsWith("corpus:")) {
            String base = System.getProperty("shared.corpus", "../shared/corpus");
            Path p = Path.of(base, "libvirt-tests", "out", name.substring("corpus:".length()) + ".xml");
            if (!Files.isRegularFile(p)) {
                throw new IOException(
                        p + " is missing: run with -p file=full-domain,disks-heavy, or -Dshared.corpus=DIR");
            }
            return Files.readAllBytes(p);
        }
        try (InputStream in = CodecBenchmark.class.getResourceAsStream("/bench/" + name + ".xml")) {
            if (in == null) {
                throw new IOException("no benchmark document " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The floor: every event of a bare StAX pass over the bytes, nothing bound. */
    @Benchmark
    public int staxScan() throws XMLStreamException {
        return scan(stax);
    }

    /** The floor of the codec's own parser: every event of a bare Woodstox pass over the bytes. */
    @Benchmark
    public int woodstoxScan() throws XMLStreamException {
        return scan(woodstox);
    }

    private int scan(XMLInputFactory factory) throws XMLStreamException {
        XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
        int events = 0;
        try {
            while (r.hasNext()) {
                events += r.next();
            }
        } finally {
            r.close();
        }
        return events;
    }

    /** Bytes to the model. */
    @Benchmark
    public DomainSnapshot read() {
        return codec.read(new ByteArrayInputStream(bytes));
    }

    /** Bytes to the model, checked against libvirt's schema as the VALIDATE flag asks. */
    @Benchmark
    public DomainSnapshot readValidated() {
        return strict.read(new ByteArrayInputStream(bytes));
    }

    /** Bytes to the model and back to text, as libvirt writes it. */
    @Benchmark
    public String readWrite() {
        return codec.write(codec.read(new ByteArrayInputStream(bytes)));
    }

    /** Bytes to the model, checked for a running domain, and back to text. */
    @Benchmark
    public void readCheckWrite(Blackhole bh) {
        DomainSnapshot s = codec.read(new ByteArrayInputStream(bytes));
        ValidationReport report = validator.validate(s, running);
        bh.consume(report);
        bh.consume(codec.write(s));
    }
}
