package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.ExtensibleElement;
import io.github.domainsnapshot.xml.XmlElement;
import jakarta.xml.bind.JAXBContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.glassfish.jaxb.runtime.api.JAXBRIContext;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Value semantics of the model: equals, hashCode, toString and deep copies, unknown content included. */
class ModelValuesTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    /** Every class the binding knows, from its runtime model. */
    private static List<Class<?>> modelClasses() throws Exception {
        JAXBRIContext context = (JAXBRIContext) JAXBContext.newInstance(
                new Class<?>[] {DomainSnapshot.class}, Map.of(JAXBRIContext.RETAIN_REFERENCE_TO_INFO, true));
        List<Class<?>> classes = context.getRuntimeTypeInfoSet().beans().keySet().stream()
                .filter(c -> c.getPackageName().equals("io.github.domainsnapshot.model"))
                .filter(c -> !java.lang.reflect.Modifier.isAbstract(c.getModifiers()))
                .<Class<?>>map(c -> c)
                .toList();
        assertTrue(classes.size() >= 17, "model classes: " + classes);
        return classes;
    }

    @TestFactory
    Stream<DynamicTest> unknownContentTakesPartInEveryClass() throws Exception {
        return modelClasses().stream()
                .map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
                    ExtensibleElement a =
                            (ExtensibleElement) type.getConstructor().newInstance();
                    ExtensibleElement b =
                            (ExtensibleElement) type.getConstructor().newInstance();
                    assertEquals(a, b);
                    assertEquals(a.hashCode(), b.hashCode());

                    a.getOtherAttributes().put(new QName("urn:x", "flag", "x"), "1");
                    assertNotEquals(a, b, "an unknown attribute");
                    b.getOtherAttributes().put(new QName("urn:x", "flag", "x"), "1");
                    assertEquals(a, b);
                    assertEquals(a.hashCode(), b.hashCode());

                    a.getUnknownElements().add(new XmlElement("future").setAttribute("v", "1"));
                    b.getUnknownElements().add(new XmlElement("future").setAttribute("v", "2"));
                    assertNotEquals(a, b, "an unknown element");
                    assertTrue(a.toString().contains("future"), a.toString());

                    ExtensibleElement copy =
                            (ExtensibleElement) type.getMethod("clone").invoke(a);
                    assertEquals(a, copy);
                    assertEquals(a.hashCode(), copy.hashCode());
                    copy.getUnknownElements().get(0).setAttribute("v", "3");
                    assertEquals("1", a.getUnknownElements().get(0).attribute("v"), "the copy is deep");
                    assertNotEquals(a, copy);
                }));
    }

    @Test
    void aCopyIsEqualDeepAndIndependent() throws Exception {
        for (String name : List.of("all-elements.xml", "unknown-content.xml", "escaping.xml", "empty-parts.xml")) {
            DomainSnapshot s = CODEC.read(Path.of("src/test/resources/xml2xml/in", name));
            DomainSnapshot copy = CODEC.copy(s);
            assertNotSame(s, copy);
            assertEquals(s, copy, name);
            assertEquals(s.hashCode(), copy.hashCode(), name);
            assertEquals(CODEC.write(s), CODEC.write(copy), name);
        }
        DomainSnapshot s = CODEC.read(Path.of("src/test/resources/xml2xml/in/all-elements.xml"));
        DomainSnapshot copy = CODEC.copy(s);
        assertNotSame(s.getDomain(), copy.getDomain());
        copy.getDomain().add(new XmlElement("added"));
        assertNotEquals(s, copy, "a change to the copy's embedded domain");
        assertNotEquals(CODEC.write(s), CODEC.write(copy));
        copy = CODEC.copy(s);
        copy.getDisks().getDisks().get(0).setName("vdz");
        assertNotEquals(s, copy);
        assertFalse(CODEC.write(s).contains("vdz"));
    }

    @Test
    void toStringShowsWhatIsSet() {
        DomainSnapshot s = CODEC.read("""
                <domainsnapshot>
                  <name>s1</name>
                  <disks>
                    <disk name='vda' snapshot='external'>
                      <source file='/a'/>
                    </disk>
                  </disks>
                  <domain type='kvm'><name>vm &lt;1&gt;</name></domain>
                </domainsnapshot>
                """);
        String text = s.toString();
        assertTrue(text.startsWith("DomainSnapshot["), text);
        assertTrue(text.contains("name=s1"), text);
        assertTrue(text.contains("DiskSnapshot[") && text.contains("name=vda"), text);
        assertTrue(text.contains("file=/a"), text);
        assertTrue(text.contains("<domain type=\"kvm\"><name>vm &lt;1&gt;</name></domain>"), text);
        assertFalse(text.contains("description"), "an absent part is not shown: " + text);
        assertFalse(text.contains("@"), "no identity hash codes: " + text);
        DiskSnapshot disk = s.getDisks().getDisks().get(0);
        assertEquals(disk.toString(), CODEC.copy(s).getDisks().getDisks().get(0).toString());
    }

    @Test
    void theTreeOfAnEmbeddedDomainPrintsAsXmlWithinABound() throws Exception {
        XmlElement big = new XmlElement("domain");
        for (int i = 0; i < 100_000; i++) {
            big.add(new XmlElement("device").setAttribute("n", Integer.toString(i)));
        }
        String text = big.toString();
        assertTrue(text.startsWith("<domain><device n=\"0\"/>"), text.substring(0, 40));
        assertTrue(text.length() < 70_000, "length " + text.length());
        assertTrue(text.endsWith("..."), text.substring(text.length() - 20));
        assertTrue(Files.exists(Path.of("src/test/resources/xml2xml/in/all-elements.xml")));
    }

    /**
     * The model's public methods are its own: accessors, equals, hashCode, toString and a deep
     * copy, without the methods of a code generator's runtime (strategies, locators, copyTo,
     * append), and no model class names such a runtime's types.
     */
    @TestFactory
    Stream<DynamicTest> theModelCarriesNoGeneratorRuntime() throws Exception {
        return modelClasses().stream()
                .map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
                    for (java.lang.reflect.Method m : type.getMethods()) {
                        assertFalse(
                                List.of("copyTo", "append", "appendFields", "createNewInstance")
                                        .contains(m.getName()),
                                m::toString);
                        for (Class<?> p : m.getParameterTypes()) {
                            assertFalse(p.getName().startsWith("org.jvnet"), m::toString);
                        }
                    }
                    for (Class<?> i : type.getInterfaces()) {
                        assertFalse(i.getName().startsWith("org.jvnet"), i::toString);
                    }
                    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                        for (Class<?> i : c.getInterfaces()) {
                            assertFalse(i.getName().startsWith("org.jvnet"), type + " implements " + i);
                        }
                    }
                }));
    }
}
