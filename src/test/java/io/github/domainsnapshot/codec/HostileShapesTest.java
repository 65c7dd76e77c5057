package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shape of input costs time and memory linear in its size: each document here is read (or
 * refused with a clear error), written and checked well inside five seconds in a JVM of 256 MiB
 * (the build runs this class alone with {@code -Xmx256m}).
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
}
