package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initramfs built from this host's busybox and kernel modules reads back entry by entry. */
@RequiresHost({HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class InitramfsIT {
    @TempDir
    Path dir;

    @Test
    void initramfs_holdsBusyboxTheModulesInOrderAndInit() throws IOException {
        GuestKernel kernel = GuestKernel.find().orElseThrow();
        ModuleOrder order = ModuleOrder.parse(Files.readString(kernel.modules().resolve("modules.dep")),
                Files.readString(kernel.modules().resolve("modules.builtin")));
        List<String> paths = order.resolve(List.of("virtio_pci", "virtiofs", "9pnet_virtio", "9p"));
        Path busybox = Path.of("/bin/busybox");
        Path target = dir.resolve("initramfs.cpio");

        List<String> names = Initramfs.write(target, busybox, kernel.modules(), paths, List.of());

        List<CpioReader.Entry> entries;
        try (InputStream in = Files.newInputStream(target)) {
            entries = CpioReader.read(in);
        }
        assertThat(entries).extracting(CpioReader.Entry::name).contains("bin/busybox", "dev/console", "init")
                .containsSubsequence(names.stream().map(n -> "lib/modules/" + n).toList());
        assertThat(names).containsSubsequence("virtio_ring.ko", "virtio.ko", "virtio_pci.ko")
                .containsSubsequence("netfs.ko", "fscache.ko", "9p.ko").contains("fuse.ko", "virtiofs.ko");
        CpioReader.Entry bb = entries.stream().filter(e -> e.name().equals("bin/busybox")).findFirst().orElseThrow();
        assertThat(bb.data()).isEqualTo(Files.readAllBytes(busybox));
        entries.stream().filter(e -> e.name().endsWith(".ko"))
                .forEach(e -> assertThat(Arrays.copyOf(e.data(), 4)).as(e.name() + " is an uncompressed ELF module")
                        .containsExactly(0x7f, 'E', 'L', 'F'));
    }
}
