package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.model.Auth;
import io.github.domainsnapshot.model.Encryption;
import io.github.domainsnapshot.model.FileReference;
import io.github.domainsnapshot.model.Host;
import io.github.domainsnapshot.model.NamedReference;
import io.github.domainsnapshot.model.Seclabel;
import io.github.domainsnapshot.model.Secret;
import io.github.domainsnapshot.model.Source;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.profile.LibvirtProfile;
import io.github.domainsnapshot.profile.ValueSet;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;

/**
 * A snapshot disk's {@code <source>} as libvirt 9.0's parser reads it (virDomainStorageSourceParse
 * and what it calls), and what its formatter writes back of it.
 *
 * <p>Parsing stops at the first problem of a source, as libvirt does. The order: the type's own
 * content (a network source's protocol, name, tls, pool split, hosts, then its options), then
 * {@code <auth>}, {@code <encryption>}, {@code <reservations>}, the storage {@code <slice>} and the
 * {@code <seclabel>}s. What is written back is only what libvirt keeps: the attributes of the
 * disk's own type, defaults filled in (a tcp host's port, a seclabel's relabel), and nothing it
 * does not know.
 */
final class SourceRules {
    /** The port libvirt gives a tcp host without one (virStorageSourceNetworkDefaultPort); none for rbd and nfs. */
    private static final Map<String, Integer> DEFAULT_PORTS = Map.ofEntries(
            Map.entry("nbd", 10809),
            Map.entry("iscsi", 3260),
            Map.entry("gluster", 24007),
            Map.entry("http", 80),
            Map.entry("https", 443),
            Map.entry("ftp", 21),
            Map.entry("ftps", 990),
            Map.entry("tftp", 69),
            Map.entry("ssh", 22),
            Map.entry("sheepdog", 7000),
            Map.entry("vxhs", 9999));

    /** The protocols whose name is a pool (or volume) and an image: "pool/image". */
    private static final Set<String> POOL_PROTOCOLS = Set.of("rbd", "gluster");

    private static final Set<String> CURL_PROTOCOLS = Set.of("http", "https", "ftp", "ftps");
    private static final Set<String> YES_NO = Set.of("yes", "no");
    /** Characters RFC 6265 forbids in a cookie's name, besides control characters. */
    private static final String COOKIE_NAME_FORBIDDEN = "()<>@,;:\\\"/[]?={} \t";
    /** Characters RFC 6265 forbids in a cookie's value, besides control characters. */
    private static final String COOKIE_VALUE_FORBIDDEN = " \",;\\";

