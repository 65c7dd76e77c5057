package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Blank text between child elements is layout and is dropped, as libvirt's parser drops it; blank
 * text in an element that also holds other text, or no elements, is text and is kept where it
 * was. The capture only knows which when the element ends.
 */
class CaptureLayoutTest {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();

    /** The children as a list: a text as itself in quotes, an element as its name and its children. */
    private static List<String> shape(XmlElement e) {
        List<String> out = new ArrayList<>();
        if (!e.hasChildren()) {
            return out;
        }
        for (Object c : e.getChildren()) {
            out.add(c instanceof String s ? '"' + s + '"' : ((XmlElement) c).getLocalName() + shape((XmlElement) c));
        }
        return out;
    }

    private static void same(String xml, String expected) {
        assertEquals(expected, shape(CODEC.readElement(xml)).toString(), xml);
    }

    @Test
    void layoutBetweenElementsIsDropped() {
        same("<a>\n  <b/>\n  <c/>\n</a>", "[b[], c[]]");
        same("<a> <b> <c/> </b> </a>", "[b[c[]]]");
        same("<a> <b/> <!-- c --> <?p?> </a>", "[b[]]");
    }

    @Test
    void blankTextAloneIsText() {
        same("<a>  </a>", "[\"  \"]");
        same("<a><b> </b> <c/></a>", "[b[\" \"], c[]]");
        same("<a> <!-- c --> </a>", "[\"  \"]");
    }

    @Test
    void blanksOfMixedContentStayWhereTheyWere() {
        same("<a>\n  <b/>\n  text\n</a>", "[\"\n  \", b[], \"\n  text\n\"]");
        same("<a> <b/> <c/>x</a>", "[\" \", b[], \" \", c[], \"x\"]");
        same("<a> <b/> <c/>x<d/> </a>", "[\" \", b[], \" \", c[], \"x\", d[], \" \"]");
        same("<a> <b> <c/> </b> y</a>", "[\" \", b[c[]], \" y\"]");
        same("<a> <b> <c/>z</b> <d/> </a>", "[b[\" \", c[], \"z\"], d[]]");
        same("<a> <b> <c/>z</b> <d/>w</a>", "[\" \", b[\" \", c[], \"z\"], \" \", d[], \"w\"]");
    }
}
