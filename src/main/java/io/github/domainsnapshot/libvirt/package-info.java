/**
 * A bridge for users of libvirt-java ({@code org.libvirt:libvirt}, an optional dependency):
 * {@link io.github.domainsnapshot.libvirt.LibvirtBridge} checks snapshot requests against a live
 * domain before libvirt is called, and reads, redefines, reverts and deletes its snapshots.
 */
package io.github.domainsnapshot.libvirt;
