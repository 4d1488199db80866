package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the {@code qemu} backend, a virtiofs share hot-plugged into a running q35 TCG guest
 * (its own virtiofsd, {@code chardev-add} and {@code device_add} on a spare PCIe root port) is
 * mounted by the guest, which reads the host's file; detached live, the guest lets the device
 * go and the daemon stops; the definition is left alone.
 */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class QemuBackendLiveAttachIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String HOST_TEXT = "hot-plugged-by-the-host";

    @TempDir
    Path tmp;

    @Test
    void liveAttachedShare_isMountedAndReadByTheRunningGuest_andLiveDetachUnplugsIt() throws IOException {
        Path late = Files.createDirectories(tmp.resolve("late"));
        Files.writeString(late.resolve("in.txt"), HOST_TEXT + "\n");
        Path state = tmp.resolve("vms/live1");
        Path console = tmp.resolve("console.log");
        GuestKernel kernel = GuestKernel.find().orElseThrow();
        ModuleOrder order = ModuleOrder.parse(Files.readString(kernel.modules().resolve("modules.dep")),
                Files.isReadable(kernel.modules().resolve("modules.builtin"))
                        ? Files.readString(kernel.modules().resolve("modules.builtin")) : "");
        Path initramfs = tmp.resolve("initramfs.cpio");
        Initramfs.write(initramfs, HostTools.detect().status(HostTool.BUSYBOX).path().orElseThrow(), kernel.modules(),
                order.resolve(List.of("virtio_pci", "virtiofs")), QemuBackendLiveAttachIT::waitForTheShare);
        VmSpec spec = VmSpec.builder("live1").memoryMib(256)
                .boot(new DirectBoot(kernel.image(), initramfs, "console=ttyS0 quiet loglevel=3"))
                .console(console).shares(VmShares.none(state)).build();

        try (VirtShare vs = VirtShare.builder().backend("qemu").home(tmp.resolve("home")).build()) {
            Vm vm = vs.vms().define(spec).start();
            await(() -> new ConsoleLog(console).contains("LIVE-READY"), "the guest to boot", console);

            FilesystemDevice attached = vm.attach(FilesystemDevice.virtiofs(late, "late").build(), DeviceScope.LIVE);

            assertThat(attached.target()).isEqualTo("late");
            assertThat(vm.filesystems(DeviceScope.LIVE)).extracting(FilesystemDevice::target).containsExactly("late");
            assertThat(vm.filesystems(DeviceScope.CONFIG)).as("the definition is left alone").isEmpty();
            await(() -> new ConsoleLog(console).contains("LIVE-READ " + HOST_TEXT), "the guest to read the share",
                    console);
            await(() -> new ConsoleLog(console).contains("LIVE-UNMOUNTED"), "the guest to unmount it", console);

            vm.detach("late", DeviceScope.LIVE);

            assertThat(vm.filesystems(DeviceScope.LIVE)).isEmpty();
            assertThat(processesMentioning(state.resolve("virtiofs-late.sock"))).as("its virtiofsd").isEmpty();
            vm.stop();
            assertThat(processesMentioning(state)).isEmpty();
        }
    }

    /** An /init that loads the modules, then waits for a share tagged late, reads it, unmounts it, and idles. */
    private static String waitForTheShare(List<String> modules) {
        StringBuilder s = new StringBuilder("""
                #!/bin/busybox sh
                /bin/busybox mkdir -p /proc /sys /dev /mnt/late
                /bin/busybox mount -t proc proc /proc
                /bin/busybox --install -s
                export PATH=/bin:/sbin:/usr/bin:/usr/sbin
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev 2>/dev/null
                echo 1 > /proc/sys/kernel/printk
                """);
        modules.forEach(m -> s.append("insmod /lib/modules/").append(m).append(" 2>/dev/null\n"));
        s.append("""
                echo LIVE-READY
                i=0
                while [ $i -lt 120 ]; do
                  if mount -t virtiofs late /mnt/late 2>/dev/null; then
                    echo "LIVE-READ $(cat /mnt/late/in.txt)"
                    umount /mnt/late && echo LIVE-UNMOUNTED
                    break
                  fi
                  i=$((i + 1)); sleep 1
                done
                while true; do sleep 60; done
                """);
        return s.toString();
    }

    private static List<ProcessHandle> processesMentioning(Path path) {
        String text = path.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().filter(c -> c.contains(text)).isPresent()).toList();
    }

    private static void await(BooleanSupplier condition, String what, Path console) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + TIMEOUT.toSeconds() + " s for " + what + "; console:\n"
                    + String.join("\n", new ConsoleLog(console).tail(20))).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
