package io.virtshare.internal.nativeio;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux calls on file descriptors, for walking a tree that someone else may change
 * while it is read: every component is opened relative to its parent's descriptor and
 * never through a link ({@code openat} with {@code O_NOFOLLOW}), so what was checked
 * is what is read. Names are raw bytes, as the kernel has them. Failures throw
 * {@link IOException} with the call and {@code errno} text.
 */
public final class LinuxFds {
    /** The descriptor standing for the current directory; absolute names ignore it. */
    public static final int AT_FDCWD = -100;
    /** {@code errno} of a link met where {@code O_NOFOLLOW} forbids one. */
    public static final int ELOOP = 40;
    /** {@code errno} of a directory expected where something else is. */
    public static final int ENOTDIR = 20;
    /** {@code errno} of a missing entry. */
    public static final int ENOENT = 2;

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long FICLONE = 0x40049409L;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    /** Copied bytes after which a file's data is written back while the copy goes on. */
    public static final long WRITEBACK_CHUNK = 32L << 20;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    private static final int EXDEV = 18;
    private static final int ENOTTY = 25;
    private static final int EOPNOTSUPP = 95;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final int DIRENT64_NAME = 19;
    private static final int DIRENTS_BUFFER = 32 << 10;
    private static final int SEEK_SET = 0;
    private static final int MAX_LINK = 4096;

    private LinuxFds() {
    }

    /** Whether these calls are available here (64-bit Linux with glibc 2.33 or later). */
    public static boolean available() {
        return LibC.available();
    }

    /** A failed call: {@link #errno()} tells which error. */
    public static final class CallFailedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        CallFailedException(String call, LastErrorException cause) {
            super(call + " failed: " + cause.getMessage().replaceFirst("^\\[\\d+\\]\\s*", ""), cause);
            this.errno = cause.getErrorCode();
        }

