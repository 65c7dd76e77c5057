package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.profile.LibvirtProfile;
import io.github.domainsnapshot.profile.Message;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The qemu driver's revert ({@code qemuSnapshotRevert*}) and delete ({@code qemuSnapshotDelete*})
 * for one release, in libvirt's order: the first refusal wins, as libvirt stops there. What
 * changed between releases is asked of the profile ({@link Feature}), the words of the messages
 * too.
 */
final class RevertDeleteRules {
    private static final MessageKey REVERT_FLAGS = MessageKey.of(Rule.REVERT_FLAGS);
    private static final MessageKey DELETE_FLAGS = MessageKey.of(Rule.DELETE_FLAGS);
    private static final MessageKey REVERT_EXTERNAL = MessageKey.of(Rule.REVERT_EXTERNAL);
    private static final MessageKey ROLLBACK_INFO = MessageKey.of(Rule.REVERT_ROLLBACK_INFO);
    private static final MessageKey NOT_FILE = MessageKey.of(Rule.REVERT_NOT_FILE);
    private static final MessageKey REVERT_STATE = MessageKey.of(Rule.REVERT_STATE);
    private static final MessageKey INTERNAL_LOAD = MessageKey.of(Rule.REVERT_INTERNAL_LOAD);
    private static final MessageKey REVERT_CURRENT_UNKNOWN = MessageKey.of(Rule.REVERT_CURRENT_UNKNOWN);
    private static final MessageKey INTERNAL_IMAGE = MessageKey.of(Rule.DELETE_INTERNAL_IMAGE);
    private static final MessageKey CHILDREN_MIXED = MessageKey.of(Rule.DELETE_EXTERNAL_CHILDREN, "mixed");
    private static final MessageKey CHILDREN_EXTERNAL = MessageKey.of(Rule.DELETE_EXTERNAL_CHILDREN, "external");
    private static final MessageKey WITH_CHILDREN = MessageKey.of(Rule.DELETE_WITH_CHILDREN);
    private static final MessageKey ACTIVE_NON_LEAF = MessageKey.of(Rule.DELETE_ACTIVE_NON_LEAF);
    private static final MessageKey NOT_IN_ACTIVE_CHAIN = MessageKey.of(Rule.DELETE_NOT_IN_ACTIVE_CHAIN);
    private static final MessageKey MULTIPLE_CHILDREN = MessageKey.of(Rule.DELETE_MULTIPLE_CHILDREN);
    private static final MessageKey CHAIN = MessageKey.of(Rule.DELETE_CHAIN);
    private static final MessageKey INTERNAL_PARENT = MessageKey.of(Rule.DELETE_INTERNAL_PARENT);
    private static final MessageKey MEMORY_ONLY = MessageKey.of(Rule.DELETE_MEMORY_ONLY);
    private static final MessageKey BASE_IMAGE = MessageKey.of(Rule.DELETE_BASE_IMAGE);
    private static final MessageKey DELETE_CURRENT_UNKNOWN = MessageKey.of(Rule.DELETE_CURRENT_UNKNOWN);
    private static final MessageKey DELETE_STATE_UNKNOWN = MessageKey.of(Rule.DELETE_STATE_UNKNOWN);
    private static final MessageKey OUTSIDE_PROVEN = MessageKey.of(Rule.LIBVIRT_VERSION);

    private final DomainSnapshot target;
    private final ValidationContext ctx;
    private final LibvirtVersion version;
    private final LibvirtProfile profile;
    private final Tree tree;
    private final List<Problem> problems = new ArrayList<>();
    /** Each domain definition's disks by target, made once: a question per disk must not read them all. */
    private final Map<XmlElement, Map<String, DomainDisk>> disksByTarget = new IdentityHashMap<>();

