package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.ctc.wstx.stax.WstxInputFactory;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SharedCorpus;
import io.github.domainsnapshot.Skips;
import io.github.domainsnapshot.SnapshotXmlException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SnapshotCodec.withSchemaValidation(true).withLibvirt(release)} gives the verdict of that
 * release's own schema check, {@code xmllint --noout --relaxng DIR/domainsnapshot.rng FILE}, for
 * each release proven here, each with its own RELAX NG schemas: libvirt 9.0's (the host's
 * libvirt0, {@code /usr/share/libvirt/schemas}), 11.3's and 12.9's (the Debian roots {@code
 * ../shared/tools/libvirt-root 11|12 setup} makes, {@code /srv/libvirt-11} and {@code
 * /srv/libvirt-12}). On every document of the shared corpus ({@code libvirt-tests} and {@code
 * libvirt-real}, {@code in/} and {@code out/}), on every {@code <domainsnapshot>} document under
 * {@code src/test/resources}, and on the edge documents below, one or more per rule of libvirt's
 * snapshot schema, both sides of it, and for every part of it that changed between releases.
 *
 * <p><b>The embedded domain aside.</b> The library does not check a {@code <domain>} or {@code
 * <inactiveDomain>} against libvirt's domain schema. So each document is compared through a copy
 * in which every {@code <domain>} child of the root is replaced by a uuid-only {@code <domain>} and
 * every {@code <inactiveDomain>} by a minimal one, both of which libvirt's schema accepts;
 * everything else in the copy is the document's text unchanged. A document without them is
 * compared as it is. Both xmllint and the codec read the same copy.
 *
 * <p><b>Known differences</b> ({@link #KNOWN}), where the library differs from libvirt's schema on
 * purpose, each for the releases it names. A disagreement counts as one of them only when it goes
 * the listed way and the copy without the listed feature is then agreed on; any other
 * disagreement fails.
 *
 * <p>Skips, with a message, where xmllint or a release's schemas are not installed, and fails
 * instead in CI ({@code CI=true}), where {@code .ci/run} installs them.
 */
class StrictSchemaAgreementTest {
    /** A release proven here and the folder of its RELAX NG schemas. */
    record Release(LibvirtVersion version, Path schemas, String from) {
        Path rng() {
            return schemas.resolve("domainsnapshot.rng");
        }

        SnapshotCodec codec() {
            return SnapshotCodec.create().withSchemaValidation(true).withLibvirt(version);
        }
    }

    static final List<Release> RELEASES = List.of(
            new Release(LibvirtVersion.V9_0, Path.of("/usr/share/libvirt/schemas"), "Debian's libvirt0"),
            new Release(
                    LibvirtVersion.V11_3,
                    Path.of("/srv/libvirt-11/usr/share/libvirt/schemas"),
                    "../shared/tools/libvirt-root 11 setup"),
            new Release(
                    LibvirtVersion.V12_9,
                    Path.of("/srv/libvirt-12/usr/share/libvirt/schemas"),
                    "../shared/tools/libvirt-root 12 setup"));

    /**
     * A difference with libvirt's schema check.
     *
     * @param reason why
     * @param releases the releases it is found with
     * @param strictAccepts which way it goes: whether the codec accepts what xmllint refuses
     * @param feature what makes the difference in a document
     * @param replacement what the feature is replaced with to see the rest agreed on
     */
    record Known(
            String reason, Set<LibvirtVersion> releases, boolean strictAccepts, Pattern feature, String replacement) {
        Known(String reason, Set<LibvirtVersion> releases, boolean strictAccepts, Pattern feature) {
            this(reason, releases, strictAccepts, feature, "");
        }

        String without(String document) {
            return feature.matcher(document).replaceAll(replacement);
        }
    }

    private static final Set<LibvirtVersion> EVERY_RELEASE =
            Set.of(LibvirtVersion.V9_0, LibvirtVersion.V11_3, LibvirtVersion.V12_9);

    static final List<Known> KNOWN = List.of(
            new Known(
                    "a DOCTYPE is refused before anything in it is read (hostile input), where libxml2 reads it",
                    EVERY_RELEASE,
                    false,
                    Pattern.compile("<!DOCTYPE[^\\[>]*(\\[[^\\]]*\\])?\\s*>")),
            new Known(
                    "libxml2 2.9's regular expressions take hex groups of more than four digits next to '::' in"
                            + " libvirt's IPv6 pattern (12345::1), which the pattern itself refuses",
                    EVERY_RELEASE,
                    false,
                    Pattern.compile("(<host\\b[^>]*\\bname=['\"])[0-9A-Fa-f:.]*[0-9A-Fa-f]{5}[0-9A-Fa-f:.]*(['\"])"),
                    "$1::1$2"));

    @TempDir
    static Path work;

    private static String xmllint;

    @BeforeAll
    static void findXmllint() {
        String found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "xmllint");
            if (Files.isExecutable(p)) {
                found = p.toString();
                break;
            }
        }
        Skips.whereMissing(
                "StrictSchemaAgreementTest (the strict schema's verdicts against xmllint with libvirt's schemas)",
                found == null ? "xmllint (Debian's libxml2-utils) is not installed, nothing to compare with" : null);
        xmllint = found;
    }

    /** @return the releases whose schemas are here; a missing one is skipped, saying so, or fails in CI */
    private static List<Release> releases() {
        List<Release> out = new ArrayList<>();
        for (Release r : RELEASES) {
            if (Skips.partRuns(
                    "StrictSchemaAgreementTest for libvirt " + r.version(),
                    Files.isRegularFile(r.rng()) ? null : r.rng() + " is missing (" + r.from() + ")")) {
                out.add(r);
            }
        }
        return out;
    }

    // ---- the documents

    @Test
    void theSharedCorpusIsJudgedAsLibvirtJudgesIt() throws IOException {
        SharedCorpus.assumePresent("StrictSchemaAgreementTest (the shared corpus against xmllint)");
        Map<String, String> docs = new LinkedHashMap<>();
        for (String folder : List.of("libvirt-tests/in", "libvirt-tests/out", "libvirt-real/in", "libvirt-real/out")) {
            for (Path f : SharedCorpus.xmlFiles(folder)) {
                docs.put(folder + "/" + f.getFileName(), read(f));
            }
        }
        assertTrue(docs.size() >= 100, "the corpus holds " + docs.size() + " documents");
        for (Release r : releases()) {
            compare("shared corpus", docs, r);
        }
    }

    @Test
    void theProjectsOwnDocumentsAreJudgedAsLibvirtJudgesThem() throws IOException {
        Path resources = Path.of("src", "test", "resources");
        assertTrue(Files.isDirectory(resources), "run from the project folder: no " + resources.toAbsolutePath());
        Map<String, String> docs = new TreeMap<>();
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = read(f);
                if (text.contains("<domainsnapshot")) {
                    docs.put(resources.relativize(f).toString(), text);
                }
            }
        }
        assertTrue(docs.size() >= 50, "only " + docs.size() + " documents under " + resources);
        for (Release r : releases()) {
            compare("project", docs, r);
        }
    }

    @Test
    void theEdgeOfEveryRuleIsWhereLibvirtPutsIt() throws IOException {
        Map<String, String> docs = edgeDocuments();
        Map<LibvirtVersion, Map<String, Boolean>> byRelease = new LinkedHashMap<>();
        for (Release r : releases()) {
            Map<String, Boolean> verdicts = compare("edge", docs, r);
            byRelease.put(r.version(), verdicts);
            // both sides of the rules are exercised, by libvirt's own verdicts
            long accepted = verdicts.values().stream().filter(v -> v).count();
            assertFalse(accepted < 60, accepted + " edge documents valid for libvirt " + r.version());
            assertFalse(
                    docs.size() - accepted < 100,
                    (docs.size() - accepted) + " edge documents invalid for libvirt " + r.version());
        }
        // and both sides of what changed between releases, by the releases' own verdicts
        assertChanges(byRelease, LibvirtVersion.V9_0, LibvirtVersion.V11_3, 60);
        assertChanges(byRelease, LibvirtVersion.V11_3, LibvirtVersion.V12_9, 4);
    }

    /**
     * Of the edge documents, enough are taken by the newer release's schema and refused by the
     * older's (a release-dependent part and the invalid forms of it, refused by both, are listed
     * beside them).
     */
    private static void assertChanges(
            Map<LibvirtVersion, Map<String, Boolean>> byRelease,
            LibvirtVersion older,
            LibvirtVersion newer,
            int atLeast) {
        Map<String, Boolean> o = byRelease.get(older);
        Map<String, Boolean> n = byRelease.get(newer);
        if (o == null || n == null) {
            return; // a release skipped, saying so
        }
        List<String> newlyTaken = new ArrayList<>();
        List<String> noLongerTaken = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : n.entrySet()) {
            boolean before = o.get(e.getKey());
            if (e.getValue() && !before) {
                newlyTaken.add(e.getKey());
            } else if (!e.getValue() && before) {
                noLongerTaken.add(e.getKey());
            }
        }
        System.out.println("edge documents taken by libvirt " + newer + "'s schema, not by " + older + "'s: "
                + newlyTaken.size() + "; the other way: " + noLongerTaken.size());
        assertFalse(
                newlyTaken.size() < atLeast,
                newlyTaken.size() + " edge documents taken by " + newer + " and not by " + older + ": " + newlyTaken);
        assertEquals(List.of(), noLongerTaken, "what " + older + " takes and " + newer + " refuses");
    }

    // ---- the comparison

    /**
     * Compares the verdicts on each document, and fails naming every unexplained disagreement.
     *
     * @return libvirt's verdict on each document, by name
     */
    private static Map<String, Boolean> compare(String group, Map<String, String> docs, Release release)
            throws IOException {
        List<String> names = new ArrayList<>(docs.keySet());
        List<String> copies = new ArrayList<>();
        for (String name : names) {
            copies.add(withDomainsAside(docs.get(name)));
        }
        List<Boolean> libvirt = xmllint(copies, release);
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        Map<String, Integer> known = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int agreed = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String copy = copies.get(i);
            boolean expected = libvirt.get(i);
            verdicts.put(name, expected);
            String strict = strict(copy, release);
            if ((strict == null) == expected) {
                agreed++;
                continue;
            }
            Known k = explain(copy, strict == null, release);
            if (k != null) {
                known.merge(k.reason(), 1, Integer::sum);
            } else {
                problems.add(name + ": libvirt " + release.version() + "'s schema " + (expected ? "accepts" : "refuses")
                        + " it, the codec " + (strict == null ? "accepts it" : "refuses it: " + strict) + "\n" + copy);
            }
        }
        System.out.println("strict schema against xmllint, libvirt " + release.version() + " (" + group + "): "
                + names.size() + " documents, " + agreed + " agree"
                + (known.isEmpty() ? "" : ", known differences: " + known));
        if (!problems.isEmpty()) {
            fail(problems.size() + " disagreements with libvirt " + release.version() + "'s schema:\n\n"
                    + String.join("\n\n", problems));
        }
        return verdicts;
    }

    /** The known difference that explains a disagreement, or null. */
    private static Known explain(String copy, boolean strictAccepts, Release release) throws IOException {
        for (Known k : KNOWN) {
            String without = k.without(copy);
            if (!k.releases().contains(release.version())
                    || k.strictAccepts() != strictAccepts
                    || without.equals(copy)) {
                continue;
            }
            boolean libvirt = xmllint(List.of(without), release).get(0);
            if ((strict(without, release) == null) == libvirt) {
                return k;
            }
        }
        return null;
    }

    /** @return null when the strict codec accepts the document for the release, else why it refuses it */
    private static String strict(String document, Release release) {
        try {
            release.codec().read(document);
            return null;
        } catch (SnapshotXmlException e) {
            return e.getMessage();
        }
    }

    /** The release's verdicts, in one run of xmllint. */
    private static List<Boolean> xmllint(List<String> documents, Release release) throws IOException {
        Path dir = Files.createTempDirectory(work, "run");
        List<String> command = new ArrayList<>(
                List.of(xmllint, "--noout", "--relaxng", release.rng().toString()));
        for (int i = 0; i < documents.size(); i++) {
            String name = String.format("doc-%04d.xml", i);
            Files.writeString(dir.resolve(name), documents.get(i), StandardCharsets.UTF_8);
            command.add(name);
        }
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "xmllint did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertFalse(
                output.contains("failed to compile"),
                "xmllint could not read libvirt " + release.version() + "'s schema:\n" + output);
        Set<String> lines = Set.copyOf(output.lines().toList());
        List<Boolean> verdicts = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            // a document xmllint cannot parse gets neither line: it is refused
            verdicts.add(lines.contains(String.format("doc-%04d.xml validates", i)));
        }
        return verdicts;
    }

    /**
     * The document with each {@code <domain>} and {@code <inactiveDomain>} child of the root
     * replaced by one libvirt's schema accepts, the rest as it is; a document that is not
     * well-formed, unchanged.
     */
    static String withDomainsAside(String document) {
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        StringBuilder out = new StringBuilder(document.length());
        int copied = 0;
        try {
            XMLStreamReader2 r = (XMLStreamReader2) f.createXMLStreamReader(new StringReader(document));
            int depth = 0;
            int start = -1;
            String replacement = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String ns = r.getNamespaceURI();
                    if (depth == 2 && (ns == null || ns.isEmpty())) {
                        replacement = switch (r.getLocalName()) {
                            case "domain" -> "<domain><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid></domain>";
                            case "inactiveDomain" ->
                                "<inactiveDomain type='qemu'><name>aside</name>"
                                        + "<memory>1</memory><os><type>hvm</type></os></inactiveDomain>";
                            default -> null;
                        };
                        if (replacement != null) {
                            start = (int) r.getLocationInfo().getStartingCharOffset();
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && replacement != null) {
                        int end = (int) r.getLocationInfo().getEndingCharOffset();
                        out.append(document, copied, start).append(replacement);
                        copied = end;
                        replacement = null;
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            return document;
        }
        return out.append(document, copied, document.length()).toString();
    }

    @Test
    void domainsAreSetAsideAndTheRestIsKeptAsWritten() {
        String doc = "<?xml version='1.0'?>\n<domainsnapshot>\n  <name>a &amp; b</name>\n  <domain type='kvm'>"
                + "<name>g</name><devices/></domain>\n  <inactiveDomain/>\n  <cookie><domain/></cookie>\n"
                + "</domainsnapshot>\n";
        assertEquals(
                "<?xml version='1.0'?>\n<domainsnapshot>\n  <name>a &amp; b</name>\n"
                        + "  <domain><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid></domain>\n"
                        + "  <inactiveDomain type='qemu'><name>aside</name><memory>1</memory><os><type>hvm</type></os>"
                        + "</inactiveDomain>\n  <cookie><domain/></cookie>\n</domainsnapshot>\n",
                withDomainsAside(doc));
        String noDomain = "<domainsnapshot><name>n</name></domainsnapshot>";
        assertEquals(noDomain, withDomainsAside(noDomain));
        String broken = "<domainsnapshot><domain></domainsnapshot>";
        assertEquals(broken, withDomainsAside(broken));
    }

    @Test
    void knownDifferencesRemoveOnlyTheirFeature() {
        assertEquals(
                "<domainsnapshot/>",
                KNOWN.get(0).without("<!DOCTYPE domainsnapshot [<!ENTITY e 'x'>]><domainsnapshot/>"));
        assertEquals("<host port='1' name='::1'/>", KNOWN.get(1).without("<host port='1' name='12::34567'/>"));
    }

    private static String read(Path f) throws IOException {
        return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
    }

    // ---- edge documents: one or more per rule of libvirt's snapshot schema, on both sides

    private static final String UUID = "0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f";

    private static String snap(String... parts) {
        return "<domainsnapshot>" + String.join("", parts) + "</domainsnapshot>";
    }

    private static String disks(String... disks) {
        return snap("<disks>" + String.join("", disks) + "</disks>");
    }

    /** A file disk with this source. */
    private static String fileSource(String source) {
        return disks("<disk name='vda'>" + source + "</disk>");
    }

    /** A network disk with this source. */
    private static String net(String source) {
        return disks("<disk name='vda' type='network'>" + source + "</disk>");
    }

    private static String host(String attributes) {
        return net("<source protocol='nbd'><host " + attributes + "/></source>");
    }

    private static String inFileSource(String content) {
        return fileSource("<source file='/a'>" + content + "</source>");
    }

    private static Map<String, String> edgeDocuments() {
        Map<String, String> e = new LinkedHashMap<>();
        // the root and its children
        e.put("root empty", "<domainsnapshot/>");
        e.put("root attribute", "<domainsnapshot version='1'/>");
        e.put("root unknown child", snap("<future/>"));
        e.put("root child in a namespace", "<domainsnapshot xmlns:x='urn:x'><x:name>n</x:name></domainsnapshot>");
        e.put("root in a namespace", "<domainsnapshot xmlns='urn:x'><name>n</name></domainsnapshot>");
        e.put("root text", "<domainsnapshot>text<name>n</name></domainsnapshot>");
        e.put("children in any order", snap("<active>1</active><disks/><memory snapshot='no'/><name>n</name>"));
        e.put("child twice", snap("<name>a</name><name>b</name>"));
        e.put("disks twice", snap("<disks/><disks/>"));
        e.put("xml:lang", snap("<name xml:lang='en'>n</name>"));
        e.put(
                "xsi schema location",
                "<domainsnapshot xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'"
                        + " xsi:noNamespaceSchemaLocation='domainsnapshot.xsd'><name>n</name></domainsnapshot>");
        e.put(
                "xsi type",
                "<domainsnapshot xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>"
                        + "<memory xsi:type='MemorySpec' snapshot='no'/></domainsnapshot>");
        e.put(
                "xsi attribute in the cookie",
                "<domainsnapshot xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>"
                        + "<cookie><cpu xsi:type='x'/></cookie></domainsnapshot>");
        e.put("DOCTYPE", "<!DOCTYPE domainsnapshot><domainsnapshot><name>n</name></domainsnapshot>");
        // text elements
        e.put("name empty", snap("<name/>"));
        e.put("name with blanks", snap("<name>  a  b </name>"));
        e.put("name holding an element", snap("<name>a<b/></name>"));
        e.put("name with an attribute", snap("<name lang='en'>n</name>"));
        e.put("description with CDATA and a comment", snap("<description><![CDATA[<x>]]><!-- c --></description>"));
        e.put("creationTime any text", snap("<creationTime>soon</creationTime>"));
        e.put("creationTime holding an element", snap("<creationTime><t/></creationTime>"));
        // state
        for (String state :
                List.of("running", "blocked", "paused", "shutdown", "shutoff", "crashed", "disk-snapshot")) {
            e.put("state " + state, snap("<state>" + state + "</state>"));
        }
        e.put("state pmsuspended", snap("<state>pmsuspended</state>"));
        e.put("state nostate", snap("<state>nostate</state>"));
        e.put("state with blanks around", snap("<state>\n  shutoff\t</state>"));
        e.put("state two words", snap("<state>running paused</state>"));
        e.put("state capitalised", snap("<state>Running</state>"));
        e.put("state empty", snap("<state/>"));
        // parent
        e.put("parent", snap("<parent><name>p</name></parent>"));
        e.put("parent without name", snap("<parent/>"));
        e.put("parent with two names", snap("<parent><name>a</name><name>b</name></parent>"));
        e.put("parent with text", snap("<parent>p<name>p</name></parent>"));
        // active
        e.put("active 0", snap("<active>0</active>"));
        e.put("active 1 with blanks", snap("<active> 1 </active>"));
        e.put("active 2", snap("<active>2</active>"));
        e.put("active yes", snap("<active>yes</active>"));
        // memory: snapshot no|internal alone, or a file with snapshot external or none
        e.put("memory no", snap("<memory snapshot='no'/>"));
        e.put("memory internal", snap("<memory snapshot='internal'/>"));
        e.put("memory external with file", snap("<memory snapshot='external' file='/m'/>"));
        e.put("memory file alone", snap("<memory file='/m'/>"));
        e.put("memory empty", snap("<memory/>"));
        e.put("memory manual", snap("<memory snapshot='manual'/>"));
        e.put("memory manual with file", snap("<memory snapshot='manual' file='/m'/>"));
        e.put("memory bogus", snap("<memory snapshot='bogus'/>"));
        e.put("memory external without file", snap("<memory snapshot='external'/>"));
        e.put("memory no with file", snap("<memory snapshot='no' file='/m'/>"));
        e.put("memory internal with file", snap("<memory snapshot='internal' file='/m'/>"));
        e.put("memory mode with blanks", snap("<memory snapshot=' no&#9;'/>"));
        e.put("memory mode with a line break", snap("<memory snapshot='&#10;external' file='/m'/>"));
        e.put("memory with a child", snap("<memory snapshot='no'><file/></memory>"));
        e.put("memory with text", snap("<memory snapshot='no'>x</memory>"));
        e.put("memory with blank text", snap("<memory snapshot='no'>\n  </memory>"));
        e.put("memory unknown attribute", snap("<memory snapshot='no' compress='yes'/>"));
        // absolute paths: '/' or a drive, then at least one character, no line break
        e.put("path slash alone", snap("<memory file='/'/>"));
        e.put("path two characters", snap("<memory file='/a'/>"));
        e.put("path relative", snap("<memory file='m.save'/>"));
        e.put("path empty", snap("<memory file=''/>"));
        e.put("path with a leading blank", snap("<memory file=' /m'/>"));
        e.put("path with a trailing blank", snap("<memory file='/m '/>"));
        e.put("path with a line break", snap("<memory file='/m&#10;n'/>"));
        e.put("path with a carriage return", snap("<memory file='/m&#13;'/>"));
        e.put("path with a tab", snap("<memory file='/m&#9;n'/>"));
        e.put("path windows drive", snap("<memory file='C:\\save'/>"));
        e.put("path windows drive alone", snap("<memory file='C:\\'/>"));
        e.put("path unicode", snap("<memory file='/sauvegardé/été'/>"));
        // disks
        e.put("disks empty", snap("<disks/>"));
        e.put("disks with text", snap("<disks>x</disks>"));
        e.put("disks with an attribute", snap("<disks count='0'/>"));
        e.put("disks with another element", disks("<volume name='vda'/>"));
        e.put("disk without name", disks("<disk snapshot='no'/>"));
        for (String name : List.of("vda", "hdc", "sdaa", "xvda1", "ubda", "fd0", "ioemu:hda", "vd_x")) {
            e.put("disk name " + name, disks("<disk name='" + name + "' snapshot='no'/>"));
        }
        for (String name : List.of("vd", "nvme0n1", "vda ", " vda", "vd-a", "VDA", "ioemu:vd", "rel/path", "")) {
            e.put("disk name '" + name + "'", disks("<disk name='" + name + "' snapshot='no'/>"));
        }
        e.put("disk name a path", disks("<disk name='/images/vda.qcow2' snapshot='no'/>"));
        e.put("disk name a drive path", disks("<disk name='D:\\vm\\vda.img' snapshot='no'/>"));
        e.put("disk unknown attribute", disks("<disk name='vda' snapshot='no' device='disk'/>"));
        // disk modes: no, internal, manual hold nothing and take no type
        for (String mode : List.of("no", "internal", "manual", "external")) {
            e.put("disk " + mode, disks("<disk name='vda' snapshot='" + mode + "'/>"));
            e.put("disk " + mode + " with type", disks("<disk name='vda' snapshot='" + mode + "' type='file'/>"));
            e.put(
                    "disk " + mode + " with source",
                    disks("<disk name='vda' snapshot='" + mode + "'><source file='/a'/></disk>"));
            e.put("disk " + mode + " with driver", disks("<disk name='vda' snapshot='" + mode + "'><driver/></disk>"));
        }
        e.put("disk no with blank text", disks("<disk name='vda' snapshot='no'>\n </disk>"));
        e.put("disk no with text", disks("<disk name='vda' snapshot='no'>x</disk>"));
        e.put("disk no with empty source", disks("<disk name='vda' snapshot='no'><source/></disk>"));
        e.put("disk mode with blanks", disks("<disk name='vda' snapshot=' internal '/>"));
        e.put("disk mode bogus", disks("<disk name='vda' snapshot='bogus'/>"));
        e.put("disk mode empty", disks("<disk name='vda' snapshot=''/>"));
        e.put("disk without mode", disks("<disk name='vda'/>"));
        e.put("disk without mode with source", fileSource("<source file='/a'/>"));
        // disk types
        e.put("disk type file with blanks", disks("<disk name='vda' type=' file '><source file='/a'/></disk>"));
        e.put("disk type dir", disks("<disk name='vda' type='dir'><source dir='/a'/></disk>"));
        e.put("disk type volume", disks("<disk name='vda' type='volume'/>"));
        e.put("disk type empty", disks("<disk name='vda' type=''/>"));
        e.put("disk source and driver twice", fileSource("<source file='/a'/><source file='/b'/>"));
        e.put("disk driver before source", fileSource("<driver type='qcow2'/><source file='/a'/>"));
        e.put("disk unknown child", fileSource("<target dev='vda'/>"));
        // driver
        for (String format : List.of("cow", "qcow", "qcow2", "qed", "vmdk")) {
            e.put("driver " + format, fileSource("<driver type='" + format + "'/>"));
        }
        for (String format : List.of("raw", "luks", "vpc", "QCOW2", "")) {
            e.put("driver '" + format + "'", fileSource("<driver type='" + format + "'/>"));
        }
        e.put("driver format with blanks", fileSource("<driver type=' qcow2\n'/>"));
        e.put("driver empty", fileSource("<driver/>"));
        e.put("driver unknown attribute", fileSource("<driver name='qemu'/>"));
        e.put("driver with text", fileSource("<driver>qcow2</driver>"));
        e.put("metadata_cache empty", fileSource("<driver><metadata_cache/></driver>"));
        e.put("max_size", fileSource("<driver><metadata_cache><max_size>10</max_size></metadata_cache></driver>"));
        for (String unit : List.of("b", "bytes", "KiB", "k", "MB", "gib", "E")) {
            e.put(
                    "max_size unit " + unit,
                    fileSource("<driver><metadata_cache><max_size unit='" + unit
                            + "'>1</max_size></metadata_cache></driver>"));
        }
        for (String unit : List.of("kibibytes", " KiB", "KiBB", "x", "")) {
            e.put(
                    "max_size unit '" + unit + "'",
                    fileSource("<driver><metadata_cache><max_size unit='" + unit
                            + "'>1</max_size></metadata_cache></driver>"));
        }
        for (String size : List.of(
                "0",
                "18446744073709551615",
                "000018446744073709551615",
                "18446744073709551616",
                "99999999999999999999",
                " 1",
                "1 ",
                "+1",
                "-1",
                "1.0",
                "",
                "1K")) {
            e.put(
                    "max_size '" + size + "'",
                    fileSource("<driver><metadata_cache><max_size>" + size + "</max_size></metadata_cache></driver>"));
        }
        e.put(
                "max_size twice",
                fileSource("<driver><metadata_cache><max_size>1</max_size><max_size>2</max_size>"
                        + "</metadata_cache></driver>"));
        // the source of a file disk: file, index, then seclabels, slices, encryption in this order
        e.put("file source empty", fileSource("<source/>"));
        e.put("file source relative", fileSource("<source file='a.qcow2'/>"));
        e.put("file source dev", fileSource("<source dev='/dev/sda'/>"));
        e.put("file source protocol", fileSource("<source file='/a' protocol='nbd'/>"));
        e.put("file source host", fileSource("<source file='/a'><host name='h'/></source>"));
        e.put("file source startupPolicy", fileSource("<source file='/a' startupPolicy='optional'/>"));
        e.put("file source privateData", fileSource("<source file='/a'><privateData/></source>"));
        e.put("file source reservations", fileSource("<source file='/a'><reservations managed='yes'/></source>"));
        for (String index : List.of(
                "1",
                "007",
                "999999999999999999999999",
                "000000999999999999999999999999",
                "0",
                "00",
                " 1",
                "+1",
                "1000000000000000000000000",
                "")) {
            e.put("index '" + index + "'", fileSource("<source file='/a' index='" + index + "'/>"));
        }
        e.put(
                "file source in order",
                fileSource("<source file='/a'><seclabel relabel='no'/><seclabel model='dac' relabel='no'/>"
                        + "<slices><slice type='storage' offset='0' size='1'/></slices>"
                        + "<encryption format='luks'/></source>"));
        e.put(
                "file source encryption before seclabel",
                fileSource("<source file='/a'><encryption format='luks'/><seclabel relabel='no'/></source>"));
        e.put(
                "file source slices before seclabel",
                fileSource("<source file='/a'><slices><slice type='storage' offset='0' size='1'/></slices>"
                        + "<seclabel relabel='no'/></source>"));
        e.put(
                "file source encryption before slices",
                fileSource("<source file='/a'><encryption format='luks'/>"
                        + "<slices><slice type='storage' offset='0' size='1'/></slices></source>"));
        e.put(
                "file source seclabels around nothing else",
                fileSource("<source file='/a'><seclabel relabel='no'/><seclabel labelskip='yes'/></source>"));
        e.put(
                "file source encryption twice",
                fileSource("<source file='/a'><encryption format='luks'/><encryption format='qcow'/></source>"));
        e.put(
                "file source slices twice",
                fileSource("<source file='/a'><slices><slice type='storage' offset='0' size='1'/></slices>"
                        + "<slices><slice type='storage' offset='0' size='1'/></slices></source>"));
        // slices
        e.put(
                "slices with two slices",
                fileSource("<source file='/a'><slices><slice type='storage' offset='0' size='1'/>"
                        + "<slice type='storage' offset='1' size='1'/></slices></source>"));
        e.put("slices empty", fileSource("<source file='/a'><slices/></source>"));
        e.put(
                "slice type other",
                fileSource("<source file='/a'><slices><slice type='format' offset='0' size='1'/></slices></source>"));
        e.put(
                "slice without size",
                fileSource("<source file='/a'><slices><slice type='storage' offset='0'/></slices></source>"));
        e.put(
                "slice size 0",
                fileSource("<source file='/a'><slices><slice type='storage' offset='0' size='0'/></slices></source>"));
        e.put(
                "slice offset too large",
                fileSource("<source file='/a'><slices><slice type='storage' offset='4294967296' size='1'/>"
                        + "</slices></source>"));
        // seclabel: relabel='no' alone, labelskip='yes' alone, or labels (relabel='yes' or none)
        e.put("seclabel relabel no", inFileSource("<seclabel relabel='no'/>"));
        e.put("seclabel labelskip", inFileSource("<seclabel labelskip='yes'/>"));
        e.put("seclabel label", inFileSource("<seclabel><label>l</label></seclabel>"));
        e.put(
                "seclabel relabel yes and labels",
                inFileSource("<seclabel model='selinux' relabel='yes'><label>a</label><label>b</label></seclabel>"));
        e.put("seclabel model alone", inFileSource("<seclabel model='dac'/>"));
        e.put("seclabel relabel yes alone", inFileSource("<seclabel relabel='yes'/>"));
        e.put("seclabel relabel no with a label", inFileSource("<seclabel relabel='no'><label>l</label></seclabel>"));
        e.put("seclabel labelskip and relabel", inFileSource("<seclabel labelskip='yes' relabel='no'/>"));
        e.put("seclabel labelskip no", inFileSource("<seclabel labelskip='no'/>"));
        e.put("seclabel labelskip with a label", inFileSource("<seclabel labelskip='yes'><label>l</label></seclabel>"));
        e.put("seclabel relabel maybe", inFileSource("<seclabel relabel='maybe'/>"));
        e.put("seclabel relabel with blanks", inFileSource("<seclabel relabel=' no '/>"));
        e.put("seclabel unknown child", inFileSource("<seclabel relabel='no'><imagelabel>l</imagelabel></seclabel>"));
        // encryption
        e.put("encryption format", inFileSource("<encryption format='luks'/>"));
        for (String format : List.of("default", "qcow", "luks2")) {
            e.put("encryption format " + format, inFileSource("<encryption format='" + format + "'/>"));
        }
        e.put("encryption without format", inFileSource("<encryption/>"));
        e.put("encryption format aes", inFileSource("<encryption format='aes'/>"));
        e.put("encryption engine qemu", inFileSource("<encryption format='luks' engine='qemu'/>"));
        e.put("encryption engine librbd", inFileSource("<encryption format='luks' engine='librbd'/>"));
        e.put("encryption engine other", inFileSource("<encryption format='luks' engine='kernel'/>"));
        e.put(
                "encryption secret uuid",
                inFileSource("<encryption format='luks'><secret type='passphrase' uuid='" + UUID + "'/></encryption>"));
        e.put(
                "encryption secret uuid without dashes",
                inFileSource("<encryption format='luks'><secret type='passphrase' uuid='" + UUID.replace("-", "")
                        + "'/></encryption>"));
        e.put(
                "encryption secret bad uuid",
                inFileSource("<encryption format='luks'><secret type='passphrase' uuid='1234'/></encryption>"));
        e.put(
                "encryption secret usage",
                inFileSource("<encryption format='luks'><secret type='passphrase' usage='a/b c'/></encryption>"));
        e.put(
                "encryption secret ceph",
                inFileSource("<encryption format='luks'><secret type='ceph' usage='u'/></encryption>"));
        e.put(
                "encryption secret without type",
                inFileSource("<encryption format='luks'><secret usage='u'/></encryption>"));
        e.put(
                "encryption secret uuid and usage",
                inFileSource("<encryption format='luks'><secret type='passphrase' uuid='" + UUID
                        + "' usage='u'/></encryption>"));
        e.put(
                "encryption secret neither",
                inFileSource("<encryption format='luks'><secret type='passphrase'/></encryption>"));
        e.put(
                "encryption two secrets",
                inFileSource("<encryption format='luks'><secret type='passphrase' usage='a'/>"
                        + "<secret type='passphrase' usage='b'/></encryption>"));
        String secret = "<secret type='passphrase' usage='s'/>";
        String cipher = "<cipher name='aes' size='256' mode='xts' hash='sha256'/>";
        String ivgen = "<ivgen name='plain64' hash='sha256'/>";
        e.put(
                "encryption secret cipher ivgen",
                inFileSource("<encryption format='luks'>" + secret + cipher + ivgen + "</encryption>"));
        e.put(
                "encryption cipher secret ivgen",
                inFileSource("<encryption format='luks'>" + cipher + secret + ivgen + "</encryption>"));
        e.put(
                "encryption cipher ivgen secret",
                inFileSource("<encryption format='luks'>" + cipher + ivgen + secret + "</encryption>"));
        e.put(
                "encryption ivgen before cipher",
                inFileSource("<encryption format='luks'>" + secret + ivgen + cipher + "</encryption>"));
        e.put(
                "encryption cipher and ivgen without secret",
                inFileSource("<encryption format='luks'>" + cipher + ivgen + "</encryption>"));
        e.put(
                "encryption cipher alone",
                inFileSource("<encryption format='luks'>" + secret + cipher + "</encryption>"));
        e.put("encryption ivgen alone", inFileSource("<encryption format='luks'>" + secret + ivgen + "</encryption>"));
        e.put(
                "encryption cipher without mode and hash",
                inFileSource("<encryption format='luks'>" + secret + "<cipher name='aes' size='256'/>" + ivgen
                        + "</encryption>"));
        e.put(
                "encryption cipher mode without hash",
                inFileSource("<encryption format='luks'>" + secret + "<cipher name='aes' size='256' mode='xts'/>"
                        + ivgen + "</encryption>"));
        e.put(
                "encryption cipher without size",
                inFileSource("<encryption format='luks'>" + secret + "<cipher name='aes'/>" + ivgen + "</encryption>"));
        e.put(
                "encryption cipher size not a number",
                inFileSource("<encryption format='luks'>" + secret + "<cipher name='aes' size='big'/>" + ivgen
                        + "</encryption>"));
        e.put(
                "encryption ivgen without name",
                inFileSource("<encryption format='luks'>" + secret + cipher + "<ivgen hash='sha256'/></encryption>"));
        e.put(
                "encryption cipher twice",
                inFileSource("<encryption format='luks'>" + secret + cipher + cipher + ivgen + "</encryption>"));
        // block disks: the source needs a dev
        e.put("block with dev", disks("<disk name='vda' type='block'><source dev='/dev/sdb'/></disk>"));
        e.put("block without source", disks("<disk name='vda' type='block'/>"));
        e.put("block with driver", disks("<disk name='vda' type='block'><driver type='qcow2'/></disk>"));
        e.put("block source empty", disks("<disk name='vda' type='block'><source/></disk>"));
        e.put("block source file", disks("<disk name='vda' type='block'><source file='/a'/></disk>"));
        e.put("block dev relative", disks("<disk name='vda' type='block'><source dev='sdb'/></disk>"));
        e.put(
                "block seclabel and index",
                disks("<disk name='vda' type='block'><source dev='/dev/sdb' index='3'>"
                        + "<seclabel relabel='no'/></source></disk>"));
        e.put(
                "block seclabel after encryption",
                disks("<disk name='vda' type='block'><source dev='/dev/sdb'><encryption format='luks'/>"
                        + "<seclabel relabel='no'/></source></disk>"));
        e.put(
                "block startupPolicy",
                disks("<disk name='vda' type='block'><source dev='/dev/sdb' startupPolicy='optional'/></disk>"));
        // network disks: a source, no driver
        e.put("network without source", net(""));
        e.put("network with driver", net("<driver type='qcow2'/><source protocol='rbd' name='p/i'/>"));
        e.put("network rbd", net("<source protocol='rbd' name='p/i'/>"));
        e.put(
                "network external",
                disks("<disk name='vda' snapshot='external' type='network'>"
                        + "<source protocol='rbd' name='p/i'/></disk>"));
        e.put("network without protocol", net("<source name='p/i'/>"));
        e.put("network protocol ssh", net("<source protocol='ssh' name='p'><host name='h'/></source>"));
        e.put("network protocol with blanks", net("<source protocol=' rbd ' name='p/i'/>"));
        e.put("network source file", net("<source protocol='rbd' name='p/i' file='/a'/>"));
        e.put("network seclabel", net("<source protocol='rbd' name='p/i'><seclabel relabel='no'/></source>"));
        e.put("network index", net("<source protocol='rbd' name='p/i' index='2'/>"));
        e.put(
                "network slices",
                net("<source protocol='rbd' name='p/i'><slices><slice type='storage' offset='0' size='1'/></slices>"
                        + "</source>"));
        e.put("network privateData", net("<source protocol='rbd' name='p/i'><privateData/></source>"));
        e.put(
                "network snapshotDeleteInProgress",
                net("<source protocol='rbd' name='p/i'/><snapshotDeleteInProgress/>"));
        // per protocol
        e.put("nbd", net("<source protocol='nbd'><host name='h' port='10809'/></source>"));
        e.put("nbd named", net("<source protocol='nbd' name='export'><host name='h'/></source>"));
        e.put("nbd without host", net("<source protocol='nbd' name='e'/>"));
        e.put("nbd two hosts", net("<source protocol='nbd'><host name='a'/><host name='b'/></source>"));
        e.put("nbd tls", net("<source protocol='nbd' tls='yes'><host name='h'/></source>"));
        e.put("nbd tls maybe", net("<source protocol='nbd' tls='maybe'><host name='h'/></source>"));
        e.put("nbd tlsHostname", net("<source protocol='nbd' tlsHostname='h.example'><host name='h'/></source>"));
        e.put("nbd query", net("<source protocol='nbd' query='a=1'><host name='h'/></source>"));
        e.put("nbd encryption", net("<source protocol='nbd'><host name='h'/><encryption format='luks'/></source>"));
        e.put("nbd reconnect", net("<source protocol='nbd'><host name='h'/><reconnect enabled='yes'/></source>"));
        e.put(
                "nbd auth",
                net("<source protocol='nbd'><host name='h'/><auth username='u'>"
                        + "<secret type='ceph' usage='s'/></auth></source>"));
        e.put("gluster", net("<source protocol='gluster' name='v/i'><host name='a'/><host name='b'/></source>"));
        e.put("gluster without name", net("<source protocol='gluster'><host name='a'/></source>"));
        e.put("gluster without host", net("<source protocol='gluster' name='v/i'/>"));
        e.put("gluster tls", net("<source protocol='gluster' name='v/i' tls='yes'><host name='a'/></source>"));
        e.put(
                "rbd everything",
                net("<source protocol='rbd' name='p/i'><host name='a' port='6789'/><host name='b'/>"
                        + "<snapshot name='s1'/><config file='/etc/ceph/ceph.conf'/><auth username='admin'>"
                        + "<secret type='ceph' uuid='" + UUID + "'/></auth><encryption format='luks2' engine='librbd'/>"
                        + "</source>"));
        e.put("rbd without name", net("<source protocol='rbd'><host name='a'/></source>"));
        e.put("rbd snapshot name bad", net("<source protocol='rbd' name='p/i'><snapshot name='a b'/></source>"));
        e.put("rbd snapshot without name", net("<source protocol='rbd' name='p/i'><snapshot/></source>"));
        e.put("rbd config relative", net("<source protocol='rbd' name='p/i'><config file='ceph.conf'/></source>"));
        e.put(
                "rbd snapshot twice",
                net("<source protocol='rbd' name='p/i'><snapshot name='a'/><snapshot name='b'/>" + "</source>"));
        e.put("rbd query", net("<source protocol='rbd' name='p/i' query='a'/>"));
        e.put("rbd knownHosts", net("<source protocol='rbd' name='p/i'><knownHosts path='/k'/></source>"));
        e.put(
                "iscsi",
                net("<source protocol='iscsi' name='iqn.2013-07.com.example:t/1'><host name='h' port='3260'/>"
                        + "<initiator><iqn name='iqn.2013-07.com.example:c'/></initiator></source>"));
        e.put(
                "iscsi initiator empty",
                net("<source protocol='iscsi' name='t/1'><host name='h'/><initiator/></source>"));
        e.put(
                "iscsi initiator iqn without name",
                net("<source protocol='iscsi' name='t/1'><host name='h'/><initiator><iqn/></initiator></source>"));
        e.put(
                "iscsi auth",
                net("<source protocol='iscsi' name='t/1'><host name='h'/><auth username='u'>"
                        + "<secret type='iscsi' usage='target'/></auth></source>"));
        e.put(
                "http",
                net("<source protocol='http' name='/i.iso' query='a=1&amp;b'><host name='h' port='80'/>"
                        + "<cookies><cookie name='token'>abc</cookie><cookie name='q'>\"v=1\"</cookie></cookies>"
                        + "<readahead size='65536'/><timeout seconds='10'/></source>"));
        e.put("http without name", net("<source protocol='http'><host name='h'/></source>"));
        e.put("http ssl", net("<source protocol='http' name='/i'><host name='h'/><ssl verify='no'/></source>"));
        e.put(
                "http cookie bad name",
                net("<source protocol='http' name='/i'><host name='h'/><cookies><cookie name='a b'>v</cookie>"
                        + "</cookies></source>"));
        e.put(
                "http cookie bad value",
                net("<source protocol='http' name='/i'><host name='h'/><cookies><cookie name='a'>v w</cookie>"
                        + "</cookies></source>"));
        e.put("http cookies empty", net("<source protocol='http' name='/i'><host name='h'/><cookies/></source>"));
        e.put(
                "http readahead 0",
                net("<source protocol='http' name='/i'><host name='h'/><readahead size='0'/></source>"));
        e.put(
                "http timeout without seconds",
                net("<source protocol='http' name='/i'><host name='h'/><timeout/></source>"));
        e.put("https ssl", net("<source protocol='https' name='/i'><host name='h'/><ssl verify='yes'/></source>"));
        e.put(
                "https ssl maybe",
                net("<source protocol='https' name='/i'><host name='h'/><ssl verify='maybe'/></source>"));
        e.put(
                "https ssl twice",
                net("<source protocol='https' name='/i'><host name='h'/><ssl verify='yes'/>"
                        + "<ssl verify='no'/></source>"));
        e.put("ftps ssl", net("<source protocol='ftps' name='/i'><host name='h'/><ssl verify='no'/></source>"));
        e.put("ftps query", net("<source protocol='ftps' name='/i' query='a'><host name='h'/></source>"));
        e.put("ftp", net("<source protocol='ftp' name='/i'><host name='h'/><readahead size='1'/></source>"));
        e.put("ftp ssl", net("<source protocol='ftp' name='/i'><host name='h'/><ssl verify='no'/></source>"));
        e.put(
                "ftp cookies",
                net("<source protocol='ftp' name='/i'><host name='h'/><cookies><cookie name='a'>b"
                        + "</cookie></cookies></source>"));
        e.put("sheepdog", net("<source protocol='sheepdog' name='v'><host name='h'/><timeout seconds='5'/></source>"));
        e.put(
                "sheepdog auth",
                net("<source protocol='sheepdog' name='v'><host name='h'/><auth username='u'>"
                        + "<secret type='ceph' usage='s'/></auth></source>"));
        e.put("tftp", net("<source protocol='tftp' name='/i'><host name='h'/></source>"));
        e.put("vxhs", net("<source protocol='vxhs' name='" + UUID + "' tls='no'><host name='h'/></source>"));
        e.put(
                "vxhs encryption",
                net("<source protocol='vxhs' name='v'><host name='h'/><encryption format='luks'/>" + "</source>"));
        e.put(
                "nfs",
                net("<source protocol='nfs' name='/export/i'><host name='h'/><identity user='qemu' group='kvm'/>"
                        + "</source>"));
        e.put("nfs identity empty", net("<source protocol='nfs' name='/e'><host name='h'/><identity/></source>"));
        e.put("nfs without identity", net("<source protocol='nfs' name='/e'><host name='h'/></source>"));
        e.put(
                "nfs identity bad user",
                net("<source protocol='nfs' name='/e'><host name='h'/><identity user='a b'/>" + "</source>"));
        e.put(
                "nfs identity keyfile",
                net("<source protocol='nfs' name='/e'><host name='h'/><identity keyfile='/k'/>" + "</source>"));
        // hosts: a name (and port, transport tcp or rdma), or transport unix and a socket
        e.put("host dns name", host("name='host-1.example.org'"));
        e.put("host ipv4", host("name='192.0.2.1'"));
        for (String v6 : List.of(
                "::1",
                "::",
                "fe80::1",
                "2001:db8:0:0:0:0:0:1",
                "2001:db8::",
                "1:2:3:4:5:6::8",
                "1::2:3:4:5:6:7",
                "::ffff:192.0.2.1",
                "1:2:3:4:5:6:192.0.2.1",
                ":192.0.2.1",
                "1:2:3:4:5::192.0.2.1",
                "1:2:3:4:5:6:7:8:9",
                "1::2::3",
                "12345::1",
                "12::34567",
                "::12345",
                "1:12345::1",
                "g::1",
                "::ffff:192.0.2.256")) {
            e.put("host ipv6 " + v6, host("name='" + v6 + "'"));
        }
        e.put("host name with underscore", host("name='a_b'"));
        e.put("host name empty", host("name=''"));
        e.put("host without name", host("port='1'"));
        e.put("host port 0", host("name='h' port='0'"));
        e.put("host port max", host("name='h' port='4294967295'"));
        e.put("host port too large", host("name='h' port='4294967296'"));
        e.put("host port negative", host("name='h' port='-1'"));
        e.put("host port with blank", host("name='h' port='22 '"));
        e.put("host port empty", host("name='h' port=''"));
        e.put("host transport tcp", host("name='h' transport='tcp'"));
        e.put("host transport rdma", host("name='h' transport='rdma'"));
        e.put("host transport udp", host("name='h' transport='udp'"));
        e.put("host unix socket", host("transport='unix' socket='/run/nbd.sock'"));
        e.put("host unix socket with blanks around the transport", host("transport=' unix ' socket='/run/nbd.sock'"));
        e.put("host unix without socket", host("transport='unix'"));
        e.put("host unix with name", host("transport='unix' socket='/s' name='h'"));
        e.put("host unix with port", host("transport='unix' socket='/s' port='1'"));
        e.put("host socket without unix", host("name='h' socket='/s'"));
        e.put("host socket relative", host("transport='unix' socket='s'"));
        e.put("host with a child", net("<source protocol='nbd'><host name='h'><port>1</port></host></source>"));
        // auth: a username and one secret of type ceph or iscsi, uuid or usage
        String rbd = "<source protocol='rbd' name='p/i'>";
        e.put("auth usage", net(rbd + "<auth username='u'><secret type='ceph' usage='client.admin'/></auth></source>"));
        e.put(
                "auth usage with slash",
                net(rbd + "<auth username='u'><secret type='ceph' usage='a/b'/></auth></source>"));
        e.put("auth usage empty", net(rbd + "<auth username='u'><secret type='ceph' usage=''/></auth></source>"));
        e.put(
                "auth usage with line break",
                net(rbd + "<auth username='u'><secret type='ceph' usage='a&#10;b'/>" + "</auth></source>"));
        e.put("auth passphrase", net(rbd + "<auth username='u'><secret type='passphrase' usage='s'/></auth></source>"));
        e.put(
                "auth type with blanks",
                net(rbd + "<auth username='u'><secret type=' ceph ' usage='s'/></auth></source>"));
        e.put("auth without secret", net(rbd + "<auth username='u'/></source>"));
        e.put(
                "auth two secrets",
                net(rbd + "<auth username='u'><secret type='ceph' usage='a'/>"
                        + "<secret type='ceph' usage='b'/></auth></source>"));
        e.put("auth without username", net(rbd + "<auth><secret type='ceph' usage='s'/></auth></source>"));
        e.put(
                "auth username with blank",
                net(rbd + "<auth username='a b'><secret type='ceph' usage='s'/></auth>" + "</source>"));
        e.put("auth secret neither", net(rbd + "<auth username='u'><secret type='ceph'/></auth></source>"));
        e.put(
                "auth secret both",
                net(rbd + "<auth username='u'><secret type='ceph' usage='s' uuid='" + UUID + "'/></auth></source>"));
        // the cookie: elements of any name, any attributes and text inside them, nothing of its own
        e.put("cookie", snap("<cookie><cpu mode='custom'><model>qemu64</model></cpu><x:y xmlns:x='urn:x'/></cookie>"));
        e.put("cookie empty", snap("<cookie/>"));
        e.put("cookie text", snap("<cookie>text</cookie>"));
        e.put("cookie attribute", snap("<cookie a='1'/>"));
        // the embedded domain, as far as this library looks at it: which root children it is
        e.put(
                "two domains",
                snap("<domain><uuid>" + UUID + "</uuid></domain><domain><uuid>" + UUID + "</uuid></domain>"));
        e.put("inactiveDomain", snap("<inactiveDomain type='kvm'><name>g</name></inactiveDomain>"));
        changesBetweenReleases(e);
        return e;
    }

    /**
     * What changed in libvirt's snapshot schema after 9.0, each with its invalid forms: taken by
     * the releases that have it, refused by the others (libvirt's own schemas say which).
     */
    private static void changesBetweenReleases(Map<String, String> e) {
        // <revertDisks> (9.7): a list of snapshot disks, as <disks>
        e.put("revertDisks", snap("<revertDisks><disk name='vda' snapshot='internal'/></revertDisks>"));
        e.put("revertDisks empty", snap("<revertDisks/>"));
        e.put(
                "revertDisks external",
                snap("<revertDisks><disk name='vda' snapshot='external' type='file'><driver type='qcow2'/>"
                        + "<source file='/a.1700000000'/></disk><disk name='vdb' snapshot='no'/></revertDisks>"));
        e.put("revertDisks with a bad mode", snap("<revertDisks><disk name='vda' snapshot='bogus'/></revertDisks>"));
        e.put("revertDisks with text", snap("<revertDisks>x</revertDisks>"));
        e.put("revertDisks with another element", snap("<revertDisks><volume name='vda'/></revertDisks>"));
        e.put("revertDisks twice", snap("<revertDisks/><revertDisks/>"));
        e.put(
                "revertDisks disk no with source",
                snap("<revertDisks><disk name='vda' snapshot='no'><source file='/a'/></disk></revertDisks>"));
        // <snapshotDeleteInProgress/> (9.2): in a file or block disk
        e.put("snapshotDeleteInProgress", fileSource("<source file='/a'/><snapshotDeleteInProgress/>"));
        e.put("snapshotDeleteInProgress alone", fileSource("<snapshotDeleteInProgress/>"));
        e.put(
                "snapshotDeleteInProgress on a block disk",
                disks("<disk name='vda' type='block'><snapshotDeleteInProgress/><source dev='/dev/sdb'/></disk>"));
        e.put(
                "snapshotDeleteInProgress on a disk that is not external",
                disks("<disk name='vda' snapshot='internal'><snapshotDeleteInProgress/></disk>"));
        e.put(
                "snapshotDeleteInProgress with text",
                fileSource("<snapshotDeleteInProgress>x</snapshotDeleteInProgress>"));
        e.put(
                "snapshotDeleteInProgress with blanks",
                fileSource("<snapshotDeleteInProgress>\n</snapshotDeleteInProgress>"));
        e.put("snapshotDeleteInProgress with an attribute", fileSource("<snapshotDeleteInProgress when='now'/>"));
        e.put("snapshotDeleteInProgress twice", fileSource("<snapshotDeleteInProgress/><snapshotDeleteInProgress/>"));
        e.put(
                "snapshotDeleteInProgress in the source",
                fileSource("<source file='/a'><snapshotDeleteInProgress/></source>"));
        // nbd's <reconnect> (9.2): enabled (and a timeout), or a delay
        String nbd = "<source protocol='nbd'><host name='h'/>";
        e.put("nbd reconnect delay", net(nbd + "<reconnect delay='5'/></source>"));
        e.put("nbd reconnect delay 0", net(nbd + "<reconnect delay='0'/></source>"));
        e.put("nbd reconnect enabled no", net(nbd + "<reconnect enabled='no'/></source>"));
        e.put("nbd reconnect enabled with timeout", net(nbd + "<reconnect enabled='yes' timeout='10'/></source>"));
        e.put(
                "nbd reconnect before host",
                net("<source protocol='nbd'><reconnect delay='1'/><host name='h'/></source>"));
        e.put("nbd reconnect delay and enabled", net(nbd + "<reconnect enabled='yes' delay='5'/></source>"));
        e.put("nbd reconnect delay and timeout", net(nbd + "<reconnect delay='5' timeout='1'/></source>"));
        e.put("nbd reconnect timeout alone", net(nbd + "<reconnect timeout='10'/></source>"));
        e.put("nbd reconnect empty", net(nbd + "<reconnect/></source>"));
        e.put("nbd reconnect delay not a number", net(nbd + "<reconnect delay='soon'/></source>"));
        e.put("nbd reconnect delay too large", net(nbd + "<reconnect delay='4294967296'/></source>"));
        e.put("nbd reconnect enabled maybe", net(nbd + "<reconnect enabled='maybe'/></source>"));
        e.put("nbd reconnect with a child", net(nbd + "<reconnect delay='1'><x/></reconnect></source>"));
        e.put("nbd reconnect twice", net(nbd + "<reconnect delay='1'/><reconnect delay='2'/></source>"));
        e.put("rbd reconnect", net("<source protocol='rbd' name='p/i'><reconnect delay='1'/></source>"));
        e.put("file source reconnect", inFileSource("<reconnect delay='1'/>"));
        // the ssh protocol (9.8): a name, one host, known hosts, an identity or an auth
        String ssh = "<source protocol='ssh' name='/var/lib/images/d.qcow2'><host name='h' port='22'/>";
        e.put("ssh", net(ssh + "</source>"));
        e.put(
                "ssh everything",
                net(ssh + "<knownHosts path='/root/.ssh/known_hosts'/><identity username='root'"
                        + " keyfile='/root/.ssh/id_ed25519'/><readahead size='65536'/><timeout seconds='5'/>"
                        + "<encryption format='luks'/></source>"));
        e.put("ssh identity agentsock", net(ssh + "<identity username='u' agentsock='/run/ssh-agent'/></source>"));
        e.put("ssh auth", net(ssh + "<auth username='u'><secret type='ceph' usage='s'/></auth></source>"));
        e.put(
                "ssh identity and auth",
                net(ssh + "<identity username='u' keyfile='/k'/><auth username='u'><secret type='ceph' usage='s'/>"
                        + "</auth></source>"));
        e.put("ssh identity without username", net(ssh + "<identity keyfile='/k'/></source>"));
        e.put(
                "ssh identity keyfile and agentsock",
                net(ssh + "<identity username='u' keyfile='/k' agentsock='/a'/></source>"));
        e.put("ssh identity without key", net(ssh + "<identity username='u'/></source>"));
        e.put("ssh identity of nfs", net(ssh + "<identity user='qemu' group='kvm'/></source>"));
        e.put("ssh identity keyfile relative", net(ssh + "<identity username='u' keyfile='id_rsa'/></source>"));
        e.put("ssh identity username with a blank", net(ssh + "<identity username='a b' keyfile='/k'/></source>"));
        e.put("ssh knownHosts relative", net(ssh + "<knownHosts path='known_hosts'/></source>"));
        e.put("ssh knownHosts without path", net(ssh + "<knownHosts/></source>"));
        e.put("ssh knownHosts with a child", net(ssh + "<knownHosts path='/k'><x/></knownHosts></source>"));
        e.put("ssh knownHosts twice", net(ssh + "<knownHosts path='/k'/><knownHosts path='/l'/></source>"));
        e.put("ssh without name", net("<source protocol='ssh'><host name='h'/></source>"));
        e.put("ssh without host", net("<source protocol='ssh' name='/i'/>"));
        e.put("ssh two hosts", net("<source protocol='ssh' name='/i'><host name='a'/><host name='b'/></source>"));
        e.put("ssh tls", net("<source protocol='ssh' name='/i' tls='yes'><host name='h'/></source>"));
        e.put("ssh query", net("<source protocol='ssh' name='/i' query='a'><host name='h'/></source>"));
        e.put("ssh cookies", net(ssh + "<cookies><cookie name='a'>b</cookie></cookies></source>"));
        e.put("nbd knownHosts", net(nbd + "<knownHosts path='/k'/></source>"));
        e.put(
                "nfs identity with username",
                net("<source protocol='nfs' name='/e'><host name='h'/>"
                        + "<identity username='u' keyfile='/k'/></source>"));
        // layered encryption (9.3): luks-any, a secret per layer, cipher and ivgen in any order
        String secret = "<secret type='passphrase' usage='s'/>";
        String cipher = "<cipher name='aes' size='256' mode='xts' hash='sha256'/>";
        String ivgen = "<ivgen name='plain64' hash='sha256'/>";
        e.put("encryption format luks-any", inFileSource("<encryption format='luks-any'/>"));
        e.put(
                "encryption format luks-any with a secret",
                inFileSource("<encryption format='luks-any'>" + secret + "</encryption>"));
        e.put("encryption format LUKS-ANY", inFileSource("<encryption format='LUKS-ANY'/>"));
        e.put(
                "encryption three secrets",
                inFileSource("<encryption format='luks2' engine='librbd'>" + secret + "<secret type='passphrase' uuid='"
                        + UUID + "'/>" + secret + "</encryption>"));
        e.put(
                "encryption ivgen secret cipher",
                inFileSource("<encryption format='luks'>" + ivgen + secret + cipher + "</encryption>"));
        e.put(
                "encryption two secrets around cipher and ivgen",
                inFileSource("<encryption format='luks'>" + secret + cipher + ivgen + secret + "</encryption>"));
        e.put(
                "encryption two secrets, one of ceph",
                inFileSource("<encryption format='luks'>" + secret + "<secret type='ceph' usage='c'/></encryption>"));
        e.put(
                "encryption two secrets, one without uuid or usage",
                inFileSource("<encryption format='luks'>" + secret + "<secret type='passphrase'/></encryption>"));
        e.put(
                "encryption ivgen twice",
                inFileSource("<encryption format='luks'>" + secret + cipher + ivgen + ivgen + "</encryption>"));
        e.put(
                "rbd encryption layered",
                net("<source protocol='rbd' name='p/i'><encryption format='luks2' engine='librbd'>" + secret
                        + "<secret type='passphrase' usage='t'/></encryption></source>"));
        // an nfs source without identity (11.3): see "nfs without identity" above
        e.put(
                "nfs without identity, with slices",
                net("<source protocol='nfs' name='/e'><host name='h'/><slices>"
                        + "<slice type='storage' offset='0' size='1'/></slices></source>"));
        // disks named by an NVMe target (11.5)
        for (String name : List.of("nvme0n1", "nvme12n3p4", "nvme0n1p", "nvme0", "nvmen1", "NVME0N1", " nvme0n1")) {
            e.put("disk name '" + name + "'", disks("<disk name='" + name + "' snapshot='no'/>"));
        }
        dataStores(e);
    }

    /**
     * {@code <dataStore>} (10.10): a format and any of a domain disk's sources, in a source of any
     * kind; its ctl source (12.0) and its reservations' migration (12.9) later still.
     */
    private static void dataStores(Map<String, String> e) {
        String raw = "<format type='raw'/>";
        String fileStore = "<dataStore type='file'>" + raw + "<source file='/d.raw'/></dataStore>";
        // where it goes: a file or block disk's source, after its slices and before its encryption; any network source
        e.put("dataStore", inFileSource(fileStore));
        e.put(
                "dataStore in a block disk",
                disks("<disk name='vda' type='block'><source dev='/dev/sdb'>" + fileStore + "</source></disk>"));
        e.put("dataStore in an rbd source", net("<source protocol='rbd' name='p/i'>" + fileStore + "</source>"));
        e.put(
                "dataStore in an nbd source, first",
                net("<source protocol='nbd'>" + fileStore + "<host name='h'/></source>"));
        e.put(
                "dataStore between slices and encryption",
                inFileSource("<seclabel relabel='no'/><slices><slice type='storage' offset='0' size='1'/></slices>"
                        + fileStore + "<encryption format='luks'/>"));
        e.put("dataStore after encryption", inFileSource("<encryption format='luks'/>" + fileStore));
        e.put(
                "dataStore before slices",
                inFileSource(fileStore + "<slices><slice type='storage' offset='0' size='1'/></slices>"));
        e.put("dataStore before seclabel", inFileSource(fileStore + "<seclabel relabel='no'/>"));
        e.put("dataStore twice", inFileSource(fileStore + fileStore));
        e.put(
                "dataStore in revertDisks",
                snap("<revertDisks><disk name='vda'><source file='/a'>" + fileStore
                        + "</source></disk></revertDisks>"));
        e.put("dataStore beside the source", fileSource("<source file='/a'/>" + fileStore));
        // the store itself: a format (required) and a source, in any order
        e.put("dataStore without type", inFileSource("<dataStore>" + raw + "<source file='/d'/></dataStore>"));
        e.put(
                "dataStore source first",
                inFileSource("<dataStore type='file'><source file='/d'/>" + raw + "</dataStore>"));
        e.put("dataStore without source", inFileSource("<dataStore type='file'>" + raw + "</dataStore>"));
        e.put("dataStore without format", inFileSource("<dataStore type='file'><source file='/d'/></dataStore>"));
        e.put("dataStore empty", inFileSource("<dataStore/>"));
        e.put("dataStore two formats", inFileSource("<dataStore>" + raw + raw + "</dataStore>"));
        e.put(
                "dataStore two sources",
                inFileSource("<dataStore>" + raw + "<source file='/d'/><source file='/e'/>" + "</dataStore>"));
        e.put("dataStore with text", inFileSource("<dataStore>x" + raw + "</dataStore>"));
        e.put("dataStore with another element", inFileSource("<dataStore>" + raw + "<driver/></dataStore>"));
        e.put("dataStore with another attribute", inFileSource("<dataStore name='d'>" + raw + "</dataStore>"));
        e.put("dataStore type bogus", inFileSource("<dataStore type='bogus'>" + raw + "</dataStore>"));
        e.put("dataStore type with blanks", inFileSource("<dataStore type=' file '>" + raw + "</dataStore>"));
        for (String format : List.of("raw", "qcow2", "luks", "ploop", "dir", "vmdk", "QCOW2", "bogus", "")) {
            e.put(
                    "dataStore format '" + format + "'",
                    inFileSource("<dataStore><format type='" + format + "'/></dataStore>"));
        }
        e.put("dataStore format without type", inFileSource("<dataStore><format/></dataStore>"));
        e.put(
                "dataStore format metadata_cache",
                inFileSource("<dataStore><format type='qcow2'><metadata_cache><max_size unit='KiB'>1024</max_size>"
                        + "</metadata_cache></format></dataStore>"));
        e.put(
                "dataStore format metadata_cache bad",
                inFileSource("<dataStore><format type='qcow2'><metadata_cache><max_size>x</max_size>"
                        + "</metadata_cache></format></dataStore>"));
        e.put("dataStore format with text", inFileSource("<dataStore><format type='raw'>x</format></dataStore>"));
        // a file store: a file (an absolute or a VMware path) and its fdgroup, seclabels, slices, encryption, any order
        String store = "<dataStore type='file'>" + raw;
        e.put("dataStore file empty source", inFileSource(store + "<source/></dataStore>"));
        e.put(
                "dataStore file vmware path",
                inFileSource(store + "<source file='[datastore1] vm/d.vmdk'/></dataStore>"));
        e.put("dataStore file relative", inFileSource(store + "<source file='d.raw'/></dataStore>"));
        e.put("dataStore file fdgroup", inFileSource(store + "<source file='/d' fdgroup='g'/></dataStore>"));
        e.put("dataStore file fdgroup without file", inFileSource(store + "<source fdgroup='g'/></dataStore>"));
        e.put(
                "dataStore file everything, any order",
                inFileSource(store + "<source file='/d' index='2'><encryption format='luks'>" + "<secret"
                        + " type='passphrase' usage='s'/></encryption><seclabel relabel='no'/><slices>"
                        + "<slice type='storage' offset='0' size='1'/></slices><seclabel model='dac'><label>l</label>"
                        + "</seclabel></source></dataStore>"));
        e.put(
                "dataStore file seclabel bad",
                inFileSource(store + "<source file='/d'><seclabel/></source></dataStore>"));
        e.put("dataStore file dev", inFileSource(store + "<source dev='/dev/sdb'/></dataStore>"));
        e.put(
                "dataStore file startupPolicy",
                inFileSource(store + "<source file='/d' startupPolicy='optional'/></dataStore>"));
        e.put(
                "dataStore file privateData",
                inFileSource(store + "<source file='/d'><privateData/></source></dataStore>"));
        e.put("dataStore file host", inFileSource(store + "<source file='/d'><host name='h'/></source></dataStore>"));
        e.put(
                "dataStore file reservations",
                inFileSource(store + "<source file='/d'><reservations/></source></dataStore>"));
        e.put(
                "dataStore file encryption twice",
                inFileSource(store + "<source file='/d'><encryption format='luks'/>"
                        + "<encryption format='luks'/></source></dataStore>"));
        e.put(
                "dataStore file nested dataStore",
                inFileSource(store + "<source file='/d'><dataStore type='block'>" + raw + "<source dev='/dev/sdc'/>"
                        + "</dataStore></source></dataStore>"));
        // block: a device (a path or a name), reservations
        String block = "<dataStore type='block'>" + raw;
        e.put("dataStore block", inFileSource(block + "<source dev='/dev/sdc'/></dataStore>"));
        e.put("dataStore block device name", inFileSource(block + "<source dev='sdc'/></dataStore>"));
        e.put("dataStore block device name with a blank", inFileSource(block + "<source dev='sd c'/></dataStore>"));
        e.put("dataStore block without source", inFileSource(block + "</dataStore>"));
        e.put("dataStore block without dev", inFileSource(block + "<source/></dataStore>"));
        e.put("dataStore block file", inFileSource(block + "<source file='/d'/></dataStore>"));
        e.put(
                "dataStore block reservations",
                inFileSource(block + "<source dev='/dev/sdc'><reservations" + " managed='yes'/></source></dataStore>"));
        e.put(
                "dataStore block reservations empty",
                inFileSource(block + "<source dev='/dev/sdc'><reservations/>" + "</source></dataStore>"));
        e.put(
                "dataStore block reservations migration",
                inFileSource(block + "<source dev='/dev/sdc'><reservations"
                        + " managed='no' migration='yes'/></source></dataStore>"));
        e.put(
                "dataStore block reservations migration maybe",
                inFileSource(
                        block + "<source dev='/dev/sdc'>" + "<reservations migration='maybe'/></source></dataStore>"));
        e.put(
                "dataStore block reservations socket",
                inFileSource(block + "<source dev='/dev/sdc'><reservations managed='no'><source type='unix'"
                        + " path='/run/pr.sock' mode='client'><reconnect enabled='yes' timeout='3'/></source>"
                        + "</reservations></source></dataStore>"));
        e.put(
                "dataStore block reservations socket without mode",
                inFileSource(block + "<source dev='/dev/sdc'><reservations><source type='unix' path='/run/pr.sock'/>"
                        + "</reservations></source></dataStore>"));
        e.put(
                "dataStore block reservations socket reconnect with delay and enabled",
                inFileSource(block + "<source dev='/dev/sdc'><reservations><source type='unix' path='/s'"
                        + " mode='server'><reconnect enabled='no' delay='1'/></source></reservations></source>"
                        + "</dataStore>"));
        // dir
        String dir = "<dataStore type='dir'>" + raw;
        e.put("dataStore dir", inFileSource(dir + "<source dir='/srv/d'/></dataStore>"));
        e.put("dataStore dir without dir", inFileSource(dir + "<source/></dataStore>"));
        e.put("dataStore dir without source", inFileSource(dir + "</dataStore>"));
        e.put(
                "dataStore dir seclabel",
                inFileSource(dir + "<source dir='/d'><seclabel relabel='no'/></source></dataStore>"));
        // network: a network disk's source
        String network = "<dataStore type='network'>" + raw;
        e.put(
                "dataStore network",
                inFileSource(network + "<source protocol='rbd' name='p/d'><host name='m'/>" + "</source></dataStore>"));
        e.put(
                "dataStore network nbd",
                inFileSource(network + "<source protocol='nbd'><host transport='unix'"
                        + " socket='/run/nbd'/><reconnect delay='3'/></source></dataStore>"));
        e.put(
                "dataStore network ssh",
                inFileSource(network + "<source protocol='ssh' name='/d'><host name='h'/>"
                        + "<identity username='u' agentsock='/a'/></source></dataStore>"));
        e.put(
                "dataStore network nfs without identity",
                inFileSource(network + "<source protocol='nfs' name='/d'>" + "<host name='h'/></source></dataStore>"));
        e.put("dataStore network without source", inFileSource(network + "</dataStore>"));
        e.put("dataStore network without protocol", inFileSource(network + "<source name='p/d'/></dataStore>"));
        e.put("dataStore network nbd without host", inFileSource(network + "<source protocol='nbd'/></dataStore>"));
        e.put(
                "dataStore network file",
                inFileSource(network + "<source protocol='rbd' name='p/d' file='/f'/>" + "</dataStore>"));
        e.put(
                "dataStore network bad host",
                inFileSource(network + "<source protocol='gluster' name='v/d'>"
                        + "<host name='a b'/></source></dataStore>"));
        // volume: a pool and a volume of it
        String volume = "<dataStore type='volume'>" + raw;
        e.put(
                "dataStore volume",
                inFileSource(volume + "<source pool='default' volume='d.raw' mode='host'/></dataStore>"));
        e.put("dataStore volume without mode", inFileSource(volume + "<source pool='p' volume='.d'/></dataStore>"));
        e.put(
                "dataStore volume mode bad",
                inFileSource(volume + "<source pool='p' volume='v' mode='guest'/></dataStore>"));
        e.put("dataStore volume without pool", inFileSource(volume + "<source volume='v'/></dataStore>"));
        e.put("dataStore volume without volume", inFileSource(volume + "<source pool='p'/></dataStore>"));
        for (String name : List.of(".", "..", "...", "a/b", "a b", "")) {
            e.put(
                    "dataStore volume named '" + name + "'",
                    inFileSource(volume + "<source pool='p' volume='" + name + "'/></dataStore>"));
        }
        e.put(
                "dataStore volume pool with a slash",
                inFileSource(volume + "<source pool='p/q' volume='v'/></dataStore>"));
        e.put(
                "dataStore volume seclabel",
                inFileSource(
                        volume + "<source pool='p' volume='v'><seclabel relabel='no'/>" + "</source></dataStore>"));
        // nvme: a PCI address and a namespace
        String nvme = "<dataStore type='nvme'>" + raw;
        String address = "<address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>";
        e.put(
                "dataStore nvme",
                inFileSource(
                        nvme + "<source type='pci' managed='yes' namespace='1'>" + address + "</source></dataStore>"));
        e.put("dataStore nvme without source", inFileSource(nvme + "</dataStore>"));
        e.put("dataStore nvme without address", inFileSource(nvme + "<source type='pci' namespace='1'/></dataStore>"));
        e.put(
                "dataStore nvme without namespace",
                inFileSource(nvme + "<source type='pci'>" + address + "</source>" + "</dataStore>"));
        e.put(
                "dataStore nvme without type",
                inFileSource(nvme + "<source namespace='1'>" + address + "</source>" + "</dataStore>"));
        e.put(
                "dataStore nvme type unix",
                inFileSource(nvme + "<source type='unix' namespace='1'>" + address + "</source></dataStore>"));
        e.put(
                "dataStore nvme with a path",
                inFileSource(nvme + "<source type='pci' namespace='1' path='/p'>" + address + "</source></dataStore>"));
        e.put(
                "dataStore nvme managed maybe",
                inFileSource(nvme + "<source type='pci' namespace='1' managed='maybe'>" + address
                        + "</source></dataStore>"));
        e.put(
                "dataStore nvme address twice",
                inFileSource(nvme + "<source type='pci' namespace='1'>" + address + address + "</source></dataStore>"));
        e.put(
                "dataStore nvme address empty",
                inFileSource(nvme + "<source type='pci' namespace='1'><address/>" + "</source></dataStore>"));
        e.put(
                "dataStore nvme address multifunction",
                inFileSource(nvme + "<source type='pci' namespace='1'>"
                        + "<address bus='1' multifunction='on'/></source></dataStore>"));
        e.put(
                "dataStore nvme address multifunction yes",
                inFileSource(nvme + "<source type='pci' namespace='1'>"
                        + "<address multifunction='yes'/></source></dataStore>"));
        Map<String, List<String>> numbers = new LinkedHashMap<>();
        numbers.put(
                "namespace",
                List.of(
                        "0",
                        "0x1",
                        "ffffffff",
                        "0xFFFFFFFF",
                        "4294967295",
                        "4294967296",
                        "0x100000000",
                        " 1",
                        "1 ",
                        "+1",
                        "-0",
                        "-1",
                        "",
                        "x"));
        numbers.put("domain", List.of("0", "0x0000", "0xffff", "4294967295", "4294967296", " 7 ", "+7", "g"));
        numbers.put("bus", List.of("0", "0x0", "0xff", "0x100", "255", "256", "ff", " 1", "+1", "-0", "-1", "01"));
        numbers.put("slot", List.of("0", "0x1f", "0x20", "1f", "20", "31", "32", " 31 ", "+3", "-0", "0x"));
        numbers.put("function", List.of("0", "7", "8", "0x7", "0x8", " 7", "+7", "-0", "007", "a"));
        for (Map.Entry<String, List<String>> n : numbers.entrySet()) {
            for (String v : n.getValue()) {
                String source = n.getKey().equals("namespace")
                        ? "<source type='pci' namespace='" + v + "'>" + address + "</source>"
                        : "<source type='pci' namespace='1'><address " + n.getKey() + "='" + v + "'/></source>";
                e.put("dataStore nvme " + n.getKey() + " '" + v + "'", inFileSource(nvme + source + "</dataStore>"));
            }
        }
        // vhostuser: a unix socket; vhostvdpa and ctl (12.0): a device's path
        String vhostuser = "<dataStore type='vhostuser'>" + raw;
        e.put(
                "dataStore vhostuser",
                inFileSource(vhostuser + "<source type='unix' path='/run/vhost.sock'/></dataStore>"));
        e.put(
                "dataStore vhostuser reconnect",
                inFileSource(vhostuser + "<source type='unix' path='/s'><reconnect"
                        + " enabled='yes' timeout='5'/></source></dataStore>"));
        e.put(
                "dataStore vhostuser reconnect delay",
                inFileSource(
                        vhostuser + "<source type='unix' path='/s'>" + "<reconnect delay='5'/></source></dataStore>"));
        e.put("dataStore vhostuser without source", inFileSource(vhostuser + "</dataStore>"));
        e.put("dataStore vhostuser without type", inFileSource(vhostuser + "<source path='/s'/></dataStore>"));
        e.put("dataStore vhostuser type pci", inFileSource(vhostuser + "<source type='pci' path='/s'/></dataStore>"));
        e.put(
                "dataStore vhostuser with index",
                inFileSource(vhostuser + "<source type='unix' path='/s' index='1'/>" + "</dataStore>"));
        e.put(
                "dataStore vhostuser with slices",
                inFileSource(vhostuser + "<source type='unix' path='/s'><slices>"
                        + "<slice type='storage' offset='0' size='1'/></slices></source></dataStore>"));
        for (String type : List.of("vhostvdpa", "ctl")) {
            String s = "<dataStore type='" + type + "'>" + raw;
            e.put("dataStore " + type, inFileSource(s + "<source dev='/dev/vhost-vdpa-0'/></dataStore>"));
            e.put("dataStore " + type + " without source", inFileSource(s + "</dataStore>"));
            e.put("dataStore " + type + " device name", inFileSource(s + "<source dev='vhost-vdpa-0'/></dataStore>"));
            e.put("dataStore " + type + " without dev", inFileSource(s + "<source/></dataStore>"));
            e.put(
                    "dataStore " + type + " with a child",
                    inFileSource(s + "<source dev='/d'><seclabel relabel='no'/>" + "</source></dataStore>"));
            e.put("dataStore " + type + " with index", inFileSource(s + "<source dev='/d' index='1'/></dataStore>"));
        }
    }
}
