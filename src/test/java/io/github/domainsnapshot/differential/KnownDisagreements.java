package io.github.domainsnapshot.differential;

import io.github.domainsnapshot.LibvirtVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The disagreements between libvirt's test driver and the validator that are meant, each with its
 * reason ({@code known-disagreements.txt} beside this class in the test resources). An entry
 * matches a disagreement of its kind when each of its patterns is found in what it names; an
 * entry that matched nothing in a run is reported, so that the list cannot outlive what it
 * excuses (the kept cases exercise every entry on each run). An entry holds for every proven
 * libvirt release unless it names the releases it holds for: what differs between releases is
 * listed once per difference, what does not once.
 */
final class KnownDisagreements {
    /** What disagreed. */
    enum Kind {
        /** One side accepted, the other refused. */
        VERDICT,
        /** Both refused, for different reasons. */
        MESSAGE,
        /** Both accepted; libvirt stored other than the validator predicted. */
        STORED
    }

    /** One disagreement of a case, as the entries are matched against it. */
    record Disagreement(Kind kind, String libvirt, String validator, DifferentialCase request) {}

    /**
     * One entry of the list.
     *
     * @param releases the releases it holds for; empty for every one
     */
    record Entry(
            String id, Set<Kind> kinds, Set<LibvirtVersion> releases, Map<String, Pattern> patterns, String reason) {
        boolean holdsFor(LibvirtVersion release) {
            return releases.isEmpty() || releases.contains(release);
        }

        boolean matches(Disagreement d) {
            if (!kinds.contains(d.kind())) {
                return false;
            }
            for (Map.Entry<String, Pattern> p : patterns.entrySet()) {
                String subject = switch (p.getKey()) {
                    case "libvirt" -> d.libvirt();
                    case "validator" -> d.validator();
                    case "request" -> d.request().xml();
                    case "mutation" -> d.request().stepsLine();
                    case "flags" -> d.request().flagNames();
                    case "state" -> d.request().state().libvirtName();
                    default -> throw new IllegalStateException(p.getKey());
                };
                if (!p.getValue().matcher(subject).find()) {
                    return false;
                }
            }
            return true;
        }

        boolean isBug() {
            return reason.startsWith("bug:");
        }
    }

    private static final List<String> KEYS = List.of("libvirt", "validator", "request", "mutation", "flags", "state");

    private final List<Entry> entries;
    private final Map<String, Integer> uses = new LinkedHashMap<>();

    private KnownDisagreements(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        entries.forEach(e -> uses.put(e.id(), 0));
    }

    static KnownDisagreements load() {
        String name = "known-disagreements.txt";
        try (InputStream in = KnownDisagreements.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside " + KnownDisagreements.class.getName());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Entries: a line {@code [id]}, then lines {@code key = value}: {@code kind} (verdict,
     * message or stored) and {@code reason}, both required, and any of the patterns (Java regular
     * expressions, found anywhere in; kind may name several, comma-separated): {@code libvirt} (libvirt's answer: {@code accepted}, its
     * error message, or for stored the first line it stored otherwise), {@code validator} (the
     * same of the validator; an error as {@code rule.id: message}), {@code request} (the
     * document), {@code mutation} (the steps), {@code flags}, {@code state}. {@code releases}
     * (proven libvirt releases, comma-separated, such as {@code 11.3, 12.9}) limits an entry to
     * the releases whose test driver shows it. Lines starting with {@code #} are comments.
     */
    static KnownDisagreements parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String id = null;
        Map<String, String> fields = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("[") && t.endsWith("]")) {
                    if (id != null) {
                        entries.add(entry(id, fields));
                    }
                    id = t.substring(1, t.length() - 1);
                    String seen = id;
                    if (entries.stream().anyMatch(e -> e.id().equals(seen))) {
                        throw new IllegalArgumentException(
                                "known-disagreements.txt:" + number + ": [" + id + "] twice");
                    }
                    fields = new LinkedHashMap<>();
                    continue;
                }
                int eq = t.indexOf('=');
                if (id == null || eq < 0) {
                    throw new IllegalArgumentException("known-disagreements.txt:" + number + ": not an entry: " + line);
                }
                String key = t.substring(0, eq).strip();
                String value = t.substring(eq + 1).strip();
                if (fields.containsKey(key) && key.equals("reason")) {
                    fields.put(key, fields.get(key) + " " + value);
                } else if (fields.put(key, value) != null) {
                    throw new IllegalArgumentException("known-disagreements.txt:" + number + ": " + key + " twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (id != null) {
            entries.add(entry(id, fields));
        }
        return new KnownDisagreements(entries);
    }

    private static Entry entry(String id, Map<String, String> fields) {
        String kind = fields.remove("kind");
        String reason = fields.remove("reason");
        Set<LibvirtVersion> releases = new TreeSet<>();
        String named = fields.remove("releases");
        if (named != null) {
            for (String r : named.split(",")) {
                LibvirtVersion v;
                try {
                    v = LibvirtVersion.parse(r);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("[" + id + "] releases: " + e.getMessage(), e);
                }
                if (!v.isProven()) {
                    throw new IllegalArgumentException("[" + id + "] releases: " + v + " is not a proven release "
                            + LibvirtVersion.proven() + ", so no run would check the entry");
                }
                releases.add(v);
            }
        }
        if (kind == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("[" + id + "] needs a kind and a reason");
        }
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!KEYS.contains(f.getKey())) {
                throw new IllegalArgumentException("[" + id + "] unknown key '" + f.getKey() + "'");
            }
            try {
                patterns.put(f.getKey(), Pattern.compile(f.getValue()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("[" + id + "] " + f.getKey() + ": " + e.getMessage(), e);
            }
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("[" + id + "] matches every disagreement of its kind");
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String k : kind.split(",")) {
            kinds.add(Kind.valueOf(k.strip().toUpperCase(Locale.ROOT)));
        }
        return new Entry(id, kinds, Set.copyOf(releases), patterns, reason);
    }

    /** The first entry that holds for the release and matches, counted as used. */
    synchronized Optional<Entry> match(LibvirtVersion release, Disagreement d) {
        for (Entry e : entries) {
            if (e.holdsFor(release) && e.matches(d)) {
                uses.merge(e.id(), 1, Integer::sum);
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    synchronized Map<String, Integer> uses() {
        return new LinkedHashMap<>(uses);
    }

    List<Entry> entries() {
        return entries;
    }

    /** @return the entries that hold for a release */
    List<Entry> entriesFor(LibvirtVersion release) {
        return entries.stream().filter(e -> e.holdsFor(release)).toList();
    }

    synchronized List<String> unused() {
        return uses.entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey)
                .toList();
    }
}
