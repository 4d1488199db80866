package io.virtshare.internal.backend.qemu;

import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VmShares;
import io.virtshare.vm.Accelerator;
import io.virtshare.vm.VmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU command line for a {@link VmSpec}: name, machine type and accelerator (TCG unless
 * the spec says KVM), memory, CPUs, no default devices and no display, the serial console to
 * a file, direct boot, the shares' and guest disks' arguments (with the shared memory
 * virtiofs needs), on q35 spare PCIe root ports (and shared memory) for hot-plugged virtiofs
 * shares, a QMP socket and a pid file.
 */
final class QemuCommand {
    /** Spare PCIe root ports a q35 VM gets for hot-plugged shares. */
    static final int SPARE_ROOT_PORTS = DomainDefinition.SPARE_ROOT_PORTS;

    private QemuCommand() {
    }

    /** The QEMU id of spare root port {@code port} (1 to {@link #SPARE_ROOT_PORTS}). */
    static String rootPort(int port) {
        return "virtshare-port" + port;
    }

    static List<String> of(Path qemu, VmSpec spec, VmFiles files) {
        VmShares shares = spec.shares();
        List<String> command = new ArrayList<>(List.of(qemu.toString(),
                "-name", "guest=" + spec.name(),
                "-machine", spec.machine(),
                "-accel", spec.accelerator() == Accelerator.KVM ? "kvm" : "tcg",
                "-m", spec.memoryMib() + "M",
                "-smp", Integer.toString(spec.vcpus()),
                "-nodefaults", "-no-user-config", "-display", "none",
                "-chardev", "file,id=serial0,path=" + option(files.console(spec).toString()),
                "-serial", "chardev:serial0"));
        spec.boot().ifPresent(boot -> command.addAll(List.of("-kernel", boot.kernel().toString(),
                "-initrd", boot.initramfs().toString(), "-append", boot.cmdline())));
        command.addAll(shares.qemuArguments(spec.memoryMib()));
        if (DomainDefinition.isPcie(spec.machine())) {
            if (shares.shares().stream().noneMatch(s -> s.protocol() == ShareProtocol.VIRTIOFS)) {
                // a hot-plugged virtiofs share needs the guest's memory shared, as at start
                command.addAll(List.of("-object", "memory-backend-memfd,id=mem,size=" + spec.memoryMib()
                        + "M,share=on", "-numa", "node,memdev=mem"));
            }
            for (int port = 1; port <= SPARE_ROOT_PORTS; port++) {
                command.addAll(List.of("-device", "pcie-root-port,id=" + rootPort(port) + ",chassis=" + port));
            }
        }
        command.addAll(List.of("-qmp", "unix:" + option(files.qmpSocket(spec).toString())
                + ",server=on,wait=off", "-pidfile", files.pidFile(spec).toString()));
        return List.copyOf(command);
    }

    /** A value inside a QEMU option list: commas doubled, as QEMU escapes them. */
    static String option(String value) {
        return value.replace(",", ",,");
    }
}
