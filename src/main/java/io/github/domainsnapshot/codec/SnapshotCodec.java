package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import io.github.domainsnapshot.internal.WarmUp;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.xml.stream.XMLStreamConstants;

/**
 * Reads and writes libvirt {@code <domainsnapshot>} documents.
 *
 * <p>Reading is lenient and lossless, like libvirt's own parser: elements may come in any order,
 * and elements and attributes this library does not know are kept in the model
 * ({@code getUnknownElements()}, {@code getOtherAttributes()}) and written back. Unusual documents
 * read as libvirt reads them: of an element the schema allows once, the first counts (the others
 * are kept as unknown content); a text element's value is all the text inside it; the bytes are
 * UTF-8, whatever the XML declaration says. With {@link #withSchemaValidation(boolean) schema
 * validation} on (libvirt's VALIDATE flag), a document must match libvirt's schema: that of the
 * release {@link #withLibvirt(LibvirtVersion)} names, by default the newest release proven here
 * ({@link LibvirtVersion#newestProven()}).
 *
 * <p>Writing produces exactly what libvirt's formatter produces for the same content: libvirt's
 * element order, two-space indent, single-quoted attributes and libvirt's escaping. Content
 * libvirt does not know comes after the known content of its parent. The output is always
 * well-formed, and reads back to the same model.
 *
 * <p>Every input takes one path: the Woodstox parser, with its limits, then the binding of the
 * model: the JAXB runtime's binding of the generated classes, described at build time, so that
 * no binding context is built in the process (which would cost the first document a quarter of
 * a second). The model stays a JAXB model: an application may bind it with its own {@code
 * JAXBContext}, without the codec's hardening and without unknown content.
 *
 * <p>Input is untrusted: document type declarations, entities and any external access are
 * refused, and nesting depth (256), attributes per element (1,024) and the size of each text and
 * attribute value (10,000,000 characters) are limited. Every failure is a {@link
 * SnapshotXmlException} with its {@link SnapshotXmlException#kind() kind}, line, column and path.
 *
 * <p><b>Thread safety:</b> instances are immutable and safe to share between threads; the
 * binding's description is loaded once per process, when first needed, and each call uses its
 * own parser and writer. The model objects read and written are not thread-safe.
 *
 * <pre>{@code
 * SnapshotCodec codec = SnapshotCodec.create();
 * DomainSnapshot snapshot = codec.read(Path.of("snapshot.xml"));
 * snapshot.setDescription("before upgrade");
 * String xml = codec.write(snapshot);
 * }</pre>
 */
public final class SnapshotCodec {
    private static final SnapshotCodec DEFAULT = new SnapshotCodec(false, LibvirtVersion.newestProven());

    private final boolean schemaValidation;
    private final LibvirtVersion libvirt;

    private SnapshotCodec(boolean schemaValidation, LibvirtVersion libvirt) {
        this.schemaValidation = schemaValidation;
        this.libvirt = libvirt;
    }

    /**
     * @return the default codec: lenient reading, no schema validation, libvirt's newest proven
     *     release ({@link LibvirtVersion#newestProven()}) for when validation is turned on
     */
    public static SnapshotCodec create() {
        return DEFAULT;
    }

    /**
     * A codec that validates each document it reads against libvirt's schema, as libvirt does
     * with VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE: the RELAX NG schema of the release this codec is
     * for ({@link #withLibvirt(LibvirtVersion)}; by default the newest proven release), so that a
     * document libvirt 9.0 refuses ({@code <revertDisks>}, a source with {@code protocol='ssh'})
     * may pass for 12.9, and the other way round. A document that does not match fails with a
     * {@link SnapshotXmlException} of kind {@link Kind#SCHEMA}, naming where. The embedded domain
     * is not validated (its {@code <domain>} and {@code <inactiveDomain>}, and the {@code
     * <cookie>}, may hold any XML); everything else is, the source of a {@code <dataStore>}
     * included. Validating costs about as much as reading; the schema of each release is built
     * once per process, on first use.
     *
     * @param on whether to validate
     * @return a codec with that setting; this one is unchanged
     */
    public SnapshotCodec withSchemaValidation(boolean on) {
        return on == schemaValidation ? this : new SnapshotCodec(on, libvirt);
    }

