package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.profile.LibvirtProfile;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A message one of the rules raises: its rule, and its key in the profile's data (the rule's id,
 * with {@code #variant} where the rule has several). Each is a constant beside the check that
 * raises it, and is looked up in the data when its class loads, so that a key without a message
 * fails at once rather than when a request first meets it. {@link #declared()} lists them.
 */
final class MessageKey {
    private static final Set<MessageKey> DECLARED = Collections.synchronizedSet(new LinkedHashSet<>());

    final Rule rule;
    final String key;

    private MessageKey(Rule rule, String key) {
        this.rule = rule;
        this.key = key;
    }

    /** The rule's one message. */
    static MessageKey of(Rule rule) {
        return declare(new MessageKey(rule, rule.id()));
    }

    /** One of the rule's messages. */
    static MessageKey of(Rule rule, String variant) {
        return declare(new MessageKey(rule, rule.id() + "#" + variant));
    }

    private static MessageKey declare(MessageKey k) {
        if (!LibvirtProfile.keys().contains(k.key)) {
            throw new IllegalStateException("the profile's data has no message " + k.key);
        }
        DECLARED.add(k);
        return k;
    }

    /** @return the keys declared by the classes loaded so far */
    static Set<MessageKey> declared() {
        synchronized (DECLARED) {
            return Set.copyOf(DECLARED);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageKey k && k.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
