package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.model.CreationTime;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.DriverFormat;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.model.Source;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model's value types: libvirt's values as constants, any other text kept as written. */
class ValueTypesTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    @Test
    void libvirtsValuesAreTheConstants() {
        assertSame(SnapshotState.DISK_SNAPSHOT, SnapshotState.of("disk-snapshot"));
        assertSame(MemorySnapshotMode.EXTERNAL, MemorySnapshotMode.of("external"));
        assertSame(DiskSnapshotMode.MANUAL, DiskSnapshotMode.of("manual"));
        assertSame(DiskType.NETWORK, DiskType.of("network"));
        assertSame(DriverFormat.QCOW2, DriverFormat.of("qcow2"));
        assertTrue(SnapshotState.values().stream().allMatch(SnapshotState::isKnown));
        assertEquals(8, SnapshotState.values().size());
        assertEquals(4, DiskSnapshotMode.values().size());
        assertEquals("disk-snapshot", SnapshotState.DISK_SNAPSHOT.value());
        assertEquals("qcow2", DriverFormat.QCOW2.toString());
    }

    @Test
    void anyOtherTextIsKeptAsWrittenAndIsNotKnown() {
        SnapshotState newer = SnapshotState.of("hibernated");
        assertFalse(newer.isKnown());
        assertEquals("hibernated", newer.value());
        assertEquals(newer, SnapshotState.of("hibernated"));
        assertEquals(newer.hashCode(), SnapshotState.of("hibernated").hashCode());
        MemorySnapshotMode blanks = MemorySnapshotMode.of(" external ");
        assertFalse(blanks.isKnown(), "kept as written: libvirt's parser does not take blanks");
        assertNotEquals(MemorySnapshotMode.EXTERNAL, blanks);
        assertFalse(MemorySnapshotMode.of("manual").isKnown(), "libvirt's memory refuses the manual mode");
        assertNotEquals(DiskType.of("dir"), DriverFormat.of("dir"), "values of different kinds");
    }

    @Test
    void aNewerLibvirtsValuesReadAndWriteBackUnchanged() {
        String doc = """
                <domainsnapshot>
                  <name>s</name>
                  <state>hibernated</state>
                  <creationTime>2026-11-01T00:00:00Z</creationTime>
                  <memory snapshot='remote' file='/m'/>
                  <disks>
                    <disk name='vda' snapshot='dedup' type='vhostvdpa'>
                      <driver type='qcow3'/>
                      <source dev='/dev/vhost-vdpa-0'/>
                    </disk>
                    <disk name='vdb' snapshot=' no ' type='file'>
                      <source file='/b'/>
                    </disk>
                  </disks>
                </domainsnapshot>
                """;
        DomainSnapshot s = CODEC.read(doc);
        assertEquals(SnapshotState.of("hibernated"), s.getState());
        assertFalse(s.getState().isKnown());
        assertEquals(Optional.empty(), s.getCreationTime().instant());
        assertEquals("remote", s.getMemory().getSnapshot().value());
        DiskSnapshot vda = s.getDisks().getDisks().get(0);
        assertEquals(DiskSnapshotMode.of("dedup"), vda.getSnapshot());
        assertEquals("vhostvdpa", vda.getType().value());
        assertFalse(vda.getType().isKnown());
        assertEquals(DriverFormat.of("qcow3"), vda.getDriver().getType());
        assertEquals(" no ", s.getDisks().getDisks().get(1).getSnapshot().value());
        assertEquals(doc, CODEC.write(s));
        assertEquals(doc, CODEC.write(CODEC.copy(s)));
    }

    @Test
    void aModelBuiltWithTheConstantsIsWrittenAsLibvirtWould() {
        DomainSnapshot s = new DomainSnapshot();
        s.setName("s");
        s.setState(SnapshotState.SHUTOFF);
        s.setCreationTime(CreationTime.of(Instant.parse("2023-11-14T22:13:20.750Z")));
        MemorySpec memory = new MemorySpec();
        memory.setSnapshot(MemorySnapshotMode.NO);
        s.setMemory(memory);
        DiskSnapshot disk = new DiskSnapshot();
        disk.setName("vda");
        disk.setSnapshot(DiskSnapshotMode.EXTERNAL);
        disk.setType(DiskType.BLOCK);
        Driver driver = new Driver();
        driver.setType(DriverFormat.QCOW2);
        disk.setDriver(driver);
        Source source = new Source();
        source.setDev("/dev/vg/snap");
        disk.setSource(source);
        s.setDisks(new DiskSnapshotList());
        s.getDisks().getDisks().add(disk);
        String xml = CODEC.write(s);
        assertEquals("""
                <domainsnapshot>
                  <name>s</name>
                  <state>shutoff</state>
                  <creationTime>1700000000</creationTime>
                  <memory snapshot='no'/>
                  <disks>
                    <disk name='vda' snapshot='external' type='block'>
                      <driver type='qcow2'/>
                      <source dev='/dev/vg/snap'/>
                    </disk>
                  </disks>
                </domainsnapshot>
                """, xml);
        assertEquals(s, CODEC.read(xml));
    }

    @Test
    void creationTimeGivesAnInstantAsLibvirtReadsIt() {
        CreationTime t = CreationTime.of("1700000000");
        assertEquals(Optional.of(Instant.parse("2023-11-14T22:13:20Z")), t.instant());
        assertTrue(t.isKnown());
        assertEquals(Optional.of(42L), CreationTime.of("  42").epochSecond(), "leading blanks, as virXPathLongLong");
        assertEquals("  42", CreationTime.of("  42").value());
        assertEquals(Optional.empty(), CreationTime.of("42 ").epochSecond());
        assertEquals(Optional.empty(), CreationTime.of("yesterday").instant());
        assertFalse(CreationTime.of("yesterday").isKnown());
        assertEquals(CreationTime.ofEpochSecond(5), CreationTime.of("5"));
        assertNotEquals(CreationTime.of("5"), CreationTime.of("05"), "the text, as written");
    }

    @Test
    void theBindingModelReadsAdaptedPropertiesAsTheirText() throws Exception {
        BindingModel model = BindingModel.load();
        DomainSnapshot s = new DomainSnapshot();
        s.setState(SnapshotState.of(" paused"));
        assertEquals(
                " paused",
                model.root()
                        .element("state")
                        .print(model.root().element("state").get(s)));
        DiskSnapshot d = new DiskSnapshot();
        d.setSnapshot(DiskSnapshotMode.of("later"));
        assertEquals(
                "later",
                model.binding(DiskSnapshot.class)
                        .attributesByName
                        .get("snapshot")
                        .printed(d));
    }

    /**
     * An absent value is null in the model, not a value: of(null) is a NullPointerException that
     * names the parameter, for every value type.
     */
    @Test
    void ofNullNamesTheParameter() {
        Map<String, org.junit.jupiter.api.function.Executable> calls = Map.of(
                "SnapshotState", () -> SnapshotState.of(null),
                "MemorySnapshotMode", () -> MemorySnapshotMode.of(null),
                "DiskSnapshotMode", () -> DiskSnapshotMode.of(null),
                "DiskType", () -> DiskType.of(null),
                "DriverFormat", () -> DriverFormat.valueOf(null));
        calls.forEach((type, call) -> {
            NullPointerException e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, call);
            assertEquals("value", e.getMessage(), type);
        });
        NullPointerException time = org.junit.jupiter.api.Assertions.assertThrows(
                NullPointerException.class, () -> CreationTime.of((String) null));
        assertEquals("text", time.getMessage());
    }
}