    /** @return whether documents are validated against the schema when read */
    public boolean isSchemaValidation() {
        return schemaValidation;
    }

    /**
     * A codec for a libvirt release: with {@link #withSchemaValidation(boolean) schema validation}
     * on, documents are validated against that release's schema. A release between two proven
     * ones gets the schema its dated changes give (from libvirt's release notes and schemas, as
     * listed with the library's profiles); one outside the proven range is answered as the
     * nearest proven release ({@link LibvirtVersion#answeredAs()}). Reading without validation
     * and writing are the same for every release: the model knows what any of them writes.
     *
     * @param version the release, such as {@code LibvirtVersion.parse("9.0")}
     * @return a codec for that release; this one is unchanged
     */
    public SnapshotCodec withLibvirt(LibvirtVersion version) {
        LibvirtVersion answered = Objects.requireNonNull(version, "version").answeredAs();
        return answered.equals(libvirt) ? this : new SnapshotCodec(schemaValidation, answered);
    }

    /**
     * @return the libvirt release whose schema validation applies: the one given to {@link
     *     #withLibvirt(LibvirtVersion)} (or the nearest proven release), else the newest proven
     *     release
     */
    public LibvirtVersion libvirt() {
        return libvirt;
    }

    private static final class Binding {
        static final BindingModel MODEL = BindingModel.load();
    }

    /**
     * Loads the description of the binding now rather than on first use (about a millisecond,
     * once per process). See {@link #warmUpInBackground()} for the code that reads and writes.
     */
    public static void warmUp() {
        Objects.requireNonNull(Binding.MODEL);
    }

    /**
     * Has the JIT compile the reading and writing before the application's own documents come:
     * for an application that reads a snapshot now and then, whose documents would otherwise
     * each run through code the JVM has not compiled yet. A daemon thread of low priority,
     * {@code domainsnapshot-warm-up}, reads and writes a representative snapshot document (a
     * running domain's, 5.6 KB, from bytes and from a string) 1,000 times, once per process:
     * about half a second of one core, spent once. After it, a document takes about as long as
     * the 1,000th of a process does without it (on a machine of two cores: some 0.3 ms, where the
     * 2nd to 100th documents of a fresh process take about 1.5 ms each).
     *
     * <p>Call it when the application starts, some seconds before its first snapshot; documents
     * read while it runs compete with it for a core. Calling it again returns another view of the
     * same warm-up; it never runs twice.
     *
     * @return completes when the warm-up is over (exceptionally only if the packaged document
     *     cannot be read or written, a broken build); completing or cancelling it does not stop it
     */
    public static CompletableFuture<Void> warmUpInBackground() {
        return WarmUpOnce.DONE.copy();
    }

    /** The one warm-up of the process, started by the first call. */
    private static final class WarmUpOnce {
        static final CompletableFuture<Void> DONE = WarmUp.start("domainsnapshot-warm-up", WarmUpOnce::run);

        private static void run() throws IOException {
            byte[] document = WarmUp.document();
            String text = new String(document, StandardCharsets.UTF_8);
            for (int i = 0; i < 1000; i++) {
                DomainSnapshot snapshot =
                        i % 2 == 0 ? DEFAULT.read(new ByteArrayInputStream(document)) : DEFAULT.read(text);
                DEFAULT.write(snapshot);
            }
        }
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
        Objects.requireNonNull(xml, "xml");
        try {
            return parse(new StringReader(xml), null, false).snapshot();
        } catch (SnapshotXmlException e) {
            throw notXmlText(xml, e);
        }
    }

