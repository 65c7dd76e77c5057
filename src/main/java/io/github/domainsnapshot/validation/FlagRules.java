package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.CreateFlag;

/** The create flags' rules: the public API's, the driver's virCheckFlags, and qemu's pairs. */
final class FlagRules {
    private FlagRules() {}

    /** virDomainSnapshotCreateXML: the same for every driver. */
    static void generic(ValidationRun run) {
        requires(run, CreateFlag.CURRENT, CreateFlag.REDEFINE, Rule.FLAGS_CURRENT_REQUIRES_REDEFINE);
        exclusive(run, CreateFlag.REDEFINE, CreateFlag.NO_METADATA, Rule.FLAGS_REDEFINE_NO_METADATA);
        exclusive(run, CreateFlag.REDEFINE, CreateFlag.HALT, Rule.FLAGS_REDEFINE_HALT);
    }

    /** The driver's virCheckFlags: every flag it does not take, named together in hex. */
    static void driver(ValidationRun run) {
        int unsupported = CreateFlag.toMask(run.ctx.flags()) & ~CreateFlag.toMask(run.driver.supportedFlags());
        if (unsupported != 0) {
            run.add(
                    Rule.DRIVER_FLAGS,
                    "unsupported flags (0x" + Integer.toHexString(unsupported) + ") in function "
                            + run.driver.function(),
                    null);
        }
    }

    /** qemuSnapshotCreateXML: QUIESCE needs DISK_ONLY, LIVE excludes REDEFINE. */
    static void qemu(ValidationRun run) {
        requires(run, CreateFlag.QUIESCE, CreateFlag.DISK_ONLY, Rule.FLAGS_QUIESCE_REQUIRES_DISK_ONLY);
        exclusive(run, CreateFlag.LIVE, CreateFlag.REDEFINE, Rule.FLAGS_LIVE_REDEFINE);
    }

    private static void requires(ValidationRun run, CreateFlag flag, CreateFlag needed, Rule rule) {
        if (run.ctx.has(flag) && !run.ctx.has(needed)) {
            run.add(rule, "Flag '" + needed.libvirtName() + "' is required by flag '" + flag.libvirtName() + "'", null);
        }
    }

    private static void exclusive(ValidationRun run, CreateFlag a, CreateFlag b, Rule rule) {
        if (run.ctx.has(a) && run.ctx.has(b)) {
            run.add(rule, "Flags '" + a.libvirtName() + "' and '" + b.libvirtName() + "' are mutually exclusive", null);
        }
    }
}
