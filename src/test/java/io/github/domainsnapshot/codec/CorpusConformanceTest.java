package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * libvirt's own output read and written back byte for byte, and libvirt's inputs read, written
 * and read again to an equal model, over {@code ../shared/corpus}.
 */
class CorpusConformanceTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final String GROUP =
            "CorpusConformanceTest (libvirt's documents of the shared corpus read, written back, refused)";

    /** Inputs that libvirt itself refuses: they must still read, as the codec is lenient. */
    private static final Set<String> SCHEMA_INVALID = Set.of("disk-invalid.xml", "disk-network-seclabel-invalid.xml");

    @TestFactory
    Stream<DynamicTest> libvirtOutputIsAFixedPoint() {
        SharedCorpus.assumePresent(GROUP);
        List<Path> files = Stream.concat(
                        SharedCorpus.xmlFiles("libvirt-tests/out").stream(),
                        SharedCorpus.xmlFiles("libvirt-real/out").stream())
                .toList();
        assertFalse(files.isEmpty(), "no out/ files in the corpus");
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(label(f), () -> {
                    String original = Files.readString(f, StandardCharsets.UTF_8);
                    assertEquals(original, CODEC.write(CODEC.read(f)));
                }));
    }

    @TestFactory
    Stream<DynamicTest> libvirtInputRereadsToAnEqualModel() {
        SharedCorpus.assumePresent(GROUP);
        List<Path> files = Stream.concat(
                        SharedCorpus.xmlFiles("libvirt-tests/in").stream(),
                        SharedCorpus.xmlFiles("libvirt-real/in").stream())
                .filter(f -> !f.getFileName().toString().equals("bad-malformed.xml")
                        && !f.getFileName().toString().equals("bad-root.xml"))
                .toList();
        assertFalse(files.isEmpty(), "no in/ files in the corpus");
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(label(f), () -> {
                    DomainSnapshot first = CODEC.read(f);
                    String written = CODEC.write(first);
                    DomainSnapshot second = CODEC.read(written);
                    ModelAssertions.assertModelEquals(first, second);
                    assertEquals(written, CODEC.write(second), "writing is not a fixed point");
                }));
    }

    @TestFactory
    Stream<DynamicTest> inputsLibvirtCannotParseFailWithALocation() throws IOException {
        SharedCorpus.assumePresent(GROUP);
        return Stream.of("libvirt-real/in/bad-malformed.xml", "libvirt-real/in/bad-root.xml")
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    SnapshotXmlException e = assertThrows(
                            SnapshotXmlException.class,
                            () -> CODEC.read(SharedCorpus.root().resolve(name)));
                    assertFalse(e.getLine() < 1, "no line in " + e.getMessage());
                }));
    }

    @TestFactory
    Stream<DynamicTest> schemaInvalidInputsAreRefusedWhenValidating() {
        SharedCorpus.assumePresent(GROUP);
        SnapshotCodec strict = CODEC.withSchemaValidation(true);
        return SCHEMA_INVALID.stream()
                .sorted()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    Path f = SharedCorpus.root().resolve("libvirt-tests/in").resolve(name);
                    CODEC.read(f);
                    SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> strict.read(f));
                    assertFalse(e.getLine() < 1, "no line in " + e.getMessage());
                }));
    }

    private static String label(Path f) {
        return f.getParent().getParent().getFileName() + "/" + f.getParent().getFileName() + "/" + f.getFileName();
    }
}
