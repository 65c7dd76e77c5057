package io.github.domainsnapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreateFlagTest {
    @Test
    void bitsAreLibvirts() {
        assertEquals(
                List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512),
                EnumSet.allOf(CreateFlag.class).stream().map(CreateFlag::bit).toList());
        assertEquals(
                16 | 128 | 64, CreateFlag.toMask(Set.of(CreateFlag.DISK_ONLY, CreateFlag.ATOMIC, CreateFlag.QUIESCE)));
        assertEquals(0, CreateFlag.toMask(Set.of()));
    }

    @Test
    void masksGoBothWays() {
        for (int mask = 0; mask < 1024; mask++) {
            assertEquals(mask, CreateFlag.toMask(CreateFlag.fromMask(mask)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CreateFlag.fromMask(1024 | 1));
        assertEquals("unknown snapshot create flags (0x400)", e.getMessage());
    }

    @Test
    void namesAreTheCommandLines() {
        assertEquals("reuse-ext", CreateFlag.REUSE_EXT.cliName());
        assertEquals("no-metadata", CreateFlag.NO_METADATA.cliName());
        assertEquals(CreateFlag.DISK_ONLY, CreateFlag.fromCliName("disk-only"));
        assertEquals(CreateFlag.DISK_ONLY, CreateFlag.fromCliName("DISK_ONLY"));
        assertEquals("VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE", CreateFlag.VALIDATE.libvirtName());
        assertThrows(IllegalArgumentException.class, () -> CreateFlag.fromCliName("sideways"));
    }
}
