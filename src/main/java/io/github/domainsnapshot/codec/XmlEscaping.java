package io.github.domainsnapshot.codec;

/** The two escaping conventions found in libvirt's output. */
final class XmlEscaping {
    private static final String[] LIBVIRT_TEXT =
            table("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "'", "&apos;", "\r", "&#13;");
    private static final String[] LIBVIRT_ATTRIBUTE = table(
            "&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "'", "&apos;", "\n", "&#10;", "\r", "&#13;", "\t",
            "&#9;");
    private static final String[] LIBXML_TEXT = table("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;");
    private static final String[] LIBXML_ATTRIBUTE =
            table("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;");

    private XmlEscaping() {}

    /** A replacement for each ASCII character that is escaped, from pairs of character and escape. */
    private static String[] table(String... pairs) {
        String[] table = new String[128];
        for (int i = 0; i < pairs.length; i += 2) {
            table[pairs[i].charAt(0)] = pairs[i + 1];
        }
        return table;
    }

    /**
     * Appends s, escaped by the table. Most values need no escaping: they are scanned by a loop
     * that only reads, and appended whole; the JIT compiles that loop far sooner and cheaper than
     * one that also appends.
     *
     * @throws InvalidCharacter for a character XML 1.0 cannot hold, escaped or not
     */
    private static void escape(StringBuilder out, String s, String[] table) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 128 ? table[c] != null || c < 0x20 : c >= 0xD800) {
                escapeFrom(out, s, table, i);
                return;
            }
        }
        out.append(s);
    }

    /** Appends s from the start, escaped by the table; i is its first character that needs a look. */
    private static void escapeFrom(StringBuilder out, String s, String[] table, int i) {
        int n = s.length();
        int run = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128) {
                if (table[c] != null) {
                    out.append(s, run, i).append(table[c]);
                    run = i + 1;
                } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    throw new InvalidCharacter(c, i);
                }
            } else if (c >= 0xD800) {
                if (c <= 0xDBFF && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (c <= 0xDFFF || c >= 0xFFFE) {
                    throw new InvalidCharacter(c, i);
                }
            }
        }
        out.append(s, run, n);
    }

    /** A character that no XML 1.0 document can hold, not even as a character reference. */
    static final class InvalidCharacter extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidCharacter(char c, int index) {
            super(String.format("U+%04X at offset %d cannot be written in XML", (int) c, index), null, false, false);
        }
    }

    /** libvirt's virBufferEscapeString, for text: the five markup characters. */
    static void libvirtText(StringBuilder out, String s) {
        escape(out, s, LIBVIRT_TEXT);
    }

    /**
     * libvirt's escaping for attribute values, plus character references for line breaks and
     * tabs, which a parser would otherwise normalize to spaces.
     */
    static void libvirtAttribute(StringBuilder out, String s) {
        escape(out, s, LIBVIRT_ATTRIBUTE);
    }

    /** libxml2's text escaping (xmlNodeDump), used for the content of a domain's metadata. */
    static void libxmlText(StringBuilder out, String s) {
        escape(out, s, LIBXML_TEXT);
    }

    /** libxml2's attribute escaping (xmlNodeDump), for double-quoted values. */
    static void libxmlAttribute(StringBuilder out, String s) {
        escape(out, s, LIBXML_ATTRIBUTE);
    }
}
