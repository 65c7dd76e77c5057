package io.github.domainsnapshot.builder;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Builders refuse what cannot work when it is given or built, with a SnapshotXmlException. */
class BuilderRefusalsTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final String DOMAIN = """
            <domain type='kvm'>
              <name>vm</name>
              <devices>
                <disk type='file' device='disk'><source file='/img/root.qcow2'/><target dev='vda'/></disk>
                <disk type='file' device='disk'><source file='/img/ro.qcow2'/><target dev='vdb'/><readonly/></disk>
                <disk type='block' device='disk'><source dev='/dev/vg/data'/><target dev='vdc'/></disk>
                <disk type='file' device='cdrom'><target dev='sda'/></disk>
                <disk type='file' device='disk' snapshot='no'><source file='/img/scratch.qcow2'/><target dev='vdd'/></disk>
                <disk type='file' device='disk'><source file='/img/data.qcow2'/><target dev='vde'/></disk>
              </devices>
            </domain>
            """;

    private static DomainView domain() {
        return DomainView.of(CODEC.readElement(DOMAIN));
    }

    private static SnapshotXmlException refused(Executable e) {
        SnapshotXmlException x = assertThrows(SnapshotXmlException.class, e);
        assertEquals(SnapshotXmlException.Kind.INVALID, x.kind(), x.getMessage());
        return x;
    }

    @Test
    void textXmlCannotCarryIsRefusedWhenGivenNamingTheField() {
        Map<String, Executable> cases = Map.of(
                "the snapshot's name", () -> SnapshotBuilder.snapshot("a\u0001b"),
                "the snapshot's description",
                        () -> SnapshotBuilder.snapshot("s").withDescription("x\u0000"),
                "the memory file", () -> SnapshotBuilder.snapshot("s").withMemoryFile("/m\u0007"),
                "the disk's name", () -> DiskRequest.excluded("vd\u0002a"),
                "the overlay's path", () -> DiskRequest.externalFile("vda", "/img/\uD800x"),
                "a host", () -> DiskRequest.externalNetwork("vda", "rbd", "pool/img", "ceph\u001b1"),
                "the overlay's format", () -> DiskRequest.internal("vda").withFormat("qcow\uFFFE"),
                "the parent's name", () -> Redefinition.of(new DomainSnapshot()).withParent("p\u0003"));
        cases.forEach((field, call) -> {
            SnapshotXmlException e = refused(call);
            assertTrue(e.getReason().startsWith(field + " holds U+"), e.getReason());
            assertTrue(e.getReason().contains("which XML cannot carry"), e.getReason());
        });
        assertEquals(
                "/domainsnapshot/name",
                refused(() -> SnapshotBuilder.snapshot("\u0001")).getPath());
        // what XML does carry goes through: tabs, line breaks, non-ASCII, characters outside the BMP
        DomainSnapshot ok = assertDoesNotThrow(() -> SnapshotBuilder.snapshot("s")
                .withDescription("line\n\ttab \u00e9 \uD83D\uDE00 <&>")
                .build());
        assertEquals(ok, CODEC.read(CODEC.write(ok)));
    }

    @Test
    void flagsThatMakeARedefinitionAreRefusedWhenGiven() {
        refused(() -> SnapshotBuilder.snapshot("s").withFlags(CreateFlag.REDEFINE));
        refused(() -> SnapshotBuilder.diskOnly("s", domain()).withFlags(CreateFlag.CURRENT));
    }

    @Test
    void flagsThatDoNotFitThePresetAreRefusedWhenBuilt() {
        SnapshotBuilder fullWithDiskOnly =
                SnapshotBuilder.fullSystemCheckpoint("s").withFlags(CreateFlag.DISK_ONLY);
        SnapshotXmlException e = refused(fullWithDiskOnly::build);
        assertTrue(e.getReason().contains("memory"), e.getReason());
        SnapshotXmlException quiesce = refused(
                () -> SnapshotBuilder.fullSystemCheckpoint("s").withQuiesce().request());
        assertTrue(quiesce.getReason().contains("[flags.quiesce-requires-disk-only]"), quiesce.getReason());
    }

    @Test
    void withMethodsLeaveTheBuilderAsItIs() {
        SnapshotBuilder base = SnapshotBuilder.snapshot("s");
        SnapshotBuilder described = base.withDescription("d");
        base.withDisk(DiskRequest.excluded("vda")).withQuiesce();
        assertNull(base.build().getDescription());
        assertNull(base.build().getDisks());
        assertTrue(base.flags().isEmpty());
        assertEquals("d", described.build().getDescription());
        Supplier<SnapshotBuilder> preset = () -> SnapshotBuilder.diskOnly("n", domain());
        SnapshotBuilder shared = preset.get();
        SnapshotBuilder quiet = shared.withQuiesce();
        assertEquals(shared.flags().size() + 1, quiet.flags().size());
    }

    @Test
    void presetsSayWhichDisksTheyLeftOutAndWhy() {
        SnapshotBuilder all = SnapshotBuilder.diskOnly("n", domain());
        assertEquals(
                List.of(
                        new ExcludedDisk("vdb", "it is read-only"),
                        new ExcludedDisk("vdc", "it is a block disk, and the preset makes file overlays only"),
                        new ExcludedDisk("sda", "it has no source (an empty drive)"),
                        new ExcludedDisk("vdd", "the domain marks it snapshot='no'")),
                all.excludedDisks().stream()
                        .sorted((a, b) -> order(a.target()) - order(b.target()))
                        .toList());
        SnapshotBuilder some = SnapshotBuilder.diskOnly("n", domain(), List.of("vde"));
        assertTrue(
                some.excludedDisks().contains(new ExcludedDisk("vda", "it is not among the disks asked for")),
                some.excludedDisks()::toString);
        assertEquals(5, some.excludedDisks().size());
        SnapshotBuilder overridden = all.withDisk(DiskRequest.internal("vdc"));
        assertTrue(overridden.excludedDisks().stream().noneMatch(d -> d.target().equals("vdc")));
        assertEquals(
                all.excludedDisks().size(),
                SnapshotBuilder.externalCheckpoint("cp", domain(), "/img/vm.cp.mem")
                        .excludedDisks()
                        .size());
        assertTrue(SnapshotBuilder.snapshot("s").excludedDisks().isEmpty());
        SnapshotXmlException e = refused(() -> SnapshotBuilder.diskOnly("n", domain(), List.of("vdb")));
        assertEquals("disk 'vdb' cannot take an external snapshot: it is read-only", e.getReason());
    }

    private static int order(String target) {
        return List.of("vda", "vdb", "vdc", "sda", "vdd", "vde").indexOf(target);
    }

    @Test
    void aCurrentSnapshotThatIsNotInTheTreeIsRefusedWhenSet() {
        DomainSnapshot s = SnapshotBuilder.snapshot("s").build();
        SnapshotTree tree = SnapshotTree.of(List.of(s));
        SnapshotXmlException e = refused(() -> tree.withCurrent("t"));
        assertTrue(e.getReason().contains("'t'"), e.getReason());
        assertEquals("s", tree.withCurrent("s").current().orElseThrow());
        assertTrue(tree.withCurrent(null).current().isEmpty());
    }

    @Test
    void aDomainViewNeedsADomain() {
        DomainSnapshot request = SnapshotBuilder.snapshot("s").build();
        SnapshotXmlException none = refused(() -> DomainView.of(request.getDomain()));
        assertTrue(none.getReason().contains("no domain definition"), none.getReason());
        SnapshotXmlException other =
                assertThrows(SnapshotXmlException.class, () -> DomainView.of(new XmlElement("domainsnapshot")));
        assertEquals(SnapshotXmlException.Kind.ROOT, other.kind());
        assertEquals(
                "vm",
                DomainView.of(new XmlElement("inactiveDomain").add(new XmlElement("name").add("vm")))
                        .name()
                        .orElseThrow());
    }

    /** A refused build gives its problems as a list, as the bridge's SnapshotRefusedException does. */
    @Test
    void aRefusedBuildListsItsProblems() {
        SnapshotBuilder bad = SnapshotBuilder.snapshot("a/b")
                .withMemoryFile("mem.save")
                .withDisk(DiskRequest.externalFile("vda", "rel.qcow2"));
        SnapshotBuildException e = assertThrows(SnapshotBuildException.class, bad::build);
        assertEquals(SnapshotXmlException.Kind.INVALID, e.kind());
        List<String> rules = e.problems().stream().map(p -> p.rule().id()).toList();
        assertTrue(
                rules.containsAll(List.of("memory.file-absolute", "disk.path-absolute", "name.characters")),
                rules::toString);
        assertEquals(e.problems().size(), e.reasons().size());
        assertEquals(
                "memory snapshot file path (mem.save) must be absolute [memory.file-absolute]",
                e.reasons().get(0));
        assertTrue(e.getMessage().startsWith("cannot build the snapshot: "), e.getMessage());
        assertThrows(SnapshotBuildException.class, bad::request);
    }

    /** What a request holds cannot be changed after the builder checked it. */
    @Test
    void aRequestsSnapshotIsItsOwn() {
        SnapshotRequest request = SnapshotBuilder.fullSystemCheckpoint("cp").request();
        String xml = request.xml();
        request.snapshot().setName("../../etc/passwd");
        request.snapshot().getMemory().setFile("relative");
        assertEquals(xml, request.xml(), "the request sends what the builder checked");
        assertEquals("cp", request.snapshot().getName());
        DomainSnapshot mine = SnapshotCodec.create().read("<domainsnapshot><name>s</name></domainsnapshot>");
        SnapshotRequest of = new SnapshotRequest(mine, Set.of());
        mine.setName("changed");
        assertEquals("s", of.snapshot().getName(), "the request copies what it is given");
        assertEquals(of, new SnapshotRequest(of.snapshot(), Set.of()), "and stays a value");
    }
}
