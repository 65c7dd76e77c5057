package io.github.domainsnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LibvirtVersionTest {
    @Test
    void readsTheFormsDistributionsWrite() {
        assertEquals(LibvirtVersion.of(9, 0, 0), LibvirtVersion.parse("9.0"));
        assertEquals(LibvirtVersion.of(11, 3, 0), LibvirtVersion.parse("11.3.0"));
        assertEquals(LibvirtVersion.of(10, 10, 0), LibvirtVersion.parse(" v10.10.0 "));
        assertEquals("12.9.0", LibvirtVersion.parse("12.9").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11", "11.", "11.3.0.1", "eleven", "-1.0", "11.3-rc1", "1000.0"})
    void refusesWhatIsNotAVersion(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LibvirtVersion.parse(text));
        assertTrue(e.getMessage().startsWith("not a libvirt version"), e.getMessage());
    }

    @Test
    void numbersAsLibvirtEncodesThem() {
        assertEquals(LibvirtVersion.V11_3, LibvirtVersion.fromLibvirtNumber(11_003_000L));
        assertEquals(12_009_000L, LibvirtVersion.V12_9.libvirtNumber());
        assertEquals(LibvirtVersion.of(10, 10, 1), LibvirtVersion.fromLibvirtNumber(10_010_001L));
        assertThrows(IllegalArgumentException.class, () -> LibvirtVersion.fromLibvirtNumber(-1));
    }

    @Test
    void ordersByRelease() {
        List<LibvirtVersion> sorted = List.of("12.0", "9.0", "10.10", "10.9", "9.10").stream()
                .map(LibvirtVersion::parse)
                .sorted()
                .toList();
        assertEquals("[9.0.0, 9.10.0, 10.9.0, 10.10.0, 12.0.0]", sorted.toString());
        assertTrue(LibvirtVersion.parse("10.10").isAtLeast(LibvirtVersion.parse("10.9")));
        assertFalse(LibvirtVersion.parse("9.10").isAtLeast(LibvirtVersion.parse("10.0")));
    }

    @Test
    void answersOutsideTheProvenRangeAsTheNearestProvenVersion() {
        assertEquals(List.of(LibvirtVersion.V9_0, LibvirtVersion.V11_3, LibvirtVersion.V12_9), LibvirtVersion.proven());
        assertEquals(LibvirtVersion.V12_9, LibvirtVersion.newestProven());
        assertEquals(LibvirtVersion.V9_0, LibvirtVersion.parse("8.0").answeredAs());
        assertEquals(LibvirtVersion.V12_9, LibvirtVersion.parse("13.1").answeredAs());
        LibvirtVersion between = LibvirtVersion.parse("10.0");
        assertEquals(between, between.answeredAs());
        assertTrue(between.isWithinProvenRange());
        assertFalse(between.isProven());
        assertFalse(LibvirtVersion.parse("8.0").isWithinProvenRange());
    }
}
