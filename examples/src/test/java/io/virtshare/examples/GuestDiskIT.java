package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.GuestDisk;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GuestDisk images made with the real qemu-img and mkfs.ext4. */
@RequiresHost(HostTool.QEMU_IMG)
class GuestDiskIT {
    @TempDir
    Path state;

    private static String qemuImgInfo(Path image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("qemu-img", "info", "--output=json", image.toString())
                .redirectErrorStream(true).start();
        try (InputStream out = p.getInputStream()) {
            String json = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return json;
        }
    }

    /** The ext2/3/4 superblock magic 0xEF53 at byte 1024 + 56. */
    private static boolean isExt4(Path image) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            file.seek(1024 + 56);
            return file.read() == 0x53 && file.read() == 0xEF;
        }
    }

    @Test
    void qcow2Disk_isCreatedWithQemuImg() throws Exception {
        GuestDisk v = GuestDisk.of(Path.of("scratch.qcow2"), Path.of("/scratch"), 64).format(GuestDisk.Format.QCOW2)
                .creation(GuestDisk.Creation.QEMU_IMG).unformatted().build();
        VmShares vm = VmShares.builder(state).disk(v).build();

        assertThat(vm.createDisks()).containsExactly(state.resolve("scratch.qcow2"));

        String info = qemuImgInfo(state.resolve("scratch.qcow2"));
        assertThat(info).contains("\"format\": \"qcow2\"", "\"virtual-size\": 67108864");
        assertThat(vm.createDisks()).isEmpty();
    }

    @Test
    void rawDisk_fromQemuImg_isFormattedExt4() throws Exception {
        GuestDisk v = GuestDisk.of(Path.of("data.img"), Path.of("/data"), 32).creation(GuestDisk.Creation.QEMU_IMG)
                .build();
        Path image = state.resolve("data.img");

        assertThat(VmShares.builder(state).disk(v).build().createDisks()).containsExactly(image);

        assertThat(qemuImgInfo(image)).contains("\"format\": \"raw\"", "\"virtual-size\": 33554432");
        assertThat(isExt4(image)).isTrue();
    }

    @Test
    void sparseDisk_isFormattedExt4_andLeavesNoTemporaryFile() throws Exception {
        GuestDisk v = GuestDisk.of(Path.of("nix-store-overlay.img"), Path.of("/nix/.rw-store"), 64).build();
        Path image = state.resolve("nix-store-overlay.img");

        assertThat(VmShares.builder(state).disk(v).build().createDisks()).containsExactly(image);

        assertThat(Files.size(image)).isEqualTo(64L << 20);
        assertThat(isExt4(image)).isTrue();
        try (var files = Files.list(state)) {
            assertThat(files).containsExactlyElementsOf(List.of(image));
        }
    }
}
