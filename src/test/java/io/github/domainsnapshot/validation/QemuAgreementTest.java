package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The qemu profile against the real qemu driver of libvirt 9.0 (QEMU 7.2), 11.3 (QEMU 10.0) and
 * 12.9 (QEMU 11.1): every request recorded in {@code src/test/resources/qemu-oracle} (the 64
 * cells of the combination table in two forms, on domains with qcow2, raw, block and network
 * disks, running and shut off, and requests aimed at single rules), each taken for real on a QEMU
 * guest by each release, whose answers are in a folder of its own; each is checked with the
 * validator asked for that release.
 *
 * <p>For every case the validator must give libvirt's verdict and, for a refusal, libvirt's first
 * message; for an accepted request its plan must name the mechanism qemu used and its aligned
 * snapshot must be what {@code snapshot-dumpxml} showed, but for what it cannot know: the
 * {@code <inactiveDomain>}, qemu's {@code <cookie>}, and what libvirt re-derives when it copies
 * the live domain into the snapshot: the CPU as it was before qemu filled it in, a network disk's
 * {@code tls} when qemu.conf set it, the format it gives an empty CD-ROM drive, the order of
 * controllers it added. {@link #comparable} leaves those out on both sides.
 */
class QemuAgreementTest {
    static final long PINNED_TIME = 1700000000L;
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    /**
     * Cases where the validator cannot agree, with the reason: what fails only when qemu acts. The
     * same in every release.
     */
    static final Map<String, String> OUT_OF_REACH = Map.of(
            "x-network-ext-running",
            "qemu refuses the overlay when it cannot connect to its NBD server: known only when it tries");

    record Case(
            LibvirtVersion libvirt,
            String id,
            String domain,
            List<String> options,
            boolean accepted,
            String message,
            String via) {
        static Path root() {
            try {
                return Path.of(QemuAgreementTest.class
                                .getResource("/qemu-oracle/README.md")
                                .toURI())
                        .getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @return the release's answers: its manifest, stored snapshots and domain definitions */
        Path answers() {
            return root().resolve(libvirt.toString());
        }

        Path request() {
            return root().resolve("in/" + id + ".xml");
        }

        Path stored() {
            return answers().resolve("out/" + id + ".xml");
        }

        DomainState state() {
            if (options.contains("--shutoff")) {
                return DomainState.SHUTOFF;
            }
            return options.contains("--paused") ? DomainState.PAUSED : DomainState.RUNNING;
        }

        /** What {@code virsh dumpxml} showed of the domain in that state (a paused one as a running one). */
        Path domainFile() {
            return answers()
                    .resolve("domains/" + domain + "-" + (state() == DomainState.SHUTOFF ? "shutoff" : "running")
                            + ".xml");
        }

        Set<CreateFlag> flags() {
            Set<CreateFlag> flags = EnumSet.noneOf(CreateFlag.class);
            for (int i = 0; i < options.size(); i++) {
                String o = options.get(i);
                if (o.equals("--disk-only")) {
                    flags.add(CreateFlag.DISK_ONLY);
                } else if (o.equals("--flags")) {
                    for (String f : options.get(++i).split(",")) {
                        flags.add(CreateFlag.fromCliName(f));
                    }
                }
            }
            return flags;
        }

        /**
         * The recording's context: a fresh domain without snapshots; its file images, all under
         * /var/lib/libvirt/images, were regular files there.
         */
        ValidationContext context() {
            return ValidationContext.of(state())
                    .withLibvirt(libvirt)
                    .withFlags(flags())
                    .withDomain(CODEC.readElement(domainFile()))
                    .withExistingSnapshots(List.of())
                    .withRegularFileTest(p -> p.startsWith("/var/lib/libvirt/images/"))
                    .withClock(Clock.fixed(Instant.ofEpochSecond(PINNED_TIME), ZoneOffset.UTC));
        }

        ValidationReport check() {
            return SnapshotValidator.create().check(request(), context());
        }

        /** @return the case's name in test reports: the release, then the request */
        String name() {
            return libvirt + " " + id;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** @return every proven release's cases, oldest release first */
    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (LibvirtVersion v : LibvirtVersion.proven()) {
            out.addAll(cases(v));
        }
        return out;
    }

    /** @return one release's cases */
    static List<Case> cases(LibvirtVersion libvirt) {
        List<Case> out = new ArrayList<>();
        try {
            List<String> lines =
                    Files.readAllLines(Case.root().resolve(libvirt + "/manifest.tsv"), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                List<String> options =
                        f[2].isBlank() ? List.of() : List.of(f[2].trim().split("\\s+"));
                out.add(new Case(libvirt, f[0], f[1], options, f[3].equals("accept"), f[4], f[5]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The outcome of one case: what agrees with libvirt, what does not, and why. */
    record Outcome(boolean verdict, Boolean message, Boolean stored, Boolean mechanism, String detail) {}

    static Outcome compare(Case c) {
        ValidationReport report = c.check();
        boolean verdict = report.isOk() == c.accepted();
        if (!c.accepted()) {
            String ours =
                    report.errors().isEmpty() ? "" : report.errors().get(0).message();
            // the same message, raised with the same code (the words libvirt printed before it)
            boolean same = ours.equals(LibvirtAgreementTest.withoutCategory(c.message()))
                    && LibvirtAgreementTest.sameCode(
                            c.message(), report.errors().get(0));
            return new Outcome(verdict, same, null, null, "libvirt: " + c.message() + "; we: " + report.problems());
        }
        if (!report.isOk()) {
            return new Outcome(false, null, false, false, "libvirt accepted it; we: " + report.problems());
        }
        String predicted = comparable(report.aligned().orElseThrow());
        String stored = comparable(CODEC.read(c.stored()));
        boolean mechanism =
                report.plan().map(p -> p.via().label().equals(c.via())).orElse(false);
        return new Outcome(
                true,
                null,
                predicted.equals(stored),
                mechanism,
                "libvirt stored:\n" + stored + "\nwe predicted:\n" + predicted + "\nvia " + c.via() + ", plan "
                        + report.plan());
    }

    /** A snapshot written without what the validator cannot know of it. */
    static String comparable(DomainSnapshot snapshot) {
        snapshot.setInactiveDomain(null);
        snapshot.setCookie(null);
        XmlElement domain = snapshot.getDomain();
        if (domain == null) {
            return CODEC.write(snapshot);
        }
        domain.getChildren()
                .removeIf(c -> c instanceof XmlElement e && e.getLocalName().equals("cpu"));
        XmlElement devices = domain.element("devices");
        if (devices == null) {
            return CODEC.write(snapshot);
        }
        for (XmlElement disk : devices.elements("disk")) {
            XmlElement source = disk.element("source");
            XmlElement driver = disk.element("driver");
            if (source != null) {
                source.setAttribute("tls", null);
            } else if (driver != null) {
                driver.setAttribute("type", null);
            }
        }
        List<Object> children = devices.getChildren();
        List<XmlElement> controllers = new ArrayList<>(devices.elements("controller"));
        controllers.sort(Comparator.comparing(c -> c.attribute("type")));
        int next = 0;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof XmlElement e && e.getLocalName().equals("controller")) {
                children.set(i, controllers.get(next++));
            }
        }
        return CODEC.write(snapshot);
    }

    @TestFactory
    Stream<DynamicTest> eachCaseGetsLibvirtsVerdictMessageMechanismAndStoredSnapshot() {
        return cases().stream()
                .filter(c -> !OUT_OF_REACH.containsKey(c.id()))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Outcome o = compare(c);
                    assertTrue(o.verdict(), () -> "verdict: " + o.detail());
                    if (o.message() != null) {
                        assertTrue(o.message(), () -> "first message: " + o.detail());
                    }
                    if (o.stored() != null) {
                        assertTrue(o.mechanism(), () -> "mechanism: " + o.detail());
                        assertTrue(o.stored(), () -> "stored snapshot: " + o.detail());
                    }
                }));
    }

    /**
     * {@code snapshot-xml align} prints the stored snapshot libvirt showed, for the accepted cases
     * where libvirt made up no file name (which would make the command look at this machine's files).
     */
    @TestFactory
    Stream<DynamicTest> theAlignCommandPrintsWhatLibvirtStored() {
        return cases().stream()
                .filter(c -> c.accepted() && !OUT_OF_REACH.containsKey(c.id()))
                .filter(c ->
                        SnapshotValidator.create()
                                .check(c.request(), c.context().withRegularFileTest(null))
                                .warnings()
                                .stream()
                                .noneMatch(p -> p.rule() == Rule.ALIGN_FILE_UNCHECKED))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    List<String> args = new ArrayList<>(List.of(
                            "align",
                            c.request().toString(),
                            "--libvirt",
                            c.libvirt().toString(),
                            "--domain",
                            c.domainFile().toString(),
                            "--state",
                            c.state().libvirtName(),
                            "--now",
                            Long.toString(PINNED_TIME)));
                    if (!c.flags().isEmpty()) {
                        args.add("--flags");
                        args.add(String.join(
                                ",", c.flags().stream().map(CreateFlag::cliName).toList()));
                    }
                    LibvirtAgreementTest.CliRun run = LibvirtAgreementTest.runCli(args);
                    assertEquals(0, run.code(), run::err);
                    assertEquals(comparable(CODEC.read(c.stored())), comparable(CODEC.read(run.out())));
                }));
    }

    @Test
    void everyReleaseCoversEveryCellInBothFormsOnFourDomainsInBothStates() {
        List<String> firstIds = null;
        for (LibvirtVersion v : LibvirtVersion.proven()) {
            List<Case> all = cases(v);
            for (String domain : List.of("qcow2", "raw", "block", "network")) {
                for (String state : List.of("running", "shutoff")) {
                    long n = all.stream()
                            .filter(c -> c.id().startsWith(domain + "-" + state + "-"))
                            .count();
                    // 4 memory x 4 disk x 2 disk-only columns, every disk named (A) or only vda (B)
                    assertEquals(64, n, v + " " + domain + " " + state);
                }
            }
            for (Case c : all) {
                assertTrue(Files.isRegularFile(c.request()), c.name());
                assertEquals(c.accepted(), Files.isRegularFile(c.stored()), c.name());
                assertTrue(Files.isRegularFile(c.domainFile()), c.name());
            }
            // every release answered the same requests
            List<String> ids = all.stream().map(Case::id).sorted().toList();
            if (firstIds == null) {
                firstIds = ids;
            }
            assertEquals(firstIds, ids, v.toString());
        }
    }

    /** The figures of the agreement, printed for the record; every case but those out of reach agrees. */
    @TestFactory
    Stream<DynamicTest> agreementFigures() {
        return LibvirtVersion.proven().stream()
                .map(v -> DynamicTest.dynamicTest("libvirt " + v, () -> agreementFigures(v)));
    }

    private static void agreementFigures(LibvirtVersion libvirt) {
        int cases = 0;
        int verdicts = 0;
        int refused = 0;
        int messages = 0;
        int accepted = 0;
        int stored = 0;
        int mechanisms = 0;
        List<String> disagreements = new ArrayList<>();
        for (Case c : cases(libvirt)) {
            Outcome o = compare(c);
            cases++;
            verdicts += o.verdict() ? 1 : 0;
            if (!c.accepted()) {
                refused++;
                messages += Boolean.TRUE.equals(o.message()) ? 1 : 0;
            } else {
                accepted++;
                stored += Boolean.TRUE.equals(o.stored()) ? 1 : 0;
                mechanisms += Boolean.TRUE.equals(o.mechanism()) ? 1 : 0;
            }
            if (!o.verdict()
                    || Boolean.FALSE.equals(o.message())
                    || Boolean.FALSE.equals(o.stored())
                    || Boolean.FALSE.equals(o.mechanism())) {
                disagreements.add(c.id());
            }
        }
        System.out.printf(
                "qemu profile vs libvirt %s's qemu driver: %d/%d verdicts, %d/%d first messages, %d/%d stored"
                        + " snapshots, %d/%d mechanisms; apart: %s%n",
                libvirt, verdicts, cases, messages, refused, stored, accepted, mechanisms, accepted, disagreements);
        assertEquals(Set.copyOf(OUT_OF_REACH.keySet()), Set.copyOf(disagreements));
        assertFalse(disagreements.size() > OUT_OF_REACH.size());
    }
}
