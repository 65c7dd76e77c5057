package io.github.domainsnapshot.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.differential.KnownDisagreements.Disagreement;
import io.github.domainsnapshot.differential.KnownDisagreements.Kind;
import io.github.domainsnapshot.validation.DomainState;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The differential test's own parts, without libvirt: cases, their files, the mutator and the list. */
class DifferentialHarnessTest {
    private static final Mutator.DomainFacts FACTS = new Mutator.DomainFacts(
            "5a4e1c1e-0b0a-4f5e-9d7c-3b2a1f0e9d8c", List.of("vda", "vdb", "sda"), List.of("/tmp/vm-root.qcow2"));
    private static final List<Mutator.Seed> SEEDS = List.of(
            new Mutator.Seed(
                    "a",
                    "<domainsnapshot><name>a</name><memory snapshot='external' file='/m'/><disks>"
                            + "<disk name='vda' snapshot='external'><source file='/x'/></disk>"
                            + "<disk name='vdb' snapshot='no'/></disks></domainsnapshot>"),
            new Mutator.Seed("b", "<domainsnapshot><description>d</description></domainsnapshot>"));

    @Test
    void aCaseFileReadsBackAsWritten() {
        DifferentialCase c = new DifferentialCase(
                "x",
                DomainState.PAUSED,
                EnumSet.of(CreateFlag.VALIDATE, CreateFlag.REDEFINE),
                List.of("seed s", "DROP_ELEMENT /domainsnapshot/name"),
                "<domainsnapshot>\n---\n</domainsnapshot>\n\n");
        String text = c.format(List.of("a comment", "over\ntwo lines"));
        assertTrue(
                text.startsWith("# a comment\n# over\n# two lines\nstate: paused\nflags: redefine,validate\n"), text);
        DifferentialCase back = DifferentialCase.parse("y", text);
        assertEquals(c.state(), back.state());
        assertEquals(c.flags(), back.flags());
        assertEquals(c.xml(), back.xml(), "the document exactly, separator lines and blank end included");
        assertEquals(List.of(c.stepsLine()), back.steps());
    }

