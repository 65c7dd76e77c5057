package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.validation.ValidationRun.AlignedDisk;
import io.github.domainsnapshot.validation.ValidationRun.RequestDisk;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** libvirt's virDomainSnapshotAlignDisks, with the external file names it makes up. */
final class Alignment {
    private static final MessageKey TOO_MANY = MessageKey.of(Rule.ALIGN_TOO_MANY);
    private static final MessageKey UNKNOWN_DISK = MessageKey.of(Rule.ALIGN_UNKNOWN_DISK);
    private static final MessageKey TWICE = MessageKey.of(Rule.ALIGN_TWICE);
    private static final MessageKey UNIFORM = MessageKey.of(Rule.ALIGN_UNIFORM_INTERNAL);
    private static final MessageKey FILE_REQUIRES_EXTERNAL = MessageKey.of(Rule.ALIGN_FILE_REQUIRES_EXTERNAL);
    private static final MessageKey NAME_DEVICE_TYPE = MessageKey.of(Rule.ALIGN_NAME_DEVICE_TYPE);
    private static final MessageKey NAME_NO_SOURCE = MessageKey.of(Rule.ALIGN_NAME_NO_SOURCE);
    private static final MessageKey NOT_REGULAR_FILE = MessageKey.of(Rule.ALIGN_NOT_REGULAR_FILE);
    private static final MessageKey FILE_UNCHECKED = MessageKey.of(Rule.ALIGN_FILE_UNCHECKED);
    private static final MessageKey COLLISION = MessageKey.of(Rule.ALIGN_COLLISION);

    private Alignment() {}

    /**
     * Aligns the request's disks with a domain's.
     *
     * @param run the check; its {@code aligned} disks are set when the alignment meets no error
     * @param domainElement the domain
     * @param defaultLocation {@code internal} or {@code external}
     * @param uniformInternal whether an internal default makes every disk internal (qemu and test)
     */
    static void align(ValidationRun run, XmlElement domainElement, String defaultLocation, boolean uniformInternal) {
        run.alignDomain = domainElement;
        List<DomainDisk> domainDisks = DomainView.of(domainElement).disksInLibvirtOrder();
        if (run.disks.size() > domainDisks.size()) {
            run.add(TOO_MANY, ROOT + "/disks");
            return;
        }
        boolean requireMatch = uniformInternal && defaultLocation.equals("internal");
        int errorsBefore = run.errorCount();
        AlignedDisk[] byDomainDisk = new AlignedDisk[domainDisks.size()];
        DiskNames names = new DiskNames(domainDisks);
        for (RequestDisk d : run.disks) {
            String name = d.disk.getName();
            int idx = names.indexOf(name);
            if (idx < 0) {
                run.add(UNKNOWN_DISK, d.path + "/@name", "name", name);
                continue;
            }
            if (byDomainDisk[idx] != null) {
                run.add(TWICE, d.path + "/@name", "name", name);
                continue;
            }
            DomainDisk domainDisk = domainDisks.get(idx);
            String domainDefault = domainDisk.snapshotDefault().orElse(null);
            String mode = d.mode;
            if (mode == null) {
                mode = domainDefault != null && (!requireMatch || domainDefault.equals("no"))
                        ? domainDefault
                        : defaultLocation;
            } else if (requireMatch
                    && !mode.equals(defaultLocation)
                    && !(mode.equals("no") && "no".equals(domainDefault))) {
                run.add(UNIFORM, d.path + "/@snapshot", "name", name, "mode", defaultLocation);
            }
            if (d.sourcePath != null && !mode.equals("external")) {
                run.add(FILE_REQUIRES_EXTERNAL, d.path + "/source", "file", d.sourcePath, "name", name);
            }
            if (domainDisk.targetDev().isEmpty()) {
                // named by its path, a disk without a target: libvirt renames it to the missing
                // target and so never writes it
                continue;
            }
            AlignedDisk a = new AlignedDisk(domainDisk, d);
            a.name = domainDisk.targetDev().orElseThrow();
            a.mode = mode;
            a.type = d.type;
            a.sourcePath = d.sourcePath;
            byDomainDisk[idx] = a;
        }
        List<AlignedDisk> out = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        for (int i = 0; i < domainDisks.size(); i++) {
            if (byDomainDisk[i] != null) {
                out.add(byDomainDisk[i]);
                continue;
            }
            DomainDisk domainDisk = domainDisks.get(i);
            if (domainDisk.targetDev().isEmpty()) {
                // a domain disk without a target has no name to align by: libvirt keeps a nameless
                // entry that it never writes (and writes the domain's target as dev='(null)')
                continue;
            }
            String own = ValidationRun.isEmptyDrive(domainDisk)
                    ? "no"
                    : domainDisk.snapshotDefault().orElse(null);
            unlisted.add(own);
            AlignedDisk a = new AlignedDisk(domainDisk, null);
            a.name = domainDisk.targetDev().orElseThrow();
            a.mode = own != null ? own : defaultLocation;
            a.type = "file";
            out.add(a);
        }
        run.unlistedModes = unlisted;
        if (run.errorCount() > errorsBefore) {
            return;
        }
        assignExternalNames(run, out);
        if (run.errorCount() == errorsBefore) {
            run.aligned = out;
        }
    }

