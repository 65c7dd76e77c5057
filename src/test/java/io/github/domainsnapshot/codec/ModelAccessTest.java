package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Source;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.Rule;
import io.github.domainsnapshot.validation.Severity;
import jakarta.xml.bind.JAXBContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glassfish.jaxb.runtime.api.JAXBRIContext;
import org.junit.jupiter.api.Test;

/** How the model is asked for what it holds: lists never null, the conveniences, unknown locations. */
class ModelAccessTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    @Test
    void everyListOfEveryClassIsThereOnANewObject() throws Exception {
        JAXBRIContext context = (JAXBRIContext) JAXBContext.newInstance(
                new Class<?>[] {DomainSnapshot.class}, Map.of(JAXBRIContext.RETAIN_REFERENCE_TO_INFO, true));
        int lists = 0;
        for (Class<?> type : context.getRuntimeTypeInfoSet().beans().keySet()) {
            if (Modifier.isAbstract(type.getModifiers())
                    || !type.getPackageName().endsWith(".model")) {
                continue;
            }
            Object o = type.getConstructor().newInstance();
            for (Method m : type.getMethods()) {
                if (m.getParameterCount() == 0 && List.class.isAssignableFrom(m.getReturnType())) {
                    assertNotNull(m.invoke(o), type.getSimpleName() + "." + m.getName());
                    lists++;
                }
            }
        }
        assertTrue(lists >= 20, "lists checked: " + lists);
    }

    @Test
    void theParentIsSetAndReadByName() {
        DomainSnapshot s = new DomainSnapshot();
        assertNull(s.parentName());
        s.setParentName("base <1>");
        assertEquals("base <1>", s.getParent().getName());
        assertEquals("base <1>", s.parentName());
        assertTrue(CODEC.write(s).contains("<parent>\n    <name>base &lt;1&gt;</name>\n  </parent>"), CODEC.write(s));
        s.setParentName(null);
        assertNull(s.getParent());
        assertEquals(
                "s",
                CODEC.read("<domainsnapshot><parent><name>s</name></parent></domainsnapshot>")
                        .parentName());
    }

    @Test
    void aSourcesPathWhateverItsKind() {
        DomainSnapshot s = CODEC.read("""
                <domainsnapshot>
                  <disks>
                    <disk name='vda' type='file'><source file='/f'/></disk>
                    <disk name='vdb' type='block'><source dev='/dev/sdb'/></disk>
                    <disk name='vdc' type='network'><source protocol='rbd' name='pool/img'><host name='h'/></source></disk>
                    <disk name='vdd' type='network'><source protocol='nbd'><host name='h'/></source></disk>
                  </disks>
                </domainsnapshot>
                """);
        List<String> paths =
                s.getDisks().getDisks().stream().map(d -> d.getSource().path()).toList();
        assertEquals(java.util.Arrays.asList("/f", "/dev/sdb", "pool/img", null), paths);
        assertNull(new Source().path());
    }

    @Test
    void aFailingWriterOrStreamIsAnIoException() {
        DomainSnapshot s = CODEC.read("<domainsnapshot><name>s</name></domainsnapshot>");
        java.io.Writer failing = new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("disk full");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.write(s, failing));
        assertEquals(SnapshotXmlException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        java.io.OutputStream failingStream = java.io.OutputStream.nullOutputStream();
        try {
            failingStream.close();
        } catch (java.io.IOException impossible) {
            throw new AssertionError(impossible);
        }
        assertThrows(SnapshotXmlException.class, () -> CODEC.write(s, failingStream));
    }

    @Test
    void anUnknownLineOrColumnIsZeroEverywhere() {
        SnapshotXmlException missing =
                assertThrows(SnapshotXmlException.class, () -> CODEC.read(Path.of("/no/such/snapshot.xml")));
        assertEquals(SnapshotXmlException.Kind.IO, missing.kind());
        assertEquals(0, missing.getLine());
        assertEquals(0, missing.getColumn());
        assertFalse(missing.hasLocation());
        SnapshotXmlException old = new SnapshotXmlException(SnapshotXmlException.Kind.INVALID, "x", -1, -1, null, null);
        assertEquals(0, old.getLine());
        assertEquals(0, old.getColumn());
        SnapshotXmlException located =
                assertThrows(SnapshotXmlException.class, () -> CODEC.read("<domainsnapshot>\n<name>"));
        assertTrue(located.hasLocation());
        assertTrue(located.getLine() >= 2, located.getMessage());
        Problem p = new Problem(Rule.values()[0], Severity.ERROR, "m", null, -1, 7);
        assertEquals(0, p.line());
        assertEquals(0, p.column(), "no column without a line");
        assertFalse(p.hasLocation());
    }
}