    @Test
    void aCaseFileWithoutSeparatorOrWithAnUnknownHeaderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DifferentialCase.parse("z", "state: running\n<a/>"));
        assertThrows(IllegalArgumentException.class, () -> DifferentialCase.parse("z", "mood: fine\n---\n<a/>"));
        assertThrows(IllegalArgumentException.class, () -> DifferentialCase.parse("z", "flags: sideways\n---\n<a/>"));
    }

    @Test
    void theSameSeedMakesTheSameCaseAndOthersMakeOthers() {
        Mutator m = new Mutator(SEEDS, FACTS);
        assertEquals(m.next(42), m.next(42));
        Set<String> documents = new HashSet<>();
        for (long s = 0; s < 200; s++) {
            DifferentialCase c = m.next(s);
            assertTrue(c.steps().get(0).startsWith("seed "), c.steps()::toString);
            documents.add(c.xml());
        }
        assertTrue(documents.size() > 100, "mostly different documents: " + documents.size());
    }

    @Test
    void everyKindOfStepIsTaken() {
        Mutator m = new Mutator(SEEDS, FACTS);
        Set<String> kinds = new HashSet<>();
        Set<DomainState> states = new HashSet<>();
        Set<CreateFlag> flags = new HashSet<>();
        for (long s = 0; s < 500; s++) {
            DifferentialCase c = m.next(s);
            c.steps().stream().skip(1).forEach(step -> kinds.add(step.split(" ")[0]));
            states.add(c.state());
            flags.addAll(c.flags());
        }
        for (Mutator.Kind k : Mutator.Kind.values()) {
            assertTrue(kinds.contains(k.name()), k + " never taken: " + kinds);
        }
        assertEquals(Set.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTOFF), states);
        assertEquals(EnumSet.allOf(CreateFlag.class), flags);
    }

    @Test
    void mutatedDocumentsStayWellFormedButForTheirProlog() {
        Mutator m = new Mutator(SEEDS, FACTS);
        for (long s = 0; s < 300; s++) {
            DifferentialCase c = m.next(s);
            if (c.stepsLine().contains("PROLOG")) {
                continue;
            }
            assertTrue(Mutator.parses(c.xml()), () -> c.stepsLine() + "\n" + c.xml());
        }
    }

    @Test
    void anEntryMatchesOnlyWhatAllItsPatternsFind() {
        KnownDisagreements list = KnownDisagreements.parse("""
                # a comment
                [one]
                kind = verdict
                libvirt = ^accepted$
                validator = document\\.malformed
                reason = on purpose,
                reason = over two lines
                """);
        DifferentialCase c = new DifferentialCase("c", DomainState.RUNNING, Set.of(), List.of(), "<domainsnapshot/>");
        assertTrue(
                list.match(LibvirtVersion.V12_9, new Disagreement(Kind.VERDICT, "accepted", "document.malformed: x", c))
                        .isPresent());
        assertFalse(
                list.match(LibvirtVersion.V12_9, new Disagreement(Kind.MESSAGE, "accepted", "document.malformed: x", c))
                        .isPresent());
        assertFalse(list.match(
                        LibvirtVersion.V12_9, new Disagreement(Kind.VERDICT, "accepted!", "document.malformed: x", c))
                .isPresent());
        assertEquals("on purpose, over two lines", list.entries().get(0).reason());
        assertEquals(List.of(), list.unused());
        assertNotEquals(
                List.of(),
                KnownDisagreements.parse("[x]\nkind = stored\nrequest = a\nreason = r\n")
                        .unused());
    }

    @Test
    void anEntryNamingReleasesHoldsForThoseOnly() {
        KnownDisagreements list = KnownDisagreements.parse("""
                [older]
                kind = message
                libvirt = ^old words$
                releases = 9.0
                reason = 9.0 says it otherwise
                [newer]
                kind = message
                libvirt = words$
                releases = 11.3, 12.9.0
                reason = the later ones too
                [all]
                kind = message
                libvirt = words
                reason = every release
                """);
        DifferentialCase c = new DifferentialCase("c", DomainState.RUNNING, Set.of(), List.of(), "<domainsnapshot/>");
        Disagreement old = new Disagreement(Kind.MESSAGE, "old words", "x", c);
        assertEquals("older", list.match(LibvirtVersion.V9_0, old).orElseThrow().id());
        assertEquals(
                "newer", list.match(LibvirtVersion.V11_3, old).orElseThrow().id());
        assertEquals(
                "all",
                list.match(LibvirtVersion.V9_0, new Disagreement(Kind.MESSAGE, "words!", "x", c))
                        .orElseThrow()
                        .id());
        assertEquals(
                List.of("older", "all"),
                list.entriesFor(LibvirtVersion.V9_0).stream()
                        .map(KnownDisagreements.Entry::id)
                        .toList());
        assertEquals(
                List.of("newer", "all"),
                list.entriesFor(LibvirtVersion.V12_9).stream()
                        .map(KnownDisagreements.Entry::id)
                        .toList());
    }

    @Test
    void anEntryNamingAnUnprovenReleaseOrTwiceTheSameIdIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> KnownDisagreements.parse("[x]\nkind = verdict\nlibvirt = a\nreleases = 10.0\nreason = r\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> KnownDisagreements.parse("[x]\nkind = verdict\nlibvirt = a\nreleases = eleven\nreason = r\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> KnownDisagreements.parse(
                        "[x]\nkind = verdict\nlibvirt = a\nreason = r\n[x]\nkind = stored\nlibvirt = b\nreason = r\n"));
    }

    @Test
    void anEntryWithoutReasonOrPatternsOrWithUnknownKeysIsRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> KnownDisagreements.parse("[x]\nkind = verdict\nlibvirt = a\n"));
        assertThrows(
                IllegalArgumentException.class, () -> KnownDisagreements.parse("[x]\nkind = verdict\nreason = r\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> KnownDisagreements.parse("[x]\nkind = verdict\nlibvrt = a\nreason = r\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> KnownDisagreements.parse("[x]\nkind = verdict\nlibvirt = (\nreason = r\n"));
    }

    @Test
    void theListInUseParses() {
        assertFalse(KnownDisagreements.load().entries().isEmpty());
    }
}
