package io.github.domainsnapshot.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.libvirt.LibvirtTestDriver;
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
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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

    /** The command line's jar: the library with the components it bundles. */
    static Path cliJar() {
        return Path.of(System.getProperty("cli.jar", "target/snapshot-xml.jar"));
    }

    /**
     * The runtime dependencies: the JAXB API and runtime with what they need, the Woodstox parser,
     * dk.brics.automaton, and nothing from the tests.
     */
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
                            || name.startsWith("txw2")
                            || name.startsWith("woodstox-core")
                            || name.startsWith("stax2-api")
                            || name.startsWith("automaton-"))) {
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
                        "io.github.domainsnapshot.libvirt",
                        "io.github.domainsnapshot.model",
                        "io.github.domainsnapshot.validation",
                        "io.github.domainsnapshot.xml"),
                exported);
        assertFalse(exported.contains("io.github.domainsnapshot.cli"));
        assertEquals(
                Set.of(
                        "jakarta.xml.bind",
                        "java.xml",
                        "java.base",
                        "org.glassfish.jaxb.runtime",
                        "com.ctc.wstx",
                        "automaton"),
                d.requires().stream()
                        .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                        .map(ModuleDescriptor.Requires::name)
                        .collect(Collectors.toSet()),
                "no runtime dependency beyond JAXB, Woodstox and dk.brics.automaton");
        assertEquals(
                Set.of("libvirt"),
                d.requires().stream()
                        .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                        .map(ModuleDescriptor.Requires::name)
                        .collect(Collectors.toSet()),
                "libvirt-java only for the bridge, at compile time");
    }

    @Test
    void xjcsFactoryIsNotPartOfTheJar() throws IOException {
        try (JarFile jar = new JarFile(libraryJar().toFile())) {
            assertTrue(jar.getEntry("io/github/domainsnapshot/model/DomainSnapshot.class") != null);
            assertTrue(jar.getEntry("io/github/domainsnapshot/model/package-info.class") != null);
            assertEquals(null, jar.getEntry("io/github/domainsnapshot/model/ObjectFactory.class"));
        }
    }

    @Test
    void noClassLinksItsStringConcatenationAtRunTime() throws IOException {
        // the build compiles concatenation to StringBuilder calls: an invokedynamic site is
        // linked on its first run, which a short process pays for
        try (JarFile jar = new JarFile(libraryJar().toFile())) {
            List<String> classes = jar.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.startsWith("io/github/domainsnapshot/") && n.endsWith(".class"))
                    .toList();
            assertTrue(classes.size() > 100, classes.size() + " classes");
            List<String> linked = new ArrayList<>();
            for (String name : classes) {
                String bytes =
                        new String(jar.getInputStream(jar.getEntry(name)).readAllBytes(), StandardCharsets.ISO_8859_1);
                if (bytes.contains("makeConcatWithConstants")) {
                    linked.add(name);
                }
            }
            assertEquals(List.of(), linked.subList(0, Math.min(5, linked.size())), linked.size() + " classes");
        }
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

    /**
     * A module of a user's own that requires the library, compiled and run on the module path with
     * the library and its runtime dependencies only: libvirt-java, optional, is not needed, as a
     * module that does not use the bridge never names it.
     */
    @Test
    void aModuleWithoutLibvirtJavaCompilesAndRuns(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/app/app"));
        Files.writeString(
                dir.resolve("src/app/module-info.java"), "module app { requires io.github.domainsnapshot; }\n");
        Files.writeString(src.resolve("Main.java"), """
                package app;

                import io.github.domainsnapshot.codec.SnapshotCodec;
                import io.github.domainsnapshot.validation.DomainState;
                import io.github.domainsnapshot.validation.SnapshotValidator;
                import io.github.domainsnapshot.validation.ValidationContext;

                public class Main {
                    public static void main(String[] args) {
                        // its document is a resource of the library's module
                        SnapshotCodec.warmUpInBackground().join();
                        String xml = "<domainsnapshot><name>m</name></domainsnapshot>";
                        System.out.print(SnapshotCodec.create().write(SnapshotCodec.create().read(xml)));
                        System.out.println(SnapshotValidator.create()
                                .check(xml, ValidationContext.of(DomainState.RUNNING))
                                .verdict());
                    }
                }
                """);
        List<String> path = new ArrayList<>(jaxbJars());
        path.add(0, libraryJar().toString());
        assertTrue(path.stream().noneMatch(p -> p.contains("libvirt") || p.contains("jna")), path::toString);
        String modulePath = String.join(File.pathSeparator, path);
        Path out = compileApp(dir, modulePath);
        String ran =
                run(List.of(java(), "--module-path", out + File.pathSeparator + modulePath, "-m", "app/app.Main"), 0);
        assertEquals("<domainsnapshot>\n  <name>m</name>\n</domainsnapshot>\nOK\n", ran);
    }

    /**
     * Compiles the module {@code app} under {@code dir/src} against the module path, with every
     * warning an error.
     *
     * @return the folder of its classes
     */
    private static Path compileApp(Path dir, String modulePath) throws Exception {
        Path out = dir.resolve("out");
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        run(
                List.of(
                        javac,
                        "-Xlint:all",
                        "-Werror",
                        "--module-path",
                        modulePath,
                        "--module-source-path",
                        dir.resolve("src").toString(),
                        "-m",
                        "app",
                        "-d",
                        out.toString()),
                0);
        return out;
    }

    /**
     * The bridge on the module path, in a module of a user's own that requires libvirt-java (the
     * automatic module {@code libvirt}): a revert with flags reads libvirt-java's snapshot handle
     * by reflection, which an automatic module, open to it, allows. Against libvirt's test driver.
     */
    @Test
    void theBridgeRevertsWithFlagsOnTheModulePath(@TempDir Path dir) throws Exception {
        LibvirtTestDriver.assumeAvailable();
        Path node = Files.writeString(dir.resolve("host.xml"), "<node>\n" + LibvirtTestDriver.DOMAIN_XML + "</node>\n");
        Path src = Files.createDirectories(dir.resolve("src/app/app"));
        Files.writeString(dir.resolve("src/app/module-info.java"), """
                @SuppressWarnings("requires-automatic")
                module app {
                    requires io.github.domainsnapshot;
                    requires libvirt;
                }
                """);
        Files.writeString(src.resolve("Main.java"), """
                package app;

                import io.github.domainsnapshot.builder.SnapshotBuilder;
                import io.github.domainsnapshot.libvirt.LibvirtBridge;
                import io.github.domainsnapshot.validation.RevertFlag;
                import io.github.domainsnapshot.validation.RevertReport;
                import java.util.Set;
                import org.libvirt.Connect;
                import org.libvirt.Domain;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        Connect host = new Connect("test://" + args[0]);
                        Domain vm = host.domainLookupByName(args[1]);
                        LibvirtBridge bridge = LibvirtBridge.create();
                        bridge.create(vm, SnapshotBuilder.fullSystemCheckpoint("s").request());
                        RevertReport report = bridge.revert(vm, "s", Set.of(RevertFlag.PAUSED));
                        System.out.println(report.stateAfter().orElseThrow() + " "
                                + bridge.context(vm).state());
                        host.close();
                    }
                }
                """);
        List<String> path = new ArrayList<>(jaxbJars());
        path.add(0, libraryJar().toString());
        path.addAll(ReadmeExamplesIT.libvirtJavaJars());
        String modulePath = String.join(File.pathSeparator, path);
        Path out = compileApp(dir, modulePath);
        String ran = run(
                List.of(
                        java(),
                        "--module-path",
                        out + File.pathSeparator + modulePath,
                        "-m",
                        "app/app.Main",
                        node.toString(),
                        LibvirtTestDriver.DOMAIN),
                0);
        assertEquals("PAUSED PAUSED\n", ran, "the prediction, and the state libvirt reports");
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
                        cliJar().toString(),
                        "check",
                        request.toString(),
                        "--state",
                        "shutoff",
                        "--libvirt",
                        "9.0"),
                0);
        assertEquals(request + ": ok: memory=no disks=internal via=qemu-img [libvirt 9.0.0]\n", out);
    }

    /**
     * Documents that cannot reach standard output are lost: exit code 2 and a line on standard
     * error, whether the output is a full device or a closed descriptor.
     */
    @Test
    void aStandardOutputThatCannotBeWrittenIsExitTwo(@TempDir Path dir) throws Exception {
        Path request = Files.writeString(dir.resolve("r.xml"), REQUEST);
        String jar = cliJar().toString();
        File full = new File("/dev/full");
        assertTrue(full.exists(), "Linux has /dev/full");
        for (List<String> command : List.of(
                List.of(java(), "-jar", jar, "format", request.toString()),
                List.of(java(), "-jar", jar, "check", "--json", request.toString()))) {
            Process p = new ProcessBuilder(command).redirectOutput(full).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, p.exitValue(), command + ": " + err);
            assertEquals("snapshot-xml: error: cannot write to standard output: No space left on device\n", err);
        }
        // a closed standard output (the shell's >&-)
        List<String> closed =
                List.of("sh", "-c", "exec \"$0\" -jar \"$1\" format \"$2\" >&-", java(), jar, request.toString());
        Process p = new ProcessBuilder(closed).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertTrue(err.startsWith("snapshot-xml: error: cannot write to standard output"), err);
        assertEquals(1, err.lines().count(), err);
    }

    /**
     * The launcher the build writes beside the jar ({@code target/snapshot-xml}, with its class data
     * sharing archive) runs every command with the command line's exit codes, and never prints a
     * stack trace.
     */
    @Test
    void theLauncherRunsTheCommandLine(@TempDir Path dir) throws Exception {
        Path jar = cliJar();
        Path launcher = jar.resolveSibling("snapshot-xml");
        assertTrue(Files.isExecutable(launcher), launcher + " is not there or not executable");
        assertTrue(Files.isRegularFile(jar.resolveSibling("snapshot-xml.jsa")), "no class data sharing archive");
        Path request = Files.writeString(dir.resolve("r.xml"), REQUEST);
        Path domain = Files.writeString(dir.resolve("d.xml"), DOMAIN);
        Path malformed = Files.writeString(dir.resolve("m.xml"), "<domainsnapshot><name>x</nam></domainsnapshot>");
        Path missing = dir.resolve("missing.xml");
        String l = launcher.toString();

        assertTrue(run(List.of(l, "help", "check"), 0).startsWith("usage: snapshot-xml check FILE..."));
        assertEquals(
                request + ": ok: memory=no disks=internal via=qemu-img [libvirt 12.9.0]\n",
                run(List.of(l, "check", request.toString(), "--state=shutoff"), 0));
        String json =
                run(List.of(l, "check", missing.toString(), request.toString(), "--state", "running", "--json"), 2);
        assertTrue(
                json.startsWith(
                        "{\"file\":\"" + missing + "\",\"verdict\":\"unreadable\",\"libvirt\":\"12.9.0\",\"plan\":null,"
                                + "\"problems\":[],\"acceptedIn\":[],\"error\":{\"kind\":\"io\""),
                json);
        assertEquals(2, json.split("\n").length, json);
        for (List<String> command : List.of(
                List.of(l, "format", missing.toString()),
                List.of(l, "check", missing.toString()),
                List.of(l, "align", missing.toString(), "--domain", domain.toString()),
                List.of(l, "format", dir.toString()))) {
            String out = run(command, 2);
            assertFalse(out.contains("Exception") || out.contains("\tat "), out);
        }
        for (List<String> command : List.of(
                List.of(l, "format", malformed.toString()),
                List.of(l, "check", malformed.toString()),
                List.of(l, "align", request.toString(), "--domain=" + domain, "--state=running"))) {
            String out = run(command, 1);
            assertFalse(out.contains("Exception") || out.contains("\tat "), out);
        }
        assertTrue(run(List.of(l, "format", "--bogus", request.toString()), 2)
                .startsWith("snapshot-xml format: unknown option '--bogus'"));
    }

    /**
     * The launcher linked onto the PATH, as an installation does (a link in a bin directory, itself
     * reached through a relative link), finds its jar beside its own file, not beside the link.
     */
    @Test
    void theLauncherRunsThroughALinkOnThePath(@TempDir Path dir) throws Exception {
        Path launcher = cliJar().resolveSibling("snapshot-xml").toAbsolutePath();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("snapshot-xml"), launcher);
        Files.createSymbolicLink(bin.resolve("snapshot-xml"), Path.of("../tools/snapshot-xml"));
        Path request = Files.writeString(dir.resolve("r.xml"), REQUEST);
        // found on the PATH by a shell, as a user types it
        ProcessBuilder pb = new ProcessBuilder(
                        "sh", "-c", "snapshot-xml \"$@\"", "sh", "check", request.toString(), "--state", "shutoff")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals(request + ": ok: memory=no disks=internal via=qemu-img [libvirt 12.9.0]\n", out);
        assertEquals(
                request + ": ok: memory=no disks=internal via=qemu-img [libvirt 12.9.0]\n",
                run(
                        List.of(bin.resolve("snapshot-xml").toString(), "check", request.toString(), "--state=shutoff"),
                        0));
    }

    @Test
    void theCommandLineJarLeavesTheOptionalLibvirtJavaOut() throws IOException {
        try (JarFile jar = new JarFile(cliJar().toFile())) {
            List<String> optional = jar.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.startsWith("org/libvirt/") || n.startsWith("com/sun/jna/"))
                    .limit(3)
                    .toList();
            assertEquals(List.of(), optional);
            assertTrue(jar.getEntry("io/github/domainsnapshot/cli/SnapshotXmlCli.class") != null);
        }
    }

    /** The library's jar and the command line's each carry the project's license, whole. */
    @Test
    void eachJarCarriesTheProjectsLicense() throws IOException {
        byte[] license = Files.readAllBytes(Path.of("LICENSE"));
        for (Path jarPath : List.of(libraryJar(), cliJar())) {
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                JarEntry entry = jar.getJarEntry("META-INF/LICENSE");
                assertTrue(entry != null, jarPath + " has no META-INF/LICENSE");
                try (var in = jar.getInputStream(entry)) {
                    assertTrue(
                            Arrays.equals(license, in.readAllBytes()), jarPath + ": META-INF/LICENSE is not LICENSE");
                }
            }
        }
    }

    /**
     * Every component the command line's jar bundles (each brings its {@code pom.properties}) is
     * named, with its version, in the jar's third-party notices: a dependency added or upgraded
     * without its notice fails here.
     */
    @Test
    void theCommandLineJarNamesEachComponentItBundles() throws IOException {
        try (JarFile jar = new JarFile(cliJar().toFile())) {
            JarEntry notices = jar.getJarEntry("META-INF/THIRD-PARTY-NOTICES");
            assertTrue(notices != null, "no META-INF/THIRD-PARTY-NOTICES");
            String text;
            try (var in = jar.getInputStream(notices)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> bundled = new ArrayList<>();
            for (JarEntry e : jar.stream().toList()) {
                if (!e.getName().startsWith("META-INF/maven/") || !e.getName().endsWith("/pom.properties")) {
                    continue;
                }
                Properties pom = new Properties();
                try (var in = jar.getInputStream(e)) {
                    pom.load(in);
                }
                if (!pom.getProperty("groupId").equals("io.github.domainsnapshot")) {
                    bundled.add(pom.getProperty("groupId") + ":" + pom.getProperty("artifactId") + ":"
                            + pom.getProperty("version"));
                }
            }
            assertTrue(bundled.size() >= 4, "bundled components found: " + bundled);
            List<String> unnamed =
                    bundled.stream().filter(c -> !text.contains(c)).toList();
            assertEquals(List.of(), unnamed, "bundled but not in META-INF/THIRD-PARTY-NOTICES");
        }
    }
}
