/**
 * Checking a request before {@code virDomainSnapshotCreateXML}: {@link
 * io.github.domainsnapshot.validation.SnapshotValidator} applies libvirt's rules (flags, the
 * document, the disks aligned with the domain's, the memory / disk combination table) for a
 * {@link io.github.domainsnapshot.validation.ValidationContext} (the domain's state and
 * definition, the flags, the driver), and returns a {@link
 * io.github.domainsnapshot.validation.ValidationReport}: every {@link
 * io.github.domainsnapshot.validation.Problem} under its {@link
 * io.github.domainsnapshot.validation.Rule}, the verdict, the {@link
 * io.github.domainsnapshot.validation.Plan} and the snapshot libvirt would store.
 */
package io.github.domainsnapshot.validation;