    /**
     * The domain's disks by name, as libvirt's virDomainDiskByName finds one: by its target, or
     * else (for a path) the one disk with that source. Looked up in maps made once, not by a walk
     * through every disk for each disk of the request.
     */
    static final class DiskNames {
        private final Map<String, Integer> byTarget = new HashMap<>();
        /** The index of the one disk with a source path, or -1 when several have it. */
        private final Map<String, Integer> bySource = new HashMap<>();

        DiskNames(List<DomainDisk> domainDisks) {
            for (int i = 0; i < domainDisks.size(); i++) {
                DomainDisk disk = domainDisks.get(i);
                int index = i;
                disk.targetDev().ifPresent(target -> byTarget.putIfAbsent(target, index));
                String source = disk.sourcePath().orElse(null);
                if (source != null) {
                    bySource.merge(source, i, (earlier, later) -> -1);
                }
            }
        }

        /**
         * @param name a disk's name in the request: a target, or a path
         * @return the index of the domain's disk, or -1 for none (or, for a path, more than one)
         */
        int indexOf(String name) {
            Integer i = name.startsWith("/") ? bySource.get(name) : byTarget.get(name);
            return i == null ? -1 : i;
        }
    }

    private static void assignExternalNames(ValidationRun run, List<AlignedDisk> out) {
        String snapshotName = run.snapshotName();
        Optional<Predicate<String>> regular = run.ctx.regularFileTest();
        // the source paths of the disks before the current one, the first disk of each: libvirt
        // compares each made-up name with the disks before it
        Map<String, AlignedDisk> before = new HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            if (i > 0 && out.get(i - 1).sourcePath != null) {
                before.putIfAbsent(out.get(i - 1).sourcePath, out.get(i - 1));
            }
            AlignedDisk d = out.get(i);
            if (!d.mode.equals("external") || d.sourcePath != null) {
                continue;
            }
            String path = d.path();
            if (!d.type.equals("file")) {
                run.add(NAME_DEVICE_TYPE, path, "disk", d.name, "type", d.type);
                continue;
            }
            String original = d.domainDisk.sourcePath().orElse(null);
            if (original == null) {
                run.add(NAME_NO_SOURCE, path, "disk", d.name);
                continue;
            }
            // a block device, or a network or volume name, is never a regular file for stat()
            if (!d.domainDisk.type().equals("file")
                    || regular.isPresent() && !regular.get().test(original)) {
                run.add(NOT_REGULAR_FILE, path, "disk", d.name, "source", original);
                continue;
            }
            if (regular.isEmpty()) {
                run.add(FILE_UNCHECKED, path, "disk", d.name, "original", original);
            }
            d.sourcePath = ExternalNames.overlayPath(original, snapshotName);
            d.generated = true;
            AlignedDisk earlier = before.get(d.sourcePath);
            if (earlier != null) {
                run.add(COLLISION, path, "disk", d.name, "other", earlier.name);
            }
        }
    }
}
