package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.domainsnapshot.model.CreationTime;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.DriverFormat;
import io.github.domainsnapshot.model.LibvirtValue;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.SnapshotState;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model as a Java user who puts a snapshot into JSON sees it (a REST API of a management
 * application): its values answer reflection, Jackson writes them, and a whole snapshot goes
 * through JSON and back.
 */
class ModelJsonTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final String SNAPSHOT = """
            <domainsnapshot>
              <name>s1</name>
              <description>before the upgrade &lt;v2&gt;</description>
              <state>running</state>
              <parent>
                <name>s0</name>
              </parent>
              <creationTime>1700000000</creationTime>
              <memory snapshot='external' file='/save/s1.mem'/>
              <disks>
                <disk name='vda' snapshot='external' type='file'>
                  <driver type='qcow2'>
                    <metadata_cache>
                      <max_size unit='KiB'>64</max_size>
                    </metadata_cache>
                  </driver>
                  <source file='/img/vda.s1'/>
                </disk>
                <disk name='vdb' snapshot='hibernated'/>
              </disks>
            </domainsnapshot>
            """;

    /** Each value type with one of its values. */
    private static List<Object> values() {
        return List.of(
                SnapshotState.RUNNING,
                MemorySnapshotMode.EXTERNAL,
                DiskSnapshotMode.of("hibernated"),
                DiskType.FILE,
                DriverFormat.QCOW2,
                CreationTime.ofEpochSecond(1700000000));
    }

    @Test
    void valueTypesAnswerReflection() throws Exception {
        for (Object v : values()) {
            Method isKnown = v.getClass().getMethod("isKnown");
            Method value = v.getClass().getMethod("value");
            assertTrue(Modifier.isPublic(isKnown.getDeclaringClass().getModifiers()), isKnown::toString);
            assertEquals(!v.toString().equals("hibernated"), isKnown.invoke(v), v::toString);
            assertEquals(v.toString(), value.invoke(v));
            assertEquals(v.toString(), v.getClass().getMethod("getValue").invoke(v), "bean-style too");
        }
    }

    /** Jackson as it comes: each value is written with its text, not lost. */
    @Test
    void jacksonWritesEachValue() throws Exception {
        String json = new ObjectMapper().writeValueAsString(CODEC.read(SNAPSHOT));
        for (String text : List.of("running", "external", "hibernated", "file", "qcow2", "1700000000")) {
            assertTrue(json.contains("\"value\":\"" + text + "\""), text + " in " + json);
        }
    }

    /**
     * The JSON shape this library suggests: each value as its text ({@code "state":"running"}), by
     * one mix-in that makes {@link LibvirtValue#value()} Jackson's value; each type reads its text
     * back through {@code valueOf(String)}. A whole snapshot goes through it and back equal.
     */
    @Test
    void aSnapshotGoesThroughJsonAndBack() throws Exception {
        ObjectMapper mapper = new ObjectMapper().addMixIn(LibvirtValue.class, ValueAsText.class);
        DomainSnapshot snapshot = CODEC.read(SNAPSHOT);
        String json = mapper.writeValueAsString(snapshot);
        for (String member : List.of(
                "\"state\":\"running\"",
                "\"creationTime\":\"1700000000\"",
                "\"snapshot\":\"external\"",
                "\"snapshot\":\"hibernated\"",
                "\"type\":\"qcow2\"",
                "\"type\":\"file\"")) {
            assertTrue(json.contains(member), member + " in " + json);
        }
        DomainSnapshot back = mapper.readValue(json, DomainSnapshot.class);
        assertEquals(snapshot, back, json);
        assertEquals(CODEC.write(snapshot), CODEC.write(back));
    }

    /** What a user's mapper is told: a value is its text. */
    abstract static class ValueAsText {
        @JsonValue
        abstract String value();
    }
}