    /**
     * Reads a snapshot document.
     *
     * @param reader the document; not closed
     * @return the snapshot
     * @throws SnapshotXmlException when the document cannot be read
     */
    public DomainSnapshot read(Reader reader) {
        Objects.requireNonNull(reader, "reader");
        return parse(reader, null, false).snapshot();
    }

    /**
     * Reads a snapshot document in UTF-8, as libvirt reads it (an XML declaration naming another
     * encoding does not change that).
     *
     * @param in the document; not closed
     * @return the snapshot
     * @throws SnapshotXmlException when the document cannot be read
     */
    public DomainSnapshot read(InputStream in) {
        Objects.requireNonNull(in, "in");
        return parse(StrictDecodingReader.open(in), null, false).snapshot();
    }

    /**
     * Reads a snapshot document from a file, in UTF-8.
     *
     * @param file the file
     * @return the snapshot
     * @throws SnapshotXmlException when the file cannot be read or is not a snapshot document
     */
    public DomainSnapshot read(Path file) {
        return readFile(file, false).snapshot();
    }

    /**
     * Reads a snapshot document and where each element was found.
     *
     * @param xml the document
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the document cannot be read
     */
    public SnapshotDocument readDocument(String xml) {
        Objects.requireNonNull(xml, "xml");
        try {
            return parse(new StringReader(xml), null, true);
        } catch (SnapshotXmlException e) {
            throw notXmlText(xml, e);
        }
    }

    /**
     * Reads a snapshot document and where each element was found.
     *
     * @param reader the document; not closed
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the document cannot be read
     */
    public SnapshotDocument readDocument(Reader reader) {
        Objects.requireNonNull(reader, "reader");
        return parse(reader, null, true);
    }

    /**
     * Reads a snapshot document in UTF-8, and where each element was found.
     *
     * @param in the document; not closed
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the document cannot be read
     */
    public SnapshotDocument readDocument(InputStream in) {
        Objects.requireNonNull(in, "in");
        return parse(StrictDecodingReader.open(in), null, true);
    }

    /**
     * Reads a snapshot document from a file, in UTF-8, and where each element was found.
     *
     * @param file the file
     * @return the snapshot with its locations
     * @throws SnapshotXmlException when the file cannot be read or is not a snapshot document
     */
    public SnapshotDocument readDocument(Path file) {
        return readFile(file, true);
    }

    private SnapshotDocument readFile(Path file, boolean locate) {
        Objects.requireNonNull(file, "file");
        return fromFile(file, in -> parse(StrictDecodingReader.open(in), file.toString(), locate));
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
        try {
            return parseElement(new StringReader(xml));
        } catch (SnapshotXmlException e) {
            throw notXmlText(xml, e);
        }
    }

    /**
     * A String that does not begin with markup is no XML at all: most likely a file name passed
     * where a Path was meant, which the parser would only call an unexpected character.
     */
    private static SnapshotXmlException notXmlText(String xml, SnapshotXmlException e) {
        String text = xml.strip();
        if (e.kind() != Kind.MALFORMED || text.isEmpty() || text.charAt(0) == '<' || text.charAt(0) == '\uFEFF') {
            return e;
        }
        boolean fileName = text.length() <= 4096 && text.indexOf('\n') < 0 && text.indexOf('"') < 0;
        return new SnapshotXmlException(
                Kind.MALFORMED,
                "not XML: a String is read as the document's XML text"
                        + (fileName ? "; to read the file, pass a Path: Path.of(\"" + text + "\")" : ""),
                e.getLine(),
                e.getColumn(),
                e.getPath(),
                e);
    }

    /**
     * Reads any XML file (for example a domain definition), in UTF-8, into an {@link XmlElement}.
     *
     * @param file the file
     * @return its root element
     * @throws SnapshotXmlException when the file cannot be read
     */
    public XmlElement readElement(Path file) {
        Objects.requireNonNull(file, "file");
        return fromFile(file, in -> parseElement(StrictDecodingReader.open(in)));
    }

