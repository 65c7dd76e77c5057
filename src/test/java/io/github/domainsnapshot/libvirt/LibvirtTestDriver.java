package io.github.domainsnapshot.libvirt;

import io.github.domainsnapshot.Skips;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The real libvirt's test driver, in process, through libvirt-java: each test opens a private
 * state from a node file of its own ({@code test:///PATH/node.xml}), so that tests do not see each
 * other's snapshots as they would on {@code test:///default}.
 */
public final class LibvirtTestDriver {
    /** The guest's name. */
    public static final String DOMAIN = "vm";
    /** One running guest, {@value #DOMAIN}, with two file disks and a CD-ROM. */
    public static final String DOMAIN_XML = """
              <domain type='test'>
                <name>vm</name>
                <uuid>5a4e1c1e-0b0a-4f5e-9d7c-3b2a1f0e9d8c</uuid>
                <memory>1048576</memory>
                <vcpu>1</vcpu>
                <os><type arch='x86_64'>hvm</type></os>
                <devices>
                  <disk type='file' device='disk'><source file='/guest/vm-root.qcow2'/><target dev='vda' bus='virtio'/></disk>
                  <disk type='file' device='disk'><source file='/guest/vm-data.raw'/><target dev='vdb' bus='virtio'/></disk>
                  <disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>
                </devices>
              </domain>
            """;

    private LibvirtTestDriver() {}

    /** Skips the calling test, with a message, where libvirt is not installed (fails in CI, which installs it). */
    public static void assumeAvailable() {
        String why = null;
        try {
            new Connect("test:///default").close();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | LibvirtException e) {
            why = e.toString();
        }
        Skips.whereMissing(
                "the tests against libvirt's test driver (*LibvirtIT, LibvirtBridgeIT, the README's libvirt-java"
                        + " example)",
                why == null ? null : "libvirt is not usable here (apt-get install -y libvirt-clients): " + why);
    }

    /** Opens a private test driver state with one running domain, {@value #DOMAIN}. */
    static Connect open(Path dir, String nodeName) throws IOException, LibvirtException {
        Path node = dir.resolve(nodeName + ".xml");
        Files.writeString(node, "<node>\n" + DOMAIN_XML + "</node>\n", StandardCharsets.UTF_8);
        return new Connect("test://" + node.toAbsolutePath());
    }

    /** Every snapshot of the domain, as GetXMLDesc returns it, by name. */
    static List<String> names(Domain domain) throws LibvirtException {
        List<String> names = new ArrayList<>(List.of(domain.snapshotListNames()));
        names.sort(null);
        return names;
    }

    static String xml(Domain domain, String name) throws LibvirtException {
        org.libvirt.DomainSnapshot s = domain.snapshotLookupByName(name);
        try {
            return s.getXMLDesc();
        } finally {
            s.free();
        }
    }

    static DomainSnapshot read(Domain domain, String name) throws LibvirtException {
        return SnapshotCodec.create().read(xml(domain, name));
    }

    static String currentName(Domain domain) throws LibvirtException {
        org.libvirt.DomainSnapshot s = domain.snapshotCurrent();
        try {
            return SnapshotCodec.create().read(s.getXMLDesc()).getName();
        } finally {
            s.free();
        }
    }
}
