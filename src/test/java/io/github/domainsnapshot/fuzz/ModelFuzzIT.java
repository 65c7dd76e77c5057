package io.github.domainsnapshot.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.codec.SnapshotCodec;
import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DiskSnapshotMode;
import io.github.domainsnapshot.model.DiskType;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.DriverFormat;
import io.github.domainsnapshot.model.ExtensibleElement;
import io.github.domainsnapshot.model.MemorySnapshotMode;
import io.github.domainsnapshot.model.MemorySpec;
import io.github.domainsnapshot.model.SnapshotState;
import io.github.domainsnapshot.model.Source;
import io.github.domainsnapshot.xml.NamespaceDeclaration;
import io.github.domainsnapshot.xml.XmlAttribute;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of writing models built in code, as a careless or hostile
 * caller builds them: names with colons, reserved and colliding prefixes, declarations made
 * twice or undone, duplicate attributes, unknown content named as known content, nulls and
 * elements shared or containing themselves, long names, deep nesting, characters XML cannot
 * hold. Whatever is built, writing gives a {@link SnapshotXmlException} or a document that reads
 * back to an equal model and writes again to the same text; and no call takes more than linear
 * time.
 *
 * <p>The models are built in the form libvirt's conventions leave a read model in (a disk with a
 * driver or a source says its type; no driver or source is empty), so that equality after a
 * round trip is the whole check. {@code mvn verify} replays the kept inputs ({@code
 * ModelFuzzITInputs/}) and fuzzes for the {@code maxDuration} below in a JVM of its own.
 */
class ModelFuzzIT {
    private static final SnapshotCodec CODEC = SnapshotCodec.create();
    private static final long INPUT_LIMIT_NANOS = 2_000_000_000L;

    private static final String[] NAMES = {"a", "b", "name", "disk", "source", "driver", "x:y", "xmlns", "1x", "é"};
    private static final String[] PREFIXES = {"", "", "p", "q", "xml", "xmlns", "ns1", "p:q"};
    private static final String[] URIS = {
        "", "urn:a", "urn:b", "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"
    };
    private static final String[] TEXTS = {
        "", " ", "\n  ", "t", "a&b<c>", "\r", "\t", "x\uFFFEy", "\u0001", "é\uD83D\uDE00"
    };

