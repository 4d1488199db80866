package io.virtshare.internal.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The few Linux calls the JDK does not offer: {@code lstat}'s allocated blocks and the
 * {@code FICLONE} reflink ioctl. Everything degrades to "not available" (empty, false)
 * when the library cannot be loaded or the platform is not Linux.
 */
public final class LinuxFiles {
    private static final long FICLONE = 0x40049409L;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;

    /**
     * The C library's calls, direct-mapped: registered once, where an interface mapping makes
     * a proxy and reflects on every call (about 10 ms more at a short command's start).
     */
    private static final class C {
        static native int lstat(byte[] path, byte[] buffer) throws LastErrorException;

        static native int open(byte[] path, int flags) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native int ioctl(int fd, long request, long argument) throws LastErrorException;

        static native long copy_file_range(int in, com.sun.jna.Pointer inOffset, int out,
                com.sun.jna.Pointer outOffset, long length, int flags) throws LastErrorException;
    }

    private static final boolean AVAILABLE = register();

    private LinuxFiles() {
    }

    private static boolean register() {
        if (!Platform.isLinux() || !(Platform.isIntel() && Platform.is64Bit() || Platform.isARM() && Platform.is64Bit())) {
            return false;
        }
        try {
            Native.register(C.class, "c");
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** {@code path} as a NUL-terminated C string. */
    private static byte[] cString(Path path) {
        byte[] name = path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(name, name.length + 1);
    }

    /** Whether the native calls are available here. */
    public static boolean available() {
        return AVAILABLE;
    }


    /** {@code lstat(2)} of {@code file}; empty when unavailable or failing. */
    public static java.util.Optional<Stat> lstat(Path file) {
        if (!AVAILABLE) {
            return java.util.Optional.empty();
        }
        byte[] stat = new byte[Stat.BUFFER_SIZE];
        try {
            C.lstat(cString(file), stat);
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
        if (!AVAILABLE) {
            return OptionalLong.empty();
        }
        byte[] stat = new byte[Stat.BUFFER_SIZE];
        try {
            C.lstat(cString(file), stat);
        } catch (LastErrorException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Stat.of(stat).allocated());
    }

    /**
     * Makes {@code target} (an existing, empty regular file) share {@code source}'s
     * blocks copy-on-write, as {@code cp --reflink} does.
     *
     * @return true when cloned; false when the file system cannot (EOPNOTSUPP, EXDEV, …)
     */
    public static boolean reflink(Path source, Path target) {
        if (!AVAILABLE) {
            return false;
        }
        int in = -1;
        int out = -1;
        try {
            in = C.open(cString(source), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            out = C.open(cString(target), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
            C.ioctl(out, FICLONE, in);
            return true;
        } catch (LastErrorException e) {
            return false;
        } finally {
            closeQuietly(in);
            closeQuietly(out);
        }
    }

    /**
     * Copies {@code source} into {@code target} (an existing, empty regular file) with
     * {@code copy_file_range(2)}: in the kernel, offloaded to the server on NFS 4.2, and
     * reflinked where the file system chooses to.
     *
     * @return true when the whole file was copied; false when the call is not available
     *     for these files (the target may then hold a partial copy: truncate or replace it)
     */
    public static boolean copyFileRange(Path source, Path target, long size) {
        if (!AVAILABLE) {
            return false;
        }
        int in = -1;
        int out = -1;
        try {
            in = C.open(cString(source), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            out = C.open(cString(target), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
            long left = size;
            while (left > 0) {
                long n = C.copy_file_range(in, null, out, null, Math.min(left, 1L << 30), 0);
                if (n <= 0) {
                    return n == 0 && left == 0;
                }
                left -= n;
            }
            return true;
        } catch (LastErrorException e) {
            return false;
        } finally {
            closeQuietly(in);
            closeQuietly(out);
        }
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                C.close(fd);
            } catch (LastErrorException e) {
                // nothing to do
            }
        }
    }
}
