package io.github.domainsnapshot.validation;

/**
 * One of libvirt's checks, named after the function that makes it. Each {@link LibvirtDriver}
 * lists the steps its libvirt 9.0 driver takes, in the order it takes them; a step that does not
 * concern a request (a redefinition's checks for a new snapshot, say) does nothing.
 */
enum Step {
    /** The public API's flag rules, the same for every driver. */
    CREATE_FLAGS("virDomainSnapshotCreateXML"),
    /** The driver's own virCheckFlags: the flags it does not take. */
    DRIVER_FLAGS("virCheckFlags"),
    /** qemu's flag pairs: QUIESCE needs DISK_ONLY, LIVE excludes REDEFINE. */
    QEMU_FLAGS("qemuSnapshotCreateXML"),
    /** qemu parses a request for an inactive domain, or a disk-only one, as offline. */
    QEMU_PARSE_MODE("qemuSnapshotCreateXMLParse"),
    /** The document's own rules, with each disk's source. */
    PARSE("virDomainSnapshotDefParse"),
    /** qemu's name, LIVE and state rules. */
    QEMU_VALIDATE("qemuSnapshotCreateXMLValidateDef"),
    /** The test driver's refusal of the manual disk mode in a new snapshot. */
    TEST_MANUAL("testDomainSnapshotCreateXML"),
    /** ESX takes no per-disk requests. */
    ESX_DISKS("esxDomainSnapshotCreateXML"),
    /** A redefinition: parent, uuid, the snapshot it replaces, and its disks aligned with its own domain. */
    REDEFINE_PREP("virDomainSnapshotRedefinePrep"),
    /** qemu's state and memory for a new snapshot, then the disks aligned with the domain's. */
    QEMU_ALIGN("qemuSnapshotCreateAlignDisks"),
    /** The test driver's state and memory for a new snapshot, then the alignment. */
    TEST_ALIGN("testDomainSnapshotAlignDisks"),
    /** qemu's checks of each aligned disk against the storage it is on, then of the whole. */
    QEMU_PREPARE("qemuSnapshotPrepare"),
    /** The memory / disk / disk-only combination table and the plan. */
    QEMU_PLAN("combination table");

    private final String function;

    Step(String function) {
        this.function = function;
    }

    /** @return libvirt's function that makes the check */
    String function() {
        return function;
    }

    void apply(ValidationRun run) {
        // a switch, not a method reference per step: each of those is a class generated when
        // the enum is first used, which a process's first check would pay for
        switch (this) {
            case CREATE_FLAGS -> FlagRules.generic(run);
            case DRIVER_FLAGS -> FlagRules.driver(run);
            case QEMU_FLAGS -> FlagRules.qemu(run);
            case QEMU_PARSE_MODE -> ParseRules.qemuParseMode(run);
            case PARSE -> ParseRules.parse(run);
            case QEMU_VALIDATE -> QemuRules.validateDef(run);
            case TEST_MANUAL -> OtherDriverRules.testManualMode(run);
            case ESX_DISKS -> OtherDriverRules.esxDisks(run);
            case REDEFINE_PREP -> RedefineRules.prepare(run);
            case QEMU_ALIGN -> QemuRules.alignDisks(run);
            case TEST_ALIGN -> OtherDriverRules.testAlignDisks(run);
            case QEMU_PREPARE -> QemuRules.prepare(run);
            case QEMU_PLAN -> Planner.plan(run);
        }
    }
}
