package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.builder.DiskRequest;
import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.LibvirtDriver;
import io.github.domainsnapshot.validation.ValidationContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** The bridge against the real libvirt's in-process test driver: fast, and wherever libvirt0 is installed. */
class LibvirtBridgeIT {
    private static final LibvirtBridge BRIDGE = LibvirtBridge.create();
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    @TempDir
    Path dir;

    @BeforeAll
    static void libvirt() {
        LibvirtTestDriver.assumeAvailable();
    }

    @Test
    void theContextIsWhatTheDomainSaysOfItself() throws Exception {
        Connect conn = LibvirtTestDriver.open(dir, "context");
        try {
            Domain domain = conn.domainLookupByName(LibvirtTestDriver.DOMAIN);
            ValidationContext context = BRIDGE.context(domain);
            assertEquals(DomainState.RUNNING, context.state());
            assertEquals(LibvirtDriver.TEST, context.driver(), "from virConnectGetType");
            assertEquals(
                    CODEC.writeElement(CODEC.readElement(domain.getXMLDesc(0))),
                    CODEC.writeElement(context.domain().orElseThrow()));
            assertEquals(List.of(), List.copyOf(context.flags()));
            domain.suspend();
            assertEquals(DomainState.PAUSED, BRIDGE.context(domain).state());
            domain.destroy();
            assertEquals(DomainState.SHUTOFF, BRIDGE.context(domain).state());
            assertEquals(
                    LibvirtDriver.QEMU,
                    BRIDGE.withDriver(LibvirtDriver.QEMU).context(domain).driver());
        } finally {
            conn.close();
        }
    }

    @Test
    void createReturnsWhatLibvirtStored() throws Exception {
        Connect conn = LibvirtTestDriver.open(dir, "create");
        try {
            Domain domain = conn.domainLookupByName(LibvirtTestDriver.DOMAIN);
            DomainSnapshot stored = BRIDGE.create(
                    domain,
                    SnapshotBuilder.fullSystemCheckpoint("full")
                            .withDescription("<b>&</b>")
                            .request());
            assertEquals(LibvirtTestDriver.xml(domain, "full"), CODEC.write(stored));
            assertEquals("<b>&</b>", stored.getDescription());
            assertEquals(Optional.of("full"), BRIDGE.currentSnapshot(domain));
            assertEquals(
                    List.of("full"),
                    BRIDGE.snapshots(domain).stream()
                            .map(DomainSnapshot::getName)
                            .toList());
        } finally {
            conn.close();
        }
    }

    @Test
    void aRefusedRequestIsNeverSent() throws Exception {
        Connect conn = LibvirtTestDriver.open(dir, "refused");
        try {
            Domain domain = conn.domainLookupByName(LibvirtTestDriver.DOMAIN);
            SnapshotRequest request = SnapshotBuilder.snapshot("typo")
                    .withDisk(DiskRequest.internal("vdz"))
                    .request();
            SnapshotRefusedException e =
                    assertThrows(SnapshotRefusedException.class, () -> BRIDGE.create(domain, request));
            assertEquals(List.of("no disk named 'vdz' [align.unknown-disk]"), e.reasons());
            assertEquals(
                    List.of("align.unknown-disk"),
                    e.problems().stream().map(p -> p.rule().id()).toList());
            assertEquals(
                    "libvirt would refuse snapshot 'typo': no disk named 'vdz' [align.unknown-disk]", e.getMessage());
            assertEquals(0, domain.snapshotNum(), "nothing was made");
            // libvirt, asked directly, refuses with the message the validator gave
            LibvirtException direct =
                    assertThrows(LibvirtException.class, () -> domain.snapshotCreateXML(request.xml(), 0));
            assertTrue(direct.getMessage().endsWith("no disk named 'vdz'"), direct.getMessage());
        } finally {
            conn.close();
        }
    }

    @Test
    void libvirtsOwnFailuresComeAsSnapshotXmlException() throws Exception {
        Connect conn = LibvirtTestDriver.open(dir, "failure");
        try {
            Domain domain = conn.domainLookupByName(LibvirtTestDriver.DOMAIN);
            SnapshotXmlException e = assertThrows(SnapshotXmlException.class, () -> BRIDGE.snapshot(domain, "none"));
            LibvirtException cause = (LibvirtException) e.getCause();
            assertEquals(cause.getMessage(), e.getReason());
            assertTrue(e.getReason().contains("no domain snapshot with matching name 'none'"), e.getReason());
        } finally {
            conn.close();
        }
    }

    @Test
    void aTreeIsRedefinedOnAnotherConnectionsDomain() throws Exception {
        Connect source = LibvirtTestDriver.open(dir, "source");
        Connect target = LibvirtTestDriver.open(dir, "target");
        try {
            Domain from = source.domainLookupByName(LibvirtTestDriver.DOMAIN);
            BRIDGE.create(from, SnapshotBuilder.fullSystemCheckpoint("base").request());
            BRIDGE.create(from, SnapshotBuilder.fullSystemCheckpoint("left").request());
            BRIDGE.revert(from, "base");
            BRIDGE.create(from, SnapshotBuilder.fullSystemCheckpoint("right").request());
            SnapshotTree tree = BRIDGE.tree(from);
            assertEquals(Optional.of("right"), tree.current());

            Domain to = target.domainLookupByName(LibvirtTestDriver.DOMAIN);
            List<DomainSnapshot> stored = BRIDGE.redefine(tree, to);
            assertEquals(3, stored.size());
            for (String name : List.of("base", "left", "right")) {
                assertEquals(LibvirtTestDriver.xml(from, name), LibvirtTestDriver.xml(to, name), name);
            }
            assertEquals(Optional.of("right"), BRIDGE.currentSnapshot(to));
        } finally {
            source.close();
            target.close();
        }
    }

    @Test
    void aRedefinitionForAnotherGuestIsRefusedBeforeAnythingIsSent() throws Exception {
        Connect source = LibvirtTestDriver.open(dir, "source");
        try {
            Domain from = source.domainLookupByName(LibvirtTestDriver.DOMAIN);
            BRIDGE.create(from, SnapshotBuilder.fullSystemCheckpoint("base").request());
            BRIDGE.create(from, SnapshotBuilder.fullSystemCheckpoint("next").request());
            SnapshotTree tree = BRIDGE.tree(from);
            // libvirt's default test domain: another guest, another uuid
            Connect other = new Connect("test:///default");
            try {
                Domain stranger = other.domainLookupByName("test");
                int before = stranger.snapshotNum();
                SnapshotRefusedException e =
                        assertThrows(SnapshotRefusedException.class, () -> BRIDGE.redefine(tree, stranger));
                assertTrue(
                        e.getMessage().startsWith("libvirt would refuse the redefinition of snapshot 'base', 'next': "),
                        e.getMessage());
                assertTrue(e.problems().stream().anyMatch(p -> p.isError()), e.problems()::toString);
                assertEquals(before, stranger.snapshotNum(), "nothing was sent");
            } finally {
                other.close();
            }
        } finally {
            source.close();
        }
    }
}
