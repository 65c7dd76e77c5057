package io.github.domainsnapshot.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged library as users get it: on the module path and on the class path, with nothing
 * but the JAXB API and runtime beside it.
 */
class PackagedJarIT {
    private static final String REQUEST =
            "<domainsnapshot><name>p</name><disks><disk name='vdz'/></disks></domainsnapshot>";
    private static final String DOMAIN = "<domain type='kvm'><devices><disk type='file'><source file='/img/a'/>"
            + "<target dev='vda'/></disk></devices></domain>";

    static Path libraryJar() {
        return Path.of(System.getProperty("library.jar", "target/domainsnapshot-xml.jar"));
    }

    /** The runtime dependencies: the JAXB API and runtime with what they need, and nothing from the tests. */
    static List<String> jaxbJars() {
        List<String> jars = new ArrayList<>();
        String paths = System.getProperty("java.class.path", "")
                + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        for (String entry : paths.split(File.pathSeparator)) {
            if (entry.isEmpty() || jars.contains(entry)) {
                continue;
            }
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar")
                    && (name.startsWith("jakarta.xml.bind-api")
                            || name.startsWith("jaxb-")
                            || name.startsWith("jakarta.activation")
                            || name.startsWith("angus-activation")
                            || name.startsWith("istack-commons-runtime")
                            || name.startsWith("txw2"))) {
                jars.add(entry);
            }
        }
        return jars;
    }

    static String run(List<String> command, int expectedExit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theModuleExportsOnlyTheApi() {
        ModuleReference ref = ModuleFinder.of(libraryJar()).findAll().iterator().next();
        ModuleDescriptor d = ref.descriptor();
        assertEquals("io.github.domainsnapshot", d.name());
        assertFalse(d.isAutomatic());
        Set<String> exported =
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        "io.github.domainsnapshot",
                        "io.github.domainsnapshot.builder",
                        "io.github.domainsnapshot.codec",
                        "io.github.domainsnapshot.domain",
                        "io.github.domainsnapshot.model",
                        "io.github.domainsnapshot.validation",
                        "io.github.domainsnapshot.xml"),
                exported);
        assertFalse(exported.contains("io.github.domainsnapshot.cli"));
        assertEquals(
                Set.of("jakarta.xml.bind", "java.xml", "java.base"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()),
                "no runtime dependency beyond JAXB");
    }

    @Test
    void worksOnTheModulePath(@TempDir Path dir) throws Exception {
        Path request = Files.writeString(dir.resolve("r.xml"), REQUEST);
        Path domain = Files.writeString(dir.resolve("d.xml"), DOMAIN);
        List<String> path = new ArrayList<>(jaxbJars());
        path.add(0, libraryJar().toString());
        String out = run(
                List.of(
                        java(),
                        "--module-path",
                        String.join(File.pathSeparator, path),
                        "-m",
                        "io.github.domainsnapshot/io.github.domainsnapshot.cli.SnapshotXmlCli",
                        "check",
                        request.toString(),
                        "--state",
                        "running",
                        "--domain",
                        domain.toString()),
                1);
        assertTrue(out.contains("error: no disk named 'vdz' [align.unknown-disk]"), out);
        String formatted = run(
                List.of(
                        java(),
                        "--module-path",
                        String.join(File.pathSeparator, path),
                        "-m",
                        "io.github.domainsnapshot/io.github.domainsnapshot.cli.SnapshotXmlCli",
                        "format",
                        request.toString()),
                0);
        assertEquals(
                "<domainsnapshot>\n  <name>p</name>\n  <disks>\n    <disk name='vdz'/>\n  </disks>\n</domainsnapshot>\n",
                formatted);
    }

    @Test
    void worksOnTheClassPath(@TempDir Path dir) throws Exception {
        Path request = Files.writeString(dir.resolve("r.xml"), REQUEST);
        List<String> path = new ArrayList<>(jaxbJars());
        path.add(0, libraryJar().toString());
        String out = run(
                List.of(
                        java(),
                        "-cp",
                        String.join(File.pathSeparator, path),
                        "io.github.domainsnapshot.cli.SnapshotXmlCli",
                        "check",
                        request.toString(),
                        "--state",
                        "running",
                        "--json"),
                0);
        assertTrue(out.startsWith("{\"file\":"), out);
        assertTrue(out.contains("\"verdict\":\"ok\""), out);
    }

    @Test
    void theCommandLineJarRunsAlone(@TempDir Path dir) throws Exception {
        Path request = Files.writeString(dir.resolve("r.xml"), REQUEST);
        String out = run(
                Arrays.asList(
                        java(),
                        "-jar",
                        System.getProperty("cli.jar", "target/snapshot-xml.jar"),
                        "check",
                        request.toString(),
                        "--state",
                        "shutoff"),
                0);
        assertEquals(request + ": ok: memory=no disks=internal via=qemu-img\n", out);
    }
}
