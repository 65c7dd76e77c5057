/**
 * Reading and writing documents: {@link io.github.domainsnapshot.codec.SnapshotCodec} reads any
 * input into the model (with {@link io.github.domainsnapshot.codec.SnapshotDocument} when the
 * line and column of each element are wanted) and writes the model exactly as libvirt formats it.
 * One reading path (a hardened StAX parser, then the JAXB binding) and one writing path, both
 * driven by the binding's model of the schema; every failure is a {@link
 * io.github.domainsnapshot.SnapshotXmlException}.
 */
package io.github.domainsnapshot.codec;
