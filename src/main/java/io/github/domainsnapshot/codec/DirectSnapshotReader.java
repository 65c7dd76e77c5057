package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.internal.DeferredContent;
import io.github.domainsnapshot.internal.XmlElementAccess;
import io.github.domainsnapshot.model.Auth;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.Encryption;
import io.github.domainsnapshot.model.FileReference;
import io.github.domainsnapshot.model.Host;
import io.github.domainsnapshot.model.Marker;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.model.MetadataCache;
import io.github.domainsnapshot.model.NamedReference;
import io.github.domainsnapshot.model.Parent;
import io.github.domainsnapshot.model.ScaledInteger;
import io.github.domainsnapshot.model.Seclabel;
import io.github.domainsnapshot.model.Secret;
import io.github.domainsnapshot.model.Source;
import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import javax.xml.namespace.QName;

/**
 * Reads the usual form of a snapshot document (UTF-8, no DTD, no CDATA, only elements the model
 * knows, namespaces only inside the embedded XML) straight from its bytes into the model, without
 * a StAX parser or the binding, which cost several times more than the document's own content.
 *
 * <p>It never decides that a document is wrong: at anything outside that form, including every
 * error, {@link #read} returns null and the caller reads the document through the StAX and JAXB
 * path, which gives the error and its message. It gives the same model and the same locations as
 * that path for every document it takes (checked by the codec's differential tests and fuzzing).
 *
 * <p>One instance reads one document on one thread.
 */
