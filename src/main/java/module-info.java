/**
 * Read, build, check and write libvirt's {@code <domainsnapshot>} documents.
 *
 * <p>Entry points: {@link io.github.domainsnapshot.codec.SnapshotCodec} reads and writes
 * documents, {@link io.github.domainsnapshot.validation.SnapshotValidator} checks requests as
 * libvirt would. The model ({@code io.github.domainsnapshot.model}) is generated from an XML
 * Schema port of libvirt's {@code domainsnapshot.rng}; it is open to reflection, as the JAXB
 * runtime binds it that way.
 */
module io.github.domainsnapshot {
    requires transitive jakarta.xml.bind;
    requires transitive java.xml;

    exports io.github.domainsnapshot;
    exports io.github.domainsnapshot.builder;
    exports io.github.domainsnapshot.codec;
    exports io.github.domainsnapshot.domain;
    exports io.github.domainsnapshot.model;
    exports io.github.domainsnapshot.validation;
    exports io.github.domainsnapshot.xml;

    // the JAXB runtime binds these by reflection; it is found as a service, so it is not named here
    opens io.github.domainsnapshot.model;
    opens io.github.domainsnapshot.xml;
}