    static {
        SnapshotCodec.warmUp();
        CODEC.write(new DomainSnapshot());
    }

    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "30s")
    void buildWriteRead(FuzzedDataProvider data) {
        long start = System.nanoTime();
        try {
            buildWriteReadOnce(data);
        } finally {
            long took = System.nanoTime() - start;
            if (took > INPUT_LIMIT_NANOS) {
                throw new IllegalStateException("an input took " + took / 1_000_000 + " ms");
            }
        }
    }

    static void buildWriteReadOnce(FuzzedDataProvider data) {
        DomainSnapshot built = snapshot(data);
        String written;
        try {
            written = CODEC.write(built);
        } catch (SnapshotXmlException refused) {
            if (refused.getReason() == null || refused.getReason().isEmpty() || refused.getPath() == null) {
                throw new IllegalStateException("a refusal without a message or a path", refused);
            }
            return;
        }
        DomainSnapshot back;
        try {
            back = CODEC.read(written);
        } catch (SnapshotXmlException e) {
            throw new IllegalStateException("written, then refused by the reader:\n" + written, e);
        }
        if (!built.equals(back)) {
            throw new IllegalStateException(
                    "not equal once written and read back:\n" + built + "\n" + back + "\n" + written);
        }
        String again = CODEC.write(back);
        if (!again.equals(written)) {
            throw new IllegalStateException("writing is not a fixed point:\n" + written + "\n---\n" + again);
        }
        // a copy is equal, and writes the same
        if (!CODEC.write(CODEC.copy(built)).equals(written)) {
            throw new IllegalStateException("a copy writes otherwise");
        }
    }

    private static DomainSnapshot snapshot(FuzzedDataProvider data) {
        DomainSnapshot s = new DomainSnapshot();
        int steps = data.consumeInt(0, 12);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 9)) {
                case 0 -> s.setName(text(data));
                case 1 -> s.setDescription(text(data));
                case 2 -> s.setState(SnapshotState.of(data.pickValue(new String[] {"running", "shutoff", "x"})));
                case 3 -> {
                    MemorySpec m = new MemorySpec();
                    m.setSnapshot(MemorySnapshotMode.of(data.pickValue(new String[] {"no", "external", "y"})));
                    if (data.consumeBoolean()) {
                        m.setFile("/" + text(data));
                    }
                    s.setMemory(m);
                }
                case 4 -> disks(s, data);
                case 5 -> extend(s, data);
                case 6 -> s.setCookie(tree(data, "cookie", 0));
                case 7 -> {
                    XmlElement domain = tree(data, "domain", 0);
                    if (data.consumeBoolean()) {
                        domain.add(tree(data, "metadata", 0));
                    }
                    s.setDomain(domain);
                }
                case 8 -> s.setParentName(data.consumeBoolean() ? text(data) : null);
                default -> {
                    // a tree nested deep, near the reader's limit
                    XmlElement top = new XmlElement("deep");
                    XmlElement at = top;
                    for (int d = data.consumeInt(250, 258); d > 0; d--) {
                        XmlElement next = new XmlElement("d");
                        at.add(next);
                        at = next;
                    }
                    s.getUnknownElements().add(top);
                }
            }
        }
        return s;
    }

    private static void disks(DomainSnapshot s, FuzzedDataProvider data) {
        if (s.getDisks() == null) {
            s.setDisks(new DiskSnapshotList());
        }
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
            if (data.consumeInt(0, 20) == 0) {
                s.getDisks().getDisks().add(null);
                continue;
            }
            DiskSnapshot d = new DiskSnapshot();
            d.setName(data.consumeBoolean() ? "vd" + (char) ('a' + i) : text(data));
            if (data.consumeBoolean()) {
                d.setSnapshot(DiskSnapshotMode.of(data.pickValue(new String[] {"no", "internal", "external"})));
            }
            if (data.consumeBoolean()) {
                Driver driver = new Driver();
                driver.setType(DriverFormat.of(data.pickValue(new String[] {"qcow2", "raw"})));
                d.setDriver(driver);
            }
            if (data.consumeBoolean()) {
                Source source = new Source();
                source.setFile("/" + text(data));
                d.setSource(source);
            }
            if (d.getDriver() != null || d.getSource() != null || data.consumeBoolean()) {
                // libvirt's convention: a disk with a driver or a source says its type
                d.setType(DiskType.of(data.pickValue(new String[] {"file", "block", "network"})));
            }
            extend(d, data);
            s.getDisks().getDisks().add(d);
        }
        extend(s.getDisks(), data);
    }

    /** Unknown attributes and elements, as a caller adds them. */
    private static void extend(ExtensibleElement e, FuzzedDataProvider data) {
        int attributes = data.consumeInt(0, 3);
        for (int i = 0; i < attributes; i++) {
            e.getOtherAttributes()
                    .put(
                            new QName(data.pickValue(URIS), name(data), data.pickValue(PREFIXES)),
                            data.consumeInt(0, 30) == 0 ? null : text(data));
        }
        int elements = data.consumeInt(0, 2);
        for (int i = 0; i < elements; i++) {
            e.getUnknownElements().add(data.consumeInt(0, 30) == 0 ? null : tree(data, null, 1));
        }
    }

    private static XmlElement tree(FuzzedDataProvider data, String rootName, int depth) {
        String uri = rootName == null ? data.pickValue(URIS) : "";
        String prefix = rootName == null ? data.pickValue(PREFIXES) : "";
        XmlElement e = new XmlElement(uri, prefix, rootName == null ? name(data) : rootName);
        int attributes = data.consumeInt(0, 3);
        for (int i = 0; i < attributes; i++) {
            e.getAttributes()
                    .add(new XmlAttribute(data.pickValue(URIS), data.pickValue(PREFIXES), name(data), text(data)));
        }
        int declarations = data.consumeInt(0, 2);
        for (int i = 0; i < declarations; i++) {
            e.getNamespaceDeclarations().add(new NamespaceDeclaration(data.pickValue(PREFIXES), data.pickValue(URIS)));
        }
        int children = depth > 6 ? 0 : data.consumeInt(0, 4);
        for (int i = 0; i < children && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 12)) {
                case 0, 1, 2, 3 -> e.add(text(data));
                case 4 -> e.getChildren().add(null);
                case 5 -> e.add(e);
                case 6 -> {
                    List<Object> c = e.getChildren();
                    if (!c.isEmpty() && c.get(c.size() - 1) instanceof XmlElement last) {
                        e.add(last);
                    }
                }
                default -> e.add(tree(data, null, depth + 1));
            }
        }
        return e;
    }

    private static String name(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 20)) {
            case 0 -> "n".repeat(data.consumeInt(999, 1001));
            case 1 -> data.consumeString(8);
            default -> data.pickValue(NAMES);
        };
    }

    private static String text(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 10)) {
            case 0 -> data.consumeString(16);
            case 1, 2 -> data.pickValue(TEXTS) + data.pickValue(TEXTS);
            default -> data.pickValue(TEXTS);
        };
    }
}
