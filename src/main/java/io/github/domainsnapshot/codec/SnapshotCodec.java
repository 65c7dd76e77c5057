package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.ObjectFactory;
import io.github.domainsnapshot.xml.XmlElement;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.UnmarshalException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventLocator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads and writes libvirt {@code <domainsnapshot>} documents.
 *
 * <p>Reading is lenient and lossless, like libvirt's own parser: elements may come in any order,
 * and elements and attributes this library does not know are kept in the model
 * ({@code getUnknownElements()}, {@code getOtherAttributes()}) and written back. With
 * {@link #withSchemaValidation(boolean) schema validation} on (libvirt's VALIDATE flag), a
 * document must match the schema and unknown content is an error.
 *
 * <p>Writing produces exactly what libvirt's formatter produces for the same content: libvirt's
 * element order, two-space indent, single-quoted attributes and libvirt's escaping. Content
 * libvirt does not know comes after the known content of its parent.
 *
 * <p>Input is untrusted: document type declarations, entities and any external access are
 * refused, and depth, attribute count, name and text sizes are limited (no looser than libxml2's
 * defaults). Every failure is a {@link SnapshotXmlException} with the line, column and path.
 *
 * <p>Documents of the usual form (UTF-8, no DTD or CDATA, only elements the model knows outside
 * the embedded XML, as libvirt writes them) are read straight from their bytes into the model;
 * all others, and every error, go through a StAX parser and the JAXB binding, with the same
 * result for any document both can read. Streams are held whole for this up to 64 KiB, files and
 * strings up to 4 MiB; larger input is parsed as it comes.
 *
 * <p><b>Thread safety:</b> instances are immutable and safe to share between threads; the
 * binding context is built once per process, when first needed, and each call uses its own
 * reader, parser and unmarshaller. The model objects read and written are not thread-safe.
 *
 * <pre>{@code
 * SnapshotCodec codec = SnapshotCodec.create();
 * DomainSnapshot snapshot = codec.read(Path.of("snapshot.xml"));
 * snapshot.setDescription("before upgrade");
 * String xml = codec.write(snapshot);
 * }</pre>
 */
public final class SnapshotCodec {
    private static final SnapshotCodec DEFAULT = new SnapshotCodec(false);
    private static final XMLInputFactory INPUT = inputFactory();
    /**
     * The most of a stream held before reading it directly; beyond it the stream is parsed as it
     * comes, so that a hostile stream fails after little of it was read.
     */
    private static final int STREAM_LIMIT = 64 << 10;
    /** A size hint only: a stale or torn value between threads costs at most one more copy. */
    private static volatile int lastWrittenLength;

    private final boolean schemaValidation;

    private SnapshotCodec(boolean schemaValidation) {
        this.schemaValidation = schemaValidation;
    }

    /** @return the default codec: lenient reading, no schema validation */
    public static SnapshotCodec create() {
        return DEFAULT;
    }

    /**
     * A codec that validates each document it reads against the schema, as libvirt does with
     * VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE. The embedded domain is not validated.
     *
     * @param on whether to validate
     * @return a codec with that setting; this one is unchanged
     */
    public SnapshotCodec withSchemaValidation(boolean on) {
        return on == schemaValidation ? this : new SnapshotCodec(on);
    }

    /** @return whether documents are validated against the schema when read */
    public boolean isSchemaValidation() {
        return schemaValidation;
    }

    private static final class Binding {
        static final JAXBContext CONTEXT = create();

        private static JAXBContext create() {
            try {
                return JAXBContext.newInstance(ObjectFactory.class);
            } catch (JAXBException e) {
                throw new IllegalStateException("cannot create the XML binding: " + e, e);
            }
        }
    }

    /**
     * Builds the binding context now rather than on first use (it takes a while, once per
     * process).
     */
    public static void warmUp() {
        Objects.requireNonNull(Binding.CONTEXT);
    }

    // ---- reading -------------------------------------------------------------------------

    /**
     * Reads a snapshot document.
     *
     * @param xml the document
     * @return the snapshot
     * @throws SnapshotXmlException when the document cannot be read
     */
    public DomainSnapshot read(String xml) {
        return readDocument(xml, false).snapshot();
    }

    /**
     * Reads a snapshot document.
     *
     * @param reader the document; not closed
     * @return the snapshot
     * @throws SnapshotXmlException when the document cannot be read
     */
    public DomainSnapshot read(Reader reader) {
        return readDocument(reader, false).snapshot();
    }

    /**
     * Reads a snapshot document, its encoding taken from the XML declaration (default UTF-8).
     *
     * @param in the document; not closed
     * @return the snapshot
     * @throws SnapshotXmlException when the document cannot be read
     */
    public DomainSnapshot read(InputStream in) {
        return readDocument(in, false).snapshot();
    }

    /**
     * Reads a snapshot document from a file.
     *
     * @param file the file
     * @return the snapshot
     * @throws SnapshotXmlException when the file cannot be read or is not a snapshot document
     */
    public DomainSnapshot read(Path file) {
        return readDocument(file, false).snapshot();
    }

    /**
     * Reads a snapshot document and where each element was found.
     *
     * @param xml the document
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the document cannot be read
     */
    public SnapshotDocument readDocument(String xml) {
        return readDocument(xml, true);
    }

    /**
     * @param locate whether to note where each element was found: {@code read} returns only the
     *     snapshot, so the direct reader skips it there (the reference path notes them anyway)
     */
    private SnapshotDocument readDocument(String xml, boolean locate) {
        Objects.requireNonNull(xml, "xml");
        if (!schemaValidation) {
            SnapshotDocument direct = readDirect(xml, locate);
            if (direct != null) {
                return direct;
            }
        }
        return readReference(xml);
    }

    /** Through the StAX parser and the binding: every document, and every error, can go here. */
    SnapshotDocument readReference(String xml) {
        return parseSnapshot(() -> INPUT.createXMLStreamReader(new StringReader(xml)), null);
    }

    /** The direct reader's result, or null when the document is not of its form. */
    static SnapshotDocument readDirect(String xml) {
        return readDirect(xml, true);
    }

    private static SnapshotDocument readDirect(String xml, boolean locate) {
        if (xml.length() > DirectSnapshotReader.MAX_DOCUMENT || hasLoneSurrogate(xml)) {
            // encoding a lone surrogate to bytes would replace it; the reference path reports it
            return null;
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return direct(bytes, bytes.length, false, null, locate);
    }

    /** Bytes through the StAX parser and the binding, as {@link #readDocument(InputStream)} falls back to. */
    SnapshotDocument readReference(byte[] bytes) {
        return parseBytes(new ByteArrayInputStream(bytes), null);
    }

    /** The direct reader's result for bytes, or null when the document is not of its form. */
    static SnapshotDocument readDirect(byte[] bytes) {
        return direct(bytes, bytes.length, true, null, true);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private static SnapshotDocument direct(
            byte[] bytes, int length, boolean bomAllowed, String systemId, boolean locate) {
        DirectSnapshotReader.Result r = DirectSnapshotReader.read(bytes, length, bomAllowed, locate);
        if (r == null) {
            return null;
        }
        SnapshotNormalizer.normalize(r.snapshot());
        return new SnapshotDocument(r.snapshot(), systemId, r.locations());
    }

    /**
     * Reads a snapshot document and where each element was found.
     *
     * @param reader the document; not closed
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the document cannot be read
     */
    public SnapshotDocument readDocument(Reader reader) {
        return readDocument(reader, true);
    }

    private SnapshotDocument readDocument(Reader reader, boolean locate) {
        Objects.requireNonNull(reader, "reader");
        if (schemaValidation) {
            return parseSnapshot(() -> INPUT.createXMLStreamReader(reader), null);
        }
        StringBuilder text = new StringBuilder(4096);
        char[] chunk = new char[4096];
        try {
            int n;
            while ((n = reader.read(chunk)) >= 0) {
                text.append(chunk, 0, n);
                if (text.length() > STREAM_LIMIT) {
                    // too large to hold: the rest is streamed after what was read
                    Reader rest = new PrefixedReader(text.toString(), reader);
                    return parseSnapshot(() -> INPUT.createXMLStreamReader(rest), null);
                }
            }
        } catch (IOException e) {
            throw inputError(e);
        }
        return readDocument(text.toString(), locate);
    }

    /**
     * Reads a snapshot document and where each element was found.
     *
     * @param in the document; not closed
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the document cannot be read
     */
    public SnapshotDocument readDocument(InputStream in) {
        return readDocument(in, true);
    }

    private SnapshotDocument readDocument(InputStream in, boolean locate) {
        Objects.requireNonNull(in, "in");
        try {
            return readBytes(in, null, STREAM_LIMIT, locate);
        } catch (IOException e) {
            throw inputError(e);
        }
    }

    /**
     * Reads a document small enough to hold whole directly when it can, else through the
     * reference path.
     */
    private SnapshotDocument readBytes(InputStream in, String systemId, int limit, boolean locate) throws IOException {
        if (schemaValidation) {
            return parseBytes(in, systemId);
        }
        // a stream that knows its length (a byte array, a file) is read into one array of that size
        byte[] buffer = new byte[Math.min(Math.max(in.available(), 1024), limit) + 1];
        int length = 0;
        while (true) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
            if (length == buffer.length) {
                if (length > limit) {
                    return parseBytes(
                            new SequenceInputStream(new ByteArrayInputStream(buffer, 0, length), in), systemId);
                }
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, limit + 1));
            }
        }
        SnapshotDocument direct = direct(buffer, length, true, systemId, locate);
        if (direct != null) {
            return direct;
        }
        return parseBytes(new ByteArrayInputStream(buffer, 0, length), systemId);
    }

    /** A byte stream through the StAX parser and the binding. */
    private SnapshotDocument parseBytes(InputStream in, String systemId) {
        return parseSnapshot(() -> INPUT.createXMLStreamReader(decode(in)), systemId);
    }

    private static SnapshotXmlException inputError(IOException e) {
        return new SnapshotXmlException("malformed XML: cannot read the input: " + e.getMessage(), -1, -1, null, e);
    }

    /**
     * Reads a snapshot document from a file, and where each element was found.
     *
     * @param file the file
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the file cannot be read or is not a snapshot document
     */
    public SnapshotDocument readDocument(Path file) {
        return readDocument(file, true);
    }

    private SnapshotDocument readDocument(Path file, boolean locate) {
        Objects.requireNonNull(file, "file");
        return fromFile(file, in -> readBytes(in, file.toString(), DirectSnapshotReader.MAX_DOCUMENT, locate));
    }

    /**
     * Reads any XML document (for example a domain definition, {@code <domain>}) into an
     * {@link XmlElement}, with the same hardening as snapshot documents.
     *
     * @param xml the document
     * @return its root element
     * @throws SnapshotXmlException when the document cannot be read
     */
    public XmlElement readElement(String xml) {
        Objects.requireNonNull(xml, "xml");
        return parseElement(() -> INPUT.createXMLStreamReader(new StringReader(xml)));
    }

    /**
     * Reads any XML file (for example a domain definition) into an {@link XmlElement}.
     *
     * @param file the file
     * @return its root element
     * @throws SnapshotXmlException when the file cannot be read
     */
    public XmlElement readElement(Path file) {
        Objects.requireNonNull(file, "file");
        return fromFile(file, in -> parseElement(() -> INPUT.createXMLStreamReader(decode(in))));
    }

    /** Opens a file, reads it, and maps failing to open or read it to SnapshotXmlException. */
    private static <T> T fromFile(Path file, FileRead<T> read) {
        try (InputStream in = Files.newInputStream(file)) {
            return read.from(in);
        } catch (NoSuchFileException e) {
            throw new SnapshotXmlException("no such file: " + file, -1, -1, null, e);
        } catch (IOException e) {
            throw new SnapshotXmlException("cannot read " + file + ": " + e.getMessage(), -1, -1, null, e);
        }
    }

    private static Reader decode(InputStream in) throws XMLStreamException {
        try {
            return StrictDecodingReader.open(in);
        } catch (IOException e) {
            throw new XMLStreamException("cannot read the input: " + e.getMessage(), e);
        }
    }

    private interface FileRead<T> {
        T from(InputStream in) throws IOException;
    }

    private interface ReaderSource {
        XMLStreamReader open() throws XMLStreamException;
    }

    private SnapshotDocument parseSnapshot(ReaderSource source, String systemId) {
        TrackingReader reader = null;
        try {
            reader = new TrackingReader(source.open(), systemId, TrackingReader.SNAPSHOT_VERBATIM::contains);
            expectRoot(reader, "domainsnapshot");
            Unmarshaller u = Binding.CONTEXT.createUnmarshaller();
            TrackingReader r = reader;
            u.setListener(new Unmarshaller.Listener() {
                @Override
                public void afterUnmarshal(Object target, Object parent) {
                    if (target instanceof XmlElement e) {
                        e.takeOver(r.takeCaptured());
                    }
                }
            });
            if (schemaValidation) {
                u.setSchema(SchemaSupport.strict());
                u.setEventHandler(event -> {
                    throw schemaError(event, r);
                });
            }
            DomainSnapshot snapshot = u.unmarshal(reader, DomainSnapshot.class).getValue();
            finish(reader);
            SnapshotNormalizer.normalize(snapshot);
            SnapshotDocument doc = new SnapshotDocument(snapshot, systemId, reader.locations());
            if (schemaValidation) {
                SchemaRules.check(doc);
            }
            return doc;
        } catch (XMLStreamException e) {
            throw streamError(e, reader);
        } catch (JAXBException e) {
            throw bindingError(e, reader);
        } catch (org.w3c.dom.DOMException e) {
            // unknown content is kept as DOM, which refuses some names XML allows (an element <xmlns>)
            throw reader.fail(
                    "cannot keep the unknown content here: the DOM that holds it refuses a name XML allows ("
                            + e.getMessage() + ")",
                    e);
        } finally {
            close(reader);
        }
    }

    private XmlElement parseElement(ReaderSource source) {
        TrackingReader reader = null;
        try {
            reader = new TrackingReader(source.open(), null, path -> path.indexOf('/', 1) < 0);
            while (reader.next() != XMLStreamReader.START_ELEMENT) {
                // prolog: comments, processing instructions, white space
            }
            reader.next();
            XmlElement root = reader.takeCaptured();
            finish(reader);
            return root;
        } catch (XMLStreamException e) {
            throw streamError(e, reader);
        } finally {
            close(reader);
        }
    }

    /** Checks the root element as libvirt does, before the binding sees it. */
    private static void expectRoot(TrackingReader reader, String name) throws XMLStreamException {
        while (reader.next() != XMLStreamReader.START_ELEMENT) {
            // prolog
        }
        if (!reader.getLocalName().equals(name) || !isEmpty(reader.getNamespaceURI())) {
            String found = reader.getPrefix() == null || reader.getPrefix().isEmpty()
                    ? reader.getLocalName()
                    : reader.getPrefix() + ':' + reader.getLocalName();
            throw reader.fail("expecting root element of '" + name + "', not '" + found + "'", null);
        }
    }

    /** Reads past the root element, so that trailing garbage is an error as in libxml2. */
    private static void finish(TrackingReader reader) throws XMLStreamException {
        while (reader.hasNext()) {
            reader.next();
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // nothing more to learn from a reader that failed
            }
        }
    }

    private static SnapshotXmlException schemaError(ValidationEvent event, TrackingReader reader) {
        ValidationEventLocator loc = event.getLocator();
        String message = withoutRuleNumber(event.getMessage());
        return new SnapshotXmlException(
                "document does not match the schema: " + message,
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                reader.currentPath(),
                event.getLinkedException());
    }

    /** Xerces prefixes its messages with the rule number ("cvc-complex-type.2.4.a: ..."). */
    private static String withoutRuleNumber(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        return colon > 0 && message.startsWith("cvc-") ? message.substring(colon + 2) : message;
    }

    private static SnapshotXmlException streamError(XMLStreamException e, TrackingReader reader) {
        SnapshotXmlException inner = find(e);
        if (inner != null) {
            return inner;
        }
        String message = String.valueOf(e.getMessage());
        if (e.getLocation() != null) {
            // the JDK puts "ParseError at [row,col]:[l,c]\nMessage: " before the message
            int m = message.indexOf("Message: ");
            if (m >= 0) {
                message = message.substring(m + 9);
            }
        }
        message = friendly(message);
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
        int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNumber();
        return new SnapshotXmlException(
                "malformed XML: " + message, line, column, reader == null ? null : reader.currentPath(), e);
    }

    private static String friendly(String message) {
        // the JDK's limit messages start with an internal code ("JAXP00010006: ")
        if (message.startsWith("JAXP") && message.indexOf(": ") > 0) {
            message = message.substring(message.indexOf(": ") + 2);
        }
        return message;
    }

    private static SnapshotXmlException bindingError(JAXBException e, TrackingReader reader) {
        SnapshotXmlException inner = find(e);
        if (inner != null) {
            return inner;
        }
        Throwable linked = e.getLinkedException();
        if (linked instanceof XMLStreamException xse) {
            return streamError(xse, reader);
        }
        if (linked instanceof org.xml.sax.SAXParseException spe) {
            // the schema validator reports through the binding, not through the event handler
            return new SnapshotXmlException(
                    "document does not match the schema: " + withoutRuleNumber(spe.getMessage()),
                    spe.getLineNumber(),
                    spe.getColumnNumber(),
                    reader == null ? null : reader.currentPath(),
                    e);
        }
        String message = e.getMessage() != null ? e.getMessage() : linked != null ? linked.getMessage() : e.toString();
        if (e instanceof UnmarshalException && linked != null && linked.getMessage() != null) {
            message = linked.getMessage();
        }
        javax.xml.stream.Location loc = reader == null ? null : reader.getLocation();
        return new SnapshotXmlException(
                "cannot read the document: " + message,
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                reader == null ? null : reader.currentPath(),
                e);
    }

    private static SnapshotXmlException find(Throwable t) {
        for (int i = 0; t != null && i < 10; i++) {
            if (t instanceof SnapshotXmlException s) {
                return s;
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof JAXBException j) {
                next = j.getLinkedException();
            }
            if (next == null && t instanceof XMLStreamException x) {
                next = x.getNestedException();
            }
            t = next;
        }
        return null;
    }

    // ---- writing -------------------------------------------------------------------------

    /**
     * Writes a snapshot as libvirt would.
     *
     * @param snapshot the snapshot
     * @return the document, ending in a line break
     */
    public String write(DomainSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        // sized like the last document written: growing a builder by doubling costs twice its size
        StringBuilder out = new StringBuilder(Math.max(1024, lastWrittenLength + (lastWrittenLength >> 3)));
        new LibvirtFormatter(out).snapshot(snapshot);
        lastWrittenLength = Math.min(out.length(), 1 << 20);
        return out.toString();
    }

    /**
     * Writes a snapshot as libvirt would.
     *
     * @param snapshot the snapshot
     * @param writer where to write; flushed, not closed
     * @throws UncheckedIOException when the writer fails
     */
    public void write(DomainSnapshot snapshot, Writer writer) {
        Objects.requireNonNull(writer, "writer");
        try {
            writer.write(write(snapshot));
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a snapshot as libvirt would, in UTF-8.
     *
     * @param snapshot the snapshot
     * @param out where to write; flushed, not closed
     * @throws UncheckedIOException when the stream fails
     */
    public void write(DomainSnapshot snapshot, OutputStream out) {
        Objects.requireNonNull(out, "out");
        try {
            out.write(write(snapshot).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes an element in libvirt's style (for example a domain definition).
     *
     * @param element the element
     * @return the XML, ending in a line break
     */
    public String writeElement(XmlElement element) {
        Objects.requireNonNull(element, "element");
        StringBuilder out = new StringBuilder(1024);
        new XmlElementWriter(out).libvirtStyle(element, 0, true);
        return out.toString();
    }

    /**
     * A deep copy of a snapshot, independent of the original.
     *
     * @param snapshot the snapshot
     * @return the copy
     */
    public DomainSnapshot copy(DomainSnapshot snapshot) {
        return create().read(write(snapshot));
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        trySet(f, "jdk.xml.elementAttributeLimit", String.valueOf(XmlLimits.MAX_ATTRIBUTES));
        trySet(f, "jdk.xml.maxElementDepth", String.valueOf(XmlLimits.MAX_DEPTH));
        trySet(f, "jdk.xml.maxXMLNameLimit", String.valueOf(XmlLimits.MAX_NAME));
        trySet(f, "jdk.xml.entityExpansionLimit", "1");
        return f;
    }

    private static void trySet(XMLInputFactory f, String property, Object value) {
        try {
            f.setProperty(property, value);
        } catch (IllegalArgumentException e) {
            // not every StAX implementation knows the JDK's limits; TrackingReader enforces ours
        }
    }

    /** Text already read, then the rest of the reader it came from. */
    private static final class PrefixedReader extends Reader {
        private final String prefix;
        private final Reader rest;
        private int position;

        PrefixedReader(String prefix, Reader rest) {
            this.prefix = prefix;
            this.rest = rest;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (position < prefix.length()) {
                int n = Math.min(length, prefix.length() - position);
                prefix.getChars(position, position + n, buffer, offset);
                position += n;
                return n;
            }
            return rest.read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            rest.close();
        }
    }
}
