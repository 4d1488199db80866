package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.VirtShare;
import io.virtshare.examples.TestLibvirt;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code volume upload --sparse} and {@code volume download --sparse} on {@code qemu:///system}. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
class VolumeTransferCommandsIT {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private final String name = "vs-cmd-" + UUID.randomUUID().toString().substring(0, 8);
    private VirtShare host;
    private Pool pool;
    private final RunnerCapture capture = new RunnerCapture();

    @BeforeEach
    void createPool() {
        host = TestLibvirt.open("qemu:///system");
        pool = host.pools().create(PoolSpec.dir(name).target(dir.resolve("pool")).build());
    }

    @AfterEach
    void close() {
        pool.volumes().list().forEach(io.virtshare.storage.Volume::delete);
        pool.stop();
        pool.delete();
        pool.undefine();
        host.close();
    }

    @Test
    void sparseUploadThenDownload_printBytesAndAllocation_andGiveBackTheFile() throws Exception {
        pool.volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.mib(256)).allocation(Size.ofBytes(0))
                .build());
        Path file = dir.resolve("data.raw");
        byte[] data = new byte[(int) MIB];
        Arrays.fill(data, (byte) 0x42);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(256 * MIB);
            out.seek(100 * MIB);
            out.write(data);
        }

        assertThat(capture.run("volume", "upload", "--uri", "qemu:///system", "--pool", name, "--volume", "disk.raw",
                "--sparse", file.toString())).as(capture.stderr()).isZero();
        JsonNode up = capture.json();
        assertThat(up.path("bytes").asLong()).isEqualTo(256 * MIB);
        assertThat(up.path("sparse").asBoolean()).isTrue();
        assertThat(up.path("volumeAllocation").asLong()).isBetween(MIB, 2 * MIB);
        assertThat(capture.stderr()).contains("uploaded " + 256 * MIB + " bytes sparse from " + file);

        capture.reset();
        Path back = dir.resolve("back.raw");
        assertThat(capture.run("volume", "download", "--uri", "qemu:///system", "--pool", name, "--volume",
                "disk.raw", "--sparse", back.toString())).as(capture.stderr()).isZero();
        assertThat(capture.json().path("bytes").asLong()).isEqualTo(256 * MIB);
        assertThat(Files.mismatch(file, back)).isEqualTo(-1);
        assertThat((Long) Files.getAttribute(back, "unix:size")).isEqualTo(256 * MIB);
    }
}
