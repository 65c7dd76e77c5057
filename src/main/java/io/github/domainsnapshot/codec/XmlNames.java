package io.github.domainsnapshot.codec;

import com.ctc.wstx.io.WstxInputData;

/**
 * Qualified names as the reader takes them: Woodstox's rules for XML 1.0 names, so that what is
 * written can be read again.
 */
final class XmlNames {
    private XmlNames() {}

    /** @return whether s is {@code prefix:local} or {@code local}, each a name without colon */
    static boolean isQualifiedName(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            return isNcName(s);
        }
        return isNcName(s.substring(0, colon)) && isNcName(s.substring(colon + 1));
    }

    /** @return whether s is a name without colon, as a prefix or a local name is */
    static boolean isNcName(String s) {
        return !s.isEmpty() && WstxInputData.findIllegalNameChar(s, true, false) < 0;
    }
}
