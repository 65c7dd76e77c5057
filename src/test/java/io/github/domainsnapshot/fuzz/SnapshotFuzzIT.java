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

/**
 * Coverage-guided fuzzing (Jazzer) of reading and checking: whatever the bytes, nothing but a
 * {@link SnapshotXmlException} or a validation report comes out, and what is read is written and
 * read back to the same text.
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

    @FuzzTest(maxDuration = "30s")
    void readCheckWrite(byte[] data) {
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
        String rewritten = CODEC.write(again);
        if (!written.equals(rewritten)) {
            throw new IllegalStateException("writing is not a fixed point:\n" + written + "\n---\n" + rewritten);
        }
    }
}
