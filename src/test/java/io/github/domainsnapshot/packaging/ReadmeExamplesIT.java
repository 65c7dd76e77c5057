package io.github.domainsnapshot.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.libvirt.LibvirtTestDriver;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples, each a whole program with only the imports it shows, compiled
 * against the packaged library and run, so that they never rot and a reader can copy one as it
 * stands.
 */
class ReadmeExamplesIT {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    /** The README's Java blocks; those of the libvirt-java bridge, or all the others. */
    static List<String> javaBlocks(boolean bridge) throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            if (m.group(1).contains("LibvirtBridge") == bridge) {
                blocks.add(m.group(1));
            }
        }
        return blocks;
    }

    /** Writes each block to a file named after its class, and compiles them one by one. */
    private static List<String> compileEach(List<String> blocks, Path dir, String classPath) throws Exception {
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        List<String> classes = new ArrayList<>();
        for (String block : blocks) {
            Matcher name = CLASS_NAME.matcher(block);
            assertTrue(name.find(), "a README example is a whole program (public class ...):\n" + block);
            assertTrue(block.startsWith("import "), "a README example shows its imports:\n" + block);
            Path src = Files.writeString(dir.resolve(name.group(1) + ".java"), block);
            String compiled = PackagedJarIT.run(
                    List.of(javac, "-Xlint:all", "-Werror", "-cp", classPath, "-d", dir.toString(), src.toString()), 0);
            assertEquals("", compiled, name.group(1) + " compiles with its own imports, without a warning");
            classes.add(name.group(1));
        }
        return classes;
    }

    private static String runIn(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void compileAndRun(@TempDir Path dir) throws Exception {
        List<String> blocks = javaBlocks(false);
        assertTrue(blocks.size() >= 3, "the README shows the codec, the validator and the builders");
        Files.writeString(
                dir.resolve("snapshot.xml"),
                "<domainsnapshot><name>s</name><state>running</state><creationTime>1700000000</creationTime>"
                        + "<domain type='kvm'><name>vm</name>"
                        + "<devices><disk type='file'><source file='/img/vm.qcow2'/><target dev='vda'/></disk></devices>"
                        + "</domain></domainsnapshot>");
        Files.writeString(
                dir.resolve("domain.xml"),
                "<domain type='kvm'><name>vm</name><devices><disk type='file' device='disk'>"
                        + "<driver name='qemu' type='qcow2'/><source file='/img/vm.qcow2'/>"
                        + "<target dev='vda' bus='virtio'/></disk></devices></domain>");
        Files.writeString(
                dir.resolve("request.xml"),
                "<domainsnapshot><name>r</name><disks>"
                        + "<disk name='vda'><source file='/img/vm.r'/></disk></disks></domainsnapshot>");

        List<String> path = new ArrayList<>(PackagedJarIT.jaxbJars());
        path.add(0, PackagedJarIT.libraryJar().toString());
        String classPath = String.join(File.pathSeparator, path);
        StringBuilder out = new StringBuilder();
        for (String name : compileEach(blocks, dir, classPath)) {
            out.append(runIn(dir, List.of(PackagedJarIT.java(), "-cp", dir + File.pathSeparator + classPath, name)));
        }
        String all = out.toString();
        assertTrue(all.contains("s was taken while running"), all);
        assertTrue(all.contains("vda /img/vm.qcow2"), all);
        assertTrue(all.contains("before the upgrade &lt;v2&gt;"), all);
        assertTrue(all.contains("OK"), all);
        assertTrue(all.contains("vda external via transaction"), all);
        assertTrue(all.contains("kernel 6.1 -&gt; 6.6 &lt;as planned&gt;"), all);
        assertTrue(all.contains("[REDEFINE, CURRENT] s"), all);
    }

    /** libvirt-java and the JNA it needs, from this test's own path. */
    static List<String> libvirtJavaJars() {
        List<String> jars = new ArrayList<>();
        String paths = System.getProperty("java.class.path", "")
                + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        for (String entry : paths.split(File.pathSeparator)) {
            String name = entry.isEmpty() ? "" : Path.of(entry).getFileName().toString();
            if ((name.startsWith("libvirt-") || name.startsWith("jna-"))
                    && name.endsWith(".jar")
                    && !jars.contains(entry)) {
                jars.add(entry);
            }
        }
        return jars;
    }

    /**
     * The bridge's example, run against libvirt's in-process test driver: each {@code Connect}
     * URI of the README stands for a host, here a private test driver state with the guest {@code vm}.
     */
    @Test
    void theLibvirtJavaExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        LibvirtTestDriver.assumeAvailable();
        List<String> blocks = javaBlocks(true);
        assertEquals(1, blocks.size(), "the README shows the bridge once");
        Path host = Files.writeString(dir.resolve("host.xml"), "<node>\n" + LibvirtTestDriver.DOMAIN_XML + "</node>\n");
        Path otherHost = Files.writeString(
                dir.resolve("other-host.xml"), "<node>\n" + LibvirtTestDriver.DOMAIN_XML + "</node>\n");
        String body = blocks.get(0)
                .replace("\"qemu:///system\"", "\"test://" + host + "\"")
                .replace("\"qemu+ssh://other-host/system\"", "\"test://" + otherHost + "\"");
        assertTrue(body.contains("test://" + otherHost), "the example connects to two hosts");
        List<String> path = new ArrayList<>(PackagedJarIT.jaxbJars());
        path.add(0, PackagedJarIT.libraryJar().toString());
        path.addAll(libvirtJavaJars());
        String classPath = String.join(File.pathSeparator, path);
        String name = compileEach(List.of(body), dir, classPath).get(0);
        String out = runIn(dir, List.of(PackagedJarIT.java(), "-cp", dir + File.pathSeparator + classPath, name));
        assertEquals(
                List.of(
                        "RUNNING test",
                        "before-upgrade running",
                        "1 snapshots moved, current before-upgrade",
                        "reverted, now PAUSED",
                        "deleted [before-upgrade], files removed []"),
                out.lines().toList());
    }
}
