package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.WarmUpAssertions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link SnapshotCodec#warmUpInBackground()}: once per process, on its own thread, to the end. */
class WarmUpTest {
    @Test
    void theWarmUpDocumentIsWrittenBackAsItCame() throws IOException {
        String document;
        try (InputStream in = SnapshotCodec.class.getResourceAsStream("warm-up.xml")) {
            assertTrue(in != null, "the warm-up document is packaged beside the codec");
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SnapshotCodec codec = SnapshotCodec.create();
        assertEquals(document, codec.write(codec.read(document)), "a document libvirt wrote, read and written back");
        assertFalse(codec.read(document).getDomain().getChildren().isEmpty(), "the domain is read, not skipped");
        assertEquals(
                document,
                codec.write(codec.withSchemaValidation(true).read(document)),
                "libvirt's schema takes it: the warm-up runs the code real documents run");
    }

    @Test
    void itRunsOnceOnADaemonThreadAndEveryCallSeesItsEnd() {
        WarmUpAssertions.runsOnceInTheBackground(
                SnapshotCodec::warmUpInBackground, "domainsnapshot-warm-up", Duration.ofMinutes(2));
    }
}