final class DirectSnapshotReader {
    /** Leaves this reader for the reference path; carries no stack, costs nothing to throw. */
    private static final class NotHandled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotHandled() {
            super(null, null, false, false);
        }
    }

    private static final NotHandled NOT_HANDLED = new NotHandled();

    /** Larger documents are streamed by the reference path rather than held whole. */
    static final int MAX_DOCUMENT = 4 << 20;

    /** The most attributes checked for duplicates here; libvirt's elements have about a dozen. */
    private static final int MAX_ATTRIBUTES = 64;

    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";
    private static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";

    private static final int CACHE_SLOT_BITS = 11;

    /** The longest value or text kept in {@link #VALUES}. */
    private static final int SHORT_VALUE = 24;

    /** Short values and texts seen before, shared by all readers as {@link #NAMES} is. */
    private static final Name[] VALUES = new Name[1 << CACHE_SLOT_BITS];

    /**
     * Names seen before, shared by all readers: a racy cache of immutable entries (final
     * fields, so safely seen by every thread), bounded in size, so that the same element and attribute names are not made again for every document.
     */
    private static final Name[] NAMES = new Name[1 << CACHE_SLOT_BITS];

    private static final byte NOT_NAME = 0;
    private static final byte NAME_START = 1;
    private static final byte NAME_INNER = 2;
    private static final byte NAME_COLON = 3;

    /** What each ASCII character can be in a name read here. */
    private static final byte[] NAME_CHARACTERS = new byte[128];

    /** ASCII characters that end or change an attribute value: {@code < & tab LF CR}. */
    private static final byte[] IN_VALUE = new byte[128];

    /**
     * {@link #NAME_CHARACTERS} for every byte, with the colon and the bytes of non-ASCII
     * characters as {@code NAME_COLON}: names that stop the skimming.
     */
    private static final byte[] SKIMMED_NAME = new byte[256];

    /**
     * ASCII characters libvirt escapes in attribute values (among them the quote that ends one),
     * as {@link XmlEscaping} writes them: a text as read is what writing it would give only if
     * these come as the references it writes.
     */
    private static final byte[] ESCAPED_IN_VALUE = new byte[256];

    /** ASCII characters libvirt escapes in text (among them the {@code <} that ends it). */
    private static final byte[] ESCAPED_IN_TEXT = new byte[256];

    /** The characters libvirt writes as references in attribute values. */
    private static final char[] VALUE_REFERENCED = escapedBy(XmlEscaping::libvirtAttributeReference, ESCAPED_IN_VALUE);

    /** The characters libvirt writes as references in text. */
    private static final char[] TEXT_REFERENCED = escapedBy(XmlEscaping::libvirtTextReference, ESCAPED_IN_TEXT);

    /** ASCII characters that end or change text: {@code < & CR}, and {@code >} of {@code ]]>}. */
    private static final byte[] IN_TEXT = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
                NAME_CHARACTERS[c] = NAME_START;
            } else if (c >= '0' && c <= '9' || c == '.' || c == '-') {
                NAME_CHARACTERS[c] = NAME_INNER;
            }
        }
        NAME_CHARACTERS[':'] = NAME_COLON;
        System.arraycopy(NAME_CHARACTERS, 0, SKIMMED_NAME, 0, 128);
        Arrays.fill(SKIMMED_NAME, 128, 256, NAME_COLON);
        for (char c : "<&\t\n\r".toCharArray()) {
            IN_VALUE[c] = 1;
        }
        for (char c : "<&\r>".toCharArray()) {
            IN_TEXT[c] = 1;
        }
    }

    /** Marks in {@code escaped} the ASCII characters that have a reference, and returns them. */
    private static char[] escapedBy(IntFunction<String> reference, byte[] escaped) {
        StringBuilder referenced = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            if (reference.apply(c) != null) {
                escaped[c] = 1;
                referenced.append(c);
            }
        }
        return referenced.toString().toCharArray();
    }

    /** The indentation libvirt writes between elements: a line break and up to 63 spaces. */
    private static final String[] INDENTS = new String[64];

    static {
        for (int i = 0; i < INDENTS.length; i++) {
            INDENTS[i] = "\n" + " ".repeat(i);
        }
    }

    private final byte[] b;
    private final int end;
    private int p;

    private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

    /** Whether {@link #locations} are noted; without them, element paths are not made either. */
    private boolean locate = true;

    private int countedTo;
    private int line = 1;
    private int lineStart;

    // the start tag just read
    private String tagName;
    private boolean emptyTag;
    private int attributeCount;
    private String[] attributeNames = new String[8];
    private String[] attributeValues = new String[8];

    // open elements of the snapshot part, with their paths and the names of their children so far
    private int depth;
    private String[] openNames = new String[8];
    private String[] openPaths = new String[8];
    private String[][] childNames = new String[8][];
    private int[][] childCounts = new int[8][];
    private int[] distinctChildren = new int[8];

    // namespace declarations in scope inside embedded XML
    private String[] nsPrefixes = new String[8];
    private String[] nsUris = new String[8];
    private int nsCount;

    private byte[] scratch = new byte[64];

    /**
     * The generation of the deferred element this reader builds, 0 when it reads a document:
     * the elements it defers are one more.
     */
    private int generation;

    /** How many generations of elements are deferred: the domain's children and theirs. */
    private static final int GENERATIONS = 2;

    /** The level of the element whose children are deferred (an embedded domain, or one being built); -1 for none. */
    private int deferringLevel = -1;

    /** Where the names of the attributes of the tag being skimmed start and end. */
    private int[] skimmedAttributes = new int[16];

    private DirectSnapshotReader(byte[] bytes, int length) {
        this.b = bytes;
        this.end = length;
    }

    /**
     * @param bytes the document in UTF-8
     * @param length how many of the bytes are the document
     * @param bomAllowed whether a leading byte order mark is an encoding mark (false when the
     *     bytes were encoded from text, where it would be a character)
     * @param locate whether to note where each element of the snapshot was found
     * @return the document with its locations (none unless {@code locate}), or null when it is
     *     outside the form read here
     */
    static Result read(byte[] bytes, int length, boolean bomAllowed, boolean locate) {
        if (length > MAX_DOCUMENT || !validUtf8XmlChars(bytes, length)) {
            return null;
        }
        DirectSnapshotReader r = new DirectSnapshotReader(bytes, length);
        r.locate = locate;
        try {
            DomainSnapshot s = r.document(bomAllowed);
            return new Result(s, r.locations);
        } catch (NotHandled e) {
            return null;
        }
    }

    /** What was read: the snapshot and where each element was found. */
    record Result(DomainSnapshot snapshot, Map<String, SourceLocation> locations) {}

    // ---- the document ----------------------------------------------------------------------

    private DomainSnapshot document(boolean bomAllowed) {
        if (bomAllowed && end >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            p = 3;
            // the JDK's parser counts columns after the mark as if it were not there
            lineStart = 3;
            countedTo = 3;
        }
        if (startsWith("<?xml") && p + 5 < end && isSpace(b[p + 5])) {
            declaration();
        }
        misc();
        if (p >= end || b[p] != '<') {
            throw NOT_HANDLED;
        }
        startTag();
        if (!"domainsnapshot".equals(tagName)) {
            throw NOT_HANDLED;
        }
        open("/domainsnapshot");
        DomainSnapshot s = domainSnapshot();
        misc();
        if (p != end) {
            throw NOT_HANDLED;
        }
        return s;
    }

    /** {@code <?xml version="1.0" encoding="UTF-8" standalone="yes"?>}, parts in this order. */
    private void declaration() {
        p += 5;
        skipSpace();
        if (!"version".equals(pseudoAttributeName()) || !"1.0".equals(pseudoAttributeValue())) {
            throw NOT_HANDLED;
        }
        boolean space = skipSpace();
        String name = p < end && b[p] != '?' ? pseudoAttributeName() : null;
        if (name != null && name.equals("encoding")) {
            if (!space || !"UTF-8".equalsIgnoreCase(pseudoAttributeValue())) {
                throw NOT_HANDLED;
            }
            space = skipSpace();
            name = p < end && b[p] != '?' ? pseudoAttributeName() : null;
        }
        if (name != null) {
            String value = pseudoAttributeValue();
            if (!space || !name.equals("standalone") || !value.equals("yes") && !value.equals("no")) {
                throw NOT_HANDLED;
            }
            skipSpace();
        }
        if (!startsWith("?>")) {
            throw NOT_HANDLED;
        }
        p += 2;
    }

    private String pseudoAttributeName() {
        int start = p;
        while (p < end && b[p] >= 'a' && b[p] <= 'z') {
            p++;
        }
        String name = new String(b, start, p - start, StandardCharsets.ISO_8859_1);
        skipSpace();
        expect('=');
        skipSpace();
        return name;
    }

    private String pseudoAttributeValue() {
        if (p >= end || b[p] != '"' && b[p] != '\'') {
            throw NOT_HANDLED;
        }
        byte quote = b[p++];
        int start = p;
        while (p < end && b[p] != quote) {
            byte c = b[p];
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                throw NOT_HANDLED;
            }
            p++;
        }
        expect(quote);
        return new String(b, start, p - 1 - start, StandardCharsets.ISO_8859_1);
    }

    /** White space, comments and processing instructions, outside the root element. */
    private void misc() {
        while (true) {
            skipSpace();
            if (startsWith("<!--")) {
                comment();
            } else if (startsWith("<?")) {
                processingInstruction();
            } else {
                return;
            }
        }
    }

    private void comment() {
        int i = p + 4;
        while (true) {
            if (i + 1 >= end) {
                throw NOT_HANDLED;
            }
            if (b[i] == '-' && b[i + 1] == '-') {
                if (i + 2 >= end || b[i + 2] != '>') {
                    throw NOT_HANDLED;
                }
                p = i + 3;
                return;
            }
            i++;
        }
    }

    private void processingInstruction() {
        p += 2;
        String target = name();
        if (target.indexOf(':') >= 0 || target.equalsIgnoreCase("xml")) {
            throw NOT_HANDLED;
        }
        if (startsWith("?>")) {
            p += 2;
            return;
        }
        if (!skipSpace()) {
            throw NOT_HANDLED;
        }
        while (!startsWith("?>")) {
            if (p >= end) {
                throw NOT_HANDLED;
            }
            p++;
        }
        p += 2;
    }

    // ---- tags --------------------------------------------------------------------------------

    /** Reads a start tag at {@code <}: its name, its attributes, whether it is empty. */
    private void startTag() {
        p++;
        tagName = name();
        attributeCount = 0;
        while (true) {
            boolean space = skipSpace();
            if (p >= end) {
                throw NOT_HANDLED;
            }
            byte c = b[p];
            if (c == '>') {
                p++;
                emptyTag = false;
                return;
            }
            if (c == '/') {
                p++;
                expect('>');
                emptyTag = true;
                return;
            }
            if (!space) {
                throw NOT_HANDLED;
            }
            String attribute = name();
            skipSpace();
            expect('=');
            skipSpace();
            String value = attributeValue();
            for (int i = 0; i < attributeCount; i++) {
                if (attributeNames[i].equals(attribute)) {
                    throw NOT_HANDLED;
                }
            }
            if (attributeCount == MAX_ATTRIBUTES) {
                throw NOT_HANDLED;
            }
            if (attributeCount == attributeNames.length) {
                attributeNames = Arrays.copyOf(attributeNames, attributeCount * 2);
                attributeValues = Arrays.copyOf(attributeValues, attributeCount * 2);
            }
            attributeNames[attributeCount] = attribute;
            attributeValues[attributeCount++] = value;
        }
    }

    /** An XML name of ASCII letters, digits and {@code _.-}, with at most one inner colon. */
    private String name() {
        // locals, not fields, in the loops: the compiler keeps them in registers
        final byte[] b = this.b;
        final int end = this.end;
        int start = p;
        int i = start;
        int hash = 0;
        int colon = -1;
        while (i < end) {
            int c = b[i];
            if (c < 0) {
                // a non-ASCII name character: not read here
                throw NOT_HANDLED;
            }
            int kind = NAME_CHARACTERS[c];
            if (kind == NOT_NAME) {
                break;
            }
            if (kind == NAME_INNER) {
                if (i == start || i == colon + 1) {
                    throw NOT_HANDLED;
                }
            } else if (kind == NAME_COLON) {
                if (colon >= 0 || i == start) {
                    throw NOT_HANDLED;
                }
                colon = i;
            }
            hash = 31 * hash + c;
            i++;
        }
        p = i;
        int length = i - start;
        if (length == 0 || colon == i - 1 || length > XmlLimits.MAX_NAME) {
            throw NOT_HANDLED;
        }
        return cached(NAMES, hash, start, p);
    }

    /**
     * The text of bytes {@code [start, stop)}, which hold no references or line ends to
     * normalize. Short ones (addresses, units, numbers, model names: values that come again in
     * document after document) come from a shared cache like the names'.
     */
    private String plainString(int start, int stop) {
        int length = stop - start;
        if (length > SHORT_VALUE) {
            return new String(b, start, length, StandardCharsets.UTF_8);
        }
        final byte[] b = this.b;
        int hash = 0;
        for (int i = start; i < stop; i++) {
            hash = 31 * hash + b[i];
        }
        return cached(VALUES, hash, start, stop);
    }

    /**
     * The string of bytes {@code [start, stop)} from a shared cache, or made and put there.
     *
     * @param hash the bytes' hash, {@code 31 * h + b} over them
     */
    private String cached(Name[] cache, int hash, int start, int stop) {
        int length = stop - start;
        // Fibonacci hashing: the top bits of the product spread libvirt's names over the slots
        int slot = (hash * 0x9E3779B9) >>> (32 - CACHE_SLOT_BITS);
        Name known = cache[slot];
        if (known != null && known.bytes.length == length) {
            // names and short values: a plain loop beats the vectorized comparison's setup
            byte[] k = known.bytes;
            int j = 0;
            while (j < length && k[j] == b[start + j]) {
                j++;
            }
            if (j == length) {
                return known.string;
            }
        }
        Name made = new Name(Arrays.copyOfRange(b, start, stop));
        cache[slot] = made;
        return made.string;
    }

    /** A name or value as bytes, to compare with the input, and as the String handed out. */
    private static final class Name {
        final byte[] bytes;
        final String string;

        Name(byte[] bytes) {
            this.bytes = bytes;
            this.string = new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** An attribute value, with references resolved and white space normalized as XML says. */
    private String attributeValue() {
        if (p >= end || b[p] != '"' && b[p] != '\'') {
            throw NOT_HANDLED;
        }
        final byte[] b = this.b;
        final int end = this.end;
        byte quote = b[p];
        int start = p + 1;
        int i = start;
        boolean plain = true;
        while (true) {
            if (i >= end) {
                throw NOT_HANDLED;
            }
            byte c = b[i];
            if (c == quote) {
                break;
            }
            if (c >= 0 && IN_VALUE[c] != 0) {
                if (c == '<') {
                    throw NOT_HANDLED;
                }
                plain = false;
            }
            i++;
        }
        int stop = i;
        p = i + 1;
        if (stop - start > XmlLimits.MAX_TEXT) {
            throw NOT_HANDLED;
        }
        if (plain) {
            return plainString(start, stop);
        }
        return normalized(start, stop, true);
    }

    /**
     * Bytes {@code [start, stop)} with references resolved and line ends made one line feed; in
     * an attribute value, line ends and tabs then become spaces, as XML's normalization says.
     */
    private String normalized(int start, int stop, boolean attributeValue) {
        int n = 0;
        for (int j = start; j < stop; ) {
            byte c = b[j];
            if (c == '&') {
                j = reference(j, stop);
                n = appendCodePoint(n, resolved);
                continue;
            }
            if (c == '\r') {
                c = '\n';
                j += j + 1 < stop && b[j + 1] == '\n' ? 2 : 1;
            } else {
                j++;
            }
            n = append(n, attributeValue && (c == '\t' || c == '\n') ? (byte) ' ' : c);
        }
        return new String(scratch, 0, n, StandardCharsets.UTF_8);
    }

    /** The code point of the last reference read. */
    private int resolved;

    /** Reads the reference at {@code &}, sets {@link #resolved} and returns where it ends. */
    private int reference(int at, int limit) {
        int semicolon = at + 1;
        while (semicolon < limit && semicolon - at <= 10 && b[semicolon] != ';') {
            semicolon++;
        }
        if (semicolon >= limit || b[semicolon] != ';') {
            throw NOT_HANDLED;
        }
        int length = semicolon - at - 1;
        if (length >= 2 && b[at + 1] == '#') {
            int value = 0;
            boolean hex = b[at + 2] == 'x';
            int digits = hex ? at + 3 : at + 2;
            if (digits == semicolon || semicolon - digits > 7) {
                throw NOT_HANDLED;
            }
            for (int i = digits; i < semicolon; i++) {
                int d = Character.digit(b[i], hex ? 16 : 10);
                if (d < 0) {
                    throw NOT_HANDLED;
                }
                value = value * (hex ? 16 : 10) + d;
            }
            if (!isXmlChar(value)) {
                throw NOT_HANDLED;
            }
            resolved = value;
        } else if (length == 2 && b[at + 1] == 'l' && b[at + 2] == 't') {
            resolved = '<';
        } else if (length == 2 && b[at + 1] == 'g' && b[at + 2] == 't') {
            resolved = '>';
        } else if (length == 3 && b[at + 1] == 'a' && b[at + 2] == 'm' && b[at + 3] == 'p') {
            resolved = '&';
        } else if (length == 4 && b[at + 1] == 'q' && b[at + 2] == 'u' && b[at + 3] == 'o' && b[at + 4] == 't') {
            resolved = '"';
        } else if (length == 4 && b[at + 1] == 'a' && b[at + 2] == 'p' && b[at + 3] == 'o' && b[at + 4] == 's') {
            resolved = '\'';
        } else {
            throw NOT_HANDLED;
        }
        return semicolon + 1;
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9
                || c == 0xA
                || c == 0xD
                || c >= 0x20 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }

    private int append(int n, byte c) {
        if (n == scratch.length) {
            scratch = Arrays.copyOf(scratch, n * 2);
        }
        scratch[n] = c;
        return n + 1;
    }

    private int appendCodePoint(int n, int cp) {
        if (cp < 0x80) {
            return append(n, (byte) cp);
        }
        if (cp < 0x800) {
            n = append(n, (byte) (0xC0 | cp >> 6));
        } else if (cp < 0x10000) {
            n = append(n, (byte) (0xE0 | cp >> 12));
            n = append(n, (byte) (0x80 | cp >> 6 & 0x3F));
        } else {
            n = append(n, (byte) (0xF0 | cp >> 18));
            n = append(n, (byte) (0x80 | cp >> 12 & 0x3F));
            n = append(n, (byte) (0x80 | cp >> 6 & 0x3F));
        }
        return append(n, (byte) (0x80 | cp & 0x3F));
    }

    /** Character data up to the next {@code <}, with references resolved and line ends made \n. */
    private String text() {
        final byte[] b = this.b;
        final int end = this.end;
        int start = p;
        int i = start;
        boolean plain = true;
        while (i < end) {
            byte c = b[i];
            if (c >= 0 && IN_TEXT[c] != 0) {
                if (c == '<') {
                    break;
                }
                if (c == '>') {
                    if (i - start >= 2 && b[i - 1] == ']' && b[i - 2] == ']') {
                        throw NOT_HANDLED;
                    }
                } else {
                    plain = false;
                }
            }
            i++;
        }
        p = i;
        if (p >= end) {
            throw NOT_HANDLED;
        }
        int length = p - start;
        if (length > XmlLimits.MAX_TEXT) {
            throw NOT_HANDLED;
        }
        if (plain) {
            if (length > 0 && length <= INDENTS.length && b[start] == '\n' && allSpaces(start + 1, p)) {
                return INDENTS[length - 1];
            }
            return plainString(start, p);
        }
        return normalized(start, p, false);
    }

    private boolean allSpaces(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Reads the end tag of the element named {@code name} at {@code </}. */
    private void endTag(String name) {
        p += 2;
        String found = name();
        skipSpace();
        expect('>');
        if (!found.equals(name)) {
            throw NOT_HANDLED;
        }
    }

    // ---- the snapshot part: elements the model knows -----------------------------------------

    /**
     * Records the element whose start tag was just read as open, at {@code path}, and where it
     * was found.
     */
    private void open(String path) {
        depth++;
        if (depth == openNames.length) {
            int n = depth * 2;
            openNames = Arrays.copyOf(openNames, n);
            openPaths = Arrays.copyOf(openPaths, n);
            childNames = Arrays.copyOf(childNames, n);
            childCounts = Arrays.copyOf(childCounts, n);
            distinctChildren = Arrays.copyOf(distinctChildren, n);
        }
        openNames[depth] = tagName;
        openPaths[depth] = path;
        distinctChildren[depth] = 0;
        justOpened = true;
        if (locate) {
            locations.put(path, here());
        }
    }

    /**
     * Moves to the next child element of the open element, reads its start tag and opens it;
     * or reads the open element's end tag, closes it and returns false. Only blanks, comments
     * and processing instructions may come between.
     */
    private boolean nextChild() {
        if (justOpened) {
            justOpened = false;
            if (emptyTag) {
                depth--;
                return false;
            }
        }
        while (true) {
            skipSpace();
            if (p + 1 >= end || b[p] != '<') {
                throw NOT_HANDLED;
            }
            byte next = b[p + 1];
            if (next == '/') {
                endTag(openNames[depth]);
                depth--;
                return false;
            }
            if (next == '!') {
                if (!startsWith("<!--")) {
                    throw NOT_HANDLED;
                }
                comment();
            } else if (next == '?') {
                processingInstruction();
            } else {
                startTag();
                if (tagName.indexOf(':') >= 0) {
                    throw NOT_HANDLED;
                }
                open(locate ? childPath(tagName) : null);
                return true;
            }
        }
    }

    /** Whether the open element's start tag was the last thing read (its content is next). */
    private boolean justOpened;

    private String childPath(String name) {
        int level = depth;
        String[] names = childNames[level];
        int[] counts = childCounts[level];
        if (names == null) {
            names = childNames[level] = new String[8];
            counts = childCounts[level] = new int[8];
        }
        int n = distinctChildren[level];
        int index = 0;
        for (int i = 0; i < n; i++) {
            if (names[i].equals(name)) {
                index = ++counts[i];
                break;
            }
        }
        if (index == 0) {
            if (n == names.length) {
                childNames[level] = names = Arrays.copyOf(names, n * 2);
                childCounts[level] = counts = Arrays.copyOf(counts, n * 2);
            }
            names[n] = name;
            counts[n] = 1;
            distinctChildren[level] = n + 1;
            index = 1;
        }
        return openPaths[level] + '/' + SnapshotPaths.segment(name, index);
    }

    /** Attributes of a model element: known ones are handed to {@code known}, others kept. */
    private void attributes(Map<QName, String> other, KnownAttribute known) {
        for (int i = 0; i < attributeCount; i++) {
            String name = attributeNames[i];
            if (name.indexOf(':') >= 0 || name.equals("xmlns")) {
                throw NOT_HANDLED;
            }
            if (known == null || !known.set(name, attributeValues[i])) {
                other.put(new QName(name), attributeValues[i]);
            }
        }
    }

    @FunctionalInterface
    private interface KnownAttribute {
        boolean set(String name, String value);
    }

    /** The text of an element of text only, such as {@code <name>}; it may have no attributes. */
    private String textOnly() {
        if (attributeCount > 0) {
            throw NOT_HANDLED;
        }
        return textContent();
    }

    /** The text of the open element, which has no child elements; then closes it. */
    private String textContent() {
        justOpened = false;
        if (emptyTag) {
            depth--;
            return "";
        }
        String value = text();
        if (!startsWith("</")) {
            throw NOT_HANDLED;
        }
        endTag(openNames[depth]);
        depth--;
        return value;
    }

    private static <T> T once(T old, T value) {
        if (old != null) {
            throw NOT_HANDLED;
        }
        return value;
    }

    private DomainSnapshot domainSnapshot() {
        DomainSnapshot s = new DomainSnapshot();
        attributes(s.getOtherAttributes(), null);
        while (nextChild()) {
            switch (tagName) {
                case "name" -> s.setName(once(s.getName(), textOnly()));
                case "description" -> s.setDescription(once(s.getDescription(), textOnly()));
                case "state" -> s.setState(once(s.getState(), textOnly()));
                case "creationTime" -> s.setCreationTime(once(s.getCreationTime(), textOnly()));
                case "active" -> s.setActive(once(s.getActive(), textOnly()));
                case "parent" -> s.setParent(once(s.getParent(), parent()));
                case "memory" -> s.setMemory(once(s.getMemory(), memory()));
                case "disks" -> s.setDisks(once(s.getDisks(), diskList()));
                case "revertDisks" -> s.setRevertDisks(once(s.getRevertDisks(), diskList()));
                case "domain" -> s.setDomain(once(s.getDomain(), domain()));
                case "inactiveDomain" -> s.setInactiveDomain(once(s.getInactiveDomain(), domain()));
                case "cookie" -> s.setCookie(once(s.getCookie(), embedded()));
                default -> throw NOT_HANDLED;
            }
        }
        return s;
    }

    private Parent parent() {
        Parent parent = new Parent();
        attributes(parent.getOtherAttributes(), null);
        while (nextChild()) {
            if (!tagName.equals("name")) {
                throw NOT_HANDLED;
            }
            parent.setName(once(parent.getName(), textOnly()));
        }
        return parent;
    }

    private MemorySpec memory() {
        MemorySpec m = new MemorySpec();
        attributes(m.getOtherAttributes(), (name, value) -> switch (name) {
            case "snapshot" -> set(m::setSnapshot, value);
            case "file" -> set(m::setFile, value);
            default -> false;
        });
        noChildren();
        return m;
    }

    private static boolean set(java.util.function.Consumer<String> setter, String value) {
        setter.accept(value);
        return true;
    }

    /** The open element has no child elements; blanks, comments and PIs are allowed. */
    private void noChildren() {
        if (nextChild()) {
            throw NOT_HANDLED;
        }
    }

    private DiskSnapshotList diskList() {
        DiskSnapshotList list = new DiskSnapshotList();
        attributes(list.getOtherAttributes(), null);
        while (nextChild()) {
            if (!tagName.equals("disk")) {
                throw NOT_HANDLED;
            }
            list.getDisks().add(disk());
        }
        return list;
    }

    private DiskSnapshot disk() {
        DiskSnapshot d = new DiskSnapshot();
        attributes(d.getOtherAttributes(), (name, value) -> switch (name) {
            case "name" -> set(d::setName, value);
            case "snapshot" -> set(d::setSnapshot, value);
            case "type" -> set(d::setType, value);
            default -> false;
        });
        while (nextChild()) {
            switch (tagName) {
                case "driver" -> d.setDriver(once(d.getDriver(), driver()));
                case "source" -> d.setSource(once(d.getSource(), source()));
                case "snapshotDeleteInProgress" -> {
                    Marker marker = new Marker();
                    attributes(marker.getOtherAttributes(), null);
                    noChildren();
                    d.setSnapshotDeleteInProgress(once(d.getSnapshotDeleteInProgress(), marker));
                }
                default -> throw NOT_HANDLED;
            }
        }
        return d;
    }

    private Driver driver() {
        Driver driver = new Driver();
        attributes(driver.getOtherAttributes(), (name, value) -> name.equals("type") && set(driver::setType, value));
        while (nextChild()) {
            if (!tagName.equals("metadata_cache")) {
                throw NOT_HANDLED;
            }
            MetadataCache cache = new MetadataCache();
            attributes(cache.getOtherAttributes(), null);
            while (nextChild()) {
                if (!tagName.equals("max_size")) {
                    throw NOT_HANDLED;
                }
                ScaledInteger size = new ScaledInteger();
                attributes(
                        size.getOtherAttributes(), (name, value) -> name.equals("unit") && set(size::setUnit, value));
                size.setValue(textContent());
                cache.setMaxSize(once(cache.getMaxSize(), size));
            }
            driver.setMetadataCache(once(driver.getMetadataCache(), cache));
        }
        return driver;
    }

    private Source source() {
        Source s = new Source();
        attributes(s.getOtherAttributes(), (name, value) -> switch (name) {
            case "file" -> set(s::setFile, value);
            case "dev" -> set(s::setDev, value);
            case "protocol" -> set(s::setProtocol, value);
            case "name" -> set(s::setName, value);
            case "query" -> set(s::setQuery, value);
            case "tls" -> set(s::setTls, value);
            case "startupPolicy" -> set(s::setStartupPolicy, value);
            case "index" -> set(s::setIndex, value);
            default -> false;
        });
        while (nextChild()) {
            switch (tagName) {
                case "host" -> {
                    Host h = new Host();
                    attributes(h.getOtherAttributes(), (name, value) -> switch (name) {
                        case "name" -> set(h::setName, value);
                        case "port" -> set(h::setPort, value);
                        case "transport" -> set(h::setTransport, value);
                        case "socket" -> set(h::setSocket, value);
                        default -> false;
                    });
                    noChildren();
                    s.getHosts().add(h);
                }
                case "snapshot" -> {
                    NamedReference r = new NamedReference();
                    attributes(r.getOtherAttributes(), (name, value) -> name.equals("name") && set(r::setName, value));
                    noChildren();
                    s.setSnapshot(once(s.getSnapshot(), r));
                }
                case "config" -> {
                    FileReference r = new FileReference();
                    attributes(r.getOtherAttributes(), (name, value) -> name.equals("file") && set(r::setFile, value));
                    noChildren();
                    s.setConfig(once(s.getConfig(), r));
                }
                case "seclabel" -> s.getSeclabels().add(seclabel());
                case "auth" -> s.setAuth(once(s.getAuth(), auth()));
                case "encryption" -> s.setEncryption(once(s.getEncryption(), encryption()));
                case "cookies" -> s.setCookies(once(s.getCookies(), embedded()));
                case "ssl" -> s.setSsl(once(s.getSsl(), embedded()));
                case "readahead" -> s.setReadahead(once(s.getReadahead(), embedded()));
                case "timeout" -> s.setTimeout(once(s.getTimeout(), embedded()));
                case "initiator" -> s.setInitiator(once(s.getInitiator(), embedded()));
                case "reconnect" -> s.setReconnect(once(s.getReconnect(), embedded()));
                case "identity" -> s.setIdentity(once(s.getIdentity(), embedded()));
                case "knownHosts" -> s.setKnownHosts(once(s.getKnownHosts(), embedded()));
                case "slices" -> s.setSlices(once(s.getSlices(), embedded()));
                case "reservations" -> s.setReservations(once(s.getReservations(), embedded()));
                case "privateData" -> s.setPrivateData(once(s.getPrivateData(), embedded()));
                default -> throw NOT_HANDLED;
            }
        }
        return s;
    }

    private Seclabel seclabel() {
        Seclabel l = new Seclabel();
        attributes(l.getOtherAttributes(), (name, value) -> switch (name) {
            case "model" -> set(l::setModel, value);
            case "relabel" -> set(l::setRelabel, value);
            case "labelskip" -> set(l::setLabelskip, value);
            default -> false;
        });
        while (nextChild()) {
            if (!tagName.equals("label")) {
                throw NOT_HANDLED;
            }
            l.getLabels().add(textOnly());
        }
        return l;
    }

    private Auth auth() {
        Auth a = new Auth();
        attributes(a.getOtherAttributes(), (name, value) -> name.equals("username") && set(a::setUsername, value));
        while (nextChild()) {
            if (!tagName.equals("secret")) {
                throw NOT_HANDLED;
            }
            a.setSecret(once(a.getSecret(), secret()));
        }
        return a;
    }

    private Secret secret() {
        Secret s = new Secret();
        attributes(s.getOtherAttributes(), (name, value) -> switch (name) {
            case "type" -> set(s::setType, value);
            case "uuid" -> set(s::setUuid, value);
            case "usage" -> set(s::setUsage, value);
            default -> false;
        });
        noChildren();
        return s;
    }

    private Encryption encryption() {
        Encryption e = new Encryption();
        attributes(e.getOtherAttributes(), (name, value) -> switch (name) {
            case "format" -> set(e::setFormat, value);
            case "engine" -> set(e::setEngine, value);
            default -> false;
        });
        while (nextChild()) {
            switch (tagName) {
                case "secret" -> e.getSecrets().add(secret());
                case "cipher" -> e.setCipher(once(e.getCipher(), embedded()));
                case "ivgen" -> e.setIvgen(once(e.getIvgen(), embedded()));
                default -> throw NOT_HANDLED;
            }
        }
        return e;
    }

    // ---- embedded XML, carried verbatim -------------------------------------------------------

    /** The open element and everything in it, as an XmlElement; then closes it. */
    private XmlElement embedded() {
        justOpened = false;
        XmlElement e = element(depth);
        if (!e.getNamespaceUri().isEmpty()) {
            // <domain xmlns='...'> is another vocabulary's element: unknown content to the binding
            throw NOT_HANDLED;
        }
        depth--;
        return e;
    }

    /**
     * An embedded domain: like {@link #embedded()}, but its children that are written as libvirt
     * writes them are only checked here, and built when first used (most documents are read
     * to be written again or to look at a few of their fields).
     */
    private XmlElement domain() {
        deferringLevel = depth;
        XmlElement e = embedded();
        deferringLevel = -1;
        return e;
    }

    /** The element whose start tag was just read, to its end tag, at nesting {@code level}. */
    private XmlElement element(int level) {
        if (level > XmlLimits.MAX_DEPTH) {
            throw NOT_HANDLED;
        }
        int scope = nsCount;
        String qualified = tagName;
        XmlElement e = startElement();
        if (!emptyTag) {
            content(e, qualified, level, false);
        }
        nsCount = scope;
        return e;
    }

    /** An XmlElement of the start tag just read, its namespace declarations now in scope. */
    private XmlElement startElement() {
        // every declaration of the tag is in scope for the tag's own names, wherever it stands
        int scope = nsCount;
        for (int i = 0; i < attributeCount; i++) {
            String name = attributeNames[i];
            if (isDeclaration(name)) {
                String prefix = name.length() == 5 ? "" : name.substring(6);
                String uri = attributeValues[i];
                if (prefix.equals("xml")
                        || prefix.equals("xmlns")
                        || uri.equals(XML_NS)
                        || uri.equals(XMLNS_NS)
                        || !prefix.isEmpty() && uri.isEmpty()) {
                    throw NOT_HANDLED;
                }
                declare(prefix, uri);
            }
        }
        XmlElement e = newElement();
        for (int i = scope; i < nsCount; i++) {
            e.getNamespaceDeclarations().add(new NamespaceDeclaration(nsPrefixes[i], nsUris[i]));
        }
        int first = -1;
        for (int i = 0; i < attributeCount; i++) {
            String name = attributeNames[i];
            if (isDeclaration(name)) {
                continue;
            }
            int colon = name.indexOf(':');
            XmlAttribute a;
            if (colon < 0) {
                a = new XmlAttribute("", "", name, attributeValues[i]);
            } else {
                String prefix = name.substring(0, colon);
                a = new XmlAttribute(uriOf(prefix), prefix, name.substring(colon + 1), attributeValues[i]);
                if (first < 0) {
                    first = i;
                }
            }
            e.getAttributes().add(a);
        }
        if (first >= 0) {
            // the same attribute twice, under two prefixes of one namespace
            var list = e.getAttributes();
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    if (list.get(i).localName().equals(list.get(j).localName())
                            && list.get(i).namespaceUri().equals(list.get(j).namespaceUri())) {
                        throw NOT_HANDLED;
                    }
                }
            }
        }
        return e;
    }

    /** Whether an attribute name is a namespace declaration: {@code xmlns} or {@code xmlns:p}. */
    private static boolean isDeclaration(String name) {
        return name.startsWith("xmlns") && (name.length() == 5 || name.charAt(5) == ':');
    }

    private XmlElement newElement() {
        int colon = tagName.indexOf(':');
        if (colon < 0) {
            return new XmlElement(defaultNamespace(), "", tagName);
        }
        String prefix = tagName.substring(0, colon);
        return new XmlElement(uriOf(prefix), prefix, tagName.substring(colon + 1));
    }

    private void declare(String prefix, String uri) {
        if (nsCount == nsPrefixes.length) {
            nsPrefixes = Arrays.copyOf(nsPrefixes, nsCount * 2);
            nsUris = Arrays.copyOf(nsUris, nsCount * 2);
        }
        nsPrefixes[nsCount] = prefix;
        nsUris[nsCount++] = uri;
    }

    private String defaultNamespace() {
        for (int i = nsCount - 1; i >= 0; i--) {
            if (nsPrefixes[i].isEmpty()) {
                return nsUris[i];
            }
        }
        return "";
    }

    private String uriOf(String prefix) {
        for (int i = nsCount - 1; i >= 0; i--) {
            if (nsPrefixes[i].equals(prefix)) {
                return nsUris[i];
            }
        }
        // an undeclared prefix (or xml:, which the reference path handles)
        throw NOT_HANDLED;
    }

    /**
     * The content of an element, to its end tag. Blank text between child elements is layout,
     * which the reference path drops once the element is read, so here it is not stored; if
     * text that is not blank comes with child elements, the content is read again keeping all
     * text ({@code keepAllText}) and dropping the blanks at the end, as the reference path does.
     */
    private void content(XmlElement e, String qualified, int level, boolean keepAllText) {
        int start = p;
        String leading = "";
        boolean sawElement = false;
        while (true) {
            String run = text();
            if (!run.isEmpty()) {
                if (keepAllText) {
                    List<Object> children = e.getChildren();
                    int last = children.size() - 1;
                    if (last >= 0 && children.get(last) instanceof String s) {
                        children.set(last, s + run);
                    } else {
                        children.add(run);
                    }
                } else if (!sawElement) {
                    leading = leading.isEmpty() ? run : leading + run;
                } else if (!run.isBlank()) {
                    readAgainKeepingText(e, qualified, level, start);
                    return;
                }
            }
            if (p + 1 >= end) {
                throw NOT_HANDLED;
            }
            byte next = b[p + 1];
            if (next == '/') {
                endTag(qualified);
                if (keepAllText) {
                    TrackingReader.dropBlanksBetweenElements(e);
                } else if (!sawElement && !leading.isEmpty()) {
                    e.getChildren().add(leading);
                }
                return;
            }
            if (next == '!') {
                if (!startsWith("<!--")) {
                    throw NOT_HANDLED;
                }
                comment();
            } else if (next == '?') {
                processingInstruction();
            } else {
                if (!keepAllText && !sawElement && !leading.isBlank()) {
                    readAgainKeepingText(e, qualified, level, start);
                    return;
                }
                sawElement = true;
                XmlElement child = level == deferringLevel && !keepAllText ? deferred(level + 1) : null;
                if (child == null) {
                    startTag();
                    child = element(level + 1);
                }
                e.getChildren().add(child);
            }
        }
    }

    // ---- deferred elements: checked now, built on first use ----------------------------------

    private static final XmlElementAccess.Hooks ELEMENTS = XmlElementAccess.hooks();

    /**
     * The element at {@code <} as a deferred element, when it stands on a line of its own, is
     * written as libvirt writes it and holds nothing that needs the namespaces in scope; else
     * null, nothing read.
     */
    private XmlElement deferred(int level) {
        int indent = 0;
        while (p - indent - 1 >= 0 && b[p - indent - 1] == ' ') {
            indent++;
        }
        if (p - indent - 1 < 0
                || b[p - indent - 1] != '\n'
                || !defaultNamespace().isEmpty()) {
            return null;
        }
        int start = p;
        p = start + 1;
        String name = name();
        p = start;
        if (name.equals("metadata")) {
            // written in libxml2's style, not as it came
            return null;
        }
        int stop = skim(start, indent, level);
        if (stop < 0) {
            return null;
        }
        p = stop;
        String text = new String(b, start, stop - start, StandardCharsets.UTF_8);
        return ELEMENTS.deferred(name, new DeferredElement(text, indent, level, generation + 1));
    }

    /**
     * Where the element at {@code <} in bytes {@code i...} ends, if it is as libvirt writes it at
     * indentation {@code indent}: attributes single-quoted and escaped as libvirt escapes them,
     * children each on a line of their own indented two more, or text only, escaped likewise; and
     * if the full reading would read it here: no prefixes or namespace declarations, comments,
     * processing instructions or mixed content, within the limits. Otherwise -1.
     */
    private int skim(int i, int indent, int level) {
        if (level > XmlLimits.MAX_DEPTH) {
            return -1;
        }
        final byte[] b = this.b;
        final int end = this.end;
        int nameStart = i + 1;
        int nameEnd = skimmedName(nameStart);
        if (nameEnd < 0) {
            return -1;
        }
        i = nameEnd;
        int attributes = 0;
        while (true) {
            if (i >= end) {
                return -1;
            }
            byte c = b[i];
            if (c == '>') {
                i++;
                break;
            }
            if (c == '/') {
                return i + 1 < end && b[i + 1] == '>' ? i + 2 : -1;
            }
            if (c != ' ') {
                return -1;
            }
            int attributeStart = i + 1;
            int attributeEnd = skimmedName(attributeStart);
            if (attributeEnd < 0
                    || attributeEnd + 1 >= end
                    || b[attributeEnd] != '='
                    || b[attributeEnd + 1] != '\''
                    || attributes == MAX_ATTRIBUTES
                    || isDeclaration(attributeStart, attributeEnd)
                    || skimmedBefore(attributes, attributeStart, attributeEnd)) {
                return -1;
            }
            if (2 * attributes + 2 > skimmedAttributes.length) {
                skimmedAttributes = Arrays.copyOf(skimmedAttributes, skimmedAttributes.length * 2);
            }
            skimmedAttributes[2 * attributes] = attributeStart;
            skimmedAttributes[2 * attributes + 1] = attributeEnd;
            attributes++;
            i = skimmedValue(attributeEnd + 2);
            if (i < 0) {
                return -1;
            }
        }
        if (i < end && b[i] == '\n') {
            // child elements, each on a line of its own
            boolean sawChild = false;
            while (true) {
                int at = i + 1;
                while (at < end && b[at] == ' ') {
                    at++;
                }
                int spaces = at - i - 1;
                if (at + 1 >= end || b[at] != '<') {
                    return -1;
                }
                if (b[at + 1] == '/') {
                    return sawChild && spaces == indent ? skimmedEndTag(at, nameStart, nameEnd) : -1;
                }
                if (spaces != indent + 2) {
                    return -1;
                }
                i = skim(at, indent + 2, level + 1);
                if (i < 0 || i >= end || b[i] != '\n') {
                    return -1;
                }
                sawChild = true;
            }
        }
        int textEnd = skimmedText(i);
        if (textEnd < 0 || textEnd + 1 >= end || b[textEnd + 1] != '/') {
            return -1;
        }
        return skimmedEndTag(textEnd, nameStart, nameEnd);
    }

    /** The end of a name without colon at {@code i}, as {@link #name()} reads it; or -1. */
    private int skimmedName(int i) {
        final byte[] b = this.b;
        final int end = this.end;
        int start = i;
        if (i >= end || SKIMMED_NAME[b[i] & 0xFF] != NAME_START) {
            return -1;
        }
        i++;
        while (i < end) {
            byte kind = SKIMMED_NAME[b[i] & 0xFF];
            if (kind == NOT_NAME) {
                return i - start > XmlLimits.MAX_NAME ? -1 : i;
            }
            if (kind == NAME_COLON) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private boolean isDeclaration(int start, int stop) {
        return stop - start == 5
                && b[start] == 'x'
                && b[start + 1] == 'm'
                && b[start + 2] == 'l'
                && b[start + 3] == 'n'
                && b[start + 4] == 's';
    }

    /** Whether an attribute of the tag being skimmed has the name in bytes {@code [start, stop)}. */
    private boolean skimmedBefore(int attributes, int start, int stop) {
        for (int a = 0; a < attributes; a++) {
            int from = skimmedAttributes[2 * a];
            if (skimmedAttributes[2 * a + 1] - from == stop - start && sameBytes(from, start, stop - start)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The end of a single-quoted value at {@code i} (after its quote) that is as libvirt escapes
     * it: no {@code < > " &} or white space but the space unescaped, and only the references
     * libvirt writes; or -1.
     */
    private int skimmedValue(int i) {
        final byte[] b = this.b;
        final int end = this.end;
        int start = i;
        while (i < end) {
            byte c = b[i];
            if (ESCAPED_IN_VALUE[c & 0xFF] == 0) {
                i++;
            } else if (c == '\'') {
                return i - start > XmlLimits.MAX_TEXT ? -1 : i + 1;
            } else if (c == '&') {
                i = libvirtReference(i, true);
                if (i < 0) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Where text at {@code i} that is as libvirt escapes it ends (at {@code <}): not blank, no
     * {@code > " ' &} or carriage return unescaped, only the references libvirt writes; or -1.
     */
    private int skimmedText(int i) {
        final byte[] b = this.b;
        final int end = this.end;
        int start = i;
        boolean blank = true;
        while (i < end) {
            byte c = b[i];
            if (ESCAPED_IN_TEXT[c & 0xFF] == 0) {
                blank &= isSpace(c);
                i++;
            } else if (c == '<') {
                return blank || i - start > XmlLimits.MAX_TEXT ? -1 : i;
            } else if (c == '&') {
                i = libvirtReference(i, false);
                if (i < 0) {
                    return -1;
                }
                blank &= isSpace((byte) referenced);
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** The character the reference {@link #libvirtReference} read last stands for. */
    private char referenced;

    /**
     * The end of the reference at {@code &} if libvirt writes it in a value or in text, setting
     * {@link #referenced}; or -1.
     */
    private int libvirtReference(int i, boolean inValue) {
        for (char c : inValue ? VALUE_REFERENCED : TEXT_REFERENCED) {
            String r = inValue ? XmlEscaping.libvirtAttributeReference(c) : XmlEscaping.libvirtTextReference(c);
            if (startsWith(i, r)) {
                referenced = c;
                return i + r.length();
            }
        }
        return -1;
    }

    private boolean startsWith(int at, String s) {
        if (at + s.length() > end) {
            return false;
        }
        for (int j = 0; j < s.length(); j++) {
            if (b[at + j] != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the {@code length} bytes at {@code a} and at {@code c} are the same; names are short. */
    private boolean sameBytes(int a, int c, int length) {
        final byte[] b = this.b;
        for (int j = 0; j < length; j++) {
            if (b[a + j] != b[c + j]) {
                return false;
            }
        }
        return true;
    }

    /** The end of {@code </name>} at {@code i} for the name in bytes {@code [nameStart, nameEnd)}; or -1. */
    private int skimmedEndTag(int i, int nameStart, int nameEnd) {
        int length = nameEnd - nameStart;
        int close = i + 2 + length;
        if (close >= end || b[close] != '>' || !sameBytes(i + 2, nameStart, length)) {
            return -1;
        }
        return close + 1;
    }

    /** An element checked by {@link #skim}, built from its text when first used. */
    private static final class DeferredElement implements DeferredContent {
        private final String text;
        private final int indent;
        private final int level;

        /** 1 for a child of the domain, 2 for a child of such a child when it was built. */
        private final int generation;

        DeferredElement(String text, int indent, int level, int generation) {
            this.text = text;
            this.indent = indent;
            this.level = level;
            this.generation = generation;
        }

        @Override
        public XmlElement build() {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            DirectSnapshotReader r = new DirectSnapshotReader(bytes, bytes.length);
            // its children are in libvirt's form too: they are deferred in turn, so using one
            // disk of a domain's devices builds that disk, not every device. Each generation
            // checks its text again, so there are two: a deep tree is not scanned once a level
            if (generation < GENERATIONS) {
                r.deferringLevel = level;
                r.generation = generation;
            }
            try {
                r.startTag();
                XmlElement e = r.element(level);
                if (r.p == bytes.length) {
                    return e;
                }
            } catch (NotHandled e) {
                // falls through
            }
            // the skimming accepts less than the full reading: this is a bug, not bad input
            throw new IllegalStateException(
                    "an element checked when read cannot be built: " + text.substring(0, Math.min(text.length(), 200)));
        }

        @Override
        public boolean appendAsRead(StringBuilder out, int indent) {
            if (indent != this.indent) {
                return false;
            }
            out.append(text);
            return true;
        }
    }

    private void readAgainKeepingText(XmlElement e, String qualified, int level, int start) {
        e.getChildren().clear();
        p = start;
        content(e, qualified, level, true);
    }

    // ---- characters and positions -------------------------------------------------------------

    private boolean startsWith(String s) {
        return startsWith(p, s);
    }

    private void expect(int c) {
        if (p >= end || b[p] != c) {
            throw NOT_HANDLED;
        }
        p++;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    private boolean skipSpace() {
        final byte[] b = this.b;
        int i = p;
        while (i < end && isSpace(b[i])) {
            i++;
        }
        boolean skipped = i > p;
        p = i;
        return skipped;
    }

    /** The line and column after what was read, counted as the JDK's parser counts them. */
    private SourceLocation here() {
        // a carriage return read here is followed by a line feed (a lone one is not read here),
        // so line feeds alone count the lines
        final byte[] b = this.b;
        int lines = 0;
        int last = -1;
        for (int i = countedTo; i < p; i++) {
            if (b[i] == '\n') {
                lines++;
                last = i;
            }
        }
        line += lines;
        if (last >= 0) {
            lineStart = last + 1;
        }
        countedTo = p;
        int column = 1;
        for (int i = lineStart; i < p; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x80 || c >= 0xC0) {
                // a character starts here; one of four bytes is two UTF-16 units
                column += c >= 0xF0 ? 2 : 1;
            }
        }
        return new SourceLocation(line, column);
    }

    /**
     * Whether the bytes are well-formed UTF-8 of characters XML allows: no C0 controls but tab
     * and line ends (a carriage return only before a line feed), no surrogates, no U+FFFE or U+FFFF, nothing above U+10FFFF, no overlong
     * forms.
     */
    static boolean validUtf8XmlChars(byte[] b, int length) {
        int i = 0;
        while (i < length) {
            if (i + 8 <= length) {
                // eight bytes at a time while they are printable ASCII: no high bit, none below space
                long w = (long) LONGS.get(b, i);
                long stops = (w | w - 0x2020202020202020L) & 0x8080808080808080L;
                if (stops == 0) {
                    i += 8;
                    continue;
                }
                // the lowest flag is the first byte that is not printable ASCII (a borrow only
                // flags bytes above one that is really below space)
                i += Long.numberOfTrailingZeros(stops) >>> 3;
            }
            int c = b[i];
            if (c >= 0x20) {
                i++;
                continue;
            }
            if (c >= 0) {
                // a lone carriage return puts the JDK's column count off by one: not read here
                if (c != '\n' && c != '\t' && (c != '\r' || i + 1 >= length || b[i + 1] != '\n')) {
                    return false;
                }
                i++;
                continue;
            }
            c &= 0xFF;
            if (c >= 0xC2 && c <= 0xDF) {
                if (i + 1 >= length || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                if (i + 2 >= length || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
                    return false;
                }
                int cp = (c & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | b[i + 2] & 0x3F;
                if (cp < 0x800 || cp >= 0xD800 && cp <= 0xDFFF || cp == 0xFFFE || cp == 0xFFFF) {
                    return false;
                }
                i += 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                if (i + 3 >= length || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return false;
                }
                int cp = (c & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | b[i + 3] & 0x3F;
                if (cp < 0x10000 || cp > 0x10FFFF) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static boolean continuation(byte c) {
        return (c & 0xC0) == 0x80;
    }
}
