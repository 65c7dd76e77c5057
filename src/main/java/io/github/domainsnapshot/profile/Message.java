package io.github.domainsnapshot.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * One of libvirt's messages as a release words it: the error code libvirt raises with it ({@code
 * virErrorNumber}'s name without {@code VIR_ERR_}, or {@code -} for a warning of this library's
 * own) and its text, where {@code {name}} stands for a value the check fills in.
 *
 * @param key the rule's id, and {@code #variant} where the rule has more than one message
 * @param code the error code's name, such as {@code CONFIG_UNSUPPORTED}, or {@code -}
 * @param template the text with its placeholders
 */
public record Message(String key, String code, String template) {

    /** @return the names of the placeholders, in the order they appear */
    public List<String> placeholders() {
        List<String> out = new ArrayList<>();
        int i = template.indexOf('{');
        while (i >= 0) {
            int end = template.indexOf('}', i);
            if (end < 0) {
                break;
            }
            out.add(template.substring(i + 1, end));
            i = template.indexOf('{', end);
        }
        return out;
    }

    /**
     * The text with its values.
     *
     * @param namedValues name, value, name, value...: every placeholder's value ({@code null} is
     *     written {@code (null)}, as libvirt's printf writes it); values no placeholder names are
     *     left out
     * @return the message
     * @throws IllegalStateException when a placeholder has no value (a bug of the check)
     */
    public String format(Object... namedValues) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        int from = 0;
        int i = template.indexOf('{');
        while (i >= 0) {
            int end = template.indexOf('}', i);
            if (end < 0) {
                break;
            }
            out.append(template, from, i);
            out.append(value(template.substring(i + 1, end), namedValues));
            from = end + 1;
            i = template.indexOf('{', from);
        }
        return out.append(template, from, template.length()).toString();
    }

    private String value(String name, Object[] namedValues) {
        for (int i = 0; i + 1 < namedValues.length; i += 2) {
            if (name.equals(namedValues[i])) {
                Object v = namedValues[i + 1];
                return v == null ? "(null)" : v.toString();
            }
        }
        throw new IllegalStateException("message " + key + " has no value for {" + name + "}");
    }
}