    private static final MessageKey NETWORK_PROTOCOL_MISSING = MessageKey.of(Rule.SOURCE_NETWORK, "protocol-missing");
    private static final MessageKey NETWORK_PROTOCOL_VALUE = MessageKey.of(Rule.SOURCE_NETWORK, "protocol-value");
    private static final MessageKey NETWORK_NAME_MISSING = MessageKey.of(Rule.SOURCE_NETWORK, "name-missing");
    private static final MessageKey NETWORK_TLS = MessageKey.of(Rule.SOURCE_NETWORK, "tls");
    private static final MessageKey NETWORK_POOL_SPLIT = MessageKey.of(Rule.SOURCE_NETWORK, "pool-split");
    private static final MessageKey HOST_TRANSPORT = MessageKey.of(Rule.SOURCE_HOST, "transport");
    private static final MessageKey HOST_SOCKET_MISSING = MessageKey.of(Rule.SOURCE_HOST, "socket-missing");
    private static final MessageKey HOST_NAME_MISSING = MessageKey.of(Rule.SOURCE_HOST, "name-missing");
    private static final MessageKey HOST_PORT_PARSE = MessageKey.of(Rule.SOURCE_HOST, "port-parse");
    private static final MessageKey HOST_PORT_RANGE = MessageKey.of(Rule.SOURCE_HOST, "port-range");
    private static final MessageKey NETWORK_OPTION_COOKIE_NAME_MISSING =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "cookie-name-missing");
    private static final MessageKey NETWORK_OPTION_COOKIE_NAME =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "cookie-name");
    private static final MessageKey NETWORK_OPTION_COOKIE_VALUE =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "cookie-value");
    private static final MessageKey NETWORK_OPTION_COOKIE_DUPLICATE =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "cookie-duplicate");
    private static final MessageKey NETWORK_OPTION_READAHEAD_TIMEOUT =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "readahead-timeout");
    private static final MessageKey NVME_TYPE_MISSING = MessageKey.of(Rule.SOURCE_NVME, "type-missing");
    private static final MessageKey NVME_TYPE_VALUE = MessageKey.of(Rule.SOURCE_NVME, "type-value");
    private static final MessageKey NVME_NAMESPACE_MISSING = MessageKey.of(Rule.SOURCE_NVME, "namespace-missing");
    private static final MessageKey NVME_NAMESPACE_VALUE = MessageKey.of(Rule.SOURCE_NVME, "namespace-value");
    private static final MessageKey NVME_MANAGED = MessageKey.of(Rule.SOURCE_NVME, "managed");
    private static final MessageKey NVME_ADDRESS_MISSING = MessageKey.of(Rule.SOURCE_NVME, "address-missing");
    private static final MessageKey NVME_MULTIFUNCTION = MessageKey.of(Rule.SOURCE_NVME, "multifunction");
    private static final MessageKey NVME_BUS = MessageKey.of(Rule.SOURCE_NVME, "bus");
    private static final MessageKey NVME_SLOT = MessageKey.of(Rule.SOURCE_NVME, "slot");
    private static final MessageKey NVME_FUNCTION = MessageKey.of(Rule.SOURCE_NVME, "function");
    private static final MessageKey NVME_NUMBER = MessageKey.of(Rule.SOURCE_NVME, "number");
    private static final MessageKey VHOSTUSER_TYPE_MISSING = MessageKey.of(Rule.SOURCE_VHOSTUSER, "type-missing");
    private static final MessageKey VHOSTUSER_TYPE_VALUE = MessageKey.of(Rule.SOURCE_VHOSTUSER, "type-value");
    private static final MessageKey VHOSTUSER_PATH_MISSING = MessageKey.of(Rule.SOURCE_VHOSTUSER, "path-missing");
    private static final MessageKey VHOSTUSER_TIMEOUT_MISSING = MessageKey.of(Rule.SOURCE_VHOSTUSER, "timeout-missing");
    private static final MessageKey VHOSTUSER_TIMEOUT_VALUE = MessageKey.of(Rule.SOURCE_VHOSTUSER, "timeout-value");
    private static final MessageKey VHOSTVDPA_DEV_MISSING = MessageKey.of(Rule.SOURCE_VHOSTVDPA, "dev-missing");
    private static final MessageKey AUTH_USERNAME = MessageKey.of(Rule.SOURCE_AUTH, "username");
    private static final MessageKey AUTH_SECRET_MISSING = MessageKey.of(Rule.SOURCE_AUTH, "secret-missing");
    private static final MessageKey ENCRYPTION_FORMAT_MISSING = MessageKey.of(Rule.SOURCE_ENCRYPTION, "format-missing");
    private static final MessageKey ENCRYPTION_FORMAT_VALUE = MessageKey.of(Rule.SOURCE_ENCRYPTION, "format-value");
    private static final MessageKey ENCRYPTION_ENGINE = MessageKey.of(Rule.SOURCE_ENCRYPTION, "engine");
    private static final MessageKey ENCRYPTION_SECRET_TYPE_MISSING =
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "secret-type-missing");
    private static final MessageKey ENCRYPTION_SECRET_TYPE_VALUE =
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "secret-type-value");
    private static final MessageKey ENCRYPTION_CIPHER_NAME = MessageKey.of(Rule.SOURCE_ENCRYPTION, "cipher-name");
    private static final MessageKey ENCRYPTION_CIPHER_SIZE_MISSING =
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "cipher-size-missing");
    private static final MessageKey ENCRYPTION_CIPHER_SIZE_VALUE =
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "cipher-size-value");
    private static final MessageKey ENCRYPTION_IVGEN_WITHOUT_CIPHER =
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "ivgen-without-cipher");
    private static final MessageKey ENCRYPTION_IVGEN_NAME = MessageKey.of(Rule.SOURCE_ENCRYPTION, "ivgen-name");
    private static final MessageKey RESERVATIONS_MANAGED_MISSING =
            MessageKey.of(Rule.SOURCE_RESERVATIONS, "managed-missing");
    private static final MessageKey RESERVATIONS_MANAGED_VALUE =
            MessageKey.of(Rule.SOURCE_RESERVATIONS, "managed-value");
    private static final MessageKey RESERVATIONS_TYPE_MISSING = MessageKey.of(Rule.SOURCE_RESERVATIONS, "type-missing");
    private static final MessageKey RESERVATIONS_PATH_MISSING = MessageKey.of(Rule.SOURCE_RESERVATIONS, "path-missing");
    private static final MessageKey RESERVATIONS_MODE_MISSING = MessageKey.of(Rule.SOURCE_RESERVATIONS, "mode-missing");
    private static final MessageKey RESERVATIONS_TYPE_VALUE = MessageKey.of(Rule.SOURCE_RESERVATIONS, "type-value");
    private static final MessageKey RESERVATIONS_MODE_VALUE = MessageKey.of(Rule.SOURCE_RESERVATIONS, "mode-value");
    private static final MessageKey SLICE_MISSING = MessageKey.of(Rule.SOURCE_SLICE, "missing");
    private static final MessageKey SLICE_OFFSET = MessageKey.of(Rule.SOURCE_SLICE, "offset");
    private static final MessageKey SLICE_SIZE = MessageKey.of(Rule.SOURCE_SLICE, "size");
    private static final MessageKey SECLABEL_MODEL_TWICE = MessageKey.of(Rule.SOURCE_SECLABEL, "model-twice");
    private static final MessageKey SECLABEL_RELABEL = MessageKey.of(Rule.SOURCE_SECLABEL, "relabel");
    private static final MessageKey SECLABEL_LABELSKIP = MessageKey.of(Rule.SOURCE_SECLABEL, "labelskip");
    private static final MessageKey NETWORK_OPTION_RECONNECT_DELAY =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "reconnect-delay");
    private static final MessageKey NETWORK_OPTION_KNOWN_HOSTS_PATH =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "known-hosts-path");
    private static final MessageKey NETWORK_OPTION_IDENTITY_USERNAME =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "identity-username");
    private static final MessageKey NETWORK_OPTION_IDENTITY_KEY =
            MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "identity-key");
    private static final MessageKey HOST_SOCKET_NOT_UNIX = MessageKey.of(Rule.SOURCE_HOST, "socket-not-unix");
    private static final MessageKey SECLABEL_LABEL_WITHOUT_RELABEL =
            MessageKey.of(Rule.SOURCE_SECLABEL, "label-without-relabel");
    private static final MessageKey NETWORK_OPTION_YES_NO = MessageKey.of(Rule.SOURCE_NETWORK_OPTION, "yes-no");
    private static final MessageKey VHOSTUSER_YES_NO = MessageKey.of(Rule.SOURCE_VHOSTUSER, "yes-no");

    private SourceRules() {}

    /** The first problem of a source, thrown to stop its parsing as libvirt stops. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient MessageKey key;
        final String path;
        final transient Object[] values;

        Refused(MessageKey key, String path, Object... values) {
            super(key.key, null, false, false);
            this.key = key;
            this.path = path;
            this.values = values;
        }
    }

    /**
     * Applies libvirt's rules to a source and reports the first problem.
     *
     * @param run the check
     * @param type the disk's type: file, block, network, nvme, vhostuser or vhostvdpa
     * @param source the source
     * @param path the source's path in the document
     * @return the path libvirt keeps (a file, a device, a network image), or null
     */
    static String parse(ValidationRun run, String type, Source source, String path) {
        try {
            return check(run.profile, type, source, path);
        } catch (Refused r) {
            run.add(r.key, r.path, r.values);
            return null;
        }
    }

    private static String check(LibvirtProfile profile, String type, Source source, String path) throws Refused {
        String kept = switch (type) {
            case "file" -> source.getFile();
            case "block" -> source.getDev();
            case "network" -> network(profile, source, path);
            case "nvme" -> {
                nvme(source, path);
                yield null;
            }
            case "vhostuser" -> {
                vhostUser(source, path);
                yield null;
            }
            case "vhostvdpa" -> {
                // virDomainDiskSourceVDPAParse requires the device (an empty one passes) and keeps it
                // as the vDPA device, not as the source's path
                if (source.getDev() == null) {
                    throw new Refused(VHOSTVDPA_DEV_MISSING, path);
                }
                yield null;
            }
            default -> null;
        };
        if (source.getAuth() != null) {
            auth(profile, source.getAuth(), path + "/auth");
        }
        if (source.getEncryption() != null) {
            encryption(profile, source.getEncryption(), path + "/encryption");
        }
        if (source.getReservations() != null) {
            reservations(source.getReservations(), path + "/reservations");
        }
        XmlElement slice = storageSlice(source);
        if (slice != null) {
            slice(slice, path + "/slices/slice");
        }
        seclabels(source.getSeclabels(), path);
        // a source path of '' is taken for none, as an empty CD-ROM drive's
        return kept == null || kept.isEmpty() ? null : kept;
    }

    // ---- network

    private static String network(LibvirtProfile profile, Source source, String path) throws Refused {
        String protocol = source.getProtocol();
        if (protocol == null) {
            throw new Refused(NETWORK_PROTOCOL_MISSING, path);
        }
        if (!profile.values(ValueSet.NETWORK_PROTOCOL).contains(protocol)) {
            throw new Refused(NETWORK_PROTOCOL_VALUE, path + "/@protocol", "protocol", protocol);
        }
        String name = source.getName();
        if (name == null && !protocol.equals("nbd")) {
            throw new Refused(NETWORK_NAME_MISSING, path);
        }
        // since namespaces came, the pool is split off before tls is read
        boolean namespaces = profile.has(Feature.NETWORK_NAME_NAMESPACES);
        String image = namespaces ? splitPool(protocol, name, true, path) : null;
        String tls = source.getTls();
        if (tls != null && !YES_NO.contains(tls)) {
            throw new Refused(NETWORK_TLS, path + "/@tls", "tls", tls);
        }
        if (protocol.equals("nbd") && profile.has(Feature.NBD_RECONNECT_DELAY) && source.getReconnect() != null) {
            String delay = source.getReconnect().attribute("delay");
            if (delay != null && unsignedInt(delay, 10) < 0) {
                throw new Refused(NETWORK_OPTION_RECONNECT_DELAY, path + "/reconnect/@delay", "value", delay);
            }
        }
        if (!namespaces) {
            image = splitPool(protocol, name, false, path);
        }
        List<Host> hosts = source.getHosts();
        for (int i = 0; i < hosts.size(); i++) {
            host(profile, hosts.get(i), path + "/host[" + (i + 1) + "]");
        }
        if (protocol.equals("https") || protocol.equals("ftps")) {
            yesNo(source.getSsl(), "ssl", "verify", path + "/ssl/@verify");
        }
        if (protocol.equals("http") || protocol.equals("https")) {
            cookies(source.getCookies(), path + "/cookies");
        }
        if (CURL_PROTOCOLS.contains(protocol)) {
            unsignedAttribute(source.getReadahead(), "size", path + "/readahead");
            unsignedAttribute(source.getTimeout(), "seconds", path + "/timeout");
        }
        if (protocol.equals("ssh") && profile.has(Feature.SSH_IDENTITY)) {
            sshIdentity(source, path);
        }
        return image;
    }

    /** An ssh source's known hosts file and identity: a path, a user name, and a key file or an agent. */
    private static void sshIdentity(Source source, String path) throws Refused {
        XmlElement knownHosts = source.getKnownHosts();
        if (knownHosts != null && knownHosts.attribute("path") == null) {
            throw new Refused(NETWORK_OPTION_KNOWN_HOSTS_PATH, path + "/knownHosts");
        }
        XmlElement identity = source.getIdentity();
        if (identity != null) {
            if (identity.attribute("username") == null) {
                throw new Refused(NETWORK_OPTION_IDENTITY_USERNAME, path + "/identity");
            }
            if (identity.attribute("keyfile") == null && identity.attribute("agentsock") == null) {
                throw new Refused(NETWORK_OPTION_IDENTITY_KEY, path + "/identity");
            }
        }
    }

    /**
     * The image of an rbd or gluster name, after its pool: "pool/image". With namespaces, the
     * image must not be empty, and an rbd one may be "namespace/image", neither empty.
     *
     * @return the name itself for other protocols (or null without one)
     */
    private static String splitPool(String protocol, String name, boolean namespaces, String path) throws Refused {
        if (name == null || !POOL_PROTOCOLS.contains(protocol)) {
            return name;
        }
        int slash = name.indexOf('/');
        String image = slash <= 0 ? null : name.substring(slash + 1);
        if (image != null && namespaces) {
            int inner = protocol.equals("rbd") ? image.indexOf('/') : -1;
            if (image.isEmpty() || inner == 0 || (inner > 0 && inner == image.length() - 1)) {
                image = null;
            }
        }
        if (image == null) {
            throw new Refused(NETWORK_POOL_SPLIT, path + "/@name", "name", name);
        }
        return image;
    }

    private static void host(LibvirtProfile profile, Host host, String path) throws Refused {
        String transport = host.getTransport();
        if (transport != null && !profile.values(ValueSet.HOST_TRANSPORT).contains(transport)) {
            throw new Refused(HOST_TRANSPORT, path + "/@transport", "transport", transport);
        }
        boolean unix = "unix".equals(transport);
        if (unix && host.getSocket() == null) {
            throw new Refused(HOST_SOCKET_MISSING, path);
        }
        if (!unix && host.getSocket() != null) {
            // 9.0 names the transport as written, '(null)' when there is none; 11.3 names a tcp one
            throw new Refused(
                    HOST_SOCKET_NOT_UNIX,
                    path + "/@socket",
                    "transport",
                    transport,
                    "transportName",
                    transport == null ? "tcp" : transport);
        }
        if (unix) {
            return;
        }
        // 11.3 reads the port first
        boolean portFirst = profile.has(Feature.HOST_PORT_BEFORE_NAME);
        if (!portFirst && host.getName() == null) {
            throw new Refused(HOST_NAME_MISSING, path);
        }
        if (host.getPort() != null) {
            long port = port(host.getPort());
            if (port < 0) {
                throw new Refused(HOST_PORT_PARSE, path + "/@port", "port", host.getPort());
            }
            if (port > 65535) {
                throw new Refused(HOST_PORT_RANGE, path + "/@port", "port", host.getPort());
            }
        }
        if (portFirst && host.getName() == null) {
            throw new Refused(HOST_NAME_MISSING, path);
        }
    }

    /**
     * A port as libvirt reads it (strtoul in base 10): leading blanks and a '+' allowed, then
     * digits only.
     *
     * @return the number (at most 65536 when larger), or -1 when it is not one
     */
    static long port(String text) {
        String t = text.stripLeading();
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return -1;
        }
        long value = 0;
        boolean overflow = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > 0xFFFFFFFFL) {
                overflow = true;
                value = 0xFFFFFFFFL;
            }
        }
        // a number beyond an unsigned int is not parsed at all (virStrToLong_uip), not out of range
        return overflow ? -1 : value;
    }

    private static void cookies(XmlElement cookies, String path) throws Refused {
        if (cookies == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        List<XmlElement> list = cookies.elements("cookie");
        for (int i = 0; i < list.size(); i++) {
            XmlElement cookie = list.get(i);
            String at = path + "/cookie[" + (i + 1) + "]";
            String name = cookie.attribute("name");
            if (name == null) {
                throw new Refused(NETWORK_OPTION_COOKIE_NAME_MISSING, at);
            }
            if (hasForbidden(name, COOKIE_NAME_FORBIDDEN)) {
                throw new Refused(NETWORK_OPTION_COOKIE_NAME, at, "name", name);
            }
            String value = cookie.text();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (hasForbidden(value, COOKIE_VALUE_FORBIDDEN)) {
                throw new Refused(NETWORK_OPTION_COOKIE_VALUE, at, "name", name);
            }
            if (!seen.add(name)) {
                throw new Refused(NETWORK_OPTION_COOKIE_DUPLICATE, at, "name", name);
            }
        }
    }

    private static boolean hasForbidden(String s, String forbidden) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || forbidden.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** readahead size, timeout seconds: an unsigned number when given. */
    private static void unsignedAttribute(XmlElement element, String attribute, String path) throws Refused {
        if (element == null) {
            return;
        }
        String value = element.attribute(attribute);
        if (value != null && unsigned(value) < 0) {
            throw new Refused(NETWORK_OPTION_READAHEAD_TIMEOUT, path);
        }
    }

    /** An unsigned number as libvirt's virStrToLong_ullp reads it: leading blanks, digits, nothing after. */
    private static long unsigned(String text) {
        String t = text.stripLeading();
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || t.length() > 19) {
            return -1;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(t);
    }

    // ---- nvme, vhost-user

    private static void nvme(Source source, String path) throws Refused {
        Map<QName, String> attributes = source.getOtherAttributes();
        String kind = attributes.get(new QName("type"));
        if (kind == null) {
            throw new Refused(NVME_TYPE_MISSING, path);
        }
        if (!kind.equals("pci")) {
            throw new Refused(NVME_TYPE_VALUE, path + "/@type", "type", kind);
        }
        String namespace = attributes.get(new QName("namespace"));
        if (namespace == null) {
            throw new Refused(NVME_NAMESPACE_MISSING, path);
        }
        if (unsigned(namespace) < 0) {
            throw new Refused(NVME_NAMESPACE_VALUE, path + "/@namespace", "namespace", namespace);
        }
        String managed = attributes.get(new QName("managed"));
        if (managed != null && !YES_NO.contains(managed)) {
            throw new Refused(NVME_MANAGED, path + "/@managed", "managed", managed);
        }
        // libvirt's ./address: the first one without a namespace
        XmlElement address = null;
        for (XmlElement e : source.getUnknownElements()) {
            if (e.getLocalName().equals("address") && e.getNamespaceUri().isEmpty()) {
                address = e;
                break;
            }
        }
        if (address == null) {
            throw new Refused(NVME_ADDRESS_MISSING, path);
        }
        pciAddress(address, path + "/address");
    }

    /** virPCIDeviceAddressParseXML: the numbers, multifunction, their ranges, then a zpci child. */
    private static void pciAddress(XmlElement address, String path) throws Refused {
        long[] values = new long[4];
        String[] names = {"domain", "bus", "slot", "function"};
        for (int i = 0; i < names.length; i++) {
            values[i] = uintAttribute(address, "address", names[i], path);
        }
        String multifunction = address.attribute("multifunction");
        if (multifunction != null && !multifunction.equals("on") && !multifunction.equals("off")) {
            throw new Refused(NVME_MULTIFUNCTION, path + "/@multifunction", "value", multifunction);
        }
        // an address whose domain, bus and slot are all 0 is an empty one, whose ranges are not checked;
        // the domain's range is not checked at all
        boolean empty = values[0] == 0 && values[1] == 0 && values[2] == 0;
        if (!empty) {
            if (values[1] > 0xFF) {
                throw new Refused(NVME_BUS, path + "/@bus", "bus", Long.toHexString(values[1]));
            }
            if (values[2] > 0x1F) {
                throw new Refused(NVME_SLOT, path + "/@slot", "slot", Long.toHexString(values[2]));
            }
            if (values[3] > 7) {
                throw new Refused(NVME_FUNCTION, path + "/@function", "function", Long.toHexString(values[3]));
            }
        }
        // libvirt looks the zpci child up by its local name alone, and the last one wins
        XmlElement zpci = null;
        for (XmlElement e : address.elements("zpci")) {
            zpci = e;
        }
        if (zpci != null) {
            uintAttribute(zpci, "zpci", "uid", path + "/zpci");
            uintAttribute(zpci, "zpci", "fid", path + "/zpci");
        }
    }

    /** An unsigned int attribute as libvirt's virXMLPropUInt reads it in base 0; 0 when absent. */
    private static long uintAttribute(XmlElement element, String elementName, String name, String path) throws Refused {
        String value = element.attribute(name);
        if (value == null) {
            return 0;
        }
        long number = unsignedInt(value, 0);
        if (number < 0) {
            throw new Refused(
                    NVME_NUMBER, path + "/@" + name, "attribute", name, "element", elementName, "value", value);
        }
        return number;
    }

    /**
     * A number as libvirt's virStrToLong_uip reads it (strtoul): leading white space and a '+',
     * then in base 0 hexadecimal after 0x, octal after 0, else decimal; no sign '-', nothing
     * after the digits, at most an unsigned int.
     *
     * @param base 10, or 0 for the base the prefix says
     * @return the number, or -1 when it is not one
     */
    static long unsignedInt(String text, int base) {
        int i = 0;
        while (i < text.length() && " \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '+') {
            i++;
        }
        int radix = 10;
        boolean hex = text.startsWith("0x", i) || text.startsWith("0X", i);
        if (base == 0 && hex) {
            // "0x" without a hex digit after it is the number 0 and then an x
            if (i + 2 < text.length() && Character.digit(text.charAt(i + 2), 16) >= 0) {
                radix = 16;
                i += 2;
            }
        } else if (base == 0 && text.startsWith("0", i)) {
            radix = 8;
        }
        if (i == text.length()) {
            return -1;
        }
        long value = 0;
        for (; i < text.length(); i++) {
            int digit = text.charAt(i) < 0x80 ? Character.digit(text.charAt(i), radix) : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
            if (value > 0xFFFFFFFFL) {
                return -1;
            }
        }
        return value;
    }

    private static void vhostUser(Source source, String path) throws Refused {
        Map<QName, String> attributes = source.getOtherAttributes();
        String kind = attributes.get(new QName("type"));
        if (kind == null) {
            throw new Refused(VHOSTUSER_TYPE_MISSING, path);
        }
        if (!kind.equals("unix")) {
            throw new Refused(VHOSTUSER_TYPE_VALUE, path + "/@type");
        }
        if (attributes.get(new QName("path")) == null) {
            throw new Refused(VHOSTUSER_PATH_MISSING, path);
        }
        XmlElement reconnect = source.getReconnect();
        yesNo(reconnect, "reconnect", "enabled", path + "/reconnect/@enabled");
        // the timeout is read only when reconnecting is enabled, and then needed
        if (reconnect != null && "yes".equals(reconnect.attribute("enabled"))) {
            String timeout = reconnect.attribute("timeout");
            if (timeout == null) {
                throw new Refused(VHOSTUSER_TIMEOUT_MISSING, path + "/reconnect");
            }
            if (unsignedInt(timeout, 10) < 0) {
                throw new Refused(VHOSTUSER_TIMEOUT_VALUE, path + "/reconnect/@timeout", "timeout", timeout);
            }
        }
    }

    // ---- what every type may hold

    private static void auth(LibvirtProfile profile, Auth auth, String path) throws Refused {
        if (auth.getUsername() == null || auth.getUsername().isEmpty()) {
            throw new Refused(AUTH_USERNAME, path);
        }
        if (auth.getSecret() == null) {
            throw new Refused(AUTH_SECRET_MISSING, path);
        }
        secretReference(profile, auth.getSecret(), AUTH_SECRET, path + "/secret");
    }

    /** The messages of a secret's reference, under the rule of the element that holds it. */
    private record SecretKeys(MessageKey both, MessageKey none, MessageKey uuid) {}

    private static final SecretKeys AUTH_SECRET = new SecretKeys(
            MessageKey.of(Rule.SOURCE_AUTH, "secret-both"),
            MessageKey.of(Rule.SOURCE_AUTH, "secret-none"),
            MessageKey.of(Rule.SOURCE_AUTH, "secret-uuid"));
    private static final SecretKeys ENCRYPTION_SECRET = new SecretKeys(
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "secret-both"),
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "secret-none"),
            MessageKey.of(Rule.SOURCE_ENCRYPTION, "secret-uuid"));

    private static void secretReference(LibvirtProfile profile, Secret secret, SecretKeys keys, String path)
            throws Refused {
        // later releases read the uuid first
        if (profile.has(Feature.SECRET_UUID_FIRST)
                && secret.getUuid() != null
                && Uuids.normalize(secret.getUuid()) == null) {
            throw new Refused(keys.uuid(), path + "/@uuid", "uuid", secret.getUuid());
        }
        if (secret.getUuid() != null && secret.getUsage() != null) {
            throw new Refused(keys.both(), path);
        }
        if (secret.getUuid() == null && secret.getUsage() == null) {
            throw new Refused(keys.none(), path);
        }
        if (secret.getUuid() != null && Uuids.normalize(secret.getUuid()) == null) {
            throw new Refused(keys.uuid(), path + "/@uuid", "uuid", secret.getUuid());
        }
    }

    private static void encryption(LibvirtProfile profile, Encryption encryption, String path) throws Refused {
        String format = encryption.getFormat();
        // libvirt reads an empty format as none (virXPathString gives no value for an empty string)
        if (format == null || format.isEmpty()) {
            throw new Refused(ENCRYPTION_FORMAT_MISSING, path);
        }
        if (!profile.values(ValueSet.ENCRYPTION_FORMAT).contains(format)) {
            throw new Refused(ENCRYPTION_FORMAT_VALUE, path + "/@format", "format", format);
        }
        String engine = encryption.getEngine();
        if (engine != null && !profile.values(ValueSet.ENCRYPTION_ENGINE).contains(engine)) {
            throw new Refused(ENCRYPTION_ENGINE, path + "/@engine", "engine", engine);
        }
        List<Secret> secrets = encryption.getSecrets();
        for (int i = 0; i < secrets.size(); i++) {
            Secret secret = secrets.get(i);
            String at = path + "/secret[" + (i + 1) + "]";
            if (secret.getType() == null || secret.getType().isEmpty()) {
                throw new Refused(ENCRYPTION_SECRET_TYPE_MISSING, at);
            }
            if (!secret.getType().equals("passphrase")) {
                throw new Refused(ENCRYPTION_SECRET_TYPE_VALUE, at + "/@type", "type", secret.getType());
            }
            secretReference(profile, secret, ENCRYPTION_SECRET, at);
        }
        XmlElement cipher = encryption.getCipher();
        if (cipher != null) {
            if (cipher.attribute("name") == null) {
                throw new Refused(ENCRYPTION_CIPHER_NAME, path + "/cipher");
            }
            String size = cipher.attribute("size");
            if (size == null) {
                throw new Refused(ENCRYPTION_CIPHER_SIZE_MISSING, path + "/cipher");
            }
            if (unsignedInt(size, 10) < 0) {
                throw new Refused(ENCRYPTION_CIPHER_SIZE_VALUE, path + "/cipher/@size", "size", size);
            }
        }
        XmlElement ivgen = encryption.getIvgen();
        if (ivgen != null && cipher == null) {
            throw new Refused(ENCRYPTION_IVGEN_WITHOUT_CIPHER, path + "/ivgen");
        }
        // an empty name is one libvirt takes
        if (ivgen != null && ivgen.attribute("name") == null) {
            throw new Refused(ENCRYPTION_IVGEN_NAME, path + "/ivgen");
        }
    }

    private static void reservations(XmlElement reservations, String path) throws Refused {
        String managed = reservations.attribute("managed");
        if (managed == null) {
            throw new Refused(RESERVATIONS_MANAGED_MISSING, path);
        }
        if (!YES_NO.contains(managed)) {
            throw new Refused(RESERVATIONS_MANAGED_VALUE, path + "/@managed", "managed", managed);
        }
        // libvirt's ./source[1]: the first without a namespace; an empty attribute is none
        XmlElement source = null;
        for (XmlElement e : reservations.elements("source")) {
            if (e.getNamespaceUri().isEmpty()) {
                source = e;
                break;
            }
        }
        String type = source == null ? null : nonEmpty(source.attribute("type"));
        String socket = source == null ? null : nonEmpty(source.attribute("path"));
        String mode = source == null ? null : nonEmpty(source.attribute("mode"));
        String at = source == null ? path : path + "/source";
        if (managed.equals("no") || type != null || socket != null || mode != null) {
            if (type == null) {
                throw new Refused(RESERVATIONS_TYPE_MISSING, at);
            }
            if (socket == null) {
                throw new Refused(RESERVATIONS_PATH_MISSING, at);
            }
            if (mode == null) {
                throw new Refused(RESERVATIONS_MODE_MISSING, at);
            }
        }
        if (type != null && !type.equals("unix")) {
            throw new Refused(RESERVATIONS_TYPE_VALUE, at + "/@type", "type", type);
        }
        if (mode != null && !mode.equals("client")) {
            throw new Refused(RESERVATIONS_MODE_VALUE, at + "/@mode", "mode", mode);
        }
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * libvirt reads only the first slice of type storage; others are dropped unread. Its XPath
     * names {@code slice} without a prefix, which matches no element in a namespace.
     */
    private static XmlElement storageSlice(Source source) {
        if (source.getSlices() == null) {
            return null;
        }
        for (XmlElement slice : source.getSlices().elements("slice")) {
            if (slice.getNamespaceUri().isEmpty() && "storage".equals(slice.attribute("type"))) {
                return slice;
            }
        }
        return null;
    }

    private static void slice(XmlElement slice, String path) throws Refused {
        String offset = slice.attribute("offset");
        String size = slice.attribute("size");
        // an empty attribute is as good as none to libvirt here
        if (offset == null || size == null || offset.isEmpty() || size.isEmpty()) {
            throw new Refused(SLICE_MISSING, path);
        }
        if (unsigned(offset) < 0) {
            throw new Refused(SLICE_OFFSET, path, "offset", offset);
        }
        if (unsigned(size) < 0) {
            throw new Refused(SLICE_SIZE, path, "size", size);
        }
    }

    private static void seclabels(List<Seclabel> seclabels, String path) throws Refused {
        Set<String> models = new HashSet<>();
        for (int i = 0; i < seclabels.size(); i++) {
            Seclabel seclabel = seclabels.get(i);
            String at = path + "/seclabel[" + (i + 1) + "]";
            String model = seclabel.getModel();
            if (model != null && !models.add(model)) {
                throw new Refused(SECLABEL_MODEL_TWICE, at, "model", model);
            }
            String relabel = seclabel.getRelabel();
            if (relabel != null && !YES_NO.contains(relabel)) {
                throw new Refused(SECLABEL_RELABEL, at + "/@relabel", "relabel", relabel);
            }
            String labelskip = seclabel.getLabelskip();
            if (labelskip != null && !YES_NO.contains(labelskip)) {
                throw new Refused(SECLABEL_LABELSKIP, at + "/@labelskip", "labelskip", labelskip);
            }
            if (label(seclabel) != null && "no".equals(relabel)) {
                throw new Refused(SECLABEL_LABEL_WITHOUT_RELABEL, at, "model", model == null ? "<null>" : model);
            }
        }
    }

    /** @return the label libvirt reads: the first {@code <label>}'s text, none when empty */
    private static String label(Seclabel seclabel) {
        if (seclabel.getLabels().isEmpty()) {
            return null;
        }
        String label = seclabel.getLabels().get(0);
        return label == null || label.isEmpty() ? null : label;
    }

    private static void yesNo(XmlElement element, String name, String attribute, String path) throws Refused {
        if (element == null) {
            return;
        }
        String value = element.attribute(attribute);
        if (value != null && !YES_NO.contains(value)) {
            throw new Refused(
                    name.equals("ssl") ? NETWORK_OPTION_YES_NO : VHOSTUSER_YES_NO,
                    path,
                    "attribute",
                    attribute,
                    "element",
                    name,
                    "value",
                    value);
        }
    }

    // ---- what libvirt writes back

    /**
     * The source as libvirt stores it for a disk with a path: only what the disk's type keeps,
     * with libvirt's defaults, and nothing libvirt does not know.
     *
     * @param type the disk's type
     * @param source the requested source (not changed)
     * @param path the path libvirt keeps
     * @return a new source
     */
    static Source stored(LibvirtProfile profile, String type, Source source, String path) {
        Source out = new Source();
        switch (type) {
            case "block" -> out.setDev(path);
            case "network" -> storedNetwork(profile, source, out);
            default -> out.setFile(path);
        }
        if (!type.equals("network")) {
            // libvirt keeps a network source's seclabels unwritten
            for (Seclabel s : source.getSeclabels()) {
                out.getSeclabels().add(storedSeclabel(s));
            }
        }
        XmlElement slice = storageSlice(source);
        if (slice != null) {
            XmlElement slices = new XmlElement("slices");
            slices.add(known(slice, "type", "offset", "size"));
            out.setSlices(slices);
        }
        if (source.getAuth() != null) {
            Auth auth = new Auth();
            auth.setUsername(source.getAuth().getUsername());
            auth.setSecret(storedSecret(source.getAuth().getSecret()));
            out.setAuth(auth);
        }
        if (source.getEncryption() != null) {
            Encryption in = source.getEncryption();
            Encryption enc = new Encryption();
            enc.setFormat(in.getFormat());
            enc.setEngine(in.getEngine());
            for (Secret s : in.getSecrets()) {
                enc.getSecrets().add(storedSecret(s));
            }
            if (in.getCipher() != null) {
                XmlElement cipher = known(in.getCipher(), "name", "size", "mode", "hash");
                // libvirt writes the size it read, as a number
                cipher.setAttribute("size", Long.toString(unsignedInt(cipher.attribute("size"), 10)));
                enc.setCipher(cipher);
            }
            if (in.getIvgen() != null && in.getCipher() != null) {
                enc.setIvgen(known(in.getIvgen(), "name", "hash"));
            }
            out.setEncryption(enc);
        }
        if (source.getReservations() != null) {
            out.setReservations(source.getReservations().deepCopy());
        }
        return out;
    }

    private static void storedNetwork(LibvirtProfile profile, Source source, Source out) {
        String protocol = source.getProtocol();
        out.setProtocol(protocol);
        out.setName(source.getName());
        if (protocol.equals("http") || protocol.equals("https")) {
            out.setQuery(source.getQuery());
        }
        out.setTls(source.getTls());
        String tlsHostname = source.getTlsHostname();
        if (tlsHostname != null) {
            out.setTlsHostname(tlsHostname);
        }
        for (Host h : source.getHosts()) {
            Host host = new Host();
            if ("unix".equals(h.getTransport())) {
                host.setTransport("unix");
                host.setSocket(h.getSocket());
            } else {
                host.setName(h.getName());
                long port = h.getPort() == null ? 0 : port(h.getPort());
                boolean tcp = h.getTransport() == null || h.getTransport().equals("tcp");
                if (port == 0 && tcp) {
                    port = DEFAULT_PORTS.getOrDefault(protocol, 0);
                }
                host.setPort(port == 0 ? null : Long.toString(port));
                host.setTransport(tcp ? null : h.getTransport());
            }
            out.getHosts().add(host);
        }
        if (source.getSnapshot() != null && source.getSnapshot().getName() != null) {
            NamedReference snapshot = new NamedReference();
            snapshot.setName(source.getSnapshot().getName());
            out.setSnapshot(snapshot);
        }
        if (source.getConfig() != null && source.getConfig().getFile() != null) {
            FileReference config = new FileReference();
            config.setFile(source.getConfig().getFile());
            out.setConfig(config);
        }
        if (source.getInitiator() != null) {
            out.setInitiator(source.getInitiator().deepCopy());
        }
        if ((protocol.equals("https") || protocol.equals("ftps"))
                && source.getSsl() != null
                && source.getSsl().attribute("verify") != null) {
            out.setSsl(known(source.getSsl(), "verify"));
        }
        if (CURL_PROTOCOLS.contains(protocol)) {
            out.setReadahead(positive(source.getReadahead(), "size"));
            out.setTimeout(positive(source.getTimeout(), "seconds"));
        }
        if (protocol.equals("nfs") && source.getIdentity() != null) {
            out.setIdentity(known(source.getIdentity(), "user", "group"));
        }
        if (protocol.equals("nbd") && profile.has(Feature.NBD_RECONNECT_DELAY) && source.getReconnect() != null) {
            String delay = source.getReconnect().attribute("delay");
            long value = delay == null ? 0 : unsignedInt(delay, 10);
            if (value > 0) {
                out.setReconnect(new XmlElement("reconnect").setAttribute("delay", Long.toString(value)));
            }
        }
        if (protocol.equals("ssh") && profile.has(Feature.SSH_IDENTITY)) {
            if (source.getKnownHosts() != null) {
                out.setKnownHosts(known(source.getKnownHosts(), "path"));
            }
            XmlElement identity = source.getIdentity();
            if (identity != null
                    && (identity.attribute("keyfile") != null || identity.attribute("agentsock") != null)) {
                out.setIdentity(known(identity, "username", "keyfile", "agentsock"));
            }
        }
        // cookies are secrets: libvirt shows them only with VIR_DOMAIN_XML_SECURE
    }

    private static XmlElement positive(XmlElement element, String attribute) {
        if (element == null || element.attribute(attribute) == null) {
            return null;
        }
        long value = unsigned(element.attribute(attribute));
        return value > 0 ? new XmlElement(element.getLocalName()).setAttribute(attribute, Long.toString(value)) : null;
    }

    /** A copy of an element with only the attributes libvirt knows, in the order given. */
    private static XmlElement known(XmlElement element, String... attributes) {
        XmlElement out = new XmlElement(element.getLocalName());
        for (String a : attributes) {
            out.setAttribute(a, element.attribute(a));
        }
        return out;
    }

    private static Seclabel storedSeclabel(Seclabel in) {
        Seclabel out = new Seclabel();
        out.setModel(in.getModel());
        if ("yes".equals(in.getLabelskip())) {
            out.setLabelskip("yes");
        } else {
            out.setRelabel("no".equals(in.getRelabel()) ? "no" : "yes");
        }
        String label = label(in);
        if (label != null) {
            out.getLabels().add(label);
        }
        return out;
    }

    private static Secret storedSecret(Secret in) {
        Secret out = new Secret();
        out.setType(in.getType());
        out.setUuid(in.getUuid() == null ? null : Uuids.normalize(in.getUuid()));
        out.setUsage(in.getUsage());
        return out;
    }

    /** UUIDs as libvirt reads and writes them. */
    static final class Uuids {
        private Uuids() {}

        /**
         * As virUUIDParse: blanks around, 32 hex digits with dashes anywhere between pairs.
         *
         * @return the canonical lower-case form, or null when it is not a UUID
         */
        static String normalize(String text) {
            String t = text.strip();
            StringBuilder hex = new StringBuilder(32);
            int i = 0;
            while (hex.length() < 32) {
                while (i < t.length() && t.charAt(i) == '-') {
                    i++;
                }
                if (i + 2 > t.length()) {
                    return null;
                }
                char a = t.charAt(i);
                char b = t.charAt(i + 1);
                if (Character.digit(a, 16) < 0 || Character.digit(b, 16) < 0) {
                    return null;
                }
                hex.append(a).append(b);
                i += 2;
            }
            if (i != t.length()) {
                return null;
            }
            String h = hex.toString().toLowerCase(Locale.ROOT);
            return h.substring(0, 8)
                    + '-'
                    + h.substring(8, 12)
                    + '-'
                    + h.substring(12, 16)
                    + '-'
                    + h.substring(16, 20)
                    + '-'
                    + h.substring(20);
        }
    }
}
