package io.github.domainsnapshot.codec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.LibvirtVersion;
import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.validation.DomainState;
import io.github.domainsnapshot.validation.Rule;
import io.github.domainsnapshot.validation.SnapshotValidator;
import io.github.domainsnapshot.validation.ValidationContext;
import io.github.domainsnapshot.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The strict schema is the schema of the release the codec is for: what each release's schema
 * added is refused before it and taken from it on, by the dates of the profile, without xmllint
 * (which {@link StrictSchemaAgreementTest} compares with on the releases proven here).
 */
class StrictSchemaPerReleaseTest {
    private static final SnapshotCodec STRICT = SnapshotCodec.create().withSchemaValidation(true);

    private static final String REVERT_DISKS =
            "<domainsnapshot><revertDisks><disk name='vda' snapshot='internal'/></revertDisks></domainsnapshot>";
    private static final String DELETE_IN_PROGRESS = "<domainsnapshot><disks><disk name='vda'><source file='/a'/>"
            + "<snapshotDeleteInProgress/></disk></disks></domainsnapshot>";
    private static final String SSH = "<domainsnapshot><disks><disk name='vda' type='network'><source protocol='ssh'"
            + " name='/i'><host name='h'/><knownHosts path='/k'/><identity username='u' keyfile='/id'/></source>"
            + "</disk></disks></domainsnapshot>";
    private static final String DATA_STORE = "<domainsnapshot><disks><disk name='vda'><source file='/a'>"
            + "<dataStore type='file'><format type='raw'/><source file='/d'/></dataStore></source></disk></disks>"
            + "</domainsnapshot>";

