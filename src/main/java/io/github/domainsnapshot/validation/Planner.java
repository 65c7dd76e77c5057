package io.github.domainsnapshot.validation;

import static io.github.domainsnapshot.validation.ValidationRun.ROOT;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.profile.Feature;
import io.github.domainsnapshot.validation.ValidationRun.AlignedDisk;
import io.github.domainsnapshot.validation.ValidationRun.RequestDisk;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The request's cell of the combination table, and the plan: from the aligned disks when there
 * are, else from the table (libvirt 9.0's result for the cell).
 */
final class Planner {
    private static final MessageKey STATE_UNKNOWN = MessageKey.of(Rule.TABLE_STATE_UNKNOWN);
    private static final MessageKey MIXED = MessageKey.of(Rule.TABLE_MIXED_DISKS);
    private static final MessageKey INVALID = MessageKey.of(Rule.TABLE_INVALID);
    private static final MessageKey UNSUPPORTED = MessageKey.of(Rule.TABLE_UNSUPPORTED);
    private static final MessageKey JOB_ID = MessageKey.of(Rule.NAME_CHARACTERS, "job-id");

    private Planner() {}

    static void plan(ValidationRun run) {
        boolean online;
        boolean diskOnly;
        if (run.redefine) {
            if (run.state == null) {
                run.noPlanReason = "the redefined snapshot gives no valid state";
                return;
            }
            online = !run.state.equals("shutoff");
            diskOnly = run.ctx.has(CreateFlag.DISK_ONLY) || run.state.equals("disk-snapshot");
        } else if (run.ctx.state().isKnown()) {
            online = run.ctx.state().isActive();
            diskOnly = run.ctx.has(CreateFlag.DISK_ONLY);
        } else {
            run.add(STATE_UNKNOWN, null);
            run.noPlanReason = "the domain's state was not given: the combination table, which depends on it,"
                    + " was not applied";
            return;
        }
        if (!run.memoryValid || !run.disksValid) {
            run.noPlanReason = "the memory or the disks are not valid";
            return;
        }
        // without the domain's disks, the table is all there is to go by
        boolean byTable = !run.redefine && run.aligned == null && run.errorCount() == 0;
        Optional<CombinationTable.Request> disksColumn = DiskReduction.reduce(modes(run));
        if (disksColumn.isEmpty()) {
            run.noPlanReason =
                    "the disks mix internal and external snapshots: the combination table has no cell" + " for them";
            if (byTable) {
                run.add(MIXED, ROOT + "/disks");
            }
            return;
        }
        CombinationTable.Request memoryColumn = memoryColumn(run.memory);
        CombinationTable.Cell cell = run.table.cell(online, memoryColumn, disksColumn.get(), diskOnly);
        run.row = cell.row();
        CombinationTable.Result result = cell.libvirt();
        if (byTable && !result.accepted()) {
            String what = (online ? "online" : "offline") + " domain, memory " + memoryColumn.label() + ", disks "
                    + disksColumn.get().label() + ", disk-only " + (diskOnly ? "on" : "off");
            if (result.refusal().orElseThrow() == Rule.Kind.INVALID) {
                run.add(INVALID, ROOT, "reason", result.reason().orElse(""), "cell", what);
            } else if (result.reason().isPresent()) {
                // libvirt's own words for the cell, as the table's data gives them
                run.add(Rule.TABLE_UNSUPPORTED, null, result.reason().get(), ROOT);
            } else {
                run.add(UNSUPPORTED, ROOT, "cell", what);
            }
        }
        if (run.errorCount() > 0) {
            return;
        }
        Plan plan =
                run.aligned != null ? fromAligned(run, online) : result.plan().orElse(null);
        if (plan != null && plan.via() == Plan.Mechanism.SNAPSHOT_SAVE && !qemuJobId(run.snapshotName())) {
            // the last check, QEMU's: libvirt names the job internal-snapshot-save-NAME, and QEMU
            // takes a job id of letters, digits, '-', '.' and '_' only (util/id.c, id_wellformed)
            run.add(JOB_ID, ROOT + "/name", "name", run.snapshotName());
            return;
        }
        run.plan = plan;
        if (run.plan == null) {
            run.noPlanReason = "the combination table gives no plan for its row "
                    + cell.row().number();
        }
    }

    /** Whether a snapshot's name, after libvirt's prefix, makes a job id QEMU takes. */
    static boolean qemuJobId(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ascii = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!ascii && c != '-' && c != '.' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static CombinationTable.Request memoryColumn(String memory) {
        if (memory == null) {
            return CombinationTable.Request.OMIT;
        }
        return switch (memory) {
            case "no" -> CombinationTable.Request.NO;
            case "internal" -> CombinationTable.Request.INT;
            default -> CombinationTable.Request.EXT;
        };
    }

    /** The request's disk modes, then (when it names any) the own defaults of the disks it does not name. */
    private static List<String> modes(ValidationRun run) {
        List<String> out = new ArrayList<>();
        for (RequestDisk d : run.disks) {
            out.add(d.mode);
        }
        if (!run.disks.isEmpty()) {
            out.addAll(run.unlistedModes);
        }
        return out;
    }

    /**
     * The plan of the aligned disks, by the path qemu takes: online, savevm for internal memory
     * and disks, migrate for external memory and a transaction of external disks; offline,
     * qemu-img, where a disk-only snapshot or an external disk takes the path for overlays, which
     * leaves internal disks alone.
     */
    private static Plan fromAligned(ValidationRun run, boolean online) {
        String memory = run.redefine ? run.memory : run.storedMemory;
        boolean anyExternal = run.aligned.stream().anyMatch(d -> d.mode.equals("external"));
        boolean anyInternal = run.aligned.stream().anyMatch(d -> d.mode.equals("internal"));
        boolean overlayPath = !online && (anyExternal || run.ctx.has(CreateFlag.DISK_ONLY));
        List<Plan.DiskPlan> perDisk = new ArrayList<>();
        for (AlignedDisk d : run.aligned) {
            Plan.Location location = location(d.mode);
            Plan.Mechanism via = null;
            if (location == Plan.Location.INTERNAL) {
                via = online ? savevm(run) : overlayPath ? null : Plan.Mechanism.QEMU_IMG;
            } else if (location == Plan.Location.EXTERNAL) {
                via = online ? Plan.Mechanism.TRANSACTION : Plan.Mechanism.QEMU_IMG;
            }
            perDisk.add(new Plan.DiskPlan(d.name, location, Optional.ofNullable(via)));
        }
        Plan.Location memoryLocation = memory == null ? Plan.Location.NO : location(memory);
        Plan.Mechanism via;
        if (!online) {
            via = overlayPath && !anyExternal ? Plan.Mechanism.NONE : Plan.Mechanism.QEMU_IMG;
        } else if (memoryLocation == Plan.Location.INTERNAL) {
            via = savevm(run);
        } else if (memoryLocation == Plan.Location.EXTERNAL) {
            via = anyExternal ? Plan.Mechanism.MIGRATE_TRANSACTION : Plan.Mechanism.MIGRATE;
        } else {
            via = Plan.Mechanism.TRANSACTION;
        }
        Plan.Location disks =
                anyExternal ? Plan.Location.EXTERNAL : anyInternal ? Plan.Location.INTERNAL : Plan.Location.NO;
        return new Plan(memoryLocation, disks, via, perDisk);
    }

    /** How a running domain's internal snapshot is made: HMP savevm, then QEMU's snapshot-save job. */
    static Plan.Mechanism savevm(ValidationRun run) {
        return run.profile.has(Feature.INTERNAL_VIA_SNAPSHOT_SAVE)
                ? Plan.Mechanism.SNAPSHOT_SAVE
                : Plan.Mechanism.SAVEVM;
    }

    private static Plan.Location location(String mode) {
        return switch (mode) {
            case "internal" -> Plan.Location.INTERNAL;
            case "external" -> Plan.Location.EXTERNAL;
            case "manual" -> Plan.Location.MANUAL;
            default -> Plan.Location.NO;
        };
    }
}
