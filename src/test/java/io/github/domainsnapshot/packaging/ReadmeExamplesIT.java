package io.github.domainsnapshot.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java examples, compiled against the packaged library and run, so that they never rot. */
class ReadmeExamplesIT {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    static List<String> javaBlocks() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void compileAndRun(@TempDir Path dir) throws Exception {
        List<String> blocks = javaBlocks();
        assertTrue(blocks.size() >= 2, "the README shows the codec and the validator");
        StringBuilder body = new StringBuilder();
        for (String block : blocks) {
            // the examples name files in the current directory; run them in a folder of their own
            body.append(block.replace("Path.of(\"", "Path.of(args[0], \"")).append('\n');
        }
        String source = """
                import io.github.domainsnapshot.*;
                import io.github.domainsnapshot.builder.*;
                import io.github.domainsnapshot.codec.*;
                import io.github.domainsnapshot.domain.*;
                import io.github.domainsnapshot.model.*;
                import io.github.domainsnapshot.validation.*;
                import java.nio.file.*;
                import java.util.List;

                public class ReadmeExample {
                    public static void main(String[] args) throws Exception {
                %s
                        System.out.println("done");
                    }
                }
                """.formatted(body);
        Path src = Files.writeString(dir.resolve("ReadmeExample.java"), source);
        Files.writeString(
                dir.resolve("snapshot.xml"),
                "<domainsnapshot><name>s</name><state>running</state><creationTime>1700000000</creationTime>"
                        + "<domain type='kvm'><name>vm</name>"
                        + "<devices><disk type='file'><source file='/img/vm.qcow2'/><target dev='vda'/></disk></devices>"
                        + "</domain></domainsnapshot>");
        Files.writeString(
                dir.resolve("domain.xml"),
                "<domain type='kvm'><name>vm</name><devices><disk type='file'>"
                        + "<source file='/img/vm.qcow2'/><target dev='vda'/></disk></devices></domain>");
        Files.writeString(
                dir.resolve("request.xml"),
                "<domainsnapshot><name>r</name><disks>"
                        + "<disk name='vda'><source file='/img/vm.r'/></disk></disks></domainsnapshot>");

        List<String> path = new ArrayList<>(PackagedJarIT.jaxbJars());
        path.add(0, PackagedJarIT.libraryJar().toString());
        String classPath = String.join(File.pathSeparator, path);
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        String compiled = PackagedJarIT.run(
                List.of(javac, "-Xlint:all", "-Werror", "-cp", classPath, "-d", dir.toString(), src.toString()), 0);
        assertEquals("", compiled, "compiles without a warning");
        String out = PackagedJarIT.run(
                List.of(
                        PackagedJarIT.java(),
                        "-cp",
                        dir + File.pathSeparator + classPath,
                        "ReadmeExample",
                        dir.toString()),
                0);
        assertTrue(out.endsWith("done\n"), out);
        assertTrue(out.contains("vda /img/vm.qcow2"), out);
        assertTrue(out.contains("[REDEFINE, CURRENT] s"), out);
    }
}
