package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.libvirt.DomainInfo;

/** What the bridge does without a libvirt to talk to. */
class LibvirtBridgeTest {
    @Test
    void everyStateOfLibvirtJavaHasTheValidatorsName() {
        List<DomainState> mapped = Arrays.stream(DomainInfo.DomainState.values())
                .map(LibvirtBridge::state)
                .toList();
        // libvirt-java numbers its states as libvirt does; pmsuspended (7) came later
        assertEquals(
                List.of(
                        DomainState.NOSTATE,
                        DomainState.RUNNING,
                        DomainState.BLOCKED,
                        DomainState.PAUSED,
                        DomainState.SHUTDOWN,
                        DomainState.SHUTOFF,
                        DomainState.CRASHED),
                mapped);
    }

    @Test
    void theBridgeIsImmutable() {
        LibvirtBridge bridge = LibvirtBridge.create();
        assertSame(bridge, LibvirtBridge.create());
        LibvirtBridge test = bridge.withDriver(LibvirtDriver.TEST);
        assertNotSame(bridge, test);
        assertEquals(Optional.empty(), bridge.driver());
        assertEquals(Optional.of(LibvirtDriver.TEST), test.driver());
        assertEquals(Optional.empty(), test.withDriver(null).driver());
    }
}
