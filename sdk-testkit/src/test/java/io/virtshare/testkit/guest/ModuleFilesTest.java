package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class ModuleFilesTest {
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 42};

    @TempDir
    Path dir;

    @Test
    void plainXzZstdAndGzipModules_readUncompressed() throws IOException {
        Path plain = dir.resolve("a.ko");
        Files.write(plain, ELF);
        Path xz = dir.resolve("b.ko.xz");
        try (OutputStream out = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
            out.write(ELF);
        }
        Path zst = dir.resolve("c.ko.zst");
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
            out.write(ELF);
        }
        Path gz = dir.resolve("d.ko.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(ELF);
        }

        for (Path module : new Path[] {plain, xz, zst, gz}) {
            assertThat(ModuleFiles.read(module)).as(module.toString()).isEqualTo(ELF);
        }
    }
}
