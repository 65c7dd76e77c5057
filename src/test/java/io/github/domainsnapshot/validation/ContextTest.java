package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextTest {
    @Test
    void onlineIsEveryStateButShutoff() {
        for (DomainState s : DomainState.values()) {
            if (s == DomainState.UNKNOWN) {
                assertThrows(IllegalStateException.class, s::isActive);
                assertFalse(s.isKnown());
            } else {
                assertEquals(s != DomainState.SHUTOFF, s.isActive(), s.name());
            }
        }
        assertEquals(DomainState.PMSUSPENDED, DomainState.fromName("PMSuspended"));
        assertThrows(IllegalArgumentException.class, () -> DomainState.fromName("sleepy"));
    }

    @Test
    void withMethodsMakeNewContexts() {
        ValidationContext empty = ValidationContext.empty();
        ValidationContext c = empty.withState(DomainState.PAUSED)
                .withFlags(CreateFlag.ATOMIC, CreateFlag.DISK_ONLY)
                .withExistingSnapshots(List.of())
                .withProbeFiles(true);
        assertEquals(DomainState.UNKNOWN, empty.state());
        assertTrue(empty.flags().isEmpty());
        assertTrue(empty.existingSnapshots().isEmpty());
        assertTrue(empty.regularFileTest().isEmpty());
        assertEquals(DomainState.PAUSED, c.state());
        assertEquals(Set.copyOf(EnumSet.of(CreateFlag.ATOMIC, CreateFlag.DISK_ONLY)), c.flags());
        assertTrue(c.has(CreateFlag.DISK_ONLY));
        assertEquals(List.of(), c.existingSnapshots().orElseThrow());
        assertTrue(c.regularFileTest().isPresent());
        assertFalse(c.regularFileTest().get().test("/no/such/file"));
        assertTrue(c.withProbeFiles(false).regularFileTest().isEmpty());
    }
}
