package io.github.domainsnapshot.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.builder.SnapshotBuilder;
import io.github.domainsnapshot.builder.SnapshotRequest;
import io.github.domainsnapshot.builder.SnapshotTree;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * A hierarchy of snapshots with a branch, read from one libvirt and redefined through the tree's
 * plan on a fresh one: the same documents and the same current snapshot come back.
 */
class SnapshotTreeLibvirtIT {
    /** Every character XML and shells care about, and text beyond ASCII. */
    static final String HOSTILE_NAME = "<&'\"> Grüße ✓ 𝄞";

    static final String HOSTILE_DESCRIPTION = "line one\nline two: <tag attr=\"v\"> & 'quote' ]]> — ünïcödé 日本語 𝄞";

    @TempDir
    Path dir;

    @BeforeAll
    static void libvirt() {
        LibvirtTestDriver.assumeAvailable();
    }

    static void create(Domain domain, SnapshotRequest request) throws Exception {
        domain.snapshotCreateXML(request.xml(), request.flagMask()).free();
    }

    static void revert(Domain domain, String name) throws Exception {
        org.libvirt.DomainSnapshot s = domain.snapshotLookupByName(name);
        try {
            domain.revertToSnapshot(s);
        } finally {
            s.free();
        }
    }

    @Test
    void aBranchedHierarchyIsRedefinedOnAFreshHost() throws Exception {
        Map<String, String> original = new LinkedHashMap<>();
        String current;
        Connect source = LibvirtTestDriver.open(dir, "source");
        try {
            Domain domain = source.domainLookupByName(LibvirtTestDriver.DOMAIN);
            create(domain, SnapshotBuilder.fullSystemCheckpoint("base").request());
            create(
                    domain,
                    SnapshotBuilder.fullSystemCheckpoint("updates")
                            .withDescription("monthly updates")
                            .request());
            create(
                    domain,
                    // built for the daemon's release: from 10.9 QEMU takes no such name for a running domain
                    SnapshotBuilder.fullSystemCheckpoint(HOSTILE_NAME)
                            .withDescription(HOSTILE_DESCRIPTION)
                            .withLibvirt(LibvirtBridge.libvirtOf(domain))
                            .request());
            revert(domain, "base");
            create(domain, SnapshotBuilder.fullSystemCheckpoint("experiment").request());
            create(domain, SnapshotBuilder.fullSystemCheckpoint("experiment-2").request());
            for (String name : LibvirtTestDriver.names(domain)) {
                original.put(name, LibvirtTestDriver.xml(domain, name));
            }
            current = LibvirtTestDriver.currentName(domain);
        } finally {
            source.close();
        }
        assertEquals(5, original.size());
        assertEquals("experiment-2", current);

        SnapshotCodec codec = SnapshotCodec.create();
        List<DomainSnapshot> read = new ArrayList<>();
        for (String xml : original.values()) {
            read.add(codec.read(xml));
        }
        SnapshotTree tree = SnapshotTree.of(read).withCurrent(current);
        assertTrue(tree.problems().isEmpty(), tree.problems()::toString);
        assertEquals(List.of("base"), tree.roots());
        assertEquals(
                java.util.Set.of("updates", "experiment"),
                java.util.Set.copyOf(tree.children("base")),
                "a branch at base");
        assertEquals(List.of(HOSTILE_NAME), tree.children("updates"));

        Connect target = LibvirtTestDriver.open(dir, "target");
        try {
            Domain domain = target.domainLookupByName(LibvirtTestDriver.DOMAIN);
            for (SnapshotRequest r : tree.redefinePlan()) {
                create(domain, r);
            }
            assertEquals(new ArrayList<>(original.keySet()), LibvirtTestDriver.names(domain));
            for (Map.Entry<String, String> e : original.entrySet()) {
                assertEquals(e.getValue(), LibvirtTestDriver.xml(domain, e.getKey()), e.getKey());
            }
            assertEquals(current, LibvirtTestDriver.currentName(domain));
            DomainSnapshot hostile = LibvirtTestDriver.read(domain, HOSTILE_NAME);
            assertEquals(HOSTILE_NAME, hostile.getName());
            assertEquals(HOSTILE_DESCRIPTION, hostile.getDescription());
        } finally {
            target.close();
        }
    }
}
