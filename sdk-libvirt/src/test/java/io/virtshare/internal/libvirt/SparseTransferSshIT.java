package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LocalSshd;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sparse transfers over libvirt's remote protocol ({@code qemu+ssh://} through a private sshd): holes cross as holes. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.SSHD})
class SparseTransferSshIT {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void sparseUploadAndDownload_overQemuSsh_keepHolesAtBothEnds_andTheBytes() throws Exception {
        String name = "vs-ssh-sparse-" + UUID.randomUUID().toString().substring(0, 8);
        Path source = SparseFiles.write(tmp.resolve("source.raw"), 1024 * MIB, 4 * MIB, 0, 700 * MIB);
        try (LocalSshd sshd = LocalSshd.start();
                VirtShare remote = TestPools.open(sshd.libvirtUri("system"), Duration.ofSeconds(30));
                VirtShare local = TestPools.open("qemu:///system")) {
            try {
                Pool pool = remote.pools().create(PoolSpec.dir(name).target(tmp.resolve("pool")).build());
                Volume volume = pool.volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.gib(1))
                        .allocation(Size.ofBytes(0)).build());

                volume.upload(source, UploadOptions.defaults().withSparse(true));
                Path back = tmp.resolve("back.raw");
                volume.download(back, DownloadOptions.defaults().withSparse(true));

                assertThat(SparseFiles.allocated(volume.path())).isLessThanOrEqualTo(9 * MIB);
                assertThat(SparseFiles.allocated(back)).isLessThanOrEqualTo(9 * MIB);
                SparseFiles.assertSameBytes(source, volume.path());
                SparseFiles.assertSameBytes(source, back);
            } finally {
                TestPools.remove(local, name);
            }
        }
    }
}