    @Test
    void theDefaultIsTheNewestProvenReleaseAndWithLibvirtMakesANewCodec() {
        SnapshotCodec codec = SnapshotCodec.create();
        assertEquals(LibvirtVersion.newestProven(), codec.libvirt());
        assertEquals(LibvirtVersion.newestProven(), STRICT.libvirt());
        SnapshotCodec nine = STRICT.withLibvirt(LibvirtVersion.V9_0);
        assertNotSame(STRICT, nine);
        assertEquals(LibvirtVersion.V9_0, nine.libvirt());
        assertTrue(nine.isSchemaValidation(), "the other settings are kept");
        assertEquals(LibvirtVersion.newestProven(), STRICT.libvirt(), "this one is unchanged");
        assertSame(nine, nine.withLibvirt(LibvirtVersion.parse("9.0.0")));
        assertEquals(LibvirtVersion.V9_0, nine.withSchemaValidation(false).libvirt());
        // outside the proven range: the nearest proven release
        assertEquals(
                LibvirtVersion.V9_0,
                codec.withLibvirt(LibvirtVersion.parse("8.0")).libvirt());
        assertEquals(
                LibvirtVersion.newestProven(),
                codec.withLibvirt(LibvirtVersion.parse("99.0")).libvirt());
        assertSame(codec, codec.withLibvirt(LibvirtVersion.parse("99.0")));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> codec.withLibvirt(null));
        assertEquals("version", npe.getMessage());
    }

    @Test
    void whatEachReleaseAddedIsRefusedBeforeItAndTakenFromIt() {
        // the dates come from features.txt: revertDisks 9.7, snapshotDeleteInProgress 9.2, ssh 9.8,
        // dataStore 10.10
        for (String version : List.of("9.0", "9.1", "9.2", "9.6", "9.7", "9.8", "10.9", "10.10", "11.3", "12.9")) {
            SnapshotCodec codec = STRICT.withLibvirt(LibvirtVersion.parse(version));
            assertVerdict(codec, REVERT_DISKS, Feature.SCHEMA_REVERT_DISKS, "/domainsnapshot/revertDisks");
            assertVerdict(
                    codec,
                    DELETE_IN_PROGRESS,
                    Feature.SCHEMA_SNAPSHOT_DELETE_IN_PROGRESS,
                    "/domainsnapshot/disks/disk[1]/snapshotDeleteInProgress");
            assertVerdict(codec, SSH, Feature.SSH_IDENTITY, "/domainsnapshot/disks/disk[1]/source");
            assertVerdict(
                    codec, DATA_STORE, Feature.SCHEMA_DATA_STORE, "/domainsnapshot/disks/disk[1]/source/dataStore");
        }
    }

    private static void assertVerdict(SnapshotCodec codec, String document, Feature feature, String path) {
        if (feature.in(codec.libvirt())) {
            assertDoesNotThrow(() -> codec.read(document), codec.libvirt() + " takes " + feature.id());
        } else {
            SnapshotXmlException e = assertThrows(
                    SnapshotXmlException.class,
                    () -> codec.read(document),
                    codec.libvirt() + " refuses " + feature.id());
            assertEquals(SnapshotXmlException.Kind.SCHEMA, e.kind(), e.getMessage());
            assertEquals(path, e.getPath(), e.getMessage());
        }
    }

    @Test
    void readingWithoutValidationIsTheSameForEveryRelease() {
        for (LibvirtVersion v : LibvirtVersion.proven()) {
            SnapshotCodec lenient = SnapshotCodec.create().withLibvirt(v);
            for (String document : List.of(REVERT_DISKS, DELETE_IN_PROGRESS, SSH, DATA_STORE)) {
                assertEquals(SnapshotCodec.create().read(document), lenient.read(document));
                assertEquals(
                        SnapshotCodec.create().write(SnapshotCodec.create().read(document)),
                        lenient.write(lenient.read(document)));
            }
        }
        // the data store is the model's, kept verbatim and written where libvirt writes it
        assertEquals(
                "raw",
                SnapshotCodec.create()
                        .read(DATA_STORE)
                        .getDisks()
                        .getDisks()
                        .get(0)
                        .getSource()
                        .getDataStore()
                        .element("format")
                        .attribute("type"));
    }

    @Test
    void releasesWithTheSameSchemaShareOneStrictFormAndTheirNumberIsBounded() {
        List<LibvirtVersion> versions = new ArrayList<>();
        for (int major = 9; major <= 12; major++) {
            for (int minor = 0; minor <= 10; minor++) {
                versions.add(LibvirtVersion.of(major, minor));
            }
        }
        for (LibvirtVersion v : versions) {
            STRICT.withLibvirt(v).read("<domainsnapshot/>");
        }
        int changes = SchemaSupport.Features.FEATURES.size();
        assertTrue(SchemaSupport.built() <= 2 * changes + 1, SchemaSupport.built() + " strict forms for " + changes);
        Set<Feature> nine = SchemaSupport.featuresOf(LibvirtVersion.V9_0);
        assertEquals(Set.of(), nine, "9.0 has none of the changes");
        assertEquals(
                Set.copyOf(SchemaSupport.Features.FEATURES),
                SchemaSupport.featuresOf(LibvirtVersion.V12_9),
                "12.9 has every one");
        assertTrue(SchemaSupport.Features.FEATURES.containsAll(SchemaRules.FEATURES));
        assertTrue(SchemaSupport.Features.FEATURES.contains(Feature.SCHEMA_NVME_DISK_NAME), "named in the XSD");
    }

    @Test
    void theValidatorChecksTheSchemaOfTheReleaseItAnswersFor() {
        SnapshotValidator validator = SnapshotValidator.create();
        ValidationContext validate = ValidationContext.of(DomainState.RUNNING).withFlags(CreateFlag.VALIDATE);
        String request =
                "<domainsnapshot><disks><disk name='vda' snapshot='no'/></disks><revertDisks/>" + "</domainsnapshot>";
        ValidationReport nine = validator.check(request, validate.withLibvirt(LibvirtVersion.V9_0));
        assertEquals(LibvirtVersion.V9_0, nine.libvirt());
        assertTrue(
                nine.problems().stream().anyMatch(p -> p.rule() == Rule.DOCUMENT_SCHEMA),
                "9.0's schema has no revertDisks: " + nine.problems());
        for (ValidationContext newer : List.of(validate, validate.withLibvirt(LibvirtVersion.V11_3))) {
            ValidationReport report = validator.check(request, newer);
            assertFalse(
                    report.problems().stream().anyMatch(p -> p.rule() == Rule.DOCUMENT_SCHEMA),
                    newer.answeredLibvirt() + "'s schema has it: " + report.problems());
        }
        // without VALIDATE, no release checks the schema
        ValidationReport lenient = validator.check(
                request, ValidationContext.of(DomainState.RUNNING).withLibvirt(LibvirtVersion.V9_0));
        assertFalse(lenient.problems().stream().anyMatch(p -> p.rule() == Rule.DOCUMENT_SCHEMA));
    }
}
