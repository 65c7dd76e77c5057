package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Source;
import java.util.List;

/**
 * The parts of libvirt's snapshot schema that an XML Schema cannot say, because what a disk's
 * {@code <source>} may hold depends on the disk's {@code type} and {@code snapshot} attributes
 * (RELAX NG choices over attributes). Checked after the XSD, in the same strict mode.
 */
final class SchemaRules {
    private SchemaRules() {}

    static void check(SnapshotDocument doc) {
        DomainSnapshot s = doc.snapshot();
        check(doc, s.getDisks(), "disks");
        check(doc, s.getRevertDisks(), "revertDisks");
    }

    private static void check(SnapshotDocument doc, DiskSnapshotList list, String listName) {
        if (list == null) {
            return;
        }
        List<DiskSnapshot> disks = list.getDisks();
        for (int i = 0; i < disks.size(); i++) {
            DiskSnapshot d = disks.get(i);
            String path = "/domainsnapshot/" + listName + "/" + SnapshotPaths.segment("disk", i + 1);
            String mode = d.getSnapshot();
            if (mode != null && !mode.equals("external") && (d.getSource() != null || d.getDriver() != null)) {
                fail(doc, path, "disk with snapshot='" + mode + "' cannot have a <source> or <driver>");
            }
            Source src = d.getSource();
            if (src == null) {
                continue;
            }
            String type = d.getType() == null ? "file" : d.getType();
            String sp = path + "/source";
            switch (type) {
                case "network" -> {
                    if (src.getProtocol() == null) {
                        fail(doc, sp, "the <source> of a network disk needs a 'protocol' attribute");
                    }
                    if (!src.getSeclabels().isEmpty()) {
                        fail(
                                doc,
                                sp + "/" + SnapshotPaths.segment("seclabel", 1),
                                "<seclabel> is not allowed in the <source> of a network disk");
                    }
                    notAllowed(doc, sp, type, "file", src.getFile());
                    notAllowed(doc, sp, type, "dev", src.getDev());
                }
                case "block" -> {
                    if (src.getDev() == null) {
                        fail(doc, sp, "the <source> of a block disk needs a 'dev' attribute");
                    }
                    blockOrFile(doc, sp, type, src);
                    notAllowed(doc, sp, type, "file", src.getFile());
                }
                default -> {
                    blockOrFile(doc, sp, type, src);
                    notAllowed(doc, sp, type, "dev", src.getDev());
                }
            }
        }
    }

    private static void blockOrFile(SnapshotDocument doc, String sp, String type, Source src) {
        notAllowed(doc, sp, type, "protocol", src.getProtocol());
        notAllowed(doc, sp, type, "name", src.getName());
        if (!src.getHosts().isEmpty()) {
            fail(
                    doc,
                    sp + "/" + SnapshotPaths.segment("host", 1),
                    "<host> is not allowed in the <source> of a " + type + " disk");
        }
    }

    private static void notAllowed(SnapshotDocument doc, String sp, String type, String attribute, String value) {
        if (value != null) {
            fail(
                    doc,
                    sp + "/@" + attribute,
                    "attribute '" + attribute + "' is not allowed in the <source> of a " + type + " disk");
        }
    }

    private static void fail(SnapshotDocument doc, String path, String message) {
        SourceLocation loc = doc.locationOf(path).orElse(null);
        throw new SnapshotXmlException(
                "document does not match the schema: " + message,
                loc == null ? -1 : loc.line(),
                loc == null ? -1 : loc.column(),
                path,
                null);
    }
}
