/**
 * What snapshot logic needs from a libvirt domain definition ({@code <domain>}): {@link
 * io.github.domainsnapshot.domain.DomainView} gives its type, name, uuid and {@link
 * io.github.domainsnapshot.domain.DomainDisk disks}, read from the XML when asked.
 */
package io.github.domainsnapshot.domain;
