package io.github.domainsnapshot.bench;

import io.github.domainsnapshot.codec.SnapshotCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The figures of a process that reads a snapshot now and then: the 1st document of a fresh JVM
 * (all it loads and sets up included), the mean of the 2nd to 100th, of the 101st to 1,000th, of the
 * 1,001st to 10,000th, and the steady figure after 10 s of work, each document read from bytes and
 * written back, as {@code CodecBenchmark.readWrite} does. JMH's warm-up hides the early rows,
 * which are where a management application lives, so each measurement here is a fresh process:
 * this library's and, in the same run and alternating with it, Go's libvirtxml doing the same
 * (the twin in {@code src/bench/go/curve}, built against the copy in
 * {@code ../shared/bench/go-libvirtxml}, where Go is installed). Medians of the processes.
 *
 * <p>Another column: the same, in a process that first calls {@code
 * SnapshotCodec.warmUpInBackground()} and waits for it and then one second more, as an
 * application would that warms the codec up when it starts, some time before its first snapshot;
 * its 1st row is then the first document after the warm-up, the file already read.
 *
 * <p>The last column, the floor: a fresh process that only parses the document with Woodstox, the
 * parser this library reads through, asking each element for its names, namespaces and attribute
 * values and each text for its characters, as any reader of the document must, and building
 * nothing. No reader built on that parser can be faster in any row than this column.
 *
 * <pre>
 * mvn -B -Pbench package -DskipTests
 * java -cp target/benchmarks.jar io.github.domainsnapshot.bench.CurveBenchmark [--processes 3]
 *     [--file src/test/resources/bench/full-domain.xml] [--warm 10] [--measure 2]
 *     [--go ../shared/bench/go-libvirtxml | --go none] [--warmed yes | --warmed no]
 *     [--parser yes | --parser no]
 * </pre>
 *
 * <p>The child JVMs get no options but the class path: a library cannot choose its users' flags.
 */
public final class CurveBenchmark {
    private static final List<String> ROWS = List.of("first", "r2_100", "r101_1000", "r1001_10000", "steady");
    private static final Map<String, String> LABELS = Map.of(
            "first", "the 1st (all it loads and sets up included)",
            "r2_100", "mean of the 2nd-100th",
            "r101_1000", "mean of the 101st-1,000th",
            "r1001_10000", "mean of the 1,001st-10,000th",
            "steady", "steady (after the warm-up, median of 100 ms batches)");