    RevertDeleteRules(DomainSnapshot target, ValidationContext ctx) {
        this.target = Objects.requireNonNull(target, "snapshot");
        this.ctx = Objects.requireNonNull(ctx, "context");
        this.version = ctx.answeredLibvirt();
        this.profile = LibvirtProfile.of(version);
        this.tree = new Tree(target, ctx);
        LibvirtVersion given = ctx.libvirt().orElse(null);
        if (given != null && !given.isWithinProvenRange()) {
            add(
                    OUTSIDE_PROVEN,
                    "given",
                    given,
                    "oldest",
                    LibvirtVersion.proven().get(0),
                    "newest",
                    LibvirtVersion.newestProven(),
                    "answered",
                    given.answeredAs());
        }
    }

    // ---- revert

    RevertReport revert(Set<RevertFlag> flags) {
        boolean external = isExternal(target);
        boolean revertsExternal = profile.has(Feature.REVERT_EXTERNAL);
        if (flags.contains(RevertFlag.RUNNING) && flags.contains(RevertFlag.PAUSED)) {
            // virDomainRevertToSnapshot, before the driver
            add(REVERT_FLAGS, "flag", RevertFlag.RUNNING.libvirtName(), "other", RevertFlag.PAUSED.libvirtName());
        } else if (!revertsExternal && external) {
            add(REVERT_EXTERNAL);
        } else if (target.getDomain() == null || target.getDomain().attribute("type") == null) {
            // a <domain> of its uuid alone is no definition (virDomainSnapshotDefParse)
            add(ROLLBACK_INFO, "name", target.getName(), "domain", domainName());
        } else if (external) {
            for (DomainDisk disk : DomainView.of(target.getDomain()).disks()) {
                if (!disk.type().equals("file")) {
                    add(NOT_FILE, "disk", disk.targetDev().orElse(""));
                    break;
                }
            }
        }
        if (!refused()
                && SnapshotState.DISK_SNAPSHOT.equals(target.getState())
                && !profile.has(Feature.REVERT_DISK_ONLY)) {
            add(REVERT_STATE, "state", SnapshotState.DISK_SNAPSHOT.value());
        }
        if (refused()) {
            return new RevertReport(problems, version, false, null, List.of(), false, List.of());
        }
        DomainState after;
        if (flags.contains(RevertFlag.RUNNING)) {
            after = DomainState.RUNNING;
        } else if (flags.contains(RevertFlag.PAUSED)) {
            after = DomainState.PAUSED;
        } else if (SnapshotState.RUNNING.equals(target.getState())) {
            after = DomainState.RUNNING;
        } else if (SnapshotState.PAUSED.equals(target.getState())) {
            after = DomainState.PAUSED;
        } else {
            after = DomainState.SHUTOFF;
        }
        if (!external) {
            if (profile.has(Feature.REVERT_INTERNAL_LOAD_BROKEN) && hasMemoryState(target)) {
                add(INTERNAL_LOAD, "version", version, "name", target.getName());
            }
            return new RevertReport(problems, version, false, after, List.of(), false, List.of());
        }
        // qemuSnapshotRevertExternalPrepare: an overlay for every disk of the snapshot's domain,
        // named after the revert's time, on the image the snapshot froze
        List<String> overlays = new ArrayList<>();
        for (DomainDisk disk : DomainView.of(target.getDomain()).disksInLibvirtOrder()) {
            if (disk.snapshotDefault().map("no"::equals).orElse(false)
                    || disk.sourcePath().isEmpty()) {
                continue;
            }
            overlays.add(withoutSuffix(disk.sourcePath().get()) + "." + RevertReport.TIME);
        }
        // qemuSnapshotRevertExternalFinish: the overlays of the current snapshot go
        List<String> removed = new ArrayList<>();
        Optional<DomainSnapshot> current = tree.current();
        if (tree.currentGuessed()) {
            add(REVERT_CURRENT_UNKNOWN, "guess", tree.currentName());
        }
        current.ifPresent(cur -> {
            DiskSnapshotList list = cur.getRevertDisks() != null
                            && !cur.getRevertDisks().getDisks().isEmpty()
                    ? cur.getRevertDisks()
                    : cur.getDisks();
            for (DiskSnapshot d : disks(list)) {
                if (DiskSnapshotMode.EXTERNAL.equals(d.getSnapshot()) && path(d) != null) {
                    removed.add(path(d));
                }
            }
        });
        boolean revertDisks = !tree.children(target.getName()).isEmpty();
        return new RevertReport(problems, version, false, after, overlays, revertDisks, removed);
    }

