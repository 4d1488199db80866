package io.virtshare.testkit.guest;

import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.vm.DirectBoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * For tests of backends that run VMs: a direct boot of the host's kernel with an initramfs
 * whose {@code /init} loads the virtio PCI and virtiofs modules and then idles, so the guest
 * runs (and answers PCIe hot-plug) until it is stopped.
 */
public final class IdleGuest {
    private IdleGuest() {
    }

    /** Writes the initramfs into {@code dir} and returns the boot (kernel, initramfs, serial console). */
    public static DirectBoot boot(Path dir) {
        try {
            GuestKernel kernel = GuestKernel.find().orElseThrow(() -> new IllegalStateException(
                    "no guest kernel; install linux-image-amd64"));
            Path modules = kernel.modules();
            ModuleOrder order = ModuleOrder.parse(Files.readString(modules.resolve("modules.dep")),
                    Files.isReadable(modules.resolve("modules.builtin"))
                            ? Files.readString(modules.resolve("modules.builtin")) : "");
            Path initramfs = Files.createDirectories(dir).resolve("idle-initramfs.cpio");
            Initramfs.write(initramfs, HostTools.detect().status(HostTool.BUSYBOX).path().orElseThrow(), modules,
                    order.resolve(List.of("virtio_pci", "virtiofs")), IdleGuest::init);
            return new DirectBoot(kernel.image(), initramfs, "console=ttyS0 quiet loglevel=3");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String init(List<String> modules) {
        StringBuilder s = new StringBuilder("#!/bin/busybox sh\n/bin/busybox mount -t proc proc /proc\n");
        modules.forEach(m -> s.append("/bin/busybox insmod /lib/modules/").append(m).append(" 2>/dev/null\n"));
        return s.append("echo IDLE-READY\nwhile true; do /bin/busybox sleep 60; done\n").toString();
    }
}
