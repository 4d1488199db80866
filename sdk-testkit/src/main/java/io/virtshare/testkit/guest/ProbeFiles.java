package io.virtshare.testkit.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The two files of one share's probe: {@code inFile}, written by the host for the guest to
 * read, and {@code outFile}, written by the guest for the host to check. Both carry fresh
 * random tokens, so a stale file from an earlier run cannot pass for this one.
 *
 * @param inFile the host's file in the share
 * @param inText its content
 * @param outFile where the guest writes
 * @param outText what the guest writes
 */
record ProbeFiles(Path inFile, String inText, Path outFile, String outText) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static ProbeFiles create(Path source, String id) throws IOException {
        Path in = source.resolve(".virtshare-probe-" + id + ".in");
        Path out = source.resolve(".virtshare-probe-" + id + ".out");
        String inText = "host-" + token();
        Files.deleteIfExists(out);
        Files.writeString(in, inText + "\n", StandardCharsets.UTF_8);
        // readable by libvirt's QEMU user, which serves 9p on the libvirt path
        Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("rw-r--r--"));
        return new ProbeFiles(in, inText, out, "guest-" + token());
    }

    private static String token() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether the guest's file is there with exactly the expected content. */
    boolean guestWroteExpected() {
        if (!Files.isRegularFile(outFile)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(outFile)) {
            return new String(in.readNBytes(256), StandardCharsets.UTF_8).strip().equals(outText);
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes both files; never throws. */
    void delete() {
        for (Path p : new Path[] {inFile, outFile}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a leftover probe file is harmless and named as ours
            }
        }
    }
}