    // ---- delete

    DeleteReport delete(Set<DeleteFlag> flags) {
        boolean children = flags.contains(DeleteFlag.CHILDREN);
        boolean childrenOnly = flags.contains(DeleteFlag.CHILDREN_ONLY);
        String name = target.getName();
        List<String> deleted = new ArrayList<>();
        if (children || childrenOnly) {
            tree.descendants(name).forEach(s -> deleted.add(s.getName()));
        }
        if (!childrenOnly) {
            deleted.add(name);
        }
        if (children && childrenOnly) {
            // virDomainSnapshotDelete, before the driver
            add(
                    DELETE_FLAGS,
                    "flag",
                    DeleteFlag.CHILDREN.libvirtName(),
                    "other",
                    DeleteFlag.CHILDREN_ONLY.libvirtName());
            return new DeleteReport(problems, version, List.of(), List.of(), false);
        }
        if (flags.contains(DeleteFlag.METADATA_ONLY)) {
            return new DeleteReport(problems, version, deleted, List.of(), false);
        }
        boolean external = isExternal(target);
        Optional<Boolean> active = active();
        List<String> removed = new ArrayList<>();
        boolean commit = false;
        validate:
        {
            // qemuSnapshotDeleteValidate
            if (!external && active.orElse(true)) {
                Optional<String> disk = internalDiskNotInUse();
                if (disk.isPresent()) {
                    if (active.isPresent()) {
                        add(INTERNAL_IMAGE, "disk", disk.get(), "name", name);
                        break validate;
                    }
                    // not "ok" where libvirt refuses in some states: say so, and in which
                    add(DELETE_STATE_UNKNOWN, "disk", disk.get(), "name", name);
                }
            }
            if (children || childrenOnly) {
                int ext = 0;
                int internal = 0;
                for (DomainSnapshot d : tree.descendants(name)) {
                    if (isExternal(d)) {
                        ext++;
                    } else {
                        internal++;
                    }
                }
                if (ext > 0) {
                    add(internal > 0 ? CHILDREN_MIXED : CHILDREN_EXTERNAL);
                    break validate;
                }
            }
            if (!external) {
                break validate;
            }
            if (children) {
                add(WITH_CHILDREN);
                break validate;
            }
            int nchildren = tree.children(name).size();
            boolean isCurrent = tree.isCurrent(name);
            if (profile.has(Feature.DELETE_EXTERNAL)) {
                if (tree.currentGuessed()) {
                    add(DELETE_CURRENT_UNKNOWN, "guess", tree.currentName());
                }
                if (isCurrent && nchildren != 0) {
                    add(ACTIVE_NON_LEAF);
                    break validate;
                } else if (!isCurrent && nchildren != 0 && !tree.currentDescendsFrom(name)) {
                    add(NOT_IN_ACTIVE_CHAIN);
                    break validate;
                }
                if (nchildren > 1) {
                    add(MULTIPLE_CHILDREN);
                    break validate;
                }
            }
            if (childrenOnly) {
                break validate;
            }
            // qemuSnapshotDeleteExternalPrepare
            List<DiskSnapshot> extDisks = new ArrayList<>();
            for (DiskSnapshot d : disks(target.getDisks())) {
                if (DiskSnapshotMode.EXTERNAL.equals(d.getSnapshot())) {
                    extDisks.add(d);
                }
            }
            boolean merge = !profile.has(Feature.DELETE_EXTERNAL) || isCurrent || nchildren != 0;
            if (!merge) {
                // a leaf out of the domain's chain: its files go, without a block job
                for (DiskSnapshot d : extDisks) {
                    Optional<DomainSnapshot> parent = tree.parentFor(target, d.getName());
                    String parentImage = imageOf(target.getDomain(), d.getName());
                    if (parentImage == null) {
                        continue;
                    }
                    if (parent.isPresent() && isExternal(parent.get())) {
                        removed.add(parentImage);
                    } else if (!profile.has(Feature.DELETE_KEEPS_BASE_AFTER_INTERNAL_REVERT)) {
                        removed.add(parentImage);
                        add(
                                BASE_IMAGE,
                                "name",
                                name,
                                "file",
                                parentImage,
                                "what",
                                parent.isPresent()
                                        ? "internal snapshot '" + parent.get().getName() + "'"
                                        : "the domain's data before the snapshot",
                                "version",
                                version);
                    }
                }
            } else {
                boolean checkChain = profile.has(Feature.DELETE_EXTERNAL) ? active.orElse(false) : active.isPresent();
                for (DiskSnapshot d : extDisks) {
                    String source = profile.has(Feature.DELETE_EXTERNAL) ? sourceInUse(d) : path(d);
                    if (checkChain
                            && ctx.domain().isPresent()
                            && !chainOf(d.getName()).contains(source)) {
                        add(CHAIN);
                        break validate;
                    }
                    Optional<DomainSnapshot> parent = tree.parentFor(target, d.getName());
                    if (parent.isPresent() && !isExternal(parent.get())) {
                        add(INTERNAL_PARENT);
                        break validate;
                    }
                    if (source != null) {
                        removed.add(source);
                    }
                }
                if (extDisks.isEmpty() && !profile.has(Feature.DELETE_MEMORY_ONLY_EXTERNAL)) {
                    add(MEMORY_ONLY);
                    break validate;
                }
                commit = !extDisks.isEmpty();
            }
            if (profile.has(Feature.DELETE_REMOVES_MEMORY_FILE)
                    && target.getMemory() != null
                    && MemorySnapshotMode.EXTERNAL.equals(target.getMemory().getSnapshot())
                    && target.getMemory().getFile() != null) {
                removed.add(target.getMemory().getFile());
            }
        }
        return new DeleteReport(problems, version, deleted, removed, commit);
    }

