package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.SnapshotXmlException;

/**
 * Refuses text a document cannot carry, when it is given to a builder: XML 1.0 holds no control
 * character but tab, line feed and carriage return, no lone surrogate, and neither U+FFFE nor
 * U+FFFF, not even as a character reference. Dropping or replacing one would change the name or
 * path libvirt sees.
 */
final class XmlText {
    private XmlText() {}

    /**
     * @param field what the text is, as users name it ("the snapshot's name")
     * @param path where it goes in the document
     * @param text the text, or null
     * @return the text
     * @throws SnapshotXmlException of kind INVALID, naming the field and the character
     */
    static String check(String field, String path, String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int width = 1;
            boolean bad;
            if (c < 0x20) {
                bad = c != '\t' && c != '\n' && c != '\r';
            } else if (Character.isHighSurrogate(c)) {
                bad = i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1));
                width = 2;
            } else {
                bad = Character.isLowSurrogate(c) || c == 0xFFFE || c == 0xFFFF;
            }
            if (bad) {
                throw new SnapshotXmlException(
                        SnapshotXmlException.Kind.INVALID,
                        String.format("%s holds U+%04X at offset %d, which XML cannot carry", field, (int) c, i),
                        0,
                        0,
                        path,
                        null);
            }
            i += width;
        }
        return text;
    }
}
