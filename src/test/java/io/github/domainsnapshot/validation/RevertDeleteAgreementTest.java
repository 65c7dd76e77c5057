package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The revert and delete predictions against the qemu driver of libvirt 9.0, 11.3 and 12.9: 356
 * reverts and deletes each release performed or refused for real on a QEMU guest (in {@code
 * src/test/resources/revert-delete}: each release's manifest, and the state before each
 * operation: the domain, its snapshots, the current one, the guest's state). Each case is
 * predicted from that state, for that release, with the flags of its id, and must give libvirt's
 * verdict, its first message, the state after a revert, the overlays created and the files
 * removed (a name made of the revert's time compared as such), whether {@code <revertDisks>} was
 * written, whether a block commit ran and which snapshots went.
 *
 * <p>The stored definitions keep what the predictions read (the domains' names, uuids and disks);
 * cases whose setup libvirt refused were never run: they are counted, with libvirt's refusal, not tested.
 */
class RevertDeleteAgreementTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final SnapshotValidator VALIDATOR = SnapshotValidator.create();
    private static final List<String> RELEASES = List.of("9.0.0", "11.3.0", "12.9.0");
    private static final String SCRATCH = "/work/rec/rd/scratch/";
    private static final Pattern TIME_SUFFIX = Pattern.compile("\\.\\d{9,}$");
    private static final Pattern SNAPS_AFTER = Pattern.compile("snaps after: snaps=(\\S+)");

    /**
     * Where the prediction and libvirt disagree, as "release id" (such as {@code "11.3.0
     * k1-int-run.single.revert.s1.none.run"}), with the reason. The test checks that each still
     * disagrees, so that the list stays true. None at present.
     */
    static final Map<String, String> KNOWN_DISAGREEMENTS = Map.of();

    record Case(String release, String[] row, String[] before) {
        String id() {
            return row[0];
        }

        String operation() {
            return row[3];
        }

        String target() {
            return row[4];
        }

        String verdict() {
            return row[6];
        }

        String message() {
            return row[7];
        }
    }

    private static Path root() {
        try {
            return Path.of(RevertDeleteAgreementTest.class
                            .getResource("/revert-delete/9.0.0/manifest.tsv")
                            .toURI())
                    .getParent()
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> cases(String release) {
        Path dir = root().resolve(release);
        try {
            Map<String, String[]> before = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve("before.tsv"))) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.split("\t", -1);
                    before.put(f[0], f);
                }
            }
            List<Case> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(dir.resolve("manifest.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    String[] row = line.split("\t", -1);
                    out.add(new Case(release, row, before.get(row[0])));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What differs between the prediction and libvirt's answer; empty where they agree. */
    static List<String> differences(Case c) {
        Path files = root().resolve(c.release()).resolve("files");
        String[] b = c.before();
        XmlElement domain = CODEC.readElement(files.resolve(b[3] + ".xml"));
        Map<String, DomainSnapshot> snapshots = new LinkedHashMap<>();
        for (String entry : b[4].split(" ")) {
            if (!entry.isBlank()) {
                String[] nf = entry.split("=");
                snapshots.put(nf[0], CODEC.read(files.resolve(nf[1] + ".xml")));
            }
        }
        DomainState state = switch (b[1]) {
            case "running" -> DomainState.RUNNING;
            case "paused" -> DomainState.PAUSED;
            default -> DomainState.SHUTOFF;
        };
        ValidationContext ctx = ValidationContext.of(state)
                .withDomain(domain)
                .withExistingSnapshots(snapshots.values())
                .withCurrentSnapshot(b[2].equals("-") ? null : b[2])
                .withLibvirt(LibvirtVersion.parse(c.release()));
        DomainSnapshot target = snapshots.get(c.target());
        List<String> diff = new ArrayList<>();
        String[] idParts = c.id().split("\\.");
        List<String> flagNames = Arrays.asList(idParts[idParts.length - 2].split("\\+"));
        boolean accepted = c.verdict().equals("accept");
        List<Problem> problems;
        boolean ok;
        List<String> removed;
        if (c.operation().equals("revert")) {
            Set<RevertFlag> flags = EnumSet.noneOf(RevertFlag.class);
            flagNames.stream().filter(n -> !n.equals("none")).forEach(n -> flags.add(RevertFlag.fromCliName(n)));
            RevertReport r = VALIDATOR.checkRevert(target, ctx, flags);
            problems = r.problems();
            ok = r.performed();
            removed = r.removedFiles();
            if (ok && accepted) {
                String state_ = c.row()[8].equals("shut off") ? "shutoff" : c.row()[8];
                String ours = r.stateAfter().map(DomainState::libvirtName).orElse("-");
                if (!ours.equals(state_)) {
                    diff.add("state after: " + ours + ", libvirt " + state_);
                }
                compareFiles(diff, "created", r.newOverlays(), c.row()[10]);
                boolean written = Set.of(c.row()[12].split(" ")).contains(c.target());
                if (r.writesRevertDisks() != written) {
                    diff.add("revertDisks: " + r.writesRevertDisks() + ", libvirt " + written);
                }
                if (r.needsForce()) {
                    diff.add("needs force, libvirt did not");
                }
            }
        } else {
            Set<DeleteFlag> flags = EnumSet.noneOf(DeleteFlag.class);
            flagNames.stream()
                    .filter(n -> !n.equals("none"))
                    .forEach(n -> flags.add(DeleteFlag.fromCliName(n.equals("metadata") ? "metadata-only" : n)));
            DeleteReport r = VALIDATOR.checkDelete(target, ctx, flags);
            problems = r.problems();
            ok = r.isOk();
            removed = r.removedFiles();
            if (ok && accepted) {
                boolean commit = List.of(c.row()[9].split(" ")).contains("block-commit");
                if (r.blockCommit() != commit) {
                    diff.add("block commit: " + r.blockCommit() + ", libvirt " + commit);
                }
                Matcher m = SNAPS_AFTER.matcher(c.row()[14]);
                if (m.find()) {
                    Set<String> gone = new TreeSet<>(snapshots.keySet());
                    // each as name<parent
                    for (String left : m.group(1).split(",")) {
                        gone.remove(left.split("<")[0]);
                    }
                    if (!gone.equals(new TreeSet<>(r.deletedSnapshots()))) {
                        diff.add("deleted " + r.deletedSnapshots() + ", libvirt " + gone);
                    }
                }
            }
        }
        if (ok != accepted) {
            diff.add("verdict: " + (ok ? "accept" : "reject") + ", libvirt " + c.verdict() + " " + c.message()
                    + "; ours: " + problems);
            return diff;
        }
        if (!ok) {
            Problem first =
                    problems.stream().filter(Problem::isError).findFirst().orElseThrow();
            String ours = first.libvirtError().category() + first.message();
            if (!c.message().equals(ours) && !c.message().equals(first.message())) {
                diff.add("message: '" + ours + "', libvirt '" + c.message() + "'");
            } else if (!LibvirtAgreementTest.sameCode(c.message(), first)
                    && !c.message().equals(first.message())) {
                diff.add("code: " + first.libvirtError() + " for '" + c.message() + "'");
            }
            return diff;
        }
        compareFiles(diff, "removed", removed, c.row()[11]);
        return diff;
    }

    private static void compareFiles(List<String> diff, String what, List<String> ours, String recorded) {
        Set<String> a = new TreeSet<>();
        for (String f : ours) {
            a.add(normalise(f.startsWith(SCRATCH) ? f.substring(SCRATCH.length()) : f));
        }
        Set<String> b = new TreeSet<>();
        if (!recorded.equals("-")) {
            for (String f : recorded.split(" ")) {
                b.add(normalise(f));
            }
        }
        if (!a.equals(b)) {
            diff.add(what + ": " + a + ", libvirt " + b);
        }
    }

    private static String normalise(String file) {
        return TIME_SUFFIX
                .matcher(file.replace(RevertReport.TIME, "0000000000"))
                .replaceAll(".<T>");
    }

    @TestFactory
    Stream<DynamicContainer> everyRecordedRevertAndDelete() {
        return RELEASES.stream()
                .map(release -> DynamicContainer.dynamicContainer(
                        "libvirt " + release,
                        cases(release).stream()
                                // a case whose setup libvirt refused was never run: no answer to hold to
                                .filter(c -> c.before() != null && !c.verdict().equals("setup-failed"))
                                .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
                                    List<String> diff = differences(c);
                                    if (KNOWN_DISAGREEMENTS.containsKey(release + " " + c.id())) {
                                        assertTrue(
                                                !diff.isEmpty(),
                                                c.id() + " agrees now: take it off the known disagreements");
                                    } else {
                                        assertEquals(List.of(), diff, c.id());
                                    }
                                }))));
    }

    /** The agreement figures, per release; and the known disagreements are real cases. */
    @Test
    void agreementFigures() {
        for (String release : RELEASES) {
            int run = 0;
            int agree = 0;
            Map<String, Integer> notRun = new TreeMap<>();
            for (Case c : cases(release)) {
                if (c.before() == null || c.verdict().equals("setup-failed")) {
                    notRun.merge(c.message(), 1, Integer::sum);
                    continue;
                }
                run++;
                if (differences(c).isEmpty()) {
                    agree++;
                }
            }
            System.out.println("libvirt " + release + ": " + agree + "/" + run
                    + " recorded reverts and deletes agree; not run, libvirt refused their setup: " + notRun);
            assertTrue(run > 200, release);
        }
        Set<String> ids = new TreeSet<>();
        RELEASES.forEach(release -> cases(release).forEach(c -> ids.add(release + " " + c.id())));
        for (String id : KNOWN_DISAGREEMENTS.keySet()) {
            assertTrue(ids.contains(id), id);
        }
    }
}
