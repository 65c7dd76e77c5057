/**
 * Read, build, check and write libvirt's {@code <domainsnapshot>} documents.
 *
 * <p>Entry points: {@link io.github.domainsnapshot.codec.SnapshotCodec} reads and writes
 * documents, {@link io.github.domainsnapshot.validation.SnapshotValidator} checks requests as
 * libvirt would. The model ({@code io.github.domainsnapshot.model}) is generated from an XML
 * Schema port of libvirt's {@code domainsnapshot.rng}; it is open to reflection, as the JAXB
 * runtime binds it that way. {@link io.github.domainsnapshot.libvirt.LibvirtBridge} serves users of
 * libvirt-java, an optional dependency (the automatic module {@code libvirt}, from its jar's name),
 * which a module that uses the bridge requires itself ({@code requires libvirt;}); a module that
 * does not compiles and runs without it.
 */
// libvirt-java 0.5.2 and dk.brics.automaton name no module: their jars' names are all there is.
// libvirt-java is static, as only the bridge's users need it; not transitive, as javac resolves a
// transitive dependency for every module that reads this one, static or not, and a consumer
// without libvirt-java would not compile. The bridge's users, whose code names libvirt-java's
// types, require it themselves.
@SuppressWarnings("requires-automatic")
module io.github.domainsnapshot {
    requires transitive jakarta.xml.bind;
    requires transitive java.xml;
    // the runtime's model of the binding, written down at build time, drives the reader and the
    // writer; applications may bind the model with the runtime themselves
    requires org.glassfish.jaxb.runtime;
    requires com.ctc.wstx;
    // the schema's patterns as automata
    requires automaton;
    requires static libvirt;

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
