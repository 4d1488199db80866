package io.virtshare.testkit.guest;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads kernel module files as the guest's {@code insmod} needs them: uncompressed.
 * Distributions ship {@code .ko} (Debian 12), {@code .ko.xz} (Debian 13, Fedora),
 * {@code .ko.zst} (Arch, Ubuntu) or {@code .ko.gz}.
 */
final class ModuleFiles {
    /** A module larger than this (uncompressed) is refused: no real one comes close. */
    static final int MAX_MODULE_BYTES = 64 << 20;

    private ModuleFiles() {
    }

    /** The uncompressed bytes of the module at {@code file}. */
    static byte[] read(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = name.endsWith(".ko.xz") ? new XZInputStream(raw)
                        : name.endsWith(".ko.zst") ? new ZstdInputStream(raw)
                        : name.endsWith(".ko.gz") ? new GZIPInputStream(raw)
                        : raw) {
            byte[] data = in.readNBytes(MAX_MODULE_BYTES + 1);
            if (data.length > MAX_MODULE_BYTES) {
                throw new IOException(file + " is larger than " + MAX_MODULE_BYTES + " bytes uncompressed");
            }
            return data;
        }
    }
}
