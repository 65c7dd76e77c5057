package io.github.domainsnapshot.builder;

import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.domain.DomainDisk;
import io.github.domainsnapshot.domain.DomainView;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.validation.Problem;
import io.github.domainsnapshot.validation.RevertReport;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether libvirt reverts a domain to a snapshot, and whether it needs libvirt's FORCE flag
 * ({@code VIR_DOMAIN_SNAPSHOT_REVERT_FORCE}) for it, and why.
 *
 * <p>The answer depends on the driver, which the domain's {@code type} names:
 *
 * <ul>
 *   <li>QEMU ({@code type='qemu'} or {@code 'kvm'}): the answer of {@link
 *       SnapshotValidator#checkRevert} for the libvirt release asked ({@link #check(DomainSnapshot,
 *       XmlElement, LibvirtVersion)}; the newest proven one by default). Before 9.9 a revert to an
 *       external snapshot (memory in a file, or any disk in an overlay) is refused ("revert to
 *       external snapshot not supported yet"); from 9.9 it is made with new overlays, and before
 *       10.10 one to a disk-only snapshot is still refused. A snapshot that records no domain
 *       definition is refused ("lacks ... rollback info") with or without FORCE. Otherwise no FORCE
 *       is needed whatever the domain's current definition: qemu is restarted from the snapshot's
 *       definition. (FORCE is still needed where the domain has a managed save image and the
 *       snapshot has no memory state, which its XML does not tell.)
 *   <li>Other drivers (such as libvirt's test driver): FORCE is needed when the snapshot records no
 *       full domain definition, or the recorded one differs from the domain's current definition
 *       in what libvirt's ABI stability check compares (hypervisor, machine type and
 *       architecture, memory, vCPUs, CPU, disks, and the other devices).
 * </ul>
 *
 * <pre>{@code
 * RevertReadiness r = RevertReadiness.check(snapshot, codec.readElement(Path.of("current-domain.xml")));
 * if (!r.refused()) {
 *     int flags = r.needsForce() ? VIR_DOMAIN_SNAPSHOT_REVERT_FORCE : 0;
 * }
 * r.reasons().forEach(System.out::println);
 * }</pre>
 *
 * @param refused whether libvirt refuses the revert, with or without FORCE
 * @param needsForce whether a revert needs FORCE (false when refused)
 * @param reasons why, one line each; empty when libvirt reverts without FORCE
 */
public record RevertReadiness(boolean refused, boolean needsForce, List<String> reasons) {

    /**
     * Copies the reasons.
     *
     * @param refused whether libvirt refuses the revert
     * @param needsForce whether a revert needs FORCE
     * @param reasons why
     */
    public RevertReadiness {
        reasons = List.copyOf(reasons);
    }

    /**
     * A revert that libvirt does not refuse.
     *
     * @param needsForce whether a revert needs FORCE
     * @param reasons why
     */
    public RevertReadiness(boolean needsForce, List<String> reasons) {
        this(false, needsForce, reasons);
    }

    /** @return whether libvirt reverts without FORCE */
    public boolean isReady() {
        return !refused && !needsForce;
    }

    /**
     * Compares a snapshot with the domain's current definition, by the rules of the domain's
     * driver, for the newest libvirt release proven ({@link LibvirtVersion#newestProven()}): see
     * {@link #check(DomainSnapshot, XmlElement, LibvirtVersion)} to answer for another.
     *
     * @param snapshot the snapshot, as libvirt describes it
     * @param currentDomain the domain's current definition ({@code virsh dumpxml})
     * @return the answer
     */
    public static RevertReadiness check(DomainSnapshot snapshot, XmlElement currentDomain) {
        return check(snapshot, currentDomain, LibvirtVersion.newestProven());
    }

    /**
     * Compares a snapshot with the domain's current definition, by the rules of the domain's
     * driver as a libvirt release has them. For qemu this is {@link SnapshotValidator#checkRevert}'s
     * answer (without flags): refused when it is not performed, with libvirt's message as the
     * reason.
     *
     * @param snapshot the snapshot, as libvirt describes it
     * @param currentDomain the domain's current definition ({@code virsh dumpxml})
     * @param libvirt the release (one outside the proven range is answered as the nearest proven one)
     * @return the answer
     */
    public static RevertReadiness check(DomainSnapshot snapshot, XmlElement currentDomain, LibvirtVersion libvirt) {
        Objects.requireNonNull(currentDomain, "currentDomain");
        Objects.requireNonNull(libvirt, "libvirt");
        XmlElement recorded = snapshot.getDomain();
        boolean fullDomain = recorded != null && recorded.attribute("type") != null;
        String driverType = currentDomain.attribute("type");
        if ("qemu".equals(driverType) || "kvm".equals(driverType)) {
            RevertReport report = SnapshotValidator.create()
                    .checkRevert(
                            snapshot,
                            ValidationContext.empty().withDomain(currentDomain).withLibvirt(libvirt),
                            Set.of());
            List<String> reasons = report.problems().stream()
                    .filter(Problem::isError)
                    .map(Problem::message)
                    .toList();
            return new RevertReadiness(!report.performed(), report.needsForce(), reasons);
        }
        List<String> reasons = new ArrayList<>();
        if (!fullDomain) {
            reasons.add("snapshot '" + snapshot.getName() + "' records no full domain definition"
                    + " (libvirt: lacks domain rollback info)");
            return new RevertReadiness(true, reasons);
        }
        DomainView was = DomainView.of(recorded);
        DomainView now = DomainView.of(currentDomain);
        differs(reasons, "hypervisor type", was.type().orElse(null), now.type().orElse(null));
        XmlElement wasOs = recorded.element("os");
        XmlElement nowOs = currentDomain.element("os");
        differs(reasons, "machine type", osType(wasOs, "machine"), osType(nowOs, "machine"));
        differs(reasons, "architecture", osType(wasOs, "arch"), osType(nowOs, "arch"));
        differs(reasons, "memory", memoryKiB(recorded), memoryKiB(currentDomain));
        differs(reasons, "vCPUs", text(recorded, "vcpu"), text(currentDomain, "vcpu"));
        differs(
                reasons,
                "CPU mode",
                attribute(recorded.element("cpu"), "mode"),
                attribute(currentDomain.element("cpu"), "mode"));
        differs(
                reasons,
                "CPU model",
                text(recorded.element("cpu"), "model"),
                text(currentDomain.element("cpu"), "model"));
        differs(reasons, "disks", disks(was), disks(now));
        differs(reasons, "devices", deviceCounts(recorded), deviceCounts(currentDomain));
        return new RevertReadiness(!reasons.isEmpty(), reasons);
    }

    private static void differs(List<String> reasons, String what, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            reasons.add(what + " differ: the snapshot has " + describe(was) + ", the domain now " + describe(now));
        }
    }

    private static String describe(Object value) {
        return value == null ? "none" : value.toString();
    }

    private static String osType(XmlElement os, String attribute) {
        return os == null ? null : attribute(os.element("type"), attribute);
    }

    private static String attribute(XmlElement e, String name) {
        return e == null ? null : e.attribute(name);
    }

    private static String text(XmlElement parent, String name) {
        XmlElement e = parent == null ? null : parent.element(name);
        return e == null ? null : e.text().strip();
    }

    /** libvirt's {@code <memory>} in KiB, whatever unit it was written in. */
    private static Long memoryKiB(XmlElement domain) {
        XmlElement memory = domain.element("memory");
        if (memory == null) {
            return null;
        }
        try {
            long value = Long.parseLong(memory.text().strip());
            String unit = memory.attribute("unit") == null ? "KiB" : memory.attribute("unit");
            long bytes = switch (unit.toLowerCase(java.util.Locale.ROOT)) {
                case "b", "bytes" -> value;
                case "kb" -> value * 1000;
                case "mb" -> value * 1000_000;
                case "gb" -> value * 1000_000_000L;
                case "m", "mib" -> value << 20;
                case "g", "gib" -> value << 30;
                case "t", "tib" -> value << 40;
                default -> value << 10;
            };
            return bytes >> 10;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> disks(DomainView domain) {
        List<String> out = new ArrayList<>();
        for (DomainDisk d : domain.disksInLibvirtOrder()) {
            out.add(d.targetDev().orElse("-") + "(" + d.device() + ", " + d.bus() + ")");
        }
        return out;
    }

    /** How many of each device the domain has, disks aside (compared on their own). */
    private static Map<String, Integer> deviceCounts(XmlElement domain) {
        Map<String, Integer> counts = new TreeMap<>();
        XmlElement devices = domain.element("devices");
        if (devices != null) {
            for (XmlElement device : devices.elements()) {
                String name = device.getLocalName();
                if (!name.equals("disk") && !name.equals("emulator") && !name.equals("graphics")) {
                    counts.merge(name, 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
