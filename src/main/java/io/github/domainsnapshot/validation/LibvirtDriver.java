package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.CreateFlag;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The libvirt driver (hypervisor) a request is meant for: which create flags it takes and which
 * of libvirt's checks it applies, in the order its libvirt 9.0 driver applies them
 * ({@link #checks()}).
 */
public enum LibvirtDriver {
    /**
     * QEMU/KVM: every flag; qemu's own rules, its alignment of the disks, its checks of each disk
     * against its storage (qemuSnapshotPrepare) and the combination table's plan.
     */
    QEMU(
            "qemuSnapshotCreateXML",
            EnumSet.allOf(CreateFlag.class),
            List.of(
                    Step.CREATE_FLAGS,
                    Step.DRIVER_FLAGS,
                    Step.QEMU_FLAGS,
                    Step.QEMU_PARSE_MODE,
                    Step.PARSE,
                    Step.QEMU_VALIDATE,
                    Step.REDEFINE_PREP,
                    Step.QEMU_ALIGN,
                    Step.QEMU_PREPARE,
                    Step.QEMU_PLAN)),
    /**
     * libvirt's test driver ({@code test:///default}): no disk-only, reuse-ext or no-metadata; no
     * manual disk in a new snapshot.
     */
    TEST(
            "testDomainSnapshotCreateXML",
            EnumSet.of(
                    CreateFlag.REDEFINE,
                    CreateFlag.CURRENT,
                    CreateFlag.HALT,
                    CreateFlag.QUIESCE,
                    CreateFlag.ATOMIC,
                    CreateFlag.LIVE,
                    CreateFlag.VALIDATE),
            List.of(
                    Step.CREATE_FLAGS,
                    Step.DRIVER_FLAGS,
                    Step.PARSE,
                    Step.TEST_MANUAL,
                    Step.REDEFINE_PREP,
                    Step.TEST_ALIGN)),
    /** VMware ESX: no redefinition, and no per-disk requests. */
    ESX(
            "esxDomainSnapshotCreateXML",
            EnumSet.of(CreateFlag.DISK_ONLY, CreateFlag.QUIESCE, CreateFlag.NO_METADATA, CreateFlag.VALIDATE),
            List.of(Step.CREATE_FLAGS, Step.DRIVER_FLAGS, Step.PARSE, Step.ESX_DISKS)),
    /** VirtualBox. */
    VBOX(
            "vboxDomainSnapshotCreateXML",
            EnumSet.of(CreateFlag.NO_METADATA, CreateFlag.REDEFINE, CreateFlag.CURRENT, CreateFlag.VALIDATE),
            List.of(Step.CREATE_FLAGS, Step.DRIVER_FLAGS, Step.PARSE));

    private static final List<DomainState> STATES =
            List.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.SHUTOFF);

    private final String function;
    private final Set<CreateFlag> flags;
    private final List<Step> steps;

    LibvirtDriver(String function, Set<CreateFlag> flags, List<Step> steps) {
        this.function = function;
        this.flags = Set.copyOf(flags);
        this.steps = List.copyOf(steps);
    }

    /** @return the steps the driver takes, in its order */
    List<Step> steps() {
        return steps;
    }

    /**
     * The checks the driver applies, in the order it applies them, each named after libvirt's
     * function that makes it (for instance {@code qemuSnapshotPrepare}).
     *
     * @return the function names, in order
     */
    public List<String> checks() {
        return steps.stream().map(Step::function).toList();
    }

    /**
     * The states a domain is snapshotted in, in which a check answers when the context does not
     * give the domain's state ({@link ValidationReport#byState()}): running, paused and shut off.
     * The passing states (shutting down, crashed, suspended by power management) are left out, as
     * a request is not prepared for them.
     *
     * @return the states, in the order the reports give them
     */
    public List<DomainState> states() {
        return STATES;
    }

    /** @return the flags the driver takes */
    public Set<CreateFlag> supportedFlags() {
        return flags;
    }

    /** @return the driver's C function that refuses flags it does not take, as libvirt names it */
    public String function() {
        return function;
    }

    /** @return the lower-case name ({@code qemu}, {@code test}, {@code esx}, {@code vbox}) */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The driver with a name.
     *
     * @param name {@code qemu}, {@code test}, {@code esx} or {@code vbox}, in any case
     * @return the driver
     * @throws IllegalArgumentException for any other name
     */
    public static LibvirtDriver fromName(String name) {
        for (LibvirtDriver d : values()) {
            if (d.label().equalsIgnoreCase(name.strip())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown driver '" + name + "' (qemu, test, esx or vbox)");
    }
}
