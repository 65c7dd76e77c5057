package io.github.domainsnapshot.profile;

import io.github.domainsnapshot.LibvirtVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A set of values libvirt takes somewhere in a snapshot request, with the releases each value is
 * taken in ({@code values.txt}): {@link LibvirtProfile#values(ValueSet)} gives one release's.
 */
public enum ValueSet {
    /** A snapshot's {@code <state>}. */
    SNAPSHOT_STATE,
    /** The {@code snapshot} attribute of {@code <memory>} and {@code <disk>}. */
    SNAPSHOT_MODE,
    /** A snapshot disk's {@code type}. */
    STORAGE_TYPE,
    /** A snapshot disk's {@code <driver type>}. */
    STORAGE_FORMAT,
    /** A network source's {@code protocol}. */
    NETWORK_PROTOCOL,
    /** A network host's {@code transport}. */
    HOST_TRANSPORT,
    /** An {@code <encryption>}'s {@code format}. */
    ENCRYPTION_FORMAT,
    /** An {@code <encryption>}'s {@code engine}. */
    ENCRYPTION_ENGINE;

    private static final String RESOURCE = "values.txt";

    record Dated(String value, LibvirtVersion since, LibvirtVersion until) {
        boolean in(LibvirtVersion version) {
            return version.isAtLeast(since) && (until == null || !version.isAtLeast(until));
        }
    }

    private static final class Loaded {
        static final Map<ValueSet, List<Dated>> VALUES = load();
    }

    private static Map<ValueSet, List<Dated>> load() {
        Map<ValueSet, List<Dated>> out = new EnumMap<>(ValueSet.class);
        for (DataLines.Line line : DataLines.read(RESOURCE, 5)) {
            ValueSet set;
            try {
                set = valueOf(line.field(0).toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw line.error("no such value set '" + line.field(0) + "'");
            }
            LibvirtVersion since = line.version(2);
            if (since == null || line.field(1).isEmpty()) {
                throw line.error("a value needs the release it came in");
            }
            out.computeIfAbsent(set, s -> new ArrayList<>()).add(new Dated(line.field(1), since, line.version(3)));
        }
        for (ValueSet s : values()) {
            if (!out.containsKey(s)) {
                throw new IllegalStateException(RESOURCE + ": no value in set " + s.id());
            }
        }
        return out;
    }

    /** @return the set's name in {@code values.txt}, such as {@code storage-type} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param version a release
     * @return the values that release takes, in the data's order
     */
    Set<String> at(LibvirtVersion version) {
        Set<String> out = new LinkedHashSet<>();
        for (Dated d : Loaded.VALUES.get(this)) {
            if (d.in(version)) {
                out.add(d.value());
            }
        }
        return Set.copyOf(out);
    }

    /** @return every value of any release, with its dates, in the data's order */
    List<Dated> all() {
        return Loaded.VALUES.get(this);
    }
}
