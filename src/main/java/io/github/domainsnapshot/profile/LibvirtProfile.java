package io.github.domainsnapshot.profile;

import io.github.domainsnapshot.LibvirtVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one libvirt release does, from the profile's data: its messages (9.0's, with the overlays
 * of every later release up to this one applied), the values it takes and the changes of logic it
 * has. Immutable and thread-safe.
 */
public final class LibvirtProfile {
    private static final String MESSAGES = "messages/";
    private static final Map<String, Message> BASE = readMessages(MESSAGES + "9.0.txt");
    private static final List<Overlay> OVERLAYS = readOverlays();
    /** A catalog for each set of overlays that applies: as many as there are overlays, whatever the versions asked. */
    private static final Map<Integer, Map<String, Message>> CATALOGS = new ConcurrentHashMap<>();

    private static final int CACHED_RELEASES = 64;
    private static final Map<LibvirtVersion, LibvirtProfile> PROFILES = new ConcurrentHashMap<>();

    private record Overlay(LibvirtVersion release, Map<String, Message> messages) {}

    private final LibvirtVersion version;
    private final Map<String, Message> messages;
    private final Map<ValueSet, Set<String>> values = Collections.synchronizedMap(new EnumMap<>(ValueSet.class));

    private LibvirtProfile(LibvirtVersion version) {
        this.version = version;
        int applied = 0;
        while (applied < OVERLAYS.size()
                && version.isAtLeast(OVERLAYS.get(applied).release())) {
            applied++;
        }
        this.messages = CATALOGS.computeIfAbsent(applied, LibvirtProfile::catalog);
    }

    /**
     * @param version the release
     * @return its profile
     */
    public static LibvirtProfile of(LibvirtVersion version) {
        Objects.requireNonNull(version, "version");
        LibvirtProfile cached = PROFILES.get(version);
        if (cached != null) {
            return cached;
        }
        LibvirtProfile made = new LibvirtProfile(version);
        // every check asks for its release's profile: the values it works out are kept, for a bounded number of
        // releases
        if (PROFILES.size() < CACHED_RELEASES) {
            PROFILES.putIfAbsent(version, made);
        }
        return made;
    }

    /** @return the release */
    public LibvirtVersion version() {
        return version;
    }

    /**
     * @param feature a change of libvirt's logic
     * @return whether this release has it
     */
    public boolean has(Feature feature) {
        return feature.in(version);
    }

    /**
     * @param set a set of values
     * @return the values this release takes there
     */
    public Set<String> values(ValueSet set) {
        return values.computeIfAbsent(set, s -> s.at(version));
    }

    /**
     * @param key a message's key: a rule's id, and {@code #variant} where it has more than one
     * @return the message as this release words it
     * @throws IllegalStateException when the data has no such message (a bug of the check)
     */
    public Message message(String key) {
        Message m = messages.get(key);
        if (m == null) {
            throw new IllegalStateException("no message " + key + " in the profile of libvirt " + version);
        }
        return m;
    }

    /**
     * @return the key of every message of any release: 9.0's, and those a later release added
     *     (which an older one never raises)
     */
    public static Set<String> keys() {
        return CATALOGS.computeIfAbsent(OVERLAYS.size(), LibvirtProfile::catalog)
                .keySet();
    }

    /** @return the releases whose messages differ from the one before, oldest first, 9.0 included */
    public static List<LibvirtVersion> messageReleases() {
        List<LibvirtVersion> out = new ArrayList<>();
        out.add(LibvirtVersion.V9_0);
        OVERLAYS.forEach(o -> out.add(o.release()));
        return out;
    }

    /**
     * @param release a release of {@link #messageReleases()} after 9.0
     * @return the messages its overlay changes
     */
    public static Map<String, Message> overlay(LibvirtVersion release) {
        for (Overlay o : OVERLAYS) {
            if (o.release().equals(release)) {
                return o.messages();
            }
        }
        throw new IllegalArgumentException("no overlay of messages for libvirt " + release);
    }

    private static Map<String, Message> catalog(int applied) {
        Map<String, Message> out = new LinkedHashMap<>(BASE);
        for (int i = 0; i < applied; i++) {
            out.putAll(OVERLAYS.get(i).messages());
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<Overlay> readOverlays() {
        List<Overlay> out = new ArrayList<>();
        for (DataLines.Line line : DataLines.read(MESSAGES + "index.txt", 1)) {
            LibvirtVersion release = line.version(0);
            if (release == null
                    || (!out.isEmpty()
                            && !release.isAtLeast(out.get(out.size() - 1).release()))) {
                throw line.error("the overlays are listed oldest first, each with its release");
            }
            String file = MESSAGES + line.field(0) + ".txt";
            out.add(new Overlay(release, readMessages(file)));
        }
        return List.copyOf(out);
    }

    private static Map<String, Message> readMessages(String resource) {
        Map<String, Message> out = new LinkedHashMap<>();
        for (DataLines.Line line : DataLines.read(resource, 3)) {
            String key = line.field(0);
            Message m = new Message(key, line.field(1), line.field(2));
            if (m.template().isEmpty() || m.code().isEmpty()) {
                throw line.error("a message needs its key, its code and its text");
            }
            if (out.put(key, m) != null) {
                throw line.error("message " + key + " given twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
