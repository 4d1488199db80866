package io.virtshare.internal.nativeio;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * {@code lstat(2)} by path, for what the JDK does not report: allocated blocks, inode and
 * device. Everything degrades to "not available" (empty) when the library cannot be loaded
 * or the platform is not Linux. Calls on descriptors, including copies, are {@link LinuxFds}.
 */
public final class LinuxFiles {
    private LinuxFiles() {
    }

    /** {@code path} as a NUL-terminated C string. */
    private static byte[] cString(Path path) {
        byte[] name = path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(name, name.length + 1);
    }

    /** Whether the native calls are available here. */
    public static boolean available() {
        return LibC.available();
    }

    /** {@code lstat(2)} of {@code file}; empty when unavailable or failing. */
    public static java.util.Optional<Stat> lstat(Path file) {
        if (!LibC.available()) {
            return java.util.Optional.empty();
        }
        byte[] stat = new byte[Stat.BUFFER_SIZE];
        try {
            LibC.lstat(cString(file), stat);
        } catch (LastErrorException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Stat.of(stat));
    }

    /** The little-endian number of {@code length} bytes at {@code offset} of a native struct. */
    static long read(byte[] buffer, int offset, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (buffer[offset + i] & 0xff);
        }
        return value;
    }

    /** Bytes allocated on disk for {@code file} (st_blocks × 512), without following a link. */
    public static OptionalLong allocatedBytes(Path file) {
        return lstat(file).map(s -> OptionalLong.of(s.allocated())).orElse(OptionalLong.empty());
    }
}
