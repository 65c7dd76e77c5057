/**
 * What every part of the library shares: {@link io.github.domainsnapshot.SnapshotXmlException},
 * the one exception it throws for anything it cannot read, write, check or build (with a {@link
 * io.github.domainsnapshot.SnapshotXmlException.Kind kind} for programs), and {@link
 * io.github.domainsnapshot.CreateFlag}, libvirt's flags of {@code virDomainSnapshotCreateXML}.
 *
 * <p>Whatever a document, or a model's content, holds, a call fails only with a {@code
 * SnapshotXmlException}, and returns in time linear in what it was given. A null argument where
 * a value is needed is the Java convention's {@link NullPointerException}, naming the parameter.
 *
 * <p>The other packages: {@code model} (the document as Java objects), {@code codec} (reading
 * and writing), {@code validation} (libvirt's rules, before the call), {@code builder} (requests
 * and many snapshots), {@code domain} (what a domain definition says of its disks), {@code xml}
 * (XML kept verbatim) and {@code libvirt} (the bridge for libvirt-java).
 */
package io.github.domainsnapshot;
