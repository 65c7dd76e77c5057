/**
 * Read, build, check and write libvirt's {@code <domainsnapshot>} documents.
 *
 * <p>Entry points: {@link io.github.domainsnapshot.codec.SnapshotCodec} reads and writes
 * documents, {@link io.github.domainsnapshot.validation.SnapshotValidator} checks requests as
 * libvirt would. The model ({@code io.github.domainsnapshot.model}) is generated from an XML
 * Schema port of libvirt's {@code domainsnapshot.rng}; it is open to reflection, as the JAXB
 * runtime binds it that way. {@link io.github.domainsnapshot.libvirt.LibvirtBridge} serves users of
 * libvirt-java, an optional dependency (the automatic module {@code libvirt}, from its jar's name).
 */
// libvirt-java 0.5.2 and dk.brics.automaton name no module: their jars' names are all there is;
// libvirt-java transitive, as the bridge's methods take its types, and static, as only the
// bridge's users need it
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.domainsnapshot {
    requires transitive jakarta.xml.bind;
    requires transitive java.xml;
    // the runtime's model of the binding drives the reader and the writer
    requires org.glassfish.jaxb.runtime;
    requires com.ctc.wstx;
    // the schema's patterns as automata; dk.brics.automaton names no module: its jar's name
    requires automaton;
    // the model's generated equals, hashCode, toString and copy implement its interfaces
    requires transitive org.jvnet.jaxb.plugins.runtime;
    requires static transitive libvirt;

    exports io.github.domainsnapshot;
    exports io.github.domainsnapshot.builder;
    exports io.github.domainsnapshot.codec;
    exports io.github.domainsnapshot.domain;
    exports io.github.domainsnapshot.libvirt;
    exports io.github.domainsnapshot.model;
    exports io.github.domainsnapshot.validation;
    exports io.github.domainsnapshot.xml;

    // the JAXB runtime binds these by reflection
    opens io.github.domainsnapshot.model;
    opens io.github.domainsnapshot.xml;
}
