package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.cli.SnapshotXmlCli;
import io.github.domainsnapshot.model.CreationTime;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.validation.DeleteFlag;
import io.github.domainsnapshot.validation.DeleteReport;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.RevertReport;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import io.github.domainsnapshot.validation.Verdict;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shape of input costs time and memory linear in its size: each document here is read (or
 * refused with a clear error), written and checked well inside five seconds in a JVM of 256 MiB
 * (the build runs this class alone with {@code -Xmx256m}). Shapes that were once not linear come
 * at two sizes, the larger one where the old cost was far beyond the limit.
 */
class HostileShapesTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    @BeforeAll
    static void inASmallHeap() {
        long max = Runtime.getRuntime().maxMemory();
        String why =
                "the hostile shapes need a heap of 256 MiB (-Xmx256m, as the build's hostile-shapes run gives), not "
                        + (max >> 20) + " MiB";
        if (System.getenv("CI") != null) {
            assertTrue(max <= 300L << 20, why);
        } else if (max > 300L << 20) {
            System.out.println("HostileShapesTest skipped: " + why);
            Assumptions.abort(why);
        }
        SnapshotCodec.warmUp();
    }

    /**
     * Reads, writes, reads the written form from bytes, and checks: each in time. Only one
     * model is held at a time, as an application reading such a document would.
     */
    private static void handled(String xml, Consumer<DomainSnapshot> expect) {
        DomainSnapshot s = assertTimeoutPreemptively(LIMIT, () -> CODEC.read(xml), "read");
        expect.accept(s);
        byte[] written =
                assertTimeoutPreemptively(LIMIT, () -> CODEC.write(s), "write").getBytes(StandardCharsets.UTF_8);
        DomainSnapshot again =
                assertTimeoutPreemptively(LIMIT, () -> CODEC.read(new ByteArrayInputStream(written)), "read again");
        expect.accept(again);
        ValidationReport report = assertTimeoutPreemptively(
                LIMIT, () -> SnapshotValidator.create().check(xml, ValidationContext.of(DomainState.RUNNING)), "check");
        assertTrue(report.problems().stream().noneMatch(p -> p.rule() == null));
    }

    private static SnapshotXmlException refused(String xml) {
        return assertTimeoutPreemptively(LIMIT, () -> assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml)));
    }

    /** Mixed content nested {@code depth} levels inside {@code outer}: {@code <a>x<a>x...x</a>x</a>}. */
    private static String nestedMixed(String outer, String outerEnd, int depth) {
        StringBuilder b = new StringBuilder("<domainsnapshot><name>n</name>").append(outer);
        b.append("<a>x".repeat(depth));
        b.append("x</a>".repeat(depth));
        return b.append(outerEnd).append("</domainsnapshot>").toString();
    }

    @Test
    void mixedContentNestedToTheDepthLimitInsideTheCookieTheDomainAndItsMetadata() {
        // the root, the wrappers and the nesting make 256 levels, the most a reader takes
        String[][] places = {
            {"<cookie>", "</cookie>", "254"},
            {"<domain type='kvm'>", "</domain>", "254"},
            {"<domain type='kvm'><metadata>", "</metadata></domain>", "253"}
        };
        for (String[] p : places) {
            handled(nestedMixed(p[0], p[1], Integer.parseInt(p[2])), s -> assertEquals("n", s.getName()));
            SnapshotXmlException e = refused(nestedMixed(p[0], p[1], Integer.parseInt(p[2]) + 1));
            assertEquals(SnapshotXmlException.Kind.LIMIT, e.kind(), e.getMessage());
        }
    }

    @Test
    void mixedContentThatOnceTookExponentialTime() {
        StringBuilder b = new StringBuilder("<domainsnapshot><cookie>");
        b.append("<a>".repeat(27)).append("<a/>").append("x</a>".repeat(27));
        handled(
                b.append("</cookie></domainsnapshot>").toString(),
                s -> assertEquals("a", s.getCookie().elements().get(0).getLocalName()));
    }

    @Test
    void aHundredThousandElementsOnOneLine() {
        StringBuilder b = new StringBuilder("<domainsnapshot><disks>");
        for (int i = 0; i < 100_000; i++) {
            b.append("<disk name='vd").append(i).append("' snapshot='no'/>");
        }
        b.append("</disks><cookie>").append("<c/>".repeat(100_000)).append("</cookie></domainsnapshot>");
        handled(b.toString(), s -> {
            assertEquals(100_000, s.getDisks().getDisks().size());
            assertEquals(100_000, s.getCookie().getChildren().size());
        });
        SnapshotDocument doc = assertTimeoutPreemptively(LIMIT, () -> CODEC.readDocument(b.toString()));
        assertEquals(
                1 + "<domainsnapshot><disks>".length() + "<disk name='vd0' snapshot='no'/>".length(),
                doc.locationOf("/domainsnapshot/disks/disk[2]").orElseThrow().column());
    }

    @Test
    void aNineMegabyteAttribute() {
        String value = "/" + "v".repeat(9_000_000);
        handled(
                "<domainsnapshot><memory snapshot='external' file='" + value + "'/>" + "<domain type='kvm' x='" + value
                        + "'/></domainsnapshot>",
                s -> assertEquals(value.length(), s.getMemory().getFile().length()));
        SnapshotXmlException e =
                refused("<domainsnapshot><memory file='" + "v".repeat(10_000_001) + "'/></domainsnapshot>");
        assertEquals(SnapshotXmlException.Kind.LIMIT, e.kind(), e.getMessage());
    }

    @Test
    void aMillionSmallElements() {
        String many = "<e/>".repeat(1_000_000);
        handled(
                "<domainsnapshot><cookie>" + many + "</cookie></domainsnapshot>",
                s -> assertEquals(1_000_000, s.getCookie().getChildren().size()));
        handled(
                "<domainsnapshot><name>n</name>" + many + "</domainsnapshot>",
                s -> assertEquals(1_000_000, s.getUnknownElements().size()));
    }

    @Test
    void tenThousandDisks() {
        StringBuilder b = new StringBuilder("<domainsnapshot>\n  <disks>\n");
        for (int i = 0; i < 10_000; i++) {
            b.append("    <disk name='/images/disk")
                    .append(i)
                    .append(".qcow2' snapshot='external' type='file'>\n")
                    .append("      <driver type='qcow2'/>\n      <source file='/images/overlay")
                    .append(i)
                    .append(".qcow2'/>\n    </disk>\n");
        }
        String xml = b.append("  </disks>\n</domainsnapshot>\n").toString();
        handled(xml, s -> {
            assertEquals(10_000, s.getDisks().getDisks().size());
            assertEquals(xml, assertTimeoutPreemptively(LIMIT, () -> CODEC.write(s)));
        });
    }

    // ---- shapes that were not linear (each at two sizes: the cost of the larger must not blow up)

    /** Generous, for shapes whose larger size takes seconds even when linear (a test machine is shared). */
    private static final Duration SLOW_LIMIT = Duration.ofSeconds(15);

    /**
     * One long value checked against the schema's patterns: the JDK's schema validator backtracked,
     * a 400 KB memory file taking 30 s, 800 KB over a minute.
     */
    @Test
    void oneLongValueCheckedAgainstTheSchema() {
        SnapshotCodec validating = CODEC.withSchemaValidation(true);
        validating.read("<domainsnapshot/>");
        for (int size : new int[] {1_000_000, 9_000_000}) {
            String path = "/" + "v".repeat(size);
            String name = "vd" + "a".repeat(size);
            String host = "h".repeat(size);
            DomainSnapshot s = assertTimeoutPreemptively(
                    LIMIT,
                    () -> validating.read("<domainsnapshot><memory snapshot='external' file='" + path + "'/>"
                            + "<disks><disk name='" + name + "' type='network'><source protocol='nbd'>"
                            + "<host name='" + host + "'/></source></disk></disks></domainsnapshot>"),
                    "read with " + size + " characters");
            assertEquals(path.length(), s.getMemory().getFile().length());
            SnapshotXmlException e = assertTimeoutPreemptively(
                    LIMIT,
                    () -> assertThrows(
                            SnapshotXmlException.class,
                            () -> validating.read("<domainsnapshot><memory snapshot='external' file='" + path
                                    + "&#10;'/></domainsnapshot>")),
                    "refused with " + size + " characters");
            assertEquals(SnapshotXmlException.Kind.SCHEMA, e.kind());
            assertTrue(e.getReason().length() < 1000, "the message quotes the value's start only");
        }
    }

    /** A size of a million digits: a BigInteger was made of it first, which takes time growing with its square. */
    @Test
    void aSizeOfAMillionDigits() {
        for (int digits : new int[] {100_000, 1_000_000}) {
            String xml = "<domainsnapshot><disks><disk name='vda' snapshot='external'><driver type='qcow2'>"
                    + "<metadata_cache><max_size unit='KiB'>" + "9".repeat(digits)
                    + "</max_size></metadata_cache></driver></disk></disks></domainsnapshot>";
            ValidationReport report = assertTimeoutPreemptively(
                    LIMIT,
                    () -> SnapshotValidator.create().check(xml, ValidationContext.of(DomainState.RUNNING)),
                    digits + " digits");
            assertEquals(Verdict.INVALID, report.verdict());
            String leadingZeros = xml.replace("<max_size unit='KiB'>", "<max_size unit='KiB'>" + "0".repeat(digits))
                    .replace("9".repeat(digits), "5");
            assertTimeoutPreemptively(
                    LIMIT,
                    () -> SnapshotValidator.create().check(leadingZeros, ValidationContext.of(DomainState.RUNNING)));
        }
    }

    /**
     * 200 nested elements declaring 1,000 prefixes each, then many elements using the outermost:
     * every element looked through every declaration in scope, when read and when written.
     */
    @Test
    void thousandsOfPrefixesInScope() {
        for (int elements : new int[] {4_000, 16_000}) {
            StringBuilder b = new StringBuilder("<domainsnapshot><domain type='kvm'>");
            for (int d = 0; d < 200; d++) {
                b.append("<e");
                for (int p = 0; p < 1000; p++) {
                    b.append(" xmlns:p")
                            .append(d)
                            .append('_')
                            .append(p)
                            .append("='urn:")
                            .append(p)
                            .append('\'');
                }
                b.append('>');
            }
            b.append("<p0_0:x/>".repeat(elements)).append("</e>".repeat(200)).append("</domain></domainsnapshot>");
            String xml = b.toString();
            DomainSnapshot s = assertTimeoutPreemptively(SLOW_LIMIT, () -> CODEC.read(xml), "read " + elements);
            String written = assertTimeoutPreemptively(SLOW_LIMIT, () -> CODEC.write(s), "write " + elements);
            DomainSnapshot again =
                    assertTimeoutPreemptively(SLOW_LIMIT, () -> CODEC.read(written), "read again " + elements);
            assertEquals(s, again);
        }
    }

    /** A domain of 16,000 disks: they were put in libvirt's order by insertion, each disk looking at every other. */
    @Test
    void aDomainOfSixteenThousandDisks() {
        for (int disks : new int[] {4_000, 16_000}) {
            StringBuilder domain = new StringBuilder("<domain type='kvm'><name>vm</name><devices>");
            StringBuilder request = new StringBuilder("<domainsnapshot><disks>");
            for (int i = 0; i < disks; i++) {
                String dev = "vd" + letters(i);
                domain.append("<disk type='file' device='disk'><source file='/img/")
                        .append(dev)
                        .append(".qcow2'/><target dev='")
                        .append(dev)
                        .append("' bus='virtio'/></disk>");
                request.append("<disk name='").append(dev).append("' snapshot='external'/>");
            }
            XmlElement definition =
                    CODEC.readElement(domain.append("</devices></domain>").toString());
            String xml = request.append("</disks></domainsnapshot>").toString();
            ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                    .withFlags(CreateFlag.DISK_ONLY)
                    .withDomain(definition);
            ValidationReport report = assertTimeoutPreemptively(
                    LIMIT, () -> SnapshotValidator.create().check(xml, ctx), disks + " disks");
            assertTrue(report.isOk(), report.problems().toString());
            assertEquals(
                    disks, report.aligned().orElseThrow().getDisks().getDisks().size());
            assertEquals(
                    "vd" + letters(disks - 1),
                    report.aligned()
                            .orElseThrow()
                            .getDisks()
                            .getDisks()
                            .get(disks - 1)
                            .getName());
        }
    }

    /** {@code vda}, {@code vdb}, ... {@code vdaa}: a target's letters for an index, as libvirt counts them. */
    private static String letters(int index) {
        StringBuilder s = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            s.insert(0, (char) ('a' + (i - 1) % 26));
        }
        return s.toString();
    }

    /** A chain of 16,000 snapshots: each was walked up to its root to look for a cycle. */
    @Test
    void theRedefinitionPlanOfALongChain() {
        for (int length : new int[] {4_000, 16_000}) {
            List<DomainSnapshot> chain = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                DomainSnapshot s = new DomainSnapshot();
                s.setName("s" + i);
                s.setState(SnapshotState.SHUTOFF);
                s.setCreationTime(CreationTime.ofEpochSecond(1_000_000 + i));
                if (i > 0) {
                    s.setParentName("s" + (i - 1));
                }
                chain.add(s);
            }
            List<SnapshotRequest> plan = assertTimeoutPreemptively(
                    LIMIT, () -> SnapshotTree.of(chain).redefinePlan(), "a chain of " + length);
            assertEquals(length, plan.size());
            assertEquals("s" + (length - 1), plan.get(length - 1).snapshot().getName());
            // and a cycle as long is still found
            chain.get(0).setParentName("s" + (length - 1));
            SnapshotTree cyclic = assertTimeoutPreemptively(LIMIT, () -> SnapshotTree.of(chain));
            assertEquals(length, cyclic.problems().size());
        }
    }

    /**
     * Deleting the root of a chain of 16,000 internal snapshots with its children, the current one
     * not given: each question of the tree (children, the newest leaf, the descendants) looked
     * through every snapshot, and the descendants were walked by recursion.
     */
    @Test
    void theDeletionOfALongChainWithItsChildren() {
        for (int length : new int[] {4_000, 16_000}) {
            List<DomainSnapshot> chain = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                chain.add(CODEC.read("<domainsnapshot><name>s" + i + "</name><state>running</state>"
                        + (i > 0 ? "<parent><name>s" + (i - 1) + "</name></parent>" : "")
                        + "<creationTime>" + (1_000_000 + i) + "</creationTime><memory snapshot='internal'/>"
                        + "<disks><disk name='vda' snapshot='internal'/></disks>"
                        + "<domain type='qemu'><name>vm</name><uuid>6a1f6b3c-2d6e-4c47-9a52-0c0ffee00d0e</uuid>"
                        + "</domain></domainsnapshot>"));
            }
            ValidationContext ctx = ValidationContext.of(DomainState.SHUTOFF).withExistingSnapshots(chain);
            DeleteReport r = assertTimeoutPreemptively(
                    LIMIT,
                    () -> SnapshotValidator.create().checkDelete(chain.get(0), ctx, Set.of(DeleteFlag.CHILDREN)),
                    "a chain of " + length);
            assertEquals(Verdict.OK, r.verdict(), r.problems()::toString);
            assertEquals(length, r.deletedSnapshots().size());
            assertTrue(r.deletedSnapshots().containsAll(List.of("s0", "s" + (length - 1))));
            RevertReport revert = assertTimeoutPreemptively(
                    LIMIT, () -> SnapshotValidator.create().checkRevert(chain.get(0), ctx, Set.of()));
            assertTrue(revert.performed(), revert.problems()::toString);
        }
    }

    /**
     * Deleting an external snapshot of 16,000 disks from a running domain's chain: each disk's
     * image, backing chain and parent snapshot was looked for through every disk.
     */
    @Test
    void theDeletionOfASnapshotOfSixteenThousandDisks() {
        for (int disks : new int[] {4_000, 16_000}) {
            DomainSnapshot s1 = CODEC.read(external("s1", null, disks, ".s1", ".qcow2"));
            DomainSnapshot s2 = CODEC.read(external("s2", "s1", disks, ".s2", ".s1"));
            StringBuilder live = new StringBuilder("<domain type='qemu' id='1'><name>vm</name><devices>");
            for (int i = 0; i < disks; i++) {
                live.append("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/d")
                        .append(i)
                        .append(".s2'/><backingStore type='file'><format type='qcow2'/><source file='/img/d")
                        .append(i)
                        .append(".s1'/><backingStore/></backingStore><target dev='d")
                        .append(i)
                        .append("' bus='virtio'/></disk>");
            }
            XmlElement domain =
                    CODEC.readElement(live.append("</devices></domain>").toString());
            ValidationContext ctx = ValidationContext.of(DomainState.RUNNING)
                    .withDomain(domain)
                    .withExistingSnapshots(List.of(s1, s2))
                    .withCurrentSnapshot("s2");
            DeleteReport r = assertTimeoutPreemptively(
                    LIMIT, () -> SnapshotValidator.create().checkDelete(s1, ctx, Set.of()), disks + " disks");
            assertEquals(
                    Verdict.OK,
                    r.verdict(),
                    () -> r.problems()
                            .subList(0, Math.min(3, r.problems().size()))
                            .toString());
            assertTrue(r.blockCommit());
            assertEquals(disks, r.removedFiles().size());
        }
    }

    /** A snapshot of external disks d0... into overlays named after them with a suffix, its domain on another. */
    private static String external(String name, String parent, int disks, String overlay, String image) {
        StringBuilder b =
                new StringBuilder("<domainsnapshot><name>").append(name).append("</name>");
        b.append("<state>disk-snapshot</state>");
        if (parent != null) {
            b.append("<parent><name>").append(parent).append("</name></parent>");
        }
        b.append("<creationTime>")
                .append(name.equals("s1") ? 1_000_000 : 1_000_001)
                .append("</creationTime>");
        b.append("<memory snapshot='no'/><disks>");
        for (int i = 0; i < disks; i++) {
            b.append("<disk name='d")
                    .append(i)
                    .append("' snapshot='external' type='file'><driver type='qcow2'/>")
                    .append("<source file='/img/d")
                    .append(i)
                    .append(overlay)
                    .append("'/></disk>");
        }
        b.append("</disks><domain type='qemu'><name>vm</name><devices>");
        for (int i = 0; i < disks; i++) {
            b.append("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/d")
                    .append(i)
                    .append(image)
                    .append("'/><target dev='d")
                    .append(i)
                    .append("' bus='virtio'/></disk>");
        }
        return b.append("</devices></domain></domainsnapshot>").toString();
    }

    /**
     * {@code format --output-dir} of many files: each output was compared with every one written
     * before (10,000 files took 88 s).
     */
    @Test
    void formatManyFilesIntoADirectory(@TempDir Path dir) throws IOException {
        for (int files : new int[] {1_000, 10_000}) {
            Path in = Files.createDirectories(dir.resolve("in" + files));
            List<String> args = new ArrayList<>(
                    List.of("format", "--output-dir", dir.resolve("out" + files).toString()));
            for (int i = 0; i < files; i++) {
                Path f = in.resolve("s" + i + ".xml");
                Files.writeString(f, "<domainsnapshot><name>s" + i + "</name></domainsnapshot>");
                args.add(f.toString());
            }
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            int code = assertTimeoutPreemptively(
                    SLOW_LIMIT,
                    () -> new SnapshotXmlCli(InputStream.nullInputStream(), quiet, quiet)
                            .run(args.toArray(String[]::new)),
                    files + " files");
            assertEquals(0, code);
            assertEquals(
                    "<domainsnapshot>\n  <name>s" + (files - 1) + "</name>\n</domainsnapshot>\n",
                    Files.readString(dir.resolve("out" + files).resolve("s" + (files - 1) + ".xml")));
        }
    }
}
