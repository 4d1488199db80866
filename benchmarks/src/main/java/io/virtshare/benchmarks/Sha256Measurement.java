package io.virtshare.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of one large file: the JDK's MessageDigest (how hf:// downloads are verified) vs sha256sum. */
final class Sha256Measurement implements Measurement {
    @Override
    public String name() {
        return "sha256-file";
    }

    @Override
    public String description() {
        return "SHA-256 of one file: java.security.MessageDigest in the JVM vs sha256sum";
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
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
