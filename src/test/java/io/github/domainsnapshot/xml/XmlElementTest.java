package io.github.domainsnapshot.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Trees of XmlElement: equal as a reader sees them, and never walked forever or exponentially. */
class XmlElementTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Test
    void equalIsWhatAReaderSees() {
        assertEquals(new XmlElement("a").add("x").add("y"), new XmlElement("a").add("xy"), "adjacent texts are one");
        assertEquals(new XmlElement("a").add(""), new XmlElement("a"), "an empty text is none");
        assertEquals(
                new XmlElement("a").add("\n  ").add(new XmlElement("b")).add("\n"),
                new XmlElement("a").add(new XmlElement("b")),
                "blank text among elements only is layout");
        assertNotEquals(
                new XmlElement("a").add(" ").add(new XmlElement("b")).add("t"),
                new XmlElement("a").add(new XmlElement("b")).add("t"),
                "blank text in mixed content is text");
        assertNotEquals(new XmlElement("a").add(" "), new XmlElement("a"), "a blank text alone is text");
        XmlElement declared = new XmlElement("urn:x", "p", "a");
        declared.getNamespaceDeclarations().add(new NamespaceDeclaration("p", "urn:x"));
        assertEquals(declared, new XmlElement("urn:x", "p", "a"), "declarations say how names are written");
        assertNotEquals(new XmlElement("urn:x", "p", "a"), new XmlElement("urn:x", "q", "a"), "prefixes count");
        assertEquals(new XmlElement("a").hashCode(), new XmlElement("a").add("").hashCode());
    }

    @Test
    void anElementThatContainsItselfIsRefusedByEveryWalk() {
        XmlElement self = new XmlElement("a");
        self.add(new XmlElement("b").add(self));
        XmlElement other = new XmlElement("a");
        other.add(new XmlElement("b").add(other));
        for (Function<XmlElement, Object> walk : java.util.List.<Function<XmlElement, Object>>of(
                XmlElement::deepCopy, XmlElement::textContent, e -> e.equals(other))) {
            SnapshotXmlException e = assertTimeoutPreemptively(
                    PROMPTLY, () -> assertThrows(SnapshotXmlException.class, () -> walk.apply(self)));
            assertTrue(e.getReason().contains("in the tree twice"), e.getReason());
        }
        assertTrue(assertTimeoutPreemptively(PROMPTLY, () -> self.toString()).length() > 0);
        assertEquals(self.hashCode(), other.hashCode());
    }

    /** 28 levels, each holding the next twice: 2^28 paths through 29 elements. */
    private static XmlElement sharedAtEveryLevel() {
        XmlElement top = new XmlElement("a");
        XmlElement at = top;
        for (int i = 0; i < 28; i++) {
            XmlElement next = new XmlElement("a").add("t");
            at.add(next).add(next);
            at = next;
        }
        return top;
    }

    @Test
    void aChildSharedAtEveryLevelIsRefusedInLinearTime() {
        XmlElement shared = sharedAtEveryLevel();
        XmlElement twin = sharedAtEveryLevel();
        assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(SnapshotXmlException.class, shared::deepCopy));
        assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(SnapshotXmlException.class, shared::textContent));
        assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(SnapshotXmlException.class, () -> shared.equals(twin)));
        assertTimeoutPreemptively(PROMPTLY, () -> shared.toString());
    }

    @Test
    void aDeepTreeIsCopiedAndComparedWithoutRecursion() {
        XmlElement top = new XmlElement("a");
        XmlElement at = top;
        for (int i = 0; i < 100_000; i++) {
            XmlElement next = new XmlElement("a");
            at.add(next);
            at = next;
        }
        at.add("end");
        XmlElement copy = top.deepCopy();
        assertEquals(top, copy);
        assertEquals("end", copy.textContent());
    }
}