    /**
     * The first disk of an internal snapshot whose image is not the one the domain runs on, where
     * both the domain and the snapshot's domain are known.
     */
    private Optional<String> internalDiskNotInUse() {
        if (ctx.domain().isEmpty() || target.getDomain() == null) {
            return Optional.empty();
        }
        for (DiskSnapshot d : disks(target.getDisks())) {
            Optional<DomainDisk> a = diskOf(ctx.domain().get(), d.getName());
            Optional<DomainDisk> b = diskOf(target.getDomain(), d.getName());
            if (a.isPresent()
                    && b.isPresent()
                    && !Objects.equals(a.get().sourcePath(), b.get().sourcePath())) {
                return Optional.of(d.getName());
            }
        }
        return Optional.empty();
    }

    /**
     * The overlay a delete merges away (qemuSnapshotExternalGetSnapDiskSrc): the image the only
     * child was taken on, or the one the domain runs on for the current leaf, else the snapshot's.
     */
    private String sourceInUse(DiskSnapshot d) {
        List<DomainSnapshot> kids = tree.children(target.getName());
        if (kids.size() == 1) {
            String image = imageOf(kids.get(0).getDomain(), d.getName());
            return image != null ? image : path(d);
        }
        if (kids.isEmpty() && tree.isCurrent(target.getName()) && ctx.domain().isPresent()) {
            String image = imageOf(ctx.domain().get(), d.getName());
            return image != null ? image : path(d);
        }
        return path(d);
    }

    /** The backing chain of the domain's disk, top first, as its definition shows it. */
    private List<String> chainOf(String disk) {
        List<String> out = new ArrayList<>();
        Optional<DomainDisk> found = diskOf(ctx.domain().get(), disk);
        if (found.isEmpty()) {
            return out;
        }
        found.get().sourcePath().ifPresent(out::add);
        XmlElement backing = found.get().element().element("backingStore");
        while (backing != null) {
            XmlElement source = backing.element("source");
            if (source == null) {
                break;
            }
            String p = source.attribute("file") != null ? source.attribute("file") : source.attribute("dev");
            if (p != null) {
                out.add(p);
            }
            backing = backing.element("backingStore");
        }
        return out;
    }

