package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The list of rule ids users read (each constant's Javadoc) is the list the code has. */
class RuleCatalogTest {
    private static final Pattern CONSTANT =
            Pattern.compile("/\\*\\*\\s*\\{@code ([^}]+)\\}:(.*?)\\*/\\s*([A-Z_]+)\\(\"([^\"]+)\"", Pattern.DOTALL);

    @Test
    void everyRulesJavadocBeginsWithItsId() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/github/domainsnapshot/validation/Rule.java"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            assertEquals(m.group(4), m.group(1), "the Javadoc of " + m.group(3) + " names another id");
            assertTrue(!m.group(2).isBlank(), m.group(3) + " says what it means");
            documented.put(m.group(3), m.group(1));
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (Rule r : Rule.values()) {
            actual.put(r.name(), r.id());
        }
        assertEquals(actual, documented);
    }

    @Test
    void idsAreUniqueAndFindTheirRule() {
        for (Rule r : Rule.values()) {
            assertEquals(Optional.of(r), Rule.fromId(r.id()));
        }
        assertEquals(
                Rule.values().length,
                List.of(Rule.values()).stream().map(Rule::id).distinct().count());
        assertEquals(Optional.empty(), Rule.fromId("no.such-rule"));
        assertEquals(Optional.empty(), Rule.fromId("MEMORY_FILE_ABSOLUTE"), "ids, not constant names");
    }

    /**
     * The code libvirt 9.0 raises with each rule, read from its source (the function named) and,
     * where recorded, from the words it printed before its message (the agreement tests check
     * those case by case): each rule id tied to its code, and each code to its verdict.
     */
    private static final String CODES = """
            document.malformed              XML_DETAIL             virXMLParse: libxml2's error
            document.root                   XML_ERROR              virXMLParse: expecting root element
            document.schema                 XML_INVALID_SCHEMA     virXMLValidateAgainstSchema
            flags.current-requires-redefine INVALID_ARG            VIR_REQUIRE_FLAG_GOTO
            flags.redefine-no-metadata      INVALID_ARG            VIR_EXCLUSIVE_FLAGS_GOTO
            flags.redefine-halt             INVALID_ARG            VIR_EXCLUSIVE_FLAGS_GOTO
            flags.quiesce-requires-disk-only INVALID_ARG           VIR_REQUIRE_FLAG_RET
            flags.live-redefine             INVALID_ARG            VIR_EXCLUSIVE_FLAGS_RET
            flags.live                      OPERATION_UNSUPPORTED  qemuSnapshotCreateXMLValidateDef
            redefine.name                   XML_ERROR              virDomainSnapshotDefParse
            redefine.creation-time          INTERNAL_ERROR         virDomainSnapshotDefParse
            redefine.state-missing          XML_ERROR              virDomainSnapshotDefParse
            redefine.state-value            CONFIG_UNSUPPORTED     virDomainSnapshotDefParse
            redefine.disk-only-state        INVALID_ARG            virDomainSnapshotRedefineValidate
            redefine.uuid                   INVALID_ARG            virDomainSnapshotRedefineValidate
            redefine.parent                 INVALID_ARG            virDomainMomentObjListCheckCycles
            redefine.parent-unchecked       -                      a warning of ours
            redefine.online-offline         INVALID_ARG            virDomainSnapshotRedefineValidate
            redefine.disk-only-full         INVALID_ARG            virDomainSnapshotRedefineValidate
            redefine.domain-missing         INTERNAL_ERROR         virDomainSnapshotAlignDisks
            name.characters                 XML_DETAIL             qemuSnapshotCreateXMLValidateDef
            state.pmsuspended               OPERATION_UNSUPPORTED  qemuSnapshotCreateXMLValidateDef
            state.invalid                   INTERNAL_ERROR         qemuSnapshotCreateXMLValidateDef
            qemu.running-needs-memory       OPERATION_UNSUPPORTED  qemuSnapshotCreateAlignDisks
            qemu.active-internal-disk       CONFIG_UNSUPPORTED     qemuSnapshotPrepare
            qemu.internal-format            CONFIG_UNSUPPORTED     qemuSnapshotPrepare
            qemu.internal-storage           INTERNAL_ERROR         qemuSnapshotPrepareDiskInternal
            qemu.external-format            CONFIG_UNSUPPORTED     qemuSnapshotPrepare
            qemu.external-storage           INTERNAL_ERROR         qemuSnapshotPrepareDiskExternal*
            qemu.shared-disk                CONFIG_UNSUPPORTED     qemuSnapshotPrepareDiskShared
            qemu.nothing-selected           CONFIG_UNSUPPORTED     qemuSnapshotPrepare
            qemu.internal-all-disks         CONFIG_UNSUPPORTED     qemuSnapshotPrepare
            qemu.disk-only-needs-disk       CONFIG_UNSUPPORTED     qemuSnapshotPrepare
            qemu.pflash                     OPERATION_UNSUPPORTED  qemuSnapshotPrepare
            memory.value                    XML_ERROR              virXMLPropEnumDefault
            memory.manual                   XML_ERROR              virDomainSnapshotDefParse
            memory.file-requires-external   XML_ERROR              virDomainSnapshotDefParse
            memory.external-requires-file   XML_ERROR              virDomainSnapshotDefParse
            memory.offline                  XML_ERROR              virDomainSnapshotDefParse
            memory.file-absolute            XML_ERROR              virDomainSnapshotDefParse
            disk.name                       INTERNAL_ERROR         virDomainSnapshotDiskDefParseXML
            disk.mode                       XML_ERROR              virXMLPropEnumDefault
            disk.type-value                 XML_ERROR              virXMLPropEnumDefault
            disk.type                       XML_ERROR              virDomainSnapshotDiskDefParseXML
            disk.driver                     CONFIG_UNSUPPORTED     virDomainSnapshotDiskDefParseXML
            disk.max-size                   XML_ERROR              virParseScaledValue
            disk.path-absolute              XML_ERROR              virDomainSnapshotDiskDefParseXML
            source.network                  XML_ERROR              virDomainDiskSourceNetworkParse
            source.host                     XML_ERROR              virDomainStorageNetworkParseHost
            source.network-option           XML_ERROR              virDomainDiskSourceNetworkParse
            source.auth                     XML_ERROR              virStorageAuthDefParse
            source.encryption               XML_ERROR              virStorageEncryptionParseNode
            source.reservations             XML_ERROR              virStoragePRDefParseXML
            source.slice                    XML_ERROR              virDomainStorageSourceParseSlice
            source.seclabel                 XML_ERROR              virSecurityDeviceLabelDefParseXML
            source.nvme                     XML_ERROR              virDomainDiskSourceNVMeParse
            source.vhostuser                XML_ERROR              virDomainDiskSourceVHostUserParse
            source.vhostvdpa                XML_ERROR              virDomainDiskSourceVDPAParse (9.8 and later)
            align.too-many                  CONFIG_UNSUPPORTED     virDomainSnapshotAlignDisks
            align.unknown-disk              CONFIG_UNSUPPORTED     virDomainSnapshotAlignDisks
            align.twice                     CONFIG_UNSUPPORTED     virDomainSnapshotAlignDisks
            align.uniform-internal          CONFIG_UNSUPPORTED     virDomainSnapshotAlignDisks
            align.file-requires-external    CONFIG_UNSUPPORTED     virDomainSnapshotAlignDisks
            align.name-device-type          CONFIG_UNSUPPORTED     virDomainSnapshotDefAssignExternalNames
            align.name-no-source            CONFIG_UNSUPPORTED     virDomainSnapshotDefAssignExternalNames
            align.not-regular-file          CONFIG_UNSUPPORTED     virDomainSnapshotDefAssignExternalNames
            align.file-unchecked            -                      a warning of ours
            align.collision                 CONFIG_UNSUPPORTED     virDomainSnapshotDefAssignExternalNames
            driver.flags                    INVALID_ARG            virCheckFlags
            driver.manual-mode              OPERATION_UNSUPPORTED  testDomainSnapshotCreateXML
            driver.disks                    CONFIG_UNSUPPORTED     esxDomainSnapshotCreateXML
            driver.disk-mode-override       CONFIG_UNSUPPORTED     virDomainSnapshotAlignDisks
            table.invalid                   XML_ERROR              memory state cannot be saved (parse)
            table.unsupported               CONFIG_UNSUPPORTED     qemuSnapshotPrepare, the alignment
            table.mixed-disks               CONFIG_UNSUPPORTED     qemuSnapshotPrepare
            table.state-unknown             -                      a warning of ours
            revert.flags                    INVALID_ARG            virDomainRevertToSnapshot: VIR_EXCLUSIVE_FLAGS_GOTO
            revert.external                 CONFIG_UNSUPPORTED     qemuSnapshotRevertValidate (9.0)
            revert.rollback-info            SNAPSHOT_REVERT_RISKY  qemuSnapshotRevertValidate
            revert.not-file                 OPERATION_UNSUPPORTED  qemuSnapshotRevertValidate (11.3)
            revert.state                    INTERNAL_ERROR         qemuSnapshotRevert: the snapshot's state
            revert.internal-load            -                      a warning of ours
            revert.current-unknown          -                      a warning of ours
            delete.flags                    INVALID_ARG            virDomainSnapshotDelete: VIR_EXCLUSIVE_FLAGS_GOTO
            delete.internal-image           OPERATION_UNSUPPORTED  qemuSnapshotDeleteValidate
            delete.external-children        CONFIG_UNSUPPORTED     qemuSnapshotDeleteValidate
            delete.with-children            CONFIG_UNSUPPORTED     qemuSnapshotDeleteValidate
            delete.active-non-leaf          CONFIG_UNSUPPORTED     qemuSnapshotDeleteValidate (11.3)
            delete.not-in-active-chain      CONFIG_UNSUPPORTED     qemuSnapshotDeleteValidate (11.3)
            delete.multiple-children        CONFIG_UNSUPPORTED     qemuSnapshotDeleteValidate (11.3)
            delete.chain                    INVALID_ARG            virStorageSourceChainLookupBySource
            delete.internal-parent          OPERATION_UNSUPPORTED  qemuSnapshotDeleteExternalPrepare
            delete.memory-only              INTERNAL_ERROR         virErrorGenericFailure: no error set (9.0)
            delete.base-image               -                      a warning of ours
            delete.current-unknown          -                      a warning of ours
            delete.state-unknown            -                      a warning of ours
            libvirt.version                 -                      a warning of ours
            """;

    @Test
    void everyRuleNamesTheCodeLibvirtRaisesWithIt() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : CODES.strip().split("\n")) {
            String[] cells = line.strip().split("\\s+", 3);
            expected.put(cells[0], cells[1]);
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (Rule r : Rule.values()) {
            actual.put(r.id(), r.libvirtError().map(LibvirtError::name).orElse("-"));
        }
        assertEquals(expected, actual);
    }

    @Test
    void eachCodeGivesItsVerdictAndEachRuleItsKind() {
        Map<LibvirtError, Verdict> verdicts = new EnumMap<>(LibvirtError.class);
        for (LibvirtError e : LibvirtError.values()) {
            verdicts.put(e, e.verdict());
        }
        assertEquals(
                Map.of(
                        LibvirtError.INTERNAL_ERROR, Verdict.INVALID,
                        LibvirtError.INVALID_ARG, Verdict.INVALID,
                        LibvirtError.XML_ERROR, Verdict.INVALID,
                        LibvirtError.XML_DETAIL, Verdict.INVALID,
                        LibvirtError.CONFIG_UNSUPPORTED, Verdict.UNSUPPORTED,
                        LibvirtError.OVERFLOW, Verdict.INVALID,
                        LibvirtError.OPERATION_UNSUPPORTED, Verdict.UNSUPPORTED,
                        LibvirtError.SNAPSHOT_REVERT_RISKY, Verdict.INVALID,
                        LibvirtError.XML_INVALID_SCHEMA, Verdict.INVALID),
                verdicts);
        assertEquals(67, LibvirtError.CONFIG_UNSUPPORTED.code());
        assertEquals("VIR_ERR_CONFIG_UNSUPPORTED", LibvirtError.CONFIG_UNSUPPORTED.libvirtName());
        assertEquals("unsupported configuration: ", LibvirtError.CONFIG_UNSUPPORTED.category());
        for (Rule r : Rule.values()) {
            Rule.Kind kind = r.libvirtError()
                    .map(e -> e.verdict() == Verdict.INVALID ? Rule.Kind.INVALID : Rule.Kind.UNSUPPORTED)
                    .orElse(Rule.Kind.NOTE);
            assertEquals(kind, r.kind(), r.id());
            assertEquals(kind == Rule.Kind.NOTE ? Severity.WARNING : Severity.ERROR, r.severity(), r.id());
        }
    }
}
