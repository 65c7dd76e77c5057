package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.ScaledInteger;
import io.github.domainsnapshot.model.Seclabel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The description of the binding that the codec loads is the JAXB runtime's model of the
 * generated classes, and reading and writing need nothing more: no binding context is built.
 */
class BindingDescriptionTest {
    @Test
    void theShippedDescriptionIsTheJaxbRuntimesModel() throws IOException {
        String shipped;
        try (InputStream in = BindingModel.class.getResourceAsStream(BindingModel.RESOURCE)) {
            assertNotNull(in, "the build writes " + BindingModel.RESOURCE + " beside BindingModel");
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(BindingDescriber.describe(), shipped);
    }

    @Test
    void theDescriptionGivesEachClassItsPropertiesInSchemaOrder() {
        BindingModel model = BindingModel.load();
        assertSame(DomainSnapshot.class, model.root().type);
        List<String> names = new ArrayList<>();
        model.root().elements.forEach(e -> names.add(e.name + ":" + e.kind + (e.list ? "*" : "")));
        assertEquals(
                List.of(
                        "name:TEXT",
                        "description:TEXT",
                        "state:TEXT",
                        "parent:MODEL",
                        "creationTime:TEXT",
                        "memory:MODEL",
                        "disks:MODEL",
                        "revertDisks:MODEL",
                        "domain:VERBATIM",
                        "inactiveDomain:VERBATIM",
                        "cookie:VERBATIM",
                        "active:TEXT"),
                names);
        BindingModel.ClassBinding disk = model.binding(DiskSnapshot.class);
        assertEquals(
                List.of("name", "snapshot", "type"),
                disk.attributes.stream().map(a -> a.name).toList());
        assertTrue(model.binding(Seclabel.class).element("label").list);
        assertNotNull(model.binding(ScaledInteger.class).value, "simple content: the text of ExtensibleValue");
        assertEquals(null, model.binding(String.class));
    }

    @Test
    void aDescriptionNamingAMissingFieldIsRefusedWhenLoaded() {
        String bad = "class io.github.domainsnapshot.model.Parent\n"
                + "element name text single io.github.domainsnapshot.model.Parent noSuchField java.lang.String -\n";
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> BindingModel.parse(bad));
        assertTrue(e.getMessage().contains("noSuchField"), e.getMessage());
    }

    /**
     * A fresh process reads and writes a document without loading the JAXB runtime: building its
     * context cost the first document of a process a quarter of a second.
     */
    @Test
    void aFreshProcessReadsAndWritesWithoutTheJaxbRuntime() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Xlog:class+load=info:stdout:tags",
                        "-cp",
                        classPath(),
                        ReadOnce.class.getName(),
                        Xml2XmlTest.dir("in").resolve("all-elements.xml").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("read and written:"), out);
        assertTrue(out.contains("io.github.domainsnapshot.codec.BindingReader"), "the log lists loaded classes");
        assertFalse(out.contains("org.glassfish.jaxb"), "a class of the JAXB runtime was loaded");
        assertFalse(out.contains("jakarta.xml.bind.JAXBContext"), "a JAXB context was built");
    }

    /** The test's classes and the library's, run from the class path. */
    private static String classPath() {
        // surefire runs the tests as a part of the library's module: its classes are on the module path
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        return modules.isEmpty() ? classes : modules + java.io.File.pathSeparator + classes;
    }

    /** The child process of {@link #aFreshProcessReadsAndWritesWithoutTheJaxbRuntime()}. */
    static final class ReadOnce {
        private ReadOnce() {}

        public static void main(String[] args) {
            SnapshotCodec codec = SnapshotCodec.create();
            String xml = codec.write(codec.read(Path.of(args[0])));
            System.out.println("read and written: " + xml.length());
        }
    }
}
