package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.storage.Pool;
import io.virtshare.storage.Volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.storage.FormatType;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LoopDevice;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An fs pool on a loop device: libvirt mounts the device on start and unmounts it on stop. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.LOOP_DEVICE})
class SystemFsPoolIT {
    @TempDir
    Path tmp;

    static boolean mounted(String device, Path at) throws Exception {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" "))
                .anyMatch(f -> f[0].equals(device) && f[1].equals(at.toString()));
    }

    @Test
    void fsPool_isMountedOnStart_holdsVolumes_andIsUnmountedOnStop() throws Exception {
        String name = "vs-it-fs-" + UUID.randomUUID().toString().substring(0, 8);
        Path target = tmp.resolve("mnt");
        try (LoopDevice disk = LoopDevice.create(64, "ext4");
                VirtShare host = TestPools.open("qemu:///system")) {
            try {
                Pool pool = host.pools().create(PoolSpec.fs(name).device(Path.of(disk.device())).format(FormatType.EXT4)
                        .target(target).build());
                assertThat(mounted(disk.device(), target)).as("libvirt mounted " + disk.device()).isTrue();
                assertThat(pool.info().capacity().bytes()).isBetween(Size.mib(40).bytes(), Size.mib(64).bytes());
                assertThat(pool.spec().source().orElseThrow().type()).isEqualTo(io.virtshare.storage.PoolType.FS);

                Volume raw = pool.volumes().create(VolumeSpec.builder("data.raw").capacity(Size.mib(4)).build());
                assertThat(target.resolve("data.raw")).isRegularFile();
                raw.delete();
                assertThat(target.resolve("data.raw")).doesNotExist();

                pool.stop();
                assertThat(mounted(disk.device(), target)).as("unmounted on stop").isFalse();
                pool.delete();
                assertThat(target).doesNotExist();
                pool.undefine();
                assertThat(host.pools().find(name)).isEmpty();
            } finally {
                TestPools.remove(host, name);
            }
        }
    }
}
