package io.github.domainsnapshot.codec;

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
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * Writes a snapshot the way libvirt's virDomainSnapshotDefFormat does: libvirt's element order,
 * two spaces of indent, single-quoted attributes, and libvirt's escaping of the five markup
 * characters. Content libvirt does not know (unknown elements and attributes) follows the known
 * content of its parent.
 *
 * <p>Where libvirt's own output would lose what the document says, this writer keeps it: an
 * attribute value's line breaks and tabs are written as character references (libvirt writes
 * them raw, and a parser turns them into spaces), and a disk's {@code type} is kept even when the
 * disk has no source path.
 */
final class LibvirtFormatter {
    private final StringBuilder out;

    LibvirtFormatter(StringBuilder out) {
        this.out = out;
    }

    void snapshot(DomainSnapshot s) {
        out.append("<domainsnapshot");
        otherAttributes(s.getOtherAttributes());
        out.append(">\n");
        int in = 2;
        textElement(in, "name", s.getName());
        textElement(in, "description", s.getDescription());
        textElement(in, "state", s.getState());
        parent(in, s.getParent());
        textElement(in, "creationTime", s.getCreationTime());
        memory(in, s.getMemory());
        diskList(in, "disks", s.getDisks());
        diskList(in, "revertDisks", s.getRevertDisks());
        embedded(in, s.getDomain());
        embedded(in, s.getInactiveDomain());
        embedded(in, s.getCookie());
        textElement(in, "active", s.getActive());
        unknown(in, s.getUnknownElements());
        out.append("</domainsnapshot>\n");
    }

    private void parent(int in, Parent p) {
        if (p == null) {
            return;
        }
        open(in, "parent");
        otherAttributes(p.getOtherAttributes());
        if (p.getName() == null && isEmpty(p.getUnknownElements())) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        textElement(in + 2, "name", p.getName());
        unknown(in + 2, p.getUnknownElements());
        close(in, "parent");
    }

    private void memory(int in, MemorySpec m) {
        if (m == null) {
            return;
        }
        open(in, "memory");
        attribute("snapshot", m.getSnapshot());
        attribute("file", m.getFile());
        otherAttributes(m.getOtherAttributes());
        endWithUnknown(in, "memory", m.getUnknownElements());
    }

    private void diskList(int in, String name, DiskSnapshotList list) {
        if (list == null) {
            return;
        }
        open(in, name);
        otherAttributes(list.getOtherAttributes());
        if (isEmpty(list.getDisks()) && isEmpty(list.getUnknownElements())) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        for (DiskSnapshot d : list.getDisks()) {
            disk(in + 2, d);
        }
        unknown(in + 2, list.getUnknownElements());
        close(in, name);
    }

    private void disk(int in, DiskSnapshot d) {
        Driver driver = SnapshotNormalizer.isEmpty(d.getDriver()) ? null : d.getDriver();
        Source source = SnapshotNormalizer.isEmpty(d.getSource()) ? null : d.getSource();
        boolean content = driver != null
                || source != null
                || d.getSnapshotDeleteInProgress() != null
                || !isEmpty(d.getUnknownElements());
        open(in, "disk");
        attribute("name", d.getName());
        attribute("snapshot", d.getSnapshot());
        String type = d.getType();
        if (type == null && (driver != null || source != null)) {
            type = "file";
        }
        attribute("type", type);
        otherAttributes(d.getOtherAttributes());
        if (!content) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        driver(in + 2, driver);
        source(in + 2, source);
        marker(in + 2, "snapshotDeleteInProgress", d.getSnapshotDeleteInProgress());
        unknown(in + 2, d.getUnknownElements());
        close(in, "disk");
    }

