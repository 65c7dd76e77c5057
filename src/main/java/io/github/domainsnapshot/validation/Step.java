package io.github.domainsnapshot.validation;

import java.util.function.Consumer;

/**
 * One of libvirt's checks, named after the function that makes it. Each {@link LibvirtDriver}
 * lists the steps its libvirt 9.0 driver takes, in the order it takes them; a step that does not
 * concern a request (a redefinition's checks for a new snapshot, say) does nothing.
 */
enum Step {
    /** The public API's flag rules, the same for every driver. */
    CREATE_FLAGS("virDomainSnapshotCreateXML", FlagRules::generic),
    /** The driver's own virCheckFlags: the flags it does not take. */
    DRIVER_FLAGS("virCheckFlags", FlagRules::driver),
    /** qemu's flag pairs: QUIESCE needs DISK_ONLY, LIVE excludes REDEFINE. */
    QEMU_FLAGS("qemuSnapshotCreateXML", FlagRules::qemu),
    /** qemu parses a request for an inactive domain, or a disk-only one, as offline. */
    QEMU_PARSE_MODE("qemuSnapshotCreateXMLParse", ParseRules::qemuParseMode),
    /** The document's own rules, with each disk's source. */
    PARSE("virDomainSnapshotDefParse", ParseRules::parse),
    /** qemu's name, LIVE and state rules. */
    QEMU_VALIDATE("qemuSnapshotCreateXMLValidateDef", QemuRules::validateDef),
    /** The test driver's refusal of the manual disk mode in a new snapshot. */
    TEST_MANUAL("testDomainSnapshotCreateXML", OtherDriverRules::testManualMode),
    /** ESX takes no per-disk requests. */
    ESX_DISKS("esxDomainSnapshotCreateXML", OtherDriverRules::esxDisks),
    /** A redefinition: parent, uuid, the snapshot it replaces, and its disks aligned with its own domain. */
    REDEFINE_PREP("virDomainSnapshotRedefinePrep", RedefineRules::prepare),
    /** qemu's state and memory for a new snapshot, then the disks aligned with the domain's. */
    QEMU_ALIGN("qemuSnapshotCreateAlignDisks", QemuRules::alignDisks),
    /** The test driver's state and memory for a new snapshot, then the alignment. */
    TEST_ALIGN("testDomainSnapshotAlignDisks", OtherDriverRules::testAlignDisks),
    /** qemu's checks of each aligned disk against the storage it is on, then of the whole. */
    QEMU_PREPARE("qemuSnapshotPrepare", QemuRules::prepare),
    /** The memory / disk / disk-only combination table and the plan. */
    QEMU_PLAN("combination table", Planner::plan);

    private final String function;
    private final Consumer<ValidationRun> check;

    Step(String function, Consumer<ValidationRun> check) {
        this.function = function;
        this.check = check;
    }

    /** @return libvirt's function that makes the check */
    String function() {
        return function;
    }

    void apply(ValidationRun run) {
        check.accept(run);
    }
}