    private CurveBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 4 && args[0].equals("--child")) {
            child(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]), args[4]);
            return;
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--processes", "3");
        options.put("--file", "src/test/resources/bench/full-domain.xml");
        options.put("--warm", "10");
        options.put("--measure", "2");
        options.put("--go", "../shared/bench/go-libvirtxml");
        options.put("--go-source", "src/bench/go/curve");
        options.put("--parser", "yes");
        options.put("--warmed", "yes");
        for (int i = 0; i < args.length; i += 2) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("usage: CurveBenchmark "
                        + String.join(
                                " ",
                                options.keySet().stream()
                                        .map(k -> "[" + k + " " + options.get(k) + "]")
                                        .toList()));
                System.exit(2);
            }
            options.put(args[i], args[i + 1]);
        }
        int processes = Integer.parseInt(options.get("--processes"));
        Path file = Path.of(options.get("--file")).toAbsolutePath();
        String warm = options.get("--warm");
        String measure = options.get("--measure");
        Path go = goProgram(options.get("--go"), Path.of(options.get("--go-source")));

        boolean parser = options.get("--parser").equals("yes");
        boolean warmed = options.get("--warmed").equals("yes");
        List<Map<String, Double>> ours = new ArrayList<>();
        List<Map<String, Double>> theirs = new ArrayList<>();
        List<Map<String, Double>> afterWarmUp = new ArrayList<>();
        List<Map<String, Double>> floor = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            ours.add(measureProcess("java", javaCommand(file, warm, measure, "codec")));
            if (go != null) {
                theirs.add(measureProcess("go", List.of(go.toString(), file.toString(), warm, measure)));
            }
            if (warmed) {
                afterWarmUp.add(measureProcess("warmed", javaCommand(file, warm, measure, "warmed")));
            }
            if (parser) {
                floor.add(measureProcess("woodstox", javaCommand(file, warm, measure, "parser")));
            }
        }
        System.out.printf(
                Locale.ROOT, "%n%s, %d processes each, medians (µs; the 1st in ms)%n%n", file.getFileName(), processes);
        System.out.println("| documents of the process | this library | Go libvirtxml | Go / this library"
                + " | after warmUpInBackground() | Woodstox alone |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (String row : ROWS) {
            double a = median(ours, row);
            double b = go == null ? Double.NaN : median(theirs, row);
            boolean ms = row.equals("first");
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s |%n",
                    LABELS.get(row),
                    format(a, ms),
                    go == null ? "not run" : format(b, ms),
                    go == null ? "" : String.format(Locale.ROOT, "%.2fx", b / a),
                    warmed ? format(median(afterWarmUp, row), ms) : "not run",
                    parser ? format(median(floor, row), ms) : "not run");
        }
    }

    private static List<String> javaCommand(Path file, String warm, String measure, String workload) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CurveBenchmark.class.getName(),
                "--child",
                file.toString(),
                warm,
                measure,
                workload);
    }

    private static String format(double micros, boolean millis) {
        return millis
                ? String.format(Locale.ROOT, "%.1f ms", micros / 1000)
                : String.format(Locale.ROOT, "%,.1f µs", micros);
    }

    private static double median(List<Map<String, Double>> runs, String row) {
        double[] v = runs.stream().mapToDouble(m -> m.get(row)).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Map<String, Double> measureProcess(String label, List<String> command)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(label + " failed: " + out);
        }
        System.out.println(label + ": " + out);
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String pair : out.split(" ")) {
            String[] kv = pair.split("=", 2);
            if (ROWS.contains(kv[0])) {
                figures.put(kv[0], Double.parseDouble(kv[1]));
            }
        }
        if (!figures.keySet().containsAll(ROWS)) {
            throw new IllegalStateException(label + " printed no figures: " + out);
        }
        return figures;
    }

    /** Builds Go's twin against the copy of libvirtxml beside the project, or says why not. */
    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static Path goProgram(String goBench, Path source) throws IOException, InterruptedException {
        if (goBench.equals("none")) {
            return null;
        }
        Path libvirtxml = Path.of(goBench, "libvirtxml").toAbsolutePath().normalize();
        if (!Files.isDirectory(libvirtxml) || !Files.isRegularFile(source.resolve("main.go"))) {
            System.out.println("Go's figures not taken: no " + libvirtxml + " or " + source.resolve("main.go"));
            return null;
        }
        Path dir = Files.createTempDirectory("curve-go");
        // the program and Go's build cache are this run's alone
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        Files.copy(source.resolve("main.go"), dir.resolve("main.go"));
        Files.writeString(
                dir.resolve("go.mod"),
                "module curve\n\ngo 1.19\n\nrequire libvirt.org/go/libvirtxml v0.0.0\n\n"
                        + "replace libvirt.org/go/libvirtxml => " + libvirtxml + "\n");
        ProcessBuilder build = new ProcessBuilder("go", "build", "-o", "curve", ".")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        build.environment().put("GOFLAGS", "-mod=mod");
        build.environment().put("GOPROXY", "off");
        build.environment().put("GOCACHE", dir.resolve("cache").toString());
        build.environment().put("GOPATH", dir.resolve("gopath").toString());
        Process p;
        try {
            p = build.start();
        } catch (IOException e) {
            System.out.println("Go's figures not taken: no go (apt-get install -y golang-go): " + e.getMessage());
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("go build failed: " + out);
        }
        return dir.resolve("curve");
    }

    /**
     * What a child process does with the document, over and over; returns something to keep. Its
     * implementations are classes, not lambdas: a lambda's class is spun at its first use, which
     * would count in the first document of a process whose library is already warm.
     */
    private interface Workload {
        long run(byte[] document) throws IOException;
    }

    /** Read and written back, as {@code CodecBenchmark.readWrite} does. */
    private static final class CodecWork implements Workload {
        private final SnapshotCodec codec = SnapshotCodec.create();

        @Override
        public long run(byte[] bytes) {
            return codec.write(codec.read(new ByteArrayInputStream(bytes))).length();
        }
    }

    /** The floor: parsed, every name, namespace, attribute value and text asked for, nothing built. */
    private static final class ParserWork implements Workload {
        private final XMLInputFactory factory = CodecBenchmark.woodstoxFactory();

        @Override
        public long run(byte[] bytes) throws IOException {
            try {
                XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
                long seen = 0;
                while (r.hasNext()) {
                    switch (r.next()) {
                        case XMLStreamConstants.START_ELEMENT -> {
                            seen += r.getLocalName().length() + length(r.getPrefix()) + length(r.getNamespaceURI());
                            for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
                                seen += length(r.getNamespacePrefix(i)) + length(r.getNamespaceURI(i));
                            }
                            for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
                                seen += r.getAttributeLocalName(i).length()
                                        + length(r.getAttributePrefix(i))
                                        + length(r.getAttributeNamespace(i))
                                        + r.getAttributeValue(i).length();
                            }
                        }
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> seen += r.getTextLength();
                        default -> seen++;
                    }
                }
                r.close();
                return seen;
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** One fresh process's curve, printed as key=value figures in microseconds. */
    private static void child(Path file, long warmSeconds, long measureSeconds, String workload) throws IOException {
        byte[] bytes = null;
        if (workload.equals("warmed")) {
            SnapshotCodec.warmUpInBackground().join();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // the application has its document at hand: its first is the library's alone
            bytes = Files.readAllBytes(file);
        }
        long start = System.nanoTime();
        if (bytes == null) {
            bytes = Files.readAllBytes(file);
        }
        // made inside the first document's time: what it loads and sets up is part of it
        Workload work = workload.equals("parser") ? new ParserWork() : new CodecWork();
        long[] t = new long[10_000];
        long sink = 0;
        for (int i = 0; i < t.length; i++) {
            long s = i == 0 ? start : System.nanoTime();
            sink += work.run(bytes);
            t[i] = System.nanoTime() - s;
        }
        long warmEnd = start + TimeUnit.SECONDS.toNanos(warmSeconds);
        while (System.nanoTime() < warmEnd) {
            sink += work.run(bytes);
        }
        List<Double> batches = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(measureSeconds);
        while (System.nanoTime() < end) {
            long s = System.nanoTime();
            long n = 0;
            long elapsed;
            do {
                sink += work.run(bytes);
                n++;
                elapsed = System.nanoTime() - s;
            } while (elapsed < TimeUnit.MILLISECONDS.toNanos(100));
            batches.add(elapsed / 1000.0 / n);
        }
        double[] b = batches.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "first=%.1f r2_100=%.1f r101_1000=%.1f r1001_10000=%.1f steady=%.1f sink=%d%n",
                t[0] / 1000.0,
                mean(t, 1, 100),
                mean(t, 100, 1000),
                mean(t, 1000, 10_000),
                b[b.length / 2],
                sink % 7);
    }

    private static double mean(long[] t, int from, int to) {
        return Arrays.stream(t, from, to).sum() / 1000.0 / (to - from);
    }
}