    private void driver(int in, Driver d) {
        if (d == null) {
            return;
        }
        open(in, "driver");
        attribute("type", d.getType());
        otherAttributes(d.getOtherAttributes());
        MetadataCache mc = d.getMetadataCache();
        if (mc == null && isEmpty(d.getUnknownElements())) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        if (mc != null) {
            open(in + 2, "metadata_cache");
            otherAttributes(mc.getOtherAttributes());
            if (mc.getMaxSize() == null && isEmpty(mc.getUnknownElements())) {
                out.append("/>\n");
            } else {
                out.append(">\n");
                ScaledInteger max = mc.getMaxSize();
                if (max != null) {
                    open(in + 4, "max_size");
                    attribute("unit", max.getUnit());
                    otherAttributes(max.getOtherAttributes());
                    textContent("max_size", max.getValue());
                }
                unknown(in + 4, mc.getUnknownElements());
                close(in + 2, "metadata_cache");
            }
        }
        unknown(in + 2, d.getUnknownElements());
        close(in, "driver");
    }

    private void source(int in, Source s) {
        if (s == null) {
            return;
        }
        open(in, "source");
        attribute("file", s.getFile());
        attribute("dev", s.getDev());
        attribute("protocol", s.getProtocol());
        attribute("name", s.getName());
        attribute("query", s.getQuery());
        attribute("tls", s.getTls());
        attribute("startupPolicy", s.getStartupPolicy());
        attribute("index", s.getIndex());
        otherAttributes(s.getOtherAttributes());
        int mark = out.length();
        out.append(">\n");
        int before = out.length();
        int c = in + 2;
        for (Host h : s.getHosts()) {
            open(c, "host");
            attribute("name", h.getName());
            attribute("port", h.getPort());
            attribute("transport", h.getTransport());
            attribute("socket", h.getSocket());
            otherAttributes(h.getOtherAttributes());
            endWithUnknown(c, "host", h.getUnknownElements());
        }
        named(c, "snapshot", s.getSnapshot());
        file(c, "config", s.getConfig());
        embedded(c, s.getCookies());
        embedded(c, s.getSsl());
        embedded(c, s.getReadahead());
        embedded(c, s.getTimeout());
        embedded(c, s.getInitiator());
        embedded(c, s.getReconnect());
        embedded(c, s.getIdentity());
        embedded(c, s.getKnownHosts());
        embedded(c, s.getSlices());
        for (Seclabel l : s.getSeclabels()) {
            seclabel(c, l);
        }
        auth(c, s.getAuth());
        encryption(c, s.getEncryption());
        embedded(c, s.getReservations());
        embedded(c, s.getPrivateData());
        unknown(c, s.getUnknownElements());
        if (out.length() == before) {
            out.setLength(mark);
            out.append("/>\n");
        } else {
            close(in, "source");
        }
    }

    private void named(int in, String name, NamedReference r) {
        if (r == null) {
            return;
        }
        open(in, name);
        attribute("name", r.getName());
        otherAttributes(r.getOtherAttributes());
        endWithUnknown(in, name, r.getUnknownElements());
    }

    private void file(int in, String name, FileReference r) {
        if (r == null) {
            return;
        }
        open(in, name);
        attribute("file", r.getFile());
        otherAttributes(r.getOtherAttributes());
        endWithUnknown(in, name, r.getUnknownElements());
    }

    private void seclabel(int in, Seclabel l) {
        open(in, "seclabel");
        attribute("model", l.getModel());
        attribute("relabel", l.getRelabel());
        attribute("labelskip", l.getLabelskip());
        otherAttributes(l.getOtherAttributes());
        if (isEmpty(l.getLabels()) && isEmpty(l.getUnknownElements())) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        for (String label : l.getLabels()) {
            textElement(in + 2, "label", label);
        }
        unknown(in + 2, l.getUnknownElements());
        close(in, "seclabel");
    }

    private void auth(int in, Auth a) {
        if (a == null) {
            return;
        }
        open(in, "auth");
        attribute("username", a.getUsername());
        otherAttributes(a.getOtherAttributes());
        if (a.getSecret() == null && isEmpty(a.getUnknownElements())) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        if (a.getSecret() != null) {
            secret(in + 2, a.getSecret());
        }
        unknown(in + 2, a.getUnknownElements());
        close(in, "auth");
    }

