package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code volume upload} and {@code volume download} on libvirt's in-process test driver, which
 * has no volume streams: usage errors exit 2, the driver's refusal exits 1 with its reason.
 */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class VolumeTransferCommandsTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final TestDriverPool testDriver = new TestDriverPool("vs-cmd-");
    private final String name = testDriver.name();
    private final RunnerCapture capture = new RunnerCapture();

    @BeforeEach
    void createVolume() {
        testDriver.host().pools().create(PoolSpec.dir(name).target(Path.of("/virtshare-test/" + name)).build()).volumes()
                .create(VolumeSpec.builder("disk.raw").capacity(Size.mib(4)).allocation(Size.ofBytes(0)).build());
    }

    @Test
    void sparseDownload_onTheTestDriver_exits1_withTheDriversReason_andWritesNoFile() {
        Path back = dir.resolve("back.raw");

        int code = capture.run("volume", "download", "--uri", "test:///default", "--pool", name, "--volume",
                "disk.raw", "--sparse", back.toString());

        assertThat(code).isEqualTo(1);
        assertThat(capture.stderr()).contains("cannot download volume 'disk.raw' in pool '" + name
                + "' on test:///default").contains("virStorageVolDownload");
        assertThat(back).doesNotExist();
    }

    @Test
    void sparseUpload_ofAnUnknownVolume_exits1_namingIt() throws Exception {
        Path file = Files.write(dir.resolve("data.raw"), new byte[4096]);

        int code = capture.run("volume", "upload", "--uri", "test:///default", "--pool", name, "--volume",
                "missing.raw", "--sparse", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(capture.stderr()).contains("missing.raw");
    }

    @Test
    void volumeUpload_withoutFileOrPool_isAUsageError() {
        assertThat(capture.run("volume", "upload", "--uri", "test:///default", "--pool", name, "--volume",
                "disk.raw")).isEqualTo(2);
        assertThat(capture.stderr()).contains("give one FILE: the file to upload");
        capture.reset();
        assertThat(capture.run("volume", "download", "--uri", "test:///default", "--volume", "disk.raw",
                "back.raw")).isEqualTo(2);
        assertThat(capture.stderr()).contains("--pool is required: the pool holding the volume");
        capture.reset();
        assertThat(capture.run("volume", "download", "--uri", "test:///default", "--pool", name, "--volume",
                "disk.raw", "--format-change", "back.raw")).isEqualTo(2);
        assertThat(capture.stderr()).contains("unknown option --format-change");
    }
}
