package io.virtshare.internal.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a directory's entries and {@code lstat}s each one relative to the directory, as
 * {@code du} does, with the names and the {@code struct stat} kept in native memory: the kernel
 * writes the entries ({@code getdents64}) into a buffer, each name is handed to {@code fstatat}
 * where it lies, and the fields are read from the buffer. Nothing is copied or allocated per
 * entry, where {@link LinuxFds#list} and {@link LinuxFds#lstatAt} copy every name twice and the
 * stat buffer in and out of the JVM.
 *
 * <p>The entry handed to the visitor is this object, valid only during the call; its
 * {@link #name()} is copied out on request. A thread reuses its buffers; a visitor that reads
 * another directory on the same thread gets buffers of its own.
 *
 * <pre>{@code
 * LongAdder bytes = new LongAdder();
 * DirectoryEntries.forEach(dirFd, e -> bytes.add(e.isRegularFile() ? e.size() : 0));
 * }</pre>
 */
public final class DirectoryEntries {
    /** What {@link #forEach} calls for each entry but {@code .} and {@code ..}. */
    @FunctionalInterface
    public interface Visitor {
        void entry(DirectoryEntries entry) throws IOException;
    }

    private static final int DIRENTS = 32 << 10;
    private static final int NAME = 19;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int SEEK_SET = 0;
    private static final boolean X86_64 = Platform.isIntel();
    private static final ThreadLocal<DirectoryEntries> PER_THREAD = new ThreadLocal<>();

    private final Memory direntMemory = new Memory(DIRENTS);
    private final Memory statMemory = new Memory(Stat.BUFFER_SIZE);
    private final ByteBuffer dirents = direntMemory.getByteBuffer(0, DIRENTS).order(ByteOrder.nativeOrder());
    private final ByteBuffer stat = statMemory.getByteBuffer(0, Stat.BUFFER_SIZE).order(ByteOrder.nativeOrder());
    private final long direntAddress = Pointer.nativeValue(direntMemory);
    private final long statAddress = Pointer.nativeValue(statMemory);
    private boolean busy;
    private int nameStart;
    private int nameLimit;

    private DirectoryEntries() {
    }

    /**
     * Reads {@code dirFd} from its start and calls {@code visitor} for each entry with its
     * {@code lstat} (links not followed).
     *
     * @throws LinuxFds.CallFailedException when the directory cannot be read or an entry
     *     cannot be stat'ed (for example {@code ENOENT}: removed meanwhile)
     */
    public static void forEach(int dirFd, Visitor visitor) throws IOException {
        DirectoryEntries entries = PER_THREAD.get();
        if (entries == null || entries.busy) {
            entries = new DirectoryEntries();
            if (PER_THREAD.get() == null) {
                PER_THREAD.set(entries);
            }
        }
        entries.busy = true;
        try {
            entries.read(dirFd, visitor);
        } finally {
            entries.busy = false;
        }
    }

    private void read(int dirFd, Visitor visitor) throws IOException {
        try {
            LibC.lseek(dirFd, 0, SEEK_SET);
        } catch (LastErrorException e) {
            throw new LinuxFds.CallFailedException("lseek", e);
        }
        while (true) {
            long n;
            try {
                n = LibC.getdents64(dirFd, direntAddress, DIRENTS);
            } catch (LastErrorException e) {
                throw new LinuxFds.CallFailedException("getdents64", e);
            }
            if (n <= 0) {
                return;
            }
            // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (NUL-terminated)
            for (int at = 0; at < n; ) {
                int length = dirents.getShort(at + 16) & 0xffff;
                nameStart = at + NAME;
                nameLimit = at + length;
                at += length;
                if (dirents.get(nameStart) == '.' && (dirents.get(nameStart + 1) == 0
                        || dirents.get(nameStart + 1) == '.' && dirents.get(nameStart + 2) == 0)) {
                    continue;
                }
                try {
                    LibC.fstatat(dirFd, direntAddress + nameStart, statAddress, AT_SYMLINK_NOFOLLOW);
                } catch (LastErrorException e) {
                    throw new LinuxFds.CallFailedException("fstatat", e);
                }
                visitor.entry(this);
            }
        }
    }

    /** The entry's name, raw bytes as the kernel has them (a copy). */
    public byte[] name() {
        int end = nameStart;
        while (end < nameLimit && dirents.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - nameStart];
        dirents.get(nameStart, name);
        return name;
    }

    /** st_mode: type and permission bits. */
    public int mode() {
        return stat.getInt(X86_64 ? 24 : 16);
    }

    public boolean isDirectory() {
        return (mode() & 0170000) == 0040000;
    }

    public boolean isRegularFile() {
        return (mode() & 0170000) == 0100000;
    }

    /** st_nlink: the number of hard links. */
    public long nlink() {
        return X86_64 ? stat.getLong(16) : stat.getInt(20) & 0xffffffffL;
    }

    /** st_size: the apparent size in bytes. */
    public long size() {
        return stat.getLong(48);
    }

    /** Bytes allocated on disk (st_blocks × 512). */
    public long allocated() {
        return stat.getLong(64) * 512;
    }

    /** st_dev. */
    public long device() {
        return stat.getLong(0);
    }

    /** st_ino. */
    public long inode() {
        return stat.getLong(8);
    }
}