        /** The {@code errno} of the call. */
        public int errno() {
            return errno;
        }
    }


    private static byte[] cString(byte[] name) {
        byte[] c = new byte[name.length + 1];
        System.arraycopy(name, 0, c, 0, name.length);
        return c;
    }

    /** Opens the directory {@code name} below {@code dirFd}; a link there fails with {@link #ELOOP}. */
    public static int openDirectory(int dirFd, byte[] name) throws IOException {
        try {
            return LibC.openat(dirFd, cString(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new CallFailedException("openat", e);
        }
    }

    /**
     * Opens the directory {@code name} below {@code dirFd} only to reach what is below it
     * ({@code O_PATH}: needs search permission, not read); a link there fails with {@link #ELOOP}.
     */
    public static int openPassage(int dirFd, byte[] name) throws IOException {
        try {
            return LibC.openat(dirFd, cString(name), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new CallFailedException("openat", e);
        }
    }

    /**
     * Opens {@code name} below {@code dirFd} for reading without following a link and
     * without blocking on a FIFO; the caller checks with {@link #fstat} what it opened.
     */
    public static int openForReading(int dirFd, byte[] name) throws IOException {
        try {
            return LibC.openat(dirFd, cString(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new CallFailedException("openat", e);
        }
    }

    /** Creates the new regular file {@code name} below {@code dirFd} for writing (never through a link). */
    public static int createFile(int dirFd, byte[] name, int mode) throws IOException {
        try {
            return LibC.openat(dirFd, cString(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        } catch (LastErrorException e) {
            throw new CallFailedException("openat", e);
        }
    }

    /** Closes {@code fd}, ignoring errors (a negative fd is ignored). */
    public static void close(int fd) {
        if (fd >= 0) {
            try {
                LibC.close(fd);
            } catch (LastErrorException e) {
                // nothing to do: the descriptor is released either way
            }
        }
    }

    /** {@code fstat(2)}. */
    public static Stat fstat(int fd) throws IOException {
        byte[] buffer = new byte[Stat.BUFFER_SIZE];
        try {
            LibC.fstat(fd, buffer);
        } catch (LastErrorException e) {
            throw new CallFailedException("fstat", e);
        }
        return Stat.of(buffer);
    }

    /** {@code fstatat(2)} of {@code name} below {@code dirFd}, not following a link. */
    public static Stat lstatAt(int dirFd, byte[] name) throws IOException {
        byte[] buffer = new byte[Stat.BUFFER_SIZE];
        try {
            LibC.fstatat(dirFd, cString(name), buffer, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new CallFailedException("fstatat", e);
        }
        return Stat.of(buffer);
    }

    /**
     * The names in the directory {@code dirFd} (without {@code .} and {@code ..}), as raw bytes,
     * read from its start with {@code getdents64(2)}: one call returns hundreds of entries, where
     * {@code readdir} through JNA costs three native calls per entry.
     */
    public static List<byte[]> list(int dirFd) throws IOException {
        try {
            LibC.lseek(dirFd, 0, SEEK_SET);
        } catch (LastErrorException e) {
            throw new CallFailedException("lseek", e);
        }
        byte[] buffer = new byte[DIRENTS_BUFFER];
        List<byte[]> names = new ArrayList<>();
        while (true) {
            long n;
            try {
                n = LibC.getdents64(dirFd, buffer, buffer.length);
            } catch (LastErrorException e) {
                throw new CallFailedException("getdents64", e);
            }
            if (n <= 0) {
                return names;
            }
            // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (NUL-terminated)
            for (int at = 0; at < n; ) {
                int length = (buffer[at + 16] & 0xff) | (buffer[at + 17] & 0xff) << 8;
                int nameStart = at + DIRENT64_NAME;
                int nameEnd = nameStart;
                while (nameEnd < at + length && buffer[nameEnd] != 0) {
                    nameEnd++;
                }
                int size = nameEnd - nameStart;
                if (!(size == 1 && buffer[nameStart] == '.'
                        || size == 2 && buffer[nameStart] == '.' && buffer[nameStart + 1] == '.')) {
                    names.add(java.util.Arrays.copyOfRange(buffer, nameStart, nameEnd));
                }
                at += length;
            }
        }
    }

    /** The target of the link {@code name} below {@code dirFd}, as raw bytes. */
    public static byte[] readLink(int dirFd, byte[] name) throws IOException {
        byte[] buffer = new byte[MAX_LINK + 1];
        long n;
        try {
            n = LibC.readlinkat(dirFd, cString(name), buffer, buffer.length);
        } catch (LastErrorException e) {
            throw new CallFailedException("readlinkat", e);
        }
        if (n > MAX_LINK) {
            throw new IOException("link target longer than " + MAX_LINK + " bytes");
        }
        return java.util.Arrays.copyOf(buffer, (int) n);
    }

    /** {@code fsync(2)}: the file's data and metadata reach stable storage. */
    public static void fsync(int fd) throws IOException {
        try {
            LibC.fsync(fd);
        } catch (LastErrorException e) {
            throw new CallFailedException("fsync", e);
        }
    }

    /**
     * {@code syncfs(2)}: everything written to the file system holding {@code fd} reaches
     * stable storage (what {@code sync -f} does); write-back errors are reported since Linux 5.8.
     */
    public static void syncFileSystem(int fd) throws IOException {
        try {
            LibC.syncfs(fd);
        } catch (LastErrorException e) {
            throw new CallFailedException("syncfs", e);
        }
    }

    /** Writes all of {@code data} at the start of the new file {@code fd}. */
    public static void writeAll(int fd, byte[] data) throws IOException {
        long written = 0;
        try {
            while (written < data.length) {
                byte[] rest = written == 0 ? data : java.util.Arrays.copyOfRange(data, (int) written, data.length);
                written += LibC.pwrite(fd, rest, data.length - written, written);
            }
        } catch (LastErrorException e) {
            throw new CallFailedException("pwrite", e);
        }
    }

    /** Writes {@code length} bytes of native memory at {@code address} at the start of the new file {@code fd}. */
    static void writeAll(int fd, long address, long length) throws IOException {
        long written = 0;
        try {
            while (written < length) {
                written += LibC.pwrite(fd, address + written, length - written, written);
            }
        } catch (LastErrorException e) {
            throw new CallFailedException("pwrite", e);
        }
    }

    /** Sets the permission bits of {@code fd} (what {@code fchmod(2)} does). */
    public static void setMode(int fd, int mode) throws IOException {
        try {
            LibC.fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw new CallFailedException("fchmod", e);
        }
    }

    /** Sets the permission bits of {@code fd} and its modification time (access time left alone). */
    public static void setModeAndTime(int fd, int mode, long modifiedNanos) throws IOException {
        try {
            LibC.fchmod(fd, mode);
            LibC.futimens(fd, modifiedOnly(modifiedNanos));
        } catch (LastErrorException e) {
            throw new CallFailedException("fchmod/futimens", e);
        }
    }

    /** Sets the modification time of {@code fd} (access time left alone). */
    public static void setTime(int fd, long modifiedNanos) throws IOException {
        try {
            LibC.futimens(fd, modifiedOnly(modifiedNanos));
        } catch (LastErrorException e) {
            throw new CallFailedException("futimens", e);
        }
    }

    /** {@code futimens}'s two {@code timespec}s: the access time omitted, the modification time given. */
    private static long[] modifiedOnly(long modifiedNanos) {
        return new long[] {0, UTIME_OMIT, Math.floorDiv(modifiedNanos, 1_000_000_000L),
                Math.floorMod(modifiedNanos, 1_000_000_000L)};
    }

    /**
     * Copies {@code size} bytes of {@code in} into the new, empty {@code out}: a reflink
     * ({@code FICLONE}) where the file system offers one, else the data ranges only
     * ({@code SEEK_DATA}/{@code SEEK_HOLE}) with {@code copy_file_range}, else with
     * {@code pread}/{@code pwrite}; holes stay holes.
     *
     * @return true when the file was reflinked
     */
    public static boolean copy(int in, int out, long size) throws IOException {
        if (reflink(in, out) == Reflink.DONE) {
            return true;
        }
        copyData(in, out, size, false);
        return false;
    }

    /** What {@link #reflink} did. */
    public enum Reflink {
        /** {@code out} now shares {@code in}'s data. */
        DONE,
        /** This file was not reflinked: copy its data. */
        REFUSED,
        /**
         * Not reflinked, and no file of {@code in}'s file system can be into {@code out}'s
         * (the file system has no reflinks, or they are two file systems): a copy of many
         * files need not ask again for the rest.
         */
        UNSUPPORTED
    }

    /** Makes the new, empty {@code out} share all of {@code in}'s data ({@code FICLONE}), where it can. */
    public static Reflink reflink(int in, int out) {
        try {
            LibC.ioctl(out, FICLONE, in);
            return Reflink.DONE;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            return errno == EOPNOTSUPP || errno == EXDEV || errno == ENOTTY ? Reflink.UNSUPPORTED : Reflink.REFUSED;
        }
    }

    /**
     * Copies the {@code size} bytes of {@code in} into the new, empty {@code out}, without
     * reflinking: the data ranges only ({@code SEEK_DATA}/{@code SEEK_HOLE}) with
     * {@code copy_file_range}, else with {@code pread}/{@code pwrite}; holes stay holes. A
     * file of {@value #WRITEBACK_CHUNK} bytes or more is handed to the disk as it goes (a smaller one is
     * left to the final {@code fsync} or {@code syncfs}, which writes many at once).
     *
     * @param dense the caller knows {@code in} has no hole (every byte allocated, as for a small
     *     file whose allocated size is at least its size): one range is copied without asking
     *     where the data is
     */
    public static void copyData(int in, int out, long size, boolean dense) throws IOException {
        boolean kernelCopy = true;
        boolean writeback = size >= WRITEBACK_CHUNK;
        long offset = 0;
        long end = 0;
        while (offset < size) {
            long data = dense ? 0 : seek(in, offset, SEEK_DATA);
            if (data < 0 || data >= size) {
                break;
            }
            long hole = dense ? size : Math.min(size, seek(in, data, SEEK_HOLE));
            if (hole <= data) {
                hole = size;
            }
            if (kernelCopy) {
                kernelCopy = copyRange(in, out, data, hole - data, writeback);
            }
            if (!kernelCopy) {
                copyRangeByHand(in, out, data, hole - data, writeback);
            }
            offset = hole;
            end = hole;
        }
        if (end < size) {
            try {
                LibC.ftruncate(out, size);
            } catch (LastErrorException e) {
                throw new CallFailedException("ftruncate", e);
            }
        }
    }

    /**
     * The offset of the first data at or after {@code offset} in {@code fd} ({@code SEEK_DATA}),
     * or -1 when only a hole follows up to the end. A file system without hole tracking reports
     * the whole file as data.
     */
    public static long nextData(int fd, long offset) throws IOException {
        return seek(fd, offset, SEEK_DATA);
    }

    /**
     * The offset of the first hole at or after {@code offset} in {@code fd} ({@code SEEK_HOLE});
     * the end of the file counts as a hole.
     */
    public static long nextHole(int fd, long offset) throws IOException {
        return seek(fd, offset, SEEK_HOLE);
    }

    /** {@code pread(2)}: up to {@code length} bytes at {@code offset} into {@code buffer}; 0 at the end. */
    public static int read(int fd, byte[] buffer, int length, long offset) throws IOException {
        try {
            return (int) LibC.pread(fd, buffer, Math.min(length, buffer.length), offset);
        } catch (LastErrorException e) {
            throw new CallFailedException("pread", e);
        }
    }

    /** {@code lseek} for data or a hole; -1 when there is no more data. */
    private static long seek(int fd, long offset, int whence) throws IOException {
        try {
            return LibC.lseek(fd, offset, whence);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENXIO) {
                return -1;
            }
            throw new CallFailedException("lseek", e);
        }
    }

    /**
     * Starts writing {@code length} bytes of {@code fd} from {@code offset} back to the disk
     * without waiting ({@code sync_file_range(SYNC_FILE_RANGE_WRITE)}), so that the copy's final
     * {@code fsync} has little left; a hint, ignored where the file system refuses it.
     */
    private static void startWriteback(int fd, long offset, long length) {
        try {
            LibC.syncFileRange(fd, offset, length, SYNC_FILE_RANGE_WRITE);
        } catch (LastErrorException e) {
            // not offered here: the final fsync writes it all
        }
    }

    /**
     * Copies a range in the kernel, handed to the disk as it goes when {@code writeback}; false
     * when the kernel cannot copy between these files.
     */
    private static boolean copyRange(int in, int out, long start, long length, boolean writeback)
            throws IOException {
        long[] inOffset = {start};
        long[] outOffset = {start};
        long left = length;
        while (left > 0) {
            long n;
            long from = outOffset[0];
            try {
                n = LibC.copyFileRange(in, inOffset, out, outOffset, Math.min(left, WRITEBACK_CHUNK), 0);
            } catch (LastErrorException e) {
                if (left == length) {
                    return false;
                }
                throw new CallFailedException("copy_file_range", e);
            }
            if (n == 0) {
                throw new IOException("the file became shorter while it was copied");
            }
            left -= n;
            if (writeback) {
                startWriteback(out, from, n);
            }
        }
        return true;
    }

    private static void copyRangeByHand(int in, int out, long start, long length, boolean writeback)
            throws IOException {
        byte[] buffer = new byte[(int) Math.min(length, 1 << 20)];
        long done = 0;
        long handedOver = 0;
        while (done < length) {
            long n;
            try {
                n = LibC.pread(in, buffer, Math.min(buffer.length, length - done), start + done);
                if (n == 0) {
                    throw new IOException("the file became shorter while it was copied");
                }
                long written = 0;
                while (written < n) {
                    byte[] rest = written == 0 ? buffer : java.util.Arrays.copyOfRange(buffer, (int) written, (int) n);
                    written += LibC.pwrite(out, rest, n - written, start + done + written);
                }
            } catch (LastErrorException e) {
                throw new CallFailedException("pread/pwrite", e);
            }
            done += n;
            if (writeback && done - handedOver >= WRITEBACK_CHUNK) {
                startWriteback(out, start + handedOver, done - handedOver);
                handedOver = done;
            }
        }
    }
}
