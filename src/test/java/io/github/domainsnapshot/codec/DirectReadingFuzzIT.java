package io.github.domainsnapshot.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.domainsnapshot.SnapshotXmlException;

/**
 * Coverage-guided fuzzing (Jazzer) of the direct reader against the reference path: whatever
 * bytes the direct reader takes, the StAX and JAXB path takes too, with the same model, the same
 * locations and the same written form. Inputs worth replaying are kept in
 * {@code DirectReadingFuzzITInputs/} beside this class in the test resources.
 */
class DirectReadingFuzzIT {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    @FuzzTest(maxDuration = "20s")
    void directAgreesWithReference(byte[] data) {
        SnapshotDocument direct = SnapshotCodec.readDirect(data);
        if (direct == null) {
            return;
        }
        SnapshotDocument reference;
        try {
            reference = CODEC.readReference(data);
        } catch (SnapshotXmlException e) {
            throw new IllegalStateException("read directly, but the reference path refuses it: " + e.getMessage(), e);
        }
        String written = CODEC.write(reference.snapshot());
        // written first while deferred elements are as read, then again once comparing built them
        if (!written.equals(CODEC.write(direct.snapshot()))) {
            throw new IllegalStateException("written forms differ");
        }
        ModelAssertions.buildOneLevel(direct.snapshot().getDomain());
        if (!written.equals(CODEC.write(direct.snapshot()))) {
            throw new IllegalStateException("written forms differ once partly built");
        }
        ModelAssertions.assertModelEquals(reference.snapshot(), direct.snapshot());
        if (!reference.locations().equals(direct.locations())) {
            throw new IllegalStateException("locations differ: " + reference.locations() + " vs " + direct.locations());
        }
        if (!written.equals(CODEC.write(direct.snapshot()))) {
            throw new IllegalStateException("written forms differ once built");
        }
    }
}
