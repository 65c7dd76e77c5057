package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.profile.LibvirtProfile;
import io.github.domainsnapshot.profile.Message;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every message a rule can raise is in the profile's data for every release that raises it, and
 * the data holds no message no rule raises.
 */
class MessageCatalogTest {
    /** The classes that declare the messages they raise; loading them checks each against the data. */
    private static final List<Class<?>> RULE_CLASSES = List.of(
            FlagRules.class,
            ParseRules.class,
            ScaledSize.class,
            SourceRules.class,
            QemuRules.class,
            RedefineRules.class,
            OtherDriverRules.class,
            Alignment.class,
            Planner.class,
            RevertDeleteRules.class,
            ValidationRun.class);

    private static Set<MessageKey> declared() throws ClassNotFoundException {
        for (Class<?> c : RULE_CLASSES) {
            Class.forName(c.getName(), true, c.getClassLoader());
        }
        return MessageKey.declared();
    }

    @Test
    void everyDeclaredMessageIsInTheDataAndEveryMessageInTheDataIsDeclared() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (MessageKey k : declared()) {
            declared.add(k.key);
        }
        assertEquals(new TreeSet<>(LibvirtProfile.keys()), declared);
    }

    /**
     * Every rule a profile can raise has its message in every proven release (and at every release
     * where the messages change), but for a message its release added later: that one is there
     * from its release on, which the check that raises it asks for.
     */
    @Test
    void everyRuleThatRaisesErrorsHasItsMessagesInEveryRelease() throws Exception {
        Set<Rule> withMessages = EnumSet.noneOf(Rule.class);
        List<LibvirtVersion> releases = new ArrayList<>(LibvirtVersion.proven());
        releases.addAll(LibvirtProfile.messageReleases());
        List<String> missing = new ArrayList<>();
        for (MessageKey k : declared()) {
            withMessages.add(k.rule);
            for (LibvirtVersion v : releases) {
                LibvirtProfile profile = LibvirtProfile.of(v);
                if (!has(profile, k.key) && !addedAfter(k.key, v)) {
                    missing.add(k.key + " in " + v);
                }
            }
        }
        assertEquals(List.of(), missing);
        for (Rule r : Rule.values()) {
            if (r != Rule.DOCUMENT_MALFORMED && r != Rule.DOCUMENT_ROOT && r != Rule.DOCUMENT_SCHEMA) {
                // the reader's failures carry the reader's own words
                assertTrue(withMessages.contains(r), r.id() + " has no message in the data");
            }
        }
    }

    /** A message's code is libvirt's for the rule, but where a message of it was measured with another. */
    @Test
    void everyMessageIsRaisedWithItsRulesCodeOrOneMeasured() throws Exception {
        Set<String> measuredOtherwise = Set.of(
                "source.host#transport in 9.0.0", // unsupported configuration until the enum parser
                "source.host#port-parse",
                "source.host#port-range",
                "source.encryption#format-value",
                "source.encryption#secret-type-value",
                "source.seclabel#model-twice",
                "disk.max-size#suffix",
                "disk.max-size#overflow",
                "qemu.external-storage#active-lun",
                "name.characters#job-id"); // QEMU's refusal, passed on as an internal error
        List<String> other = new ArrayList<>();
        for (MessageKey k : declared()) {
            for (LibvirtVersion v : LibvirtVersion.proven()) {
                if (!has(LibvirtProfile.of(v), k.key)) {
                    continue;
                }
                Message m = LibvirtProfile.of(v).message(k.key);
                String ruleCode = k.rule.libvirtError().map(LibvirtError::name).orElse("-");
                if (!m.code().equals(ruleCode)
                        && !measuredOtherwise.contains(k.key)
                        && !measuredOtherwise.contains(k.key + " in " + v)) {
                    other.add(k.key + " in " + v + ": " + m.code() + ", the rule's " + ruleCode);
                }
            }
        }
        assertEquals(List.of(), other);
    }

    private static boolean has(LibvirtProfile profile, String key) {
        try {
            profile.message(key);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Whether a message was added by an overlay of a release after this one. */
    private static boolean addedAfter(String key, LibvirtVersion v) {
        for (LibvirtVersion release : LibvirtProfile.messageReleases()) {
            if (release.compareTo(v) > 0
                    && !release.equals(LibvirtVersion.V9_0)
                    && LibvirtProfile.overlay(release).containsKey(key)
                    && !has(LibvirtProfile.of(LibvirtVersion.V9_0), key)) {
                return true;
            }
        }
        return false;
    }
}
