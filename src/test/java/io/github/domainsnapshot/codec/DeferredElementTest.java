package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.internal.XmlElementAccess;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The children of an embedded domain read directly are checked when read and built on first
 * use; written unused, they are copied as they came. These tests pin what that must not change:
 * errors still come when reading, what is used or changed is what is written, and first use from
 * several threads builds each element once.
 */
class DeferredElementTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final XmlElementAccess.Hooks ELEMENTS = XmlElementAccess.hooks();

    private static String fullDomain() throws IOException {
        return Files.readString(Path.of("src/test/resources/bench/full-domain.xml"), StandardCharsets.UTF_8);
    }

    private static boolean isDeferred(XmlElement e) {
        return ELEMENTS.deferredContent(e) != null;
    }

    private static String domainWith(String children) {
        return "<domainsnapshot>\n  <name>s</name>\n  <domain type='kvm'>\n" + children
                + "  </domain>\n</domainsnapshot>\n";
    }

    @Test
    void theChildrenOfLibvirtsOutputAreDeferredButTheMetadata() throws IOException {
        XmlElement domain = CODEC.read(fullDomain()).getDomain();
        // the domain itself is built: getChildren() on it does not build the children
        List<Object> children = domain.getChildren();
        int deferred = 0;
        for (Object c : children) {
            XmlElement e = (XmlElement) c;
            if (e.getLocalName().equals("metadata")) {
                assertTrue(!isDeferred(e), "metadata is written in libxml2's style, so it is built");
            } else {
                assertTrue(isDeferred(e), e.getLocalName());
                deferred++;
            }
        }
        assertTrue(deferred > 10, deferred + " deferred");
    }

    @Test
    void whatIsDeferredInADomainOfEveryKindOfContent() throws IOException {
        String xml = Files.readString(
                Path.of("src/test/resources/io/github/domainsnapshot/codec/direct/libvirt-domain.xml"),
                StandardCharsets.UTF_8);
        DomainSnapshot s = CODEC.read(xml);
        List<String> deferred = new ArrayList<>();
        for (XmlElement e : s.getDomain().elements()) {
            if (isDeferred(e)) {
                deferred.add(e.getLocalName());
            }
        }
        // not metadata (libxml2's style) nor an element with a prefix (it needs the namespaces in scope)
        assertEquals(List.of("name", "title", "description", "memory", "os", "seclabel", "devices"), deferred);
        assertEquals(xml, CODEC.write(s));
        assertEquals(CODEC.readReference(xml).snapshot().getDomain(), s.getDomain());
        assertEquals(xml, CODEC.write(s));
    }

    @Test
    void firstUseBuildsTheElementOnceAndAsTheReferencePathReadsIt() throws IOException {
        String xml = fullDomain();
        XmlElement direct = CODEC.read(xml).getDomain().element("devices");
        XmlElement reference = CODEC.readReference(xml).snapshot().getDomain().element("devices");
        assertTrue(isDeferred(direct));
        List<Object> children = direct.getChildren();
        assertTrue(!isDeferred(direct));
        assertEquals(reference, direct);
        // a second use sees the same lists, not a second build
        assertEquals(children, direct.getChildren());
        assertTrue(children == direct.getChildren());
    }

    @Test
    void theChildrenOfABuiltElementAreDeferredInTurn() throws IOException {
        XmlElement devices = CODEC.read(fullDomain()).getDomain().element("devices");
        List<XmlElement> all = devices.elements();
        assertEquals(21, all.size());
        for (XmlElement device : all) {
            assertTrue(isDeferred(device), device.getLocalName());
        }
        // so using one disk does not build every device
        assertEquals("vda", devices.element("disk").element("target").attribute("dev"));
        assertTrue(!isDeferred(devices.element("disk")));
        assertTrue(isDeferred(devices.element("interface")));
        // two generations only (each checks its text again): a disk is built whole
        for (XmlElement part : devices.element("disk").elements()) {
            assertTrue(!isDeferred(part), part.getLocalName());
        }
    }

    @Test
    void checkingASnapshotBuildsTheDisksNotTheRest() throws IOException {
        DomainSnapshot s = CODEC.read(fullDomain());
        var report = io.github.domainsnapshot.validation.SnapshotValidator.create()
                .validate(
                        s,
                        io.github.domainsnapshot.validation.ValidationContext.of(
                                io.github.domainsnapshot.validation.DomainState.RUNNING));
        assertNotNull(report);
        XmlElement devices = s.getDomain().element("devices");
        List<String> built = new ArrayList<>();
        for (XmlElement device : devices.elements()) {
            if (!isDeferred(device)) {
                built.add(device.getLocalName());
            }
        }
        assertEquals(List.of("disk", "disk", "disk"), built);
        assertTrue(isDeferred(s.getDomain().element("os")));
        assertEquals(CODEC.write(CODEC.readReference(fullDomain()).snapshot()), CODEC.write(s));
    }

    @Test
    void whatIsChangedIsWrittenAndTheRestAsItCame() throws IOException {
        String xml = fullDomain();
        DomainSnapshot s = CODEC.read(xml);
        String unchanged = CODEC.write(s);
        XmlElement devices = s.getDomain().element("devices");
        XmlElement disk = devices.element("disk");
        disk.element("source").setAttribute("file", "/moved/root.qcow2");
        String changed = CODEC.write(s);
        assertNotEquals(unchanged, changed);
        assertTrue(changed.contains("<source file='/moved/root.qcow2'/>"), changed);

        DomainSnapshot reference = CODEC.readReference(xml).snapshot();
        reference
                .getDomain()
                .element("devices")
                .element("disk")
                .element("source")
                .setAttribute("file", "/moved/root.qcow2");
        assertEquals(CODEC.write(reference), changed);
    }

    @Test
    void aChildAddedToADeferredElementIsWritten() {
        DomainSnapshot s = CODEC.read(domainWith("    <features>\n      <acpi/>\n    </features>\n"));
        XmlElement features = s.getDomain().element("features");
        assertTrue(isDeferred(features));
        features.add(new XmlElement("apic"));
        assertEquals(domainWith("    <features>\n      <acpi/>\n      <apic/>\n    </features>\n"), CODEC.write(s));
    }

    @Test
    void aCopyIsEqualAndIndependent() throws IOException {
        XmlElement os = CODEC.read(fullDomain()).getDomain().element("os");
        XmlElement copy = os.deepCopy();
        assertTrue(isDeferred(os));
        assertEquals(os, copy);
        copy.element("boot").setAttribute("dev", "network");
        assertEquals("hd", os.element("boot").attribute("dev"));
        assertEquals("network", copy.element("boot").attribute("dev"));
    }

    @Test
    void writtenAtAnotherDepthItIsBuiltAndIndentedThere() throws IOException {
        XmlElement clock = CODEC.read(fullDomain()).getDomain().element("clock");
        XmlElement built =
                CODEC.readReference(fullDomain()).snapshot().getDomain().element("clock");
        // at the top level its lines move two spaces left: the text as read would be wrong there
        XmlElement wrapper = new XmlElement("wrapper").add(clock);
        XmlElement wrapperOfBuilt = new XmlElement("wrapper").add(built);
        assertEquals(CODEC.writeElement(wrapperOfBuilt), CODEC.writeElement(wrapper));
        assertTrue(CODEC.writeElement(wrapper).contains("\n  <clock offset='utc'>\n    <timer"));
    }

    @Test
    void errorsInsideTheDomainComeWhenReading() {
        String[] malformed = {
            "    <features>\n      <acpi a='1' a='2'/>\n    </features>\n",
            "    <features>\n      <acpi>\n    </features>\n",
            "    <features>\n      <acpi/>\n    </feature>\n",
            "    <name>a &bogus; name</name>\n",
            "    <name>a <b name</name>\n",
            "    <uuid>\u0001</uuid>\n",
        };
        for (String children : malformed) {
            String xml = domainWith(children);
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> CODEC.read(xml), children);
            assertTrue(e.getLine() >= 4, e.getMessage());
        }
    }

    @Test
    void whatLibvirtWouldWriteOtherwiseIsBuiltWhenRead() {
        String[] notAsLibvirtWrites = {
            "    <features>\n      <acpi state=\"on\"/>\n    </features>\n",
            "    <features>\n       <acpi/>\n    </features>\n",
            "    <features>\n      <acpi  state='on'/>\n    </features>\n",
            "    <features>\n      <acpi state='on' />\n    </features>\n",
            "    <features><acpi/></features>\n",
            "    <features>\n      <!-- a comment -->\n      <acpi/>\n    </features>\n",
            "    <features>\n      <acpi/>\n    </features >\n",
            "    <features>\n      <acpi></acpi>\n    </features>\n",
            "    <description>a &gt; b</description>\n".replace("&gt;", ">"),
            "    <description>say \"hi\"</description>\n",
            "    <description>a &#65; b</description>\n",
            "    <description>\n    </description>\n",
            "    <description>x<b>y</b></description>\n",
            "    <title xml:lang='en'>t</title>\n",
            "    <qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'/>\n",
            "    <features xmlns='urn:x'/>\n",
            "    <seclabel label='a\tb'/>\n",
        };
        for (String children : notAsLibvirtWrites) {
            String xml = domainWith(children);
            DomainSnapshot s = CODEC.read(xml);
            XmlElement child = s.getDomain().elements().get(0);
            assertNull(ELEMENTS.deferredContent(child), children);
            assertEquals(CODEC.write(CODEC.readReference(xml).snapshot()), CODEC.write(s), children);
        }
        // and their libvirt form is deferred
        String[] asLibvirtWrites = {
            "    <features>\n      <acpi state='on'/>\n    </features>\n",
            "    <description>a &gt; b &amp; &quot;c&quot; &apos;d&apos;</description>\n",
            "    <seclabel label='a&#9;b&#10;c&#13;'/>\n",
            "    <description>caf\u00e9 \ud83d\ude00</description>\n",
        };
        for (String children : asLibvirtWrites) {
            String xml = domainWith(children);
            DomainSnapshot s = CODEC.read(xml);
            XmlElement child = s.getDomain().elements().get(0);
            assertNotNull(ELEMENTS.deferredContent(child), children);
            assertEquals(xml, CODEC.write(s), children);
            assertEquals(CODEC.readReference(xml).snapshot().getDomain(), s.getDomain(), children);
        }
    }

    @Test
    void threadsUsingOneElementFirstAllSeeItWhole() throws Exception {
        String xml = fullDomain();
        XmlElement expected = CODEC.readReference(xml).snapshot().getDomain().element("devices");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                XmlElement devices = CODEC.read(xml).getDomain().element("devices");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> sizes = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    Callable<Integer> use = () -> {
                        start.await();
                        return devices.getChildren().size();
                    };
                    sizes.add(pool.submit(use));
                }
                start.countDown();
                for (Future<Integer> size : sizes) {
                    assertEquals(expected.getChildren().size(), size.get());
                }
                assertEquals(expected, devices);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