    private void encryption(int in, Encryption e) {
        if (e == null) {
            return;
        }
        open(in, "encryption");
        attribute("format", e.getFormat());
        attribute("engine", e.getEngine());
        otherAttributes(e.getOtherAttributes());
        if (isEmpty(e.getSecrets())
                && e.getCipher() == null
                && e.getIvgen() == null
                && isEmpty(e.getUnknownElements())) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        for (Secret s : e.getSecrets()) {
            secret(in + 2, s);
        }
        embedded(in + 2, e.getCipher());
        embedded(in + 2, e.getIvgen());
        unknown(in + 2, e.getUnknownElements());
        close(in, "encryption");
    }

    private void secret(int in, Secret s) {
        open(in, "secret");
        attribute("type", s.getType());
        attribute("uuid", s.getUuid());
        attribute("usage", s.getUsage());
        otherAttributes(s.getOtherAttributes());
        endWithUnknown(in, "secret", s.getUnknownElements());
    }

    private void marker(int in, String name, Marker m) {
        if (m == null) {
            return;
        }
        open(in, name);
        otherAttributes(m.getOtherAttributes());
        endWithUnknown(in, name, m.getUnknownElements());
    }

    private void embedded(int in, XmlElement e) {
        if (e != null) {
            new XmlElementWriter(out).libvirtStyle(e, in, true);
        }
    }

    private void unknown(int in, List<Element> elements) {
        if (elements == null) {
            return;
        }
        XmlElementWriter w = new XmlElementWriter(out);
        for (Element e : elements) {
            w.libvirtStyle(DomConversion.toXmlElement(e), in, false);
        }
    }

    private void endWithUnknown(int in, String name, List<Element> unknown) {
        if (isEmpty(unknown)) {
            out.append("/>\n");
        } else {
            out.append(">\n");
            unknown(in + 2, unknown);
            close(in, name);
        }
    }

    private void textElement(int in, String name, String text) {
        if (text == null) {
            return;
        }
        open(in, name);
        textContent(name, text);
    }

    private void textContent(String name, String text) {
        out.append('>');
        XmlEscaping.libvirtText(out, text);
        out.append("</").append(name).append(">\n");
    }

    private void open(int in, String name) {
        indent(in);
        out.append('<').append(name);
    }

    private void close(int in, String name) {
        indent(in);
        out.append("</").append(name).append(">\n");
    }

    private void indent(int in) {
        for (int i = 0; i < in; i++) {
            out.append(' ');
        }
    }

    private void attribute(String name, String value) {
        if (value != null) {
            out.append(' ').append(name).append("='");
            XmlEscaping.libvirtAttribute(out, value);
            out.append('\'');
        }
    }

    /**
     * Attributes the model does not know, in a stable order (the binding does not keep their
     * document order); a namespaced one declares its prefix on the same element.
     */
    private void otherAttributes(Map<QName, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return;
        }
        List<Map.Entry<QName, String>> entries = new ArrayList<>(attributes.entrySet());
        entries.sort(
                Comparator.comparing((Map.Entry<QName, String> e) -> e.getKey().getNamespaceURI())
                        .thenComparing(e -> e.getKey().getLocalPart()));
        List<String> declared = new ArrayList<>();
        int generated = 0;
        for (Map.Entry<QName, String> e : entries) {
            QName q = e.getKey();
            String name = q.getLocalPart();
            if (!q.getNamespaceURI().isEmpty()) {
                String prefix = q.getPrefix();
                if (prefix.isEmpty()) {
                    prefix = "ns" + ++generated;
                }
                if (!declared.contains(prefix)) {
                    declared.add(prefix);
                    attribute("xmlns:" + prefix, q.getNamespaceURI());
                }
                name = prefix + ':' + name;
            }
            attribute(name, e.getValue());
        }
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
