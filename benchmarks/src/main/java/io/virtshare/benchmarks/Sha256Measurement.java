package io.virtshare.benchmarks;

import io.virtshare.internal.files.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of one large file with the digest hf:// downloads are verified with ({@code Digests}:
 * libcrypto's where it is installed, else the JDK's) vs sha256sum.
 */
final class Sha256Measurement implements Measurement {
    @Override
    public String name() {
        return "sha256-file";
    }

    @Override
    public String description() {
        return "SHA-256 of one file: the SDK's digest (libcrypto's, else the JDK's) vs sha256sum";
    }

    @Override
    public String tool() {
        return "sha256sum";
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long sizeBytes = set.bytes();
        TestData.file(data.resolve("blob"), sizeBytes, 42);
    }

    @Override
    public String runSdk(Path data, Path scratch) throws IOException {
        try (InputStream in = Files.newInputStream(data.resolve("blob"))) {
            MessageDigest digest = Digests.sha256();
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of("sha256sum", data.resolve("blob").toString());
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) {
        return stdout.strip().split("\\s+")[0];
    }
}