    private Optional<Boolean> active() {
        if (ctx.state().isKnown()) {
            return Optional.of(ctx.state().isActive());
        }
        // libvirt writes a domain's id only while it runs (or is paused): a live definition says so
        return ctx.domain().filter(d -> d.attribute("id") != null).map(d -> true);
    }

    private String domainName() {
        return ctx.domain().flatMap(d -> DomainView.of(d).name()).orElse("");
    }

    private boolean refused() {
        return problems.stream().anyMatch(Problem::isError);
    }

    private void add(MessageKey key, Object... namedValues) {
        Message m = profile.message(key.key);
        LibvirtError error = m.code().equals("-") ? null : LibvirtError.valueOf(m.code());
        Severity severity = error == null ? Severity.WARNING : Severity.ERROR;
        problems.add(new Problem(key.rule, severity, m.format(namedValues), null, 0, 0, error));
    }

    // ---- the snapshot and its tree

    /** libvirt's {@code virDomainSnapshotIsExternal}: memory in a file, or any disk in an overlay. */
    static boolean isExternal(DomainSnapshot s) {
        if (s.getMemory() != null
                && MemorySnapshotMode.EXTERNAL.equals(s.getMemory().getSnapshot())) {
            return true;
        }
        return disks(s.getDisks()).stream().anyMatch(d -> DiskSnapshotMode.EXTERNAL.equals(d.getSnapshot()));
    }

    private static boolean hasMemoryState(DomainSnapshot s) {
        return SnapshotState.RUNNING.equals(s.getState()) || SnapshotState.PAUSED.equals(s.getState());
    }

    private static List<DiskSnapshot> disks(DiskSnapshotList list) {
        return list == null ? List.of() : list.getDisks();
    }

    private static String path(DiskSnapshot d) {
        return d.getSource() == null ? null : d.getSource().path();
    }

    /** The image of a disk in a domain definition. */
    private String imageOf(XmlElement domain, String disk) {
        if (domain == null) {
            return null;
        }
        return diskOf(domain, disk).flatMap(DomainDisk::sourcePath).orElse(null);
    }

    /** {@link DomainView#disk(String)}, from an index of the definition's disks made on first use. */
    private Optional<DomainDisk> diskOf(XmlElement domain, String target) {
        Map<String, DomainDisk> byTarget = disksByTarget.computeIfAbsent(domain, d -> {
            Map<String, DomainDisk> out = new HashMap<>();
            for (DomainDisk disk : DomainView.of(d).disks()) {
                // the first of a target, as DomainView.disk finds it
                disk.targetDev().ifPresent(dev -> out.putIfAbsent(dev, disk));
            }
            return out;
        });
        return Optional.ofNullable(byTarget.get(target));
    }

    /** A path without its last {@code .suffix}, as libvirt names overlays after an image. */
    static String withoutSuffix(String path) {
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        return dot > slash ? path.substring(0, dot) : path;
    }

    /** The domain's snapshots, linked by their parents, and the current one. */
    private static final class Tree {
        private final Map<String, DomainSnapshot> byName = new LinkedHashMap<>();
        /** Each snapshot's children, in the order {@link #children} gives them: made once, not per question. */
        private final Map<String, List<DomainSnapshot>> childrenByParent = new HashMap<>();

        private final Map<DomainSnapshot, Set<String>> snapshottedDisks = new IdentityHashMap<>();

        private final String currentName;
        private final boolean known;

        Tree(DomainSnapshot target, ValidationContext ctx) {
            ctx.existingSnapshots().ifPresent(list -> list.forEach(s -> byName.put(s.getName(), s)));
            byName.putIfAbsent(target.getName(), target);
            for (DomainSnapshot s : byName.values()) {
                if (s.getParent() != null && s.getParent().getName() != null) {
                    childrenByParent
                            .computeIfAbsent(s.getParent().getName(), k -> new ArrayList<>())
                            .add(s);
                }
            }
            for (List<DomainSnapshot> kids : childrenByParent.values()) {
                // newest first; equally old, the later in the tree's order first (a stable sort of the reversed order)
                Collections.reverse(kids);
                kids.sort((x, y) -> Long.compare(created(y), created(x)));
            }
            this.known = ctx.currentSnapshot().isPresent();
            this.currentName = known ? ctx.currentSnapshot().get() : newestLeaf();
        }

