package io.virtshare.internal.backend.qemu;

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
 * virtiofs needs), a QMP socket and a pid file.
 */
final class QemuCommand {
    private QemuCommand() {
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
        command.addAll(List.of("-qmp", "unix:" + option(files.qmpSocket(spec).toString())
                + ",server=on,wait=off", "-pidfile", files.pidFile(spec).toString()));
        return List.copyOf(command);
    }

    /** A value inside a QEMU option list: commas doubled, as QEMU escapes them. */
    static String option(String value) {
        return value.replace(",", ",,");
    }
}