    private SnapshotDocument parse(Reader input, String source, boolean locate) {
        HardenedParser.EventForwarder validator = schemaValidation ? SchemaSupport.newValidator(libvirt) : null;
        try (HardenedParser in = HardenedParser.open(input, validator)) {
            LocationIndex locations = locate ? new LocationIndex() : null;
            DomainSnapshot snapshot = new BindingReader(in, Binding.MODEL, locations).read();
            in.finish();
            LibvirtConventions.applyAfterReading(snapshot, Binding.MODEL);
            return new SnapshotDocument(snapshot, source, locations == null ? Map.of() : locations);
        }
    }

    private static XmlElement parseElement(Reader input) {
        try (HardenedParser in = HardenedParser.open(input, null)) {
            while (in.next() != XMLStreamConstants.START_ELEMENT) {
                // prolog: comments, processing instructions, white space
            }
            XmlElement root = in.capture();
            in.next();
            in.finish();
            return root;
        }
    }

    /** Opens a file, reads it, and maps failing to open or read it to SnapshotXmlException. */
    private static <T> T fromFile(Path file, FileRead<T> read) {
        try (InputStream in = Files.newInputStream(file)) {
            return read.from(in);
        } catch (IOException e) {
            throw new SnapshotXmlException(Kind.IO, "cannot read " + file + ": " + ioReason(e), 0, 0, null, e);
        }
    }

    /**
     * Why a file could not be read, in words: the JDK names the file, not the reason, in the
     * message of its exceptions for a missing file or a denied permission.
     *
     * @param e the failure
     * @return the reason, such as {@code permission denied}
     */
    static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private interface FileRead<T> {
        T from(InputStream in) throws IOException;
    }

    // ---- writing -------------------------------------------------------------------------

    /**
     * Writes a snapshot as libvirt would.
     *
     * @param snapshot the snapshot
     * @return the document, ending in a line break
     * @throws SnapshotXmlException when the snapshot holds what XML cannot (a control character,
     *     a name that is not an XML name), naming where
     */
    public String write(DomainSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        StringBuilder out = takeSpare();
        if (out == null) {
            // most snapshot documents fit: growing the builder by doubling would cost more
            out = new StringBuilder(8192);
        } else {
            out.setLength(0);
        }
        try {
            new LibvirtWriter(out, Binding.MODEL).snapshot(snapshot);
            return out.toString();
        } finally {
            if (out.capacity() <= SPARE_LIMIT) {
                putSpare(out);
            }
        }
    }

    /**
     * One builder kept from a write for the next, by whichever thread comes (the others make
     * their own): a process that writes a document now and then would otherwise clear 8 KB of
     * fresh memory each time, which costs more than the writing of a small document. Guarded by
     * its class's lock, taken twice a write.
     */
    private static StringBuilder spareBuilder;
    /** A builder grown past this by a large document is left to the collector. */
    private static final int SPARE_LIMIT = 1 << 16;

    private static synchronized StringBuilder takeSpare() {
        StringBuilder b = spareBuilder;
        spareBuilder = null;
        return b;
    }

    private static synchronized void putSpare(StringBuilder b) {
        spareBuilder = b;
    }

    /**
     * Writes a snapshot as libvirt would.
     *
     * @param snapshot the snapshot
     * @param writer where to write; flushed, not closed
     * @throws SnapshotXmlException when the snapshot cannot be written, or the writer fails
     *     (kind {@link Kind#IO})
     */
    public void write(DomainSnapshot snapshot, Writer writer) {
        Objects.requireNonNull(writer, "writer");
        String xml = write(snapshot);
        try {
            writer.write(xml);
            writer.flush();
        } catch (IOException e) {
            throw new SnapshotXmlException(Kind.IO, "cannot write: " + e.getMessage(), 0, 0, null, e);
        }
    }

