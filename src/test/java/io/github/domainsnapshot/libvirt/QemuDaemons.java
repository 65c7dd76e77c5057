package io.github.domainsnapshot.libvirt;

import io.github.domainsnapshot.LibvirtVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libvirt.LibvirtException;
import org.opentest4j.TestAbortedException;

/**
 * One {@link QemuDaemon} per libvirt release for a test class, started at a test's first need of
 * it: the test class runs its cases on every release of {@link QemuDaemon#releases()}, and a
 * release this machine cannot run skips (fails in CI) only its own cases.
 */
final class QemuDaemons implements AutoCloseable {
    private final String label;
    private final Map<LibvirtVersion, QemuDaemon> running = new LinkedHashMap<>();
    /** Why a release's daemon did not start: its later cases end the same way at once. */
    private final Map<LibvirtVersion, RuntimeException> failed = new LinkedHashMap<>();

    QemuDaemons(String label) {
        this.label = label;
    }

    /** @return the releases, for {@code @MethodSource} */
    static List<LibvirtVersion> releases() {
        return QemuDaemon.releases();
    }

    /** The daemon of a release, started at the first call. */
    synchronized QemuDaemon of(LibvirtVersion release) {
        QemuDaemon daemon = running.get(release);
        if (daemon != null) {
            return daemon;
        }
        RuntimeException earlier = failed.get(release);
        if (earlier != null) {
            throw earlier;
        }
        try {
            daemon = QemuDaemon.startOrSkip(label + "-" + release, release);
        } catch (TestAbortedException | IllegalStateException e) {
            failed.put(release, e);
            throw e;
        }
        running.put(release, daemon);
        return daemon;
    }

    /** Destroys the guests every daemon runs: each test starts from none. */
    synchronized void destroyGuests() throws LibvirtException {
        for (QemuDaemon daemon : running.values()) {
            for (int id : daemon.connection().listDomains()) {
                daemon.connection().domainLookupByID(id).destroy();
            }
        }
    }

    @Override
    public synchronized void close() {
        running.values().forEach(QemuDaemon::close);
        running.clear();
    }
}
