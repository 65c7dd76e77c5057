/**
 * Making requests and working with many snapshots: {@link
 * io.github.domainsnapshot.builder.SnapshotBuilder} (with presets) and {@link
 * io.github.domainsnapshot.builder.DiskRequest} build a {@link
 * io.github.domainsnapshot.builder.SnapshotRequest} (the document and its flags), checked with
 * libvirt's rules as it is built; {@link io.github.domainsnapshot.builder.Redefinition} and {@link
 * io.github.domainsnapshot.builder.SnapshotTree} move snapshots to another host; {@link
 * io.github.domainsnapshot.builder.RevertReadiness} says whether libvirt reverts to a snapshot;
 * {@link io.github.domainsnapshot.builder.FileNames} names overlays as libvirt does.
 */
package io.github.domainsnapshot.builder;
