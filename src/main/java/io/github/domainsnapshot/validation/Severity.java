package io.github.domainsnapshot.validation;

/** How much a problem matters. */
public enum Severity {
    /** libvirt refuses the request (or the hypervisor cannot carry it out). */
    ERROR,
    /** libvirt accepts the request, but something deserves a look. */
    WARNING
}
