package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hierarchy of one domain's snapshots: parents, children, roots, the current one, what is
 * wrong with it (missing parents, cycles, duplicate names), and the order in which to redefine
 * the snapshots on another host.
 *
 * <pre>{@code
 * SnapshotTree tree = SnapshotTree.of(snapshotsReadFromSourceHost).withCurrent("s3");
 * if (!tree.problems().isEmpty()) { ... }
 * for (SnapshotRequest r : tree.redefinePlan()) {
 *     targetDomain.snapshotCreateXML(r.xml(), r.flagMask());   // parents first; CURRENT on "s3"
 * }
 * }</pre>
 *
 * <p>Immutable; the snapshots given are not changed.
 */
public final class SnapshotTree {
    private static final Comparator<DomainSnapshot> BY_TIME_THEN_NAME = Comparator.comparingLong(
                    (DomainSnapshot s) -> creationTime(s))
            .thenComparing(s -> Objects.requireNonNullElse(s.getName(), ""));

    private final List<DomainSnapshot> snapshots;
    private final Map<String, DomainSnapshot> byName = new LinkedHashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final List<String> roots = new ArrayList<>();
    private final List<TreeProblem> problems = new ArrayList<>();
    private final String current;

    private SnapshotTree(List<DomainSnapshot> snapshots, String current) {
        this.snapshots = List.copyOf(snapshots);
        this.current = current;
        for (DomainSnapshot s : this.snapshots) {
            if (s.getName() == null) {
                problems.add(new TreeProblem(TreeProblem.Kind.UNNAMED, null, "a snapshot has no name"));
            } else if (byName.putIfAbsent(s.getName(), s) != null) {
                problems.add(new TreeProblem(
                        TreeProblem.Kind.DUPLICATE_NAME, s.getName(), "two snapshots are named '" + s.getName() + "'"));
            }
        }
        List<DomainSnapshot> ordered = new ArrayList<>(byName.values());
        ordered.sort(BY_TIME_THEN_NAME);
        for (DomainSnapshot s : ordered) {
            String parent = parentName(s);
            if (parent == null) {
                roots.add(s.getName());
            } else if (!byName.containsKey(parent)) {
                problems.add(new TreeProblem(
                        TreeProblem.Kind.MISSING_PARENT,
                        s.getName(),
                        "parent '" + parent + "' of snapshot '" + s.getName() + "' is not among the snapshots"));
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s.getName());
            }
        }
        Set<String> onCycles = onCycles();
        for (DomainSnapshot s : ordered) {
            if (onCycles.contains(s.getName())) {
                problems.add(new TreeProblem(
                        TreeProblem.Kind.CYCLE, s.getName(), "snapshot '" + s.getName() + "' is its own ancestor"));
            }
        }
        if (current != null && !byName.containsKey(current)) {
            problems.add(new TreeProblem(
                    TreeProblem.Kind.UNKNOWN_CURRENT,
                    current,
                    "the current snapshot '" + current + "' is not among the snapshots"));
        }
    }

    /**
     * The snapshots that are their own ancestors. Each snapshot has one parent at most, so each
     * walk up from a snapshot not seen yet ends at a root, a missing parent, a snapshot an earlier
     * walk went through, or one of its own steps: a cycle. Every snapshot is walked through once,
     * so a chain of n snapshots costs n steps, not n times its length.
     */
    private Set<String> onCycles() {
        Set<String> onCycles = new HashSet<>();
        Map<String, Integer> walkOf = new HashMap<>();
        int walk = 0;
        for (String start : byName.keySet()) {
            if (walkOf.containsKey(start)) {
                continue;
            }
            walk++;
            List<String> path = new ArrayList<>();
            String at = start;
            while (at != null && byName.containsKey(at) && !walkOf.containsKey(at)) {
                walkOf.put(at, walk);
                path.add(at);
                at = parentName(byName.get(at));
            }
            if (at != null && Integer.valueOf(walk).equals(walkOf.get(at))) {
                // back to a step of this walk: that step and those after it go round
                for (int i = path.indexOf(at); i < path.size(); i++) {
                    onCycles.add(path.get(i));
                }
            }
        }
        return onCycles;
    }

    /**
     * The tree of some snapshots; the current one is the one libvirt's private form marks
     * ({@code <active>1</active>}), if any.
     *
     * @param snapshots the snapshots of one domain, as libvirt describes them
     * @return the tree
     */
    public static SnapshotTree of(Collection<DomainSnapshot> snapshots) {
        String current = null;
        for (DomainSnapshot s : snapshots) {
            if (Redefinition.isMarkedCurrent(s)) {
                current = s.getName();
            }
        }
        return new SnapshotTree(new ArrayList<>(snapshots), current);
    }

    /**
     * @param name the current snapshot's name (as {@code virDomainSnapshotCurrent} says), or
     *     {@code null} for none
     * @return the same tree with that current snapshot
     * @throws SnapshotXmlException when no snapshot of the tree has that name
     */
    public SnapshotTree withCurrent(String name) {
        if (name != null && !byName.containsKey(name)) {
            throw new SnapshotXmlException(
                    "the current snapshot '" + name + "' is not among the snapshots " + byName.keySet());
        }
        return new SnapshotTree(snapshots, name);
    }

    /** @return the snapshots, as given */
    public List<DomainSnapshot> snapshots() {
        return snapshots;
    }

    /**
     * @param name a snapshot's name
     * @return the snapshot
     */
    public Optional<DomainSnapshot> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return the snapshots without a parent, oldest first */
    public List<String> roots() {
        return List.copyOf(roots);
    }

    /**
     * @param name a snapshot's name
     * @return its children, oldest first
     */
    public List<String> children(String name) {
        return List.copyOf(children.getOrDefault(name, List.of()));
    }

    /**
     * @param name a snapshot's name
     * @return its parent's name, if it has one
     */
    public Optional<String> parent(String name) {
        DomainSnapshot s = byName.get(name);
        return s == null ? Optional.empty() : Optional.ofNullable(parentName(s));
    }

    /** @return the current snapshot's name, if known */
    public Optional<String> current() {
        return Optional.ofNullable(current);
    }

    /** @return everything that keeps the tree from being redefined as it is */
    public List<TreeProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * The requests that recreate the tree on another host: every snapshot with REDEFINE,
     * parents before their children (siblings oldest first), the current one with CURRENT.
     *
     * @return the requests, in order
     * @throws SnapshotXmlException when the tree has problems (libvirt would refuse a redefinition)
     */
    public List<SnapshotRequest> redefinePlan() {
        if (!problems.isEmpty()) {
            throw new SnapshotXmlException("cannot plan the redefinition: "
                    + problems.stream().map(TreeProblem::message).collect(Collectors.joining("; ")));
        }
        List<SnapshotRequest> plan = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            todo.push(roots.get(i));
        }
        while (!todo.isEmpty()) {
            String name = todo.pop();
            plan.add(Redefinition.of(byName.get(name))
                    .asCurrent(name.equals(current))
                    .request());
            List<String> kids = children.getOrDefault(name, List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                todo.push(kids.get(i));
            }
        }
        return plan;
    }

    private static String parentName(DomainSnapshot s) {
        return s.getParent() == null ? null : s.getParent().getName();
    }

    private static long creationTime(DomainSnapshot s) {
        return s.getCreationTime() == null
                ? Long.MAX_VALUE
                : s.getCreationTime().epochSecond().orElse(Long.MAX_VALUE);
    }

    /**
     * Something that keeps a tree from being redefined as it is.
     *
     * @param kind what is wrong
     * @param snapshot the snapshot concerned, or {@code null}
     * @param message what is wrong, in words
     */
    public record TreeProblem(Kind kind, String snapshot, String message) {
        /** What is wrong. */
        public enum Kind {
            /** A snapshot has no name. */
            UNNAMED,
            /** Two snapshots have one name. */
            DUPLICATE_NAME,
            /** A parent is not among the snapshots. */
            MISSING_PARENT,
            /** A snapshot is its own ancestor. */
            CYCLE,
            /** The current snapshot is not among the snapshots. */
            UNKNOWN_CURRENT
        }
    }
}
