package io.virtshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestKernelTest {
    @TempDir
    Path root;

    private void install(String release, String... modules) throws IOException {
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/vmlinuz-" + release), "kernel");
        for (String module : modules) {
            Path file = root.resolve("modules/" + release + "/kernel/" + module);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "ko");
        }
    }

    private static final String[] ALL = {"fs/fuse/fuse.ko", "fs/fuse/virtiofs.ko.xz", "net/9p/9pnet_virtio.ko.zst",
        "fs/9p/9p.ko"};

    @Test
    void find_prefersRunningKernel() throws IOException {
        install("6.1.0-56-amd64", ALL);
        install("6.12.0-1-amd64", ALL);

        assertThat(GuestKernel.find(root.resolve("boot"), root.resolve("modules"), "6.1.0-56-amd64"))
                .hasValueSatisfying(k -> {
                    assertThat(k.release()).isEqualTo("6.1.0-56-amd64");
                    assertThat(k.image()).isEqualTo(root.resolve("boot/vmlinuz-6.1.0-56-amd64"));
                });
    }

    @Test
    void find_otherwiseNewestUsable_comparingNumerically() throws IOException {
        install("6.9.0-1-amd64", ALL);
        install("6.12.0-1-amd64", ALL);

        assertThat(GuestKernel.find(root.resolve("boot"), root.resolve("modules"), "6.18.44-custom"))
                .hasValueSatisfying(k -> assertThat(k.release()).isEqualTo("6.12.0-1-amd64"));
    }

    @Test
    void find_skipsKernelsWithoutShareModules() throws IOException {
        install("6.1.0-56-amd64", "fs/fuse/fuse.ko", "fs/9p/9p.ko");

        assertThat(GuestKernel.find(root.resolve("boot"), root.resolve("modules"), "")).isEmpty();
        assertThat(GuestKernel.missingModules(root.resolve("modules/6.1.0-56-amd64")))
                .containsExactly("virtiofs", "9pnet_virtio");
    }

    @Test
    void find_whenNoBootDirectory_isEmpty() {
        assertThat(GuestKernel.find(root.resolve("nope"), root.resolve("modules"), "")).isEmpty();
    }
}
