package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.CreateFlag;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The libvirt driver (hypervisor) a request is meant for: which create flags it takes and which
 * of libvirt's checks it applies, as libvirt 9.0's drivers do.
 */
public enum LibvirtDriver {
    /** QEMU/KVM: every flag; qemu's own rules and the combination table. */
    QEMU("qemuSnapshotCreateXML", EnumSet.allOf(CreateFlag.class)),
    /** libvirt's test driver ({@code test:///default}): no disk-only, reuse-ext or no-metadata. */
    TEST(
            "testDomainSnapshotCreateXML",
            EnumSet.of(
                    CreateFlag.REDEFINE,
                    CreateFlag.CURRENT,
                    CreateFlag.HALT,
                    CreateFlag.QUIESCE,
                    CreateFlag.ATOMIC,
                    CreateFlag.LIVE,
                    CreateFlag.VALIDATE)),
    /** VMware ESX: no redefinition, and no per-disk requests. */
    ESX(
            "esxDomainSnapshotCreateXML",
            EnumSet.of(CreateFlag.DISK_ONLY, CreateFlag.QUIESCE, CreateFlag.NO_METADATA, CreateFlag.VALIDATE)),
    /** VirtualBox. */
    VBOX(
            "vboxDomainSnapshotCreateXML",
            EnumSet.of(CreateFlag.NO_METADATA, CreateFlag.REDEFINE, CreateFlag.CURRENT, CreateFlag.VALIDATE));

    private final String function;
    private final Set<CreateFlag> flags;

    LibvirtDriver(String function, Set<CreateFlag> flags) {
        this.function = function;
        this.flags = Set.copyOf(flags);
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
