package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse transfers where libvirt's test driver refuses volume streams: a clear refusal, never a
 * full transfer instead, and nothing half-written left behind.
 */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class TestDriverSparseTransferTest {
    @TempDir
    Path tmp;

    private VirtShare host;
    private final String name = "vs-test-" + UUID.randomUUID().toString().substring(0, 8);
    private Volume volume;

    @BeforeEach
    void createVolume() {
        host = TestPools.open("test:///default");
        volume = host.pools().create(PoolSpec.dir(name).target(Path.of("/virtshare-test/" + name)).build())
                .volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.mib(4)).allocation(Size.ofBytes(0))
                        .build());
    }

    @AfterEach
    void cleanUp() {
        TestPools.remove(host, name);
        host.close();
    }

    @Test
    void sparseDownload_onTheTestDriver_isRefused_keepsTheExistingFile_andLeavesNoPartial() throws Exception {
        Path back = Files.writeString(tmp.resolve("back.raw"), "kept");

        assertThatThrownBy(() -> volume.download(back, DownloadOptions.defaults().withSparse(true)))
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("cannot download volume 'disk.raw' in pool '" + name + "' on test:///default")
                .hasMessageContaining("virStorageVolDownload").hasMessageContaining("qemu:///system")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(back).hasContent("kept");
        try (var left = Files.list(tmp)) {
            assertThat(left).containsExactly(back);
        }
    }

    @Test
    void sparseUpload_onTheTestDriver_isRefused() throws Exception {
        Path source = SparseFiles.write(tmp.resolve("source.raw"), 4L << 20, 1 << 20, 0);

        assertThatThrownBy(() -> volume.upload(source, UploadOptions.defaults().withSparse(true)))
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("cannot upload to volume 'disk.raw' in pool '" + name + "' on test:///default")
                .hasMessageContaining("virStorageVolUpload")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
    }

    @Test
    void sparseUpload_ofAMissingFile_saysItIsNotARegularFile() {
        Path missing = tmp.resolve("missing.raw");

        assertThatThrownBy(() -> volume.upload(missing, UploadOptions.defaults().withSparse(true)))
                .isInstanceOf(io.virtshare.VirtShareException.class)
                .hasMessage("cannot upload " + missing + " to volume disk.raw: it is not a regular file; give the path"
                        + " of the image to upload");
    }
}
