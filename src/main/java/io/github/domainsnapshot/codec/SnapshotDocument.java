package io.github.domainsnapshot.codec;

import io.github.domainsnapshot.model.DomainSnapshot;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot read from a document, with where each of its elements was found, so that later
 * checks can point at the line and column of what they report.
 *
 * @param snapshot the snapshot
 * @param source the name of the input (a file name), or {@code null}
 * @param locations where each element was found, by its XPath-like path, such as {@code
 *     /domainsnapshot/disks/disk[2]/source}: elements the schema lets repeat always carry a
 *     1-based index, others only when they are not the first of their name under their parent
 */
public record SnapshotDocument(DomainSnapshot snapshot, String source, Map<String, SourceLocation> locations) {
    /**
     * Copies the locations (unless they are the reader's own, which cannot change).
     *
     * @param snapshot the snapshot
     * @param source the input's name, or null
     * @param locations the locations by path
     */
    public SnapshotDocument {
        Objects.requireNonNull(snapshot, "snapshot");
        // the reader's own index is immutable already, and copying a million entries would cost
        locations = locations instanceof LocationIndex ? locations : Map.copyOf(locations);
    }

    /**
     * Where an element was found. An attribute's path ({@code .../@name}) gives its element's.
     *
     * @param path an XPath-like path as used in this library's messages
     * @return the location, if the element was in the document
     */
    public Optional<SourceLocation> locationOf(String path) {
        String p = path;
        int at = p.indexOf("/@");
        if (at >= 0) {
            p = p.substring(0, at);
        }
        return Optional.ofNullable(locations.get(p));
    }
}
