package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.CreateFlag;

/** The create flags' rules: the public API's, the driver's virCheckFlags, and qemu's pairs. */
final class FlagRules {
    private static final MessageKey CURRENT_REQUIRES_REDEFINE = MessageKey.of(Rule.FLAGS_CURRENT_REQUIRES_REDEFINE);
    private static final MessageKey REDEFINE_NO_METADATA = MessageKey.of(Rule.FLAGS_REDEFINE_NO_METADATA);
    private static final MessageKey REDEFINE_HALT = MessageKey.of(Rule.FLAGS_REDEFINE_HALT);
    private static final MessageKey UNSUPPORTED = MessageKey.of(Rule.DRIVER_FLAGS);
    private static final MessageKey QUIESCE_REQUIRES_DISK_ONLY = MessageKey.of(Rule.FLAGS_QUIESCE_REQUIRES_DISK_ONLY);
    private static final MessageKey LIVE_REDEFINE = MessageKey.of(Rule.FLAGS_LIVE_REDEFINE);

    private FlagRules() {}

    /** virDomainSnapshotCreateXML: the same for every driver. */
    static void generic(ValidationRun run) {
        requires(run, CreateFlag.CURRENT, CreateFlag.REDEFINE, CURRENT_REQUIRES_REDEFINE);
        exclusive(run, CreateFlag.REDEFINE, CreateFlag.NO_METADATA, REDEFINE_NO_METADATA);
        exclusive(run, CreateFlag.REDEFINE, CreateFlag.HALT, REDEFINE_HALT);
    }

    /** The driver's virCheckFlags: every flag it does not take, named together in hex. */
    static void driver(ValidationRun run) {
        int unsupported = CreateFlag.toMask(run.ctx.flags()) & ~CreateFlag.toMask(run.driver.supportedFlags());
        if (unsupported != 0) {
            run.add(
                    UNSUPPORTED,
                    null,
                    "mask",
                    "0x" + Integer.toHexString(unsupported),
                    "function",
                    run.driver.function());
        }
    }

    /** qemuSnapshotCreateXML: QUIESCE needs DISK_ONLY, LIVE excludes REDEFINE. */
    static void qemu(ValidationRun run) {
        requires(run, CreateFlag.QUIESCE, CreateFlag.DISK_ONLY, QUIESCE_REQUIRES_DISK_ONLY);
        exclusive(run, CreateFlag.LIVE, CreateFlag.REDEFINE, LIVE_REDEFINE);
    }

    private static void requires(ValidationRun run, CreateFlag flag, CreateFlag needed, MessageKey key) {
        if (run.ctx.has(flag) && !run.ctx.has(needed)) {
            run.add(key, null, "flag", flag.libvirtName(), "needed", needed.libvirtName());
        }
    }

    private static void exclusive(ValidationRun run, CreateFlag a, CreateFlag b, MessageKey key) {
        if (run.ctx.has(a) && run.ctx.has(b)) {
            run.add(key, null, "flag", a.libvirtName(), "other", b.libvirtName());
        }
    }
}
