package io.github.domainsnapshot.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.LibvirtVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The profile's data as a whole: the overlays, the dates, the values. */
class ProfileDataTest {
    private static final Path MESSAGES = Path.of("src/main/resources/io/github/domainsnapshot/profile/messages");

    @Test
    void everyOverlayFileIsListedAndEveryListedOneExists() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(MESSAGES)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("index.txt") && !n.equals("9.0.txt"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = new TreeSet<>();
        for (LibvirtVersion v : LibvirtProfile.messageReleases()
                .subList(1, LibvirtProfile.messageReleases().size())) {
            listed.add(v.major() + "." + v.minor() + ".txt");
        }
        assertEquals(files, listed);
    }

    /** An overlay holds what its release changed: no message the releases before it word the same way. */
    @Test
    void anOverlayOnlyChanges() {
        List<LibvirtVersion> releases = LibvirtProfile.messageReleases();
        for (int i = 1; i < releases.size(); i++) {
            LibvirtProfile before = LibvirtProfile.of(releases.get(i - 1));
            for (Message m : LibvirtProfile.overlay(releases.get(i)).values()) {
                if (LibvirtProfile.keys().contains(m.key()) && hasKey(before, m.key())) {
                    assertNotEquals(before.message(m.key()), m, releases.get(i) + " repeats " + m.key());
                }
            }
        }
    }

    @Test
    void aReleaseGetsTheMessagesOfEveryOverlayUpToItOnly() {
        String key = "source.network#pool-split";
        assertTrue(
                LibvirtProfile.of(LibvirtVersion.V9_0).message(key).template().startsWith("can't split"));
        assertTrue(
                LibvirtProfile.of(LibvirtVersion.V11_3).message(key).template().startsWith("can't split"));
        assertTrue(LibvirtProfile.of(LibvirtVersion.parse("11.6"))
                .message(key)
                .template()
                .startsWith("failed to"));
        assertTrue(
                LibvirtProfile.of(LibvirtVersion.V12_9).message(key).template().startsWith("failed to"));
        // the code a message is raised with changes with it
        assertEquals(
                "CONFIG_UNSUPPORTED",
                LibvirtProfile.of(LibvirtVersion.V9_0)
                        .message("source.host#transport")
                        .code());
        assertEquals(
                "XML_ERROR",
                LibvirtProfile.of(LibvirtVersion.parse("9.8"))
                        .message("source.host#transport")
                        .code());
        // a message a later release added is not there before it
        assertFalse(hasKey(LibvirtProfile.of(LibvirtVersion.V9_0), "qemu.pflash#nvram"));
        assertTrue(hasKey(LibvirtProfile.of(LibvirtVersion.parse("10.9")), "qemu.pflash#nvram"));
    }

    @Test
    void aMessageFillsItsPlaceholdersAndRefusesAMissingOne() {
        Message m = LibvirtProfile.of(LibvirtVersion.V9_0).message("align.collision");
        assertEquals(List.of("disk", "other"), m.placeholders());
        assertEquals(
                "cannot generate external snapshot name for disk 'vda': collision with disk 'vdb'",
                m.format("disk", "vda", "other", "vdb", "unused", "x"));
        assertThrows(IllegalStateException.class, () -> m.format("disk", "vda"));
        assertEquals("(null)", new Message("k", "-", "{v}").format("v", null), "as libvirt's printf writes it");
    }

    @Test
    void everyChangeOfLogicHasItsDatesAndSource() {
        for (Feature f : Feature.values()) {
            assertTrue(f.since().isAtLeast(LibvirtVersion.V9_0), f.id());
            assertFalse(f.source().isBlank(), f.id() + " says where its date comes from");
            f.until().ifPresent(u -> assertTrue(u.compareTo(f.since()) > 0, f.id()));
        }
        assertTrue(Feature.REVERT_INTERNAL_LOAD_BROKEN.in(LibvirtVersion.V11_3));
        assertFalse(Feature.REVERT_INTERNAL_LOAD_BROKEN.in(LibvirtVersion.parse("11.4")));
        assertFalse(Feature.REVERT_EXTERNAL.in(LibvirtVersion.V9_0));
        assertTrue(Feature.REVERT_EXTERNAL.in(LibvirtVersion.parse("9.9")));
    }

    @Test
    void valuesComeAndStayWithTheirReleases() {
        assertFalse(LibvirtProfile.of(LibvirtVersion.V9_0)
                .values(ValueSet.STORAGE_TYPE)
                .contains("vhostvdpa"));
        assertTrue(LibvirtProfile.of(LibvirtVersion.parse("9.8"))
                .values(ValueSet.STORAGE_TYPE)
                .contains("vhostvdpa"));
        assertFalse(LibvirtProfile.of(LibvirtVersion.parse("9.2"))
                .values(ValueSet.ENCRYPTION_FORMAT)
                .contains("luks-any"));
        assertTrue(LibvirtProfile.of(LibvirtVersion.V12_9)
                .values(ValueSet.ENCRYPTION_FORMAT)
                .contains("luks-any"));
        Map<ValueSet, Integer> nine = Map.of(
                ValueSet.SNAPSHOT_STATE, 8,
                ValueSet.SNAPSHOT_MODE, 4,
                ValueSet.STORAGE_TYPE, 7,
                ValueSet.STORAGE_FORMAT, 16,
                ValueSet.NETWORK_PROTOCOL, 13,
                ValueSet.HOST_TRANSPORT, 3,
                ValueSet.ENCRYPTION_FORMAT, 4,
                ValueSet.ENCRYPTION_ENGINE, 2);
        for (Map.Entry<ValueSet, Integer> e : nine.entrySet()) {
            assertEquals(
                    e.getValue(),
                    LibvirtProfile.of(LibvirtVersion.V9_0).values(e.getKey()).size(),
                    e.getKey().id());
        }
    }

    private static boolean hasKey(LibvirtProfile profile, String key) {
        try {
            profile.message(key);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