    /**
     * Writes a snapshot as libvirt would, in UTF-8.
     *
     * @param snapshot the snapshot
     * @param out where to write; flushed, not closed
     * @throws SnapshotXmlException when the snapshot cannot be written, or the stream fails
     *     (kind {@link Kind#IO})
     */
    public void write(DomainSnapshot snapshot, OutputStream out) {
        Objects.requireNonNull(out, "out");
        byte[] xml = write(snapshot).getBytes(StandardCharsets.UTF_8);
        try {
            out.write(xml);
            out.flush();
        } catch (IOException e) {
            throw new SnapshotXmlException(Kind.IO, "cannot write: " + e.getMessage(), 0, 0, null, e);
        }
    }

    /**
     * Writes an element in libvirt's style (for example a domain definition).
     *
     * @param element the element
     * @return the XML, ending in a line break
     * @throws SnapshotXmlException when the element holds what XML cannot
     */
    public String writeElement(XmlElement element) {
        Objects.requireNonNull(element, "element");
        StringBuilder out = new StringBuilder(1024);
        new XmlElementWriter(out, () -> "/", 0).libvirtStyle(element, null, 0, true);
        return out.toString();
    }

    /**
     * The disks of a snapshot as libvirt's parser counts them: every child element of every
     * {@code <disks>}, whatever its name. The model keeps an element other than {@code <disk>},
     * and a second {@code <disks>}, as unknown content, so that they are written back as they
     * came; here they are read as disks, in the order of the lists (the model's disks of a list
     * before its unknown elements).
     *
     * @param snapshot the snapshot
     * @return new objects for the disks the model keeps as unknown content, the model's own for
     *     the others
     */
    public List<DiskSnapshot> libvirtDisks(DomainSnapshot snapshot) {
        List<DiskSnapshot> out = new ArrayList<>();
        DiskSnapshotList first = snapshot.getDisks();
        if (first != null) {
            out.addAll(first.getDisks());
            if (first.hasUnknownContent()) {
                for (XmlElement e : first.getUnknownElements()) {
                    out.add(asDisk(e));
                }
            }
        }
        if (snapshot.hasUnknownContent()) {
            for (XmlElement list : snapshot.getUnknownElements()) {
                if (list.getLocalName().equals("disks")
                        && list.getNamespaceUri().isEmpty()) {
                    for (XmlElement e : list.elements()) {
                        out.add(asDisk(e));
                    }
                }
            }
        }
        return out;
    }

    /**
     * An element read as a {@code <disk>}, whatever its name and namespace, as libvirt reads {@code
     * disks/*}: by its attributes without a namespace and its children without one (libvirt's
     * {@code ./source} finds no {@code <source>} in a namespace).
     */
    private DiskSnapshot asDisk(XmlElement e) {
        XmlElement disk = new XmlElement("disk");
        for (XmlAttribute a : e.getAttributes()) {
            if (a.namespaceUri().isEmpty()) {
                disk.getAttributes().add(XmlAttribute.of(a.localName(), a.value()));
            }
        }
        for (Object child : e.getChildren()) {
            if (child instanceof String
                    || ((XmlElement) child).getNamespaceUri().isEmpty()) {
                disk.add(child);
            }
        }
        StringBuilder xml = new StringBuilder("<domainsnapshot><disks>");
        new XmlElementWriter(xml, () -> "/domainsnapshot/disks", 2).libvirtStyle(disk, "disk", 0, false);
        xml.append("</disks></domainsnapshot>");
        return create().read(xml.toString()).getDisks().getDisks().get(0);
    }

    /**
     * A deep copy of a snapshot, independent of the original and {@linkplain
     * DomainSnapshot#equals(Object) equal} to it: the model's generated copy, which copies
     * unknown content and embedded XML too. It copies what the snapshot holds, even what could
     * not be written.
     *
     * @param snapshot the snapshot
     * @return the copy
     */
    public DomainSnapshot copy(DomainSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return (DomainSnapshot) snapshot.clone();
    }
}
