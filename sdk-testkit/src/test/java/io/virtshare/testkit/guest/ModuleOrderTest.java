package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleOrderTest {
    /** Lines as in Debian 12's /lib/modules/6.1.0-*-amd64/modules.dep. */
    static final String DEP = """
            kernel/fs/netfs/netfs.ko:
            kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
            kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/virtio/virtio_ring.ko:
            kernel/net/9p/9pnet.ko:
            kernel/fs/fuse/fuse.ko:
            kernel/fs/fuse/virtiofs.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko kernel/fs/fuse/fuse.ko
            kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
            kernel/drivers/virtio/virtio_pci_modern_dev.ko:
            kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
            kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/char/hw_random/virtio-rng.ko.xz: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            """;

    private static List<String> names(List<String> paths) {
        return paths.stream().map(ModuleOrder::name).toList();
    }

    @Test
    void everyModuleComesAfterItsDependencies_eachOnce() {
        List<String> order = names(ModuleOrder.parse(DEP, "").resolve(List.of("virtio_pci", "virtiofs", "9pnet_virtio",
                "9p")));

        assertThat(order).doesNotHaveDuplicates().containsExactlyInAnyOrder("virtio_ring", "virtio",
                "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci", "fuse", "virtiofs", "9pnet",
                "9pnet_virtio", "netfs", "fscache", "9p");
        assertThat(order.indexOf("virtio_ring")).isLessThan(order.indexOf("virtio"));
        assertThat(order.indexOf("virtio")).isLessThan(order.indexOf("virtio_pci"));
        assertThat(order.indexOf("fuse")).isLessThan(order.indexOf("virtiofs"));
        assertThat(order.indexOf("netfs")).isLessThan(order.indexOf("fscache"));
        assertThat(order.indexOf("fscache")).isLessThan(order.indexOf("9p"));
        assertThat(order.indexOf("9pnet")).isLessThan(order.indexOf("9pnet_virtio"));
    }

    @Test
    void builtinModules_needNoFile() {
        String builtin = "kernel/drivers/virtio/virtio.ko\nkernel/drivers/virtio/virtio_ring.ko\nkernel/fs/fuse/fuse.ko\n";

        List<String> order = ModuleOrder.parse(DEP, builtin).resolve(List.of("virtio", "virtiofs"));

        assertThat(order).containsExactly("kernel/fs/fuse/virtiofs.ko");
    }

    @Test
    void dashesAndUnderscores_nameTheSameModule_andCompressedFilesCount() {
        assertThat(ModuleOrder.parse(DEP, "").resolve(List.of("virtio_rng")))
                .containsExactly("kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
                        "kernel/drivers/char/hw_random/virtio-rng.ko.xz");
        assertThat(ModuleOrder.name("kernel/fs/9p/9p.ko.zst")).isEqualTo("9p");
    }

    @Test
    void aModuleTheKernelLacks_isNamed() {
        assertThatThrownBy(() -> ModuleOrder.parse(DEP, "").resolve(List.of("virtio_pci", "overlay")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the kernel has no module 'overlay' (not in modules.dep, not built in); use a kernel built"
                        + " with it");
    }

    @Test
    void malformedLinesAndCycles_areRefused() {
        assertThatThrownBy(() -> ModuleOrder.parse("kernel/a.ko: \nno colon here\n", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modules.dep line 2 has no 'path:'");
        ModuleOrder cyclic = ModuleOrder.parse("a.ko: b.ko\nb.ko: a.ko\n", "");
        assertThatThrownBy(() -> cyclic.resolve(List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dependency cycle");
    }
}
