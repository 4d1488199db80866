package io.virtshare.internal.nativeio;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The C library's functions that {@link LinuxFds} and {@link LinuxFiles} call, reached the
 * way that is cheapest for how many calls a process makes:
 * <ul>
 *   <li>The first {@value #DIRECT_AFTER} calls go through JNA {@link Function} objects. Looking
 *       a function up costs microseconds; each call costs a few more than a direct one.</li>
 *   <li>Then the direct mapping is registered ({@code Native.register}) and every later call
 *       uses it: the cheapest per call, but registering builds JNA's type information first,
 *       about 20 ms, which a short command (a {@code stat}, a one-file {@code clone}) would
 *       spend on a few dozen calls.</li>
 * </ul>
 * Every function throws {@link LastErrorException} (with {@code errno}) when the call fails.
 */
final class LibC {
    /** Calls made through {@link Function} objects before the direct mapping is registered. */
    static final int DIRECT_AFTER = 256;
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static volatile boolean direct;
    private static volatile boolean gaveUp;

    private LibC() {
    }

    /** The functions, direct-mapped: bound in {@link #direct()}, never called before. */
    private static final class Direct {
        static native int openat(int dirFd, byte[] name, int flags, int mode) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native int fstat(int fd, byte[] buffer) throws LastErrorException;

        static native int fstatat(int dirFd, byte[] name, byte[] buffer, int flags) throws LastErrorException;

        static native int lstat(byte[] path, byte[] buffer) throws LastErrorException;

        static native long getdents64(int fd, byte[] buffer, long size) throws LastErrorException;

        /** {@code fstatat} with its name and buffer in native memory, given by address: nothing copied. */
        static native int fstatat(int dirFd, long name, long buffer, int flags) throws LastErrorException;

        /** {@code getdents64} into native memory at {@code buffer}. */
        static native long getdents64(int fd, long buffer, long size) throws LastErrorException;

        static native long readlinkat(int dirFd, byte[] name, byte[] buffer, long size) throws LastErrorException;

        static native int fsync(int fd) throws LastErrorException;

        static native int syncfs(int fd) throws LastErrorException;

        static native int fchmod(int fd, int mode) throws LastErrorException;

        static native int futimens(int fd, long[] times) throws LastErrorException;

        static native int ftruncate(int fd, long length) throws LastErrorException;

        static native long lseek(int fd, long offset, int whence) throws LastErrorException;

        static native int ioctl(int fd, long request, long argument) throws LastErrorException;

        static native long copy_file_range(int in, long[] inOffset, int out, long[] outOffset, long length,
                int flags) throws LastErrorException;

        static native long pread(int fd, byte[] buffer, long count, long offset) throws LastErrorException;

        static native long pwrite(int fd, byte[] buffer, long count, long offset) throws LastErrorException;

        /** {@code pwrite} from native memory at {@code buffer}. */
        static native long pwrite(int fd, long buffer, long count, long offset) throws LastErrorException;

        static native int sync_file_range(int fd, long offset, long count, int flags) throws LastErrorException;
    }

    /**
     * The same functions as {@link Function} objects, all looked up when this class is
     * initialised, so that a C library without one of them makes the calls unavailable at
     * once rather than failing later.
     */
    private static final class Looked {
        static final NativeLibrary LIBRARY = NativeLibrary.getInstance("c");
        static final Function OPENAT = function("openat");
        static final Function CLOSE = function("close");
        static final Function FSTAT = function("fstat");
        static final Function FSTATAT = function("fstatat");
        static final Function LSTAT = function("lstat");
        static final Function GETDENTS64 = function("getdents64");
        static final Function READLINKAT = function("readlinkat");
        static final Function FSYNC = function("fsync");
        static final Function SYNCFS = function("syncfs");
        static final Function FCHMOD = function("fchmod");
        static final Function FUTIMENS = function("futimens");
        static final Function FTRUNCATE = function("ftruncate");
        static final Function LSEEK = function("lseek");
        static final Function IOCTL = function("ioctl");
        static final Function COPY_FILE_RANGE = function("copy_file_range");
        static final Function PREAD = function("pread");
        static final Function PWRITE = function("pwrite");
        static final Function SYNC_FILE_RANGE = function("sync_file_range");

        private static Function function(String name) {
            return LIBRARY.getFunction(name, Function.THROW_LAST_ERROR);
        }
    }

    private static final boolean AVAILABLE = load();

    private static boolean load() {
        if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            return false;
        }
        try {
            return Looked.SYNC_FILE_RANGE != null;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether the functions can be called here (64-bit Linux with glibc 2.33 or later). */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Whether this call goes direct. Counts the calls that do not; from the threshold on, one
     * thread registers the direct mapping while the others wait for it, so that a walk on
     * several threads does not make thousands of slower calls in the meantime.
     */
    private static boolean direct() {
        if (direct) {
            return true;
        }
        if (gaveUp || CALLS.incrementAndGet() < DIRECT_AFTER) {
            return false;
        }
        synchronized (Direct.class) {
            if (!direct && !gaveUp) {
                try {
                    Native.register(Direct.class, Looked.LIBRARY);
                    direct = true;
                } catch (LinkageError | RuntimeException e) {
                    gaveUp = true;   // the looked-up functions work as well, only a little slower per call
                }
            }
        }
        return direct;
    }

    /** Whether calls go direct now (for tests). */
    static boolean isDirect() {
        return direct;
    }

    static int openat(int dirFd, byte[] name, int flags, int mode) {
        return direct() ? Direct.openat(dirFd, name, flags, mode)
                : Looked.OPENAT.invokeInt(new Object[] {dirFd, name, flags, mode});
    }

    static int close(int fd) {
        return direct() ? Direct.close(fd) : Looked.CLOSE.invokeInt(new Object[] {fd});
    }

    static int fstat(int fd, byte[] buffer) {
        return direct() ? Direct.fstat(fd, buffer) : Looked.FSTAT.invokeInt(new Object[] {fd, buffer});
    }

    static int fstatat(int dirFd, byte[] name, byte[] buffer, int flags) {
        return direct() ? Direct.fstatat(dirFd, name, buffer, flags)
                : Looked.FSTATAT.invokeInt(new Object[] {dirFd, name, buffer, flags});
    }

    static int lstat(byte[] path, byte[] buffer) {
        return direct() ? Direct.lstat(path, buffer) : Looked.LSTAT.invokeInt(new Object[] {path, buffer});
    }

    /** {@code fstatat} of the NUL-terminated name at address {@code name} into the native buffer at {@code buffer}. */
    static int fstatat(int dirFd, long name, long buffer, int flags) {
        return direct() ? Direct.fstatat(dirFd, name, buffer, flags)
                : Looked.FSTATAT.invokeInt(new Object[] {dirFd, new Pointer(name), new Pointer(buffer), flags});
    }

    /** {@code getdents64} into the native buffer at address {@code buffer}. */
    static long getdents64(int fd, long buffer, long size) {
        return direct() ? Direct.getdents64(fd, buffer, size)
                : Looked.GETDENTS64.invokeLong(new Object[] {fd, new Pointer(buffer), size});
    }

    static long getdents64(int fd, byte[] buffer, long size) {
        return direct() ? Direct.getdents64(fd, buffer, size)
                : Looked.GETDENTS64.invokeLong(new Object[] {fd, buffer, size});
    }

    static long readlinkat(int dirFd, byte[] name, byte[] buffer, long size) {
        return direct() ? Direct.readlinkat(dirFd, name, buffer, size)
                : Looked.READLINKAT.invokeLong(new Object[] {dirFd, name, buffer, size});
    }

    static int fsync(int fd) {
        return direct() ? Direct.fsync(fd) : Looked.FSYNC.invokeInt(new Object[] {fd});
    }

    static int syncfs(int fd) {
        return direct() ? Direct.syncfs(fd) : Looked.SYNCFS.invokeInt(new Object[] {fd});
    }

    static int fchmod(int fd, int mode) {
        return direct() ? Direct.fchmod(fd, mode) : Looked.FCHMOD.invokeInt(new Object[] {fd, mode});
    }

    static int futimens(int fd, long[] times) {
        return direct() ? Direct.futimens(fd, times) : Looked.FUTIMENS.invokeInt(new Object[] {fd, times});
    }

    static int ftruncate(int fd, long length) {
        return direct() ? Direct.ftruncate(fd, length) : Looked.FTRUNCATE.invokeInt(new Object[] {fd, length});
    }

    static long lseek(int fd, long offset, int whence) {
        return direct() ? Direct.lseek(fd, offset, whence)
                : Looked.LSEEK.invokeLong(new Object[] {fd, offset, whence});
    }

    static int ioctl(int fd, long request, long argument) {
        return direct() ? Direct.ioctl(fd, request, argument)
                : Looked.IOCTL.invokeInt(new Object[] {fd, request, argument});
    }

    static long copyFileRange(int in, long[] inOffset, int out, long[] outOffset, long length, int flags) {
        return direct() ? Direct.copy_file_range(in, inOffset, out, outOffset, length, flags)
                : Looked.COPY_FILE_RANGE.invokeLong(new Object[] {in, inOffset, out, outOffset, length, flags});
    }

    static long pread(int fd, byte[] buffer, long count, long offset) {
        return direct() ? Direct.pread(fd, buffer, count, offset)
                : Looked.PREAD.invokeLong(new Object[] {fd, buffer, count, offset});
    }

    static long pwrite(int fd, byte[] buffer, long count, long offset) {
        return direct() ? Direct.pwrite(fd, buffer, count, offset)
                : Looked.PWRITE.invokeLong(new Object[] {fd, buffer, count, offset});
    }

    /** {@code pwrite} of {@code count} bytes of native memory at address {@code buffer}. */
    static long pwrite(int fd, long buffer, long count, long offset) {
        return direct() ? Direct.pwrite(fd, buffer, count, offset)
                : Looked.PWRITE.invokeLong(new Object[] {fd, new Pointer(buffer), count, offset});
    }

    static int syncFileRange(int fd, long offset, long count, int flags) {
        return direct() ? Direct.sync_file_range(fd, offset, count, flags)
                : Looked.SYNC_FILE_RANGE.invokeInt(new Object[] {fd, offset, count, flags});
    }
}
