package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.model.DiskSnapshot;
import io.github.domainsnapshot.model.DiskSnapshotList;
import io.github.domainsnapshot.model.DomainSnapshot;
import io.github.domainsnapshot.model.Driver;
import io.github.domainsnapshot.model.Source;
import java.util.List;

/**
 * What libvirt's parser makes of a disk that says nothing in some part: an empty
 * {@code <driver/>} or {@code <source/>} is the same as none, and a disk with a source or a
 * driver format is of type {@code file} unless it says otherwise. Applying this on reading makes
 * a document and its rewritten form read to equal models.
 */
final class SnapshotNormalizer {
    private SnapshotNormalizer() {}

    static void normalize(DomainSnapshot s) {
        normalize(s.getDisks());
        normalize(s.getRevertDisks());
    }

    private static void normalize(DiskSnapshotList list) {
        if (list == null) {
            return;
        }
        for (DiskSnapshot d : list.getDisks()) {
            if (isEmpty(d.getDriver())) {
                d.setDriver(null);
            }
            if (isEmpty(d.getSource())) {
                d.setSource(null);
            }
            if (d.getType() == null && (d.getDriver() != null || d.getSource() != null)) {
                d.setType("file");
            }
        }
    }

    static boolean isEmpty(Driver d) {
        return d == null
                || d.getType() == null
                        && d.getMetadataCache() == null
                        && empty(d.getUnknownElements())
                        && d.getOtherAttributes().isEmpty();
    }

    static boolean isEmpty(Source s) {
        return s == null
                || s.getFile() == null
                        && s.getDev() == null
                        && s.getProtocol() == null
                        && s.getName() == null
                        && s.getQuery() == null
                        && s.getTls() == null
                        && s.getStartupPolicy() == null
                        && s.getIndex() == null
                        && s.getOtherAttributes().isEmpty()
                        && empty(s.getHosts())
                        && s.getSnapshot() == null
                        && s.getConfig() == null
                        && s.getCookies() == null
                        && s.getSsl() == null
                        && s.getReadahead() == null
                        && s.getTimeout() == null
                        && s.getInitiator() == null
                        && s.getReconnect() == null
                        && s.getIdentity() == null
                        && s.getKnownHosts() == null
                        && s.getSlices() == null
                        && empty(s.getSeclabels())
                        && s.getAuth() == null
                        && s.getEncryption() == null
                        && s.getReservations() == null
                        && s.getPrivateData() == null
                        && empty(s.getUnknownElements());
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
