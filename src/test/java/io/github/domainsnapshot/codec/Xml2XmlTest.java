package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The project's own cases: in/X.xml must be written exactly as out/X.xml, itself a fixed point. */
class Xml2XmlTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    static Path dir(String name) {
        try {
            return Path.of(Xml2XmlTest.class.getResource("/xml2xml/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> inputIsWrittenAsExpected() throws IOException {
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir("in"))) {
            inputs = s.sorted().toList();
        }
        assertTrue(inputs.size() >= 5, "cases missing");
        return inputs.stream()
                .map(in -> DynamicTest.dynamicTest(in.getFileName().toString(), () -> {
                    Path out = dir("out").resolve(in.getFileName());
                    String expected = Files.readString(out, StandardCharsets.UTF_8);
                    DomainSnapshot first = CODEC.read(in);
                    assertEquals(expected, CODEC.write(first));
                    DomainSnapshot second = CODEC.read(expected);
                    assertEquals(expected, CODEC.write(second), "out/ is not a fixed point");
                    ModelAssertions.assertModelEquals(first, second);
                }));
    }
}