        /**
         * Where the current snapshot is not known: the newest leaf (the later in the tree's order
         * when equally old), as it is after snapshots taken one after another without a revert.
         */
        private String newestLeaf() {
            String out = null;
            long newest = Long.MIN_VALUE;
            for (DomainSnapshot s : byName.values()) {
                if (children(s.getName()).isEmpty() && created(s) >= newest) {
                    newest = created(s);
                    out = s.getName();
                }
            }
            return out;
        }

        /** @return whether the current snapshot is a guess ({@link #newestLeaf()}) */
        boolean currentGuessed() {
            return !known;
        }

        String currentName() {
            return currentName;
        }

        Optional<DomainSnapshot> current() {
            return Optional.ofNullable(currentName == null ? null : byName.get(currentName));
        }

        boolean isCurrent(String name) {
            return name.equals(currentName);
        }

        Optional<DomainSnapshot> parent(DomainSnapshot s) {
            if (s.getParent() == null || s.getParent().getName() == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(byName.get(s.getParent().getName()));
        }

        /** qemuSnapshotFindParentSnapForDisk: the nearest ancestor that snapshotted the disk. */
        Optional<DomainSnapshot> parentFor(DomainSnapshot s, String disk) {
            Set<String> seen = new LinkedHashSet<>();
            Optional<DomainSnapshot> p = parent(s);
            while (p.isPresent() && seen.add(p.get().getName())) {
                if (snapshotted(p.get()).contains(disk)) {
                    return p;
                }
                p = parent(p.get());
            }
            return Optional.empty();
        }

        /** The disks a snapshot took (any mode but {@code no}), made once per snapshot. */
        private Set<String> snapshotted(DomainSnapshot s) {
            return snapshottedDisks.computeIfAbsent(s, k -> {
                Set<String> out = new HashSet<>();
                for (DiskSnapshot d : disks(k.getDisks())) {
                    if (d.getName() != null && !DiskSnapshotMode.NO.equals(d.getSnapshot())) {
                        out.add(d.getName());
                    }
                }
                return out;
            });
        }

        /** The children, newest first as libvirt links them (the later in the tree's order first when equally old). */
        List<DomainSnapshot> children(String name) {
            return Collections.unmodifiableList(childrenByParent.getOrDefault(name, List.of()));
        }

        /** Every descendant, each before its own children (libvirt's walk), without recursion: a chain may be long. */
        List<DomainSnapshot> descendants(String name) {
            List<DomainSnapshot> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            seen.add(name);
            Deque<Iterator<DomainSnapshot>> open = new ArrayDeque<>();
            open.push(children(name).iterator());
            while (!open.isEmpty()) {
                Iterator<DomainSnapshot> next = open.peek();
                if (!next.hasNext()) {
                    open.pop();
                    continue;
                }
                DomainSnapshot child = next.next();
                if (seen.add(child.getName())) {
                    out.add(child);
                    open.push(children(child.getName()).iterator());
                }
            }
            return out;
        }

        /** Whether the current snapshot is a descendant of the named one. */
        boolean currentDescendsFrom(String name) {
            Optional<DomainSnapshot> p = current().flatMap(this::parent);
            Set<String> seen = new LinkedHashSet<>();
            while (p.isPresent() && seen.add(p.get().getName())) {
                if (p.get().getName().equals(name)) {
                    return true;
                }
                p = parent(p.get());
            }
            return false;
        }

        private static long created(DomainSnapshot s) {
            return s.getCreationTime() == null
                    ? 0
                    : s.getCreationTime().epochSecond().orElse(0L);
        }
    }
}
