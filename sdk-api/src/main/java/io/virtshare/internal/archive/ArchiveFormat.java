package io.virtshare.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The archive formats virtshare extracts, detected from content, not from the file name. */
public enum ArchiveFormat {
    TAR("tar"),
    TAR_GZIP("tar.gz"),
    TAR_XZ("tar.xz"),
    TAR_ZSTD("tar.zst"),
    TAR_BZIP2("tar.bz2"),
    ZIP("zip");

    private final String label;

    ArchiveFormat(String label) {
        this.label = label;
    }

    /** The usual file name suffix, for messages. */
    public String label() {
        return label;
    }

    /** The formats, as a list for messages. */
    public static String supported() {
        return ".tar, .tar.gz/.tgz, .tar.xz, .tar.zst, .tar.bz2 and .zip";
    }

    /** Detects the format of {@code file} from its first bytes; empty when it is none of them. */
    public static Optional<ArchiveFormat> detect(Path file) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return detect(Arrays.copyOf(head, n));
    }

    static Optional<ArchiveFormat> detect(byte[] head) {
        if (startsWith(head, 0x1f, 0x8b)) {
            return Optional.of(TAR_GZIP);
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return Optional.of(TAR_XZ);
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return Optional.of(TAR_ZSTD);
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            return Optional.of(TAR_BZIP2);
        }
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) {
            return Optional.of(ZIP);
        }
        if (head.length >= 512 && (isUstar(head) || tarChecksumMatches(head))) {
            return Optional.of(TAR);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUstar(byte[] header) {
        return new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /** A pre-POSIX (v7) tar header: its checksum field matches the header's bytes. */
    private static boolean tarChecksumMatches(byte[] header) {
        String field = new String(header, 148, 8, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
        if (field.isEmpty() || !field.matches("[0-7]+")) {
            return false;
        }
        long expected = Long.parseLong(field, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        return sum == expected;
    }
}
