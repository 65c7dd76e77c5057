package io.github.domainsnapshot.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.codec.SnapshotDocument;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of reading and checking: whatever the bytes, nothing but a
 * {@link SnapshotXmlException} or a validation report comes out, and what is read is written and
 * read back to an equal model and the same text. {@link ModelFuzzIT} fuzzes models built in code.
 *
 * <p>Each input has a time limit: work linear in a few kilobytes takes milliseconds, so an input
 * that takes seconds is a finding.
 *
 * <p>{@code mvn verify} replays the kept inputs ({@code SnapshotFuzzITInputs/} beside this class
 * in the test resources) and then fuzzes for the {@code maxDuration} below, in a JVM capped at
 * 1 GiB so that unbounded allocation is a finding. For a longer run by hand, raise
 * {@code maxDuration} and run {@code mvn verify -Dit.test=SnapshotFuzzIT}; Jazzer keeps what it
 * learns in {@code .cifuzz-corpus/}, and inputs worth replaying go to the inputs folder.
 */
class SnapshotFuzzIT {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();
    private static final ValidationContext[] CONTEXTS = {
        ValidationContext.of(DomainState.RUNNING),
        ValidationContext.of(DomainState.SHUTOFF).withFlags(CreateFlag.DISK_ONLY),
        ValidationContext.empty().withFlags(CreateFlag.REDEFINE, CreateFlag.CURRENT)
    };

    /** Longer than any input should take by far: linear work on a few kilobytes. */
    private static final long INPUT_LIMIT_NANOS = 2_000_000_000L;

    static {
        // the one-time work (the binding, loading and instrumenting the classes) is not an input's:
        // done before the first input is timed
        SnapshotCodec.warmUp();
        readCheckWriteOnce(new byte[0]);
        readCheckWriteOnce(("<domainsnapshot><name>s</name><memory snapshot='no'/><disks><disk name='vda'"
                        + " snapshot='external'><source file='/a'/></disk></disks></domainsnapshot>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // per input: libFuzzer's -timeout while fuzzing (JUnit's own timeout is off in that run), and
    // JUnit's for each kept input replayed
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "30s")
    void readCheckWrite(byte[] data) {
        long start = System.nanoTime();
        try {
            readCheckWriteOnce(data);
        } finally {
            long took = System.nanoTime() - start;
            if (took > INPUT_LIMIT_NANOS) {
                throw new IllegalStateException(
                        "an input of " + data.length + " bytes took " + took / 1_000_000 + " ms");
            }
        }
    }

    private static void readCheckWriteOnce(byte[] data) {
        SnapshotDocument document;
        try {
            document = CODEC.readDocument(new ByteArrayInputStream(data));
        } catch (SnapshotXmlException expected) {
            if (expected.getReason() == null || expected.getReason().isEmpty()) {
                throw new IllegalStateException("an error without a message", expected);
            }
            return;
        }
        for (ValidationContext ctx : CONTEXTS) {
            ValidationReport report = VALIDATOR.validate(document, ctx);
            report.aligned().ifPresent(CODEC::write);
        }
        String written = CODEC.write(document.snapshot());
        DomainSnapshot again = CODEC.read(written);
        if (!document.snapshot().equals(again)) {
            throw new IllegalStateException(
                    "read, written and read again, not equal:\n" + document.snapshot() + "\n" + again + "\n" + written);
        }
        String rewritten = CODEC.write(again);
        if (!written.equals(rewritten)) {
            throw new IllegalStateException("writing is not a fixed point:\n" + written + "\n---\n" + rewritten);
        }
    }
}
