package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Every UTF-16 unit, alone and around surrogates, at the start, middle and end of a value and
 * after a character that is escaped: the escaping gives what a character-by-character reference
 * gives, or refuses where it refuses, at the same offset.
 */
class XmlEscapingTest {
    private static final Map<Character, String> LIBVIRT_TEXT =
            Map.of('&', "&amp;", '<', "&lt;", '>', "&gt;", '"', "&quot;", '\'', "&apos;", '\r', "&#13;");
    private static final Map<Character, String> LIBVIRT_ATTRIBUTE = Map.of(
            '&', "&amp;", '<', "&lt;", '>', "&gt;", '"', "&quot;", '\'', "&apos;", '\n', "&#10;", '\r', "&#13;", '\t',
            "&#9;");
    private static final Map<Character, String> LIBXML_TEXT =
            Map.of('&', "&amp;", '<', "&lt;", '>', "&gt;", '\r', "&#13;");
    private static final Map<Character, String> LIBXML_ATTRIBUTE =
            Map.of('&', "&amp;", '<', "&lt;", '>', "&gt;", '"', "&quot;", '\n', "&#10;", '\r', "&#13;", '\t', "&#9;");

    private record Convention(String name, BiConsumer<StringBuilder, String> escaping, Map<Character, String> table) {}

    private static final List<Convention> CONVENTIONS = List.of(
            new Convention("libvirt text", XmlEscaping::libvirtText, LIBVIRT_TEXT),
            new Convention("libvirt attribute", XmlEscaping::libvirtAttribute, LIBVIRT_ATTRIBUTE),
            new Convention("libxml text", XmlEscaping::libxmlText, LIBXML_TEXT),
            new Convention("libxml attribute", XmlEscaping::libxmlAttribute, LIBXML_ATTRIBUTE));

    /** The escaped text, or "refused at i" for the first unit XML 1.0 cannot hold. */
    private static String reference(String s, Map<Character, String> table) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r'
                    || Character.isSurrogate(c)
                    || c == 0xFFFE
                    || c == 0xFFFF) {
                return "refused at " + i;
            } else {
                out.append(table.getOrDefault(c, String.valueOf(c)));
            }
        }
        return out.toString();
    }

    private static String escaped(Convention convention, String s) {
        StringBuilder out = new StringBuilder("kept:");
        try {
            convention.escaping().accept(out, s);
        } catch (XmlEscaping.InvalidCharacter e) {
            String at = e.getMessage().substring(e.getMessage().indexOf("offset ") + "offset ".length());
            return "refused at " + at.substring(0, at.indexOf(' '));
        }
        assertEquals("kept:", out.substring(0, 5), "what the builder held is kept");
        return out.substring(5);
    }

    @Test
    void everyUnitAnywhereInAValueIsEscapedAsTheReferenceEscapesIt() {
        String[] frames = {"%s", "ab%s", "%scd", "ab%scd", "a&b%scd", "%s<", "\uD83D\uDE00%s", "%s\uD83D\uDE00"};
        for (Convention convention : CONVENTIONS) {
            for (int c = 0; c <= 0xFFFF; c++) {
                String unit = String.valueOf((char) c);
                String what = String.format("U+%04X", c);
                for (String frame : frames) {
                    String s = frame.replace("%s", unit);
                    assertEquals(
                            reference(s, convention.table()),
                            escaped(convention, s),
                            () -> convention.name() + ", " + what + " in " + frame);
                }
            }
        }
    }

    @Test
    void surrogatePairsPassAndHalvesAreRefusedWhereTheyStand() {
        String[] values = {
            "\uD83D\uDE00",
            "x\uD83D\uDE00y",
            "\uD83D",
            "x\uD83D",
            "\uDE00x",
            "\uDE00\uD83D",
            "\uD83D\uD83D\uDE00",
            "a&\uD83D\uDE00\uDE00",
            "\uDBFF\uDFFF",
            "\uD800\uDC00&"
        };
        for (Convention convention : CONVENTIONS) {
            for (String s : values) {
                assertEquals(reference(s, convention.table()), escaped(convention, s), convention.name() + ": " + s);
            }
        }
    }

    @Test
    void aValueWithoutAnythingToEscapeIsAppendedAsItIs() {
        StringBuilder out = new StringBuilder("<a x=\"");
        XmlEscaping.libvirtAttribute(out, "/var/lib/libvirt/images/vda.qcow2");
        assertEquals("<a x=\"/var/lib/libvirt/images/vda.qcow2", out.toString());
        assertThrows(XmlEscaping.InvalidCharacter.class, () -> XmlEscaping.libvirtText(new StringBuilder(), "\u0000"));
    }
}
