package io.virtshare.internal.nativeio;

import com.sun.jna.Platform;

/**
 * What {@code stat(2)} says of one file, read from the kernel's {@code struct stat} on
 * 64-bit Linux (x86_64 and aarch64 differ only in where mode and link count sit).
 *
 * @param mode st_mode (type and permission bits)
 * @param nlink number of hard links
 * @param size apparent size in bytes
 * @param allocated bytes allocated on disk (st_blocks × 512)
 * @param device st_dev
 * @param inode st_ino
 * @param modifiedNanos st_mtim in nanoseconds
 * @param changedNanos st_ctim in nanoseconds
 */
public record Stat(int mode, long nlink, long size, long allocated, long device, long inode, long modifiedNanos,
        long changedNanos) {
    /** Bytes to give {@code stat(2)} for its {@code struct stat}: more than either layout needs. */
    static final int BUFFER_SIZE = 256;

    private static final boolean X86_64 = Platform.isIntel();

    /** Reads a {@code struct stat} that {@code stat(2)} and its siblings filled in. */
    static Stat of(byte[] b) {
        int mode = (int) LinuxFiles.read(b, X86_64 ? 24 : 16, 4);
        long nlink = X86_64 ? LinuxFiles.read(b, 16, 8) : LinuxFiles.read(b, 20, 4);
        return new Stat(mode, nlink, LinuxFiles.read(b, 48, 8), LinuxFiles.read(b, 64, 8) * 512,
                LinuxFiles.read(b, 0, 8), LinuxFiles.read(b, 8, 8),
                LinuxFiles.read(b, 88, 8) * 1_000_000_000L + LinuxFiles.read(b, 96, 8),
                LinuxFiles.read(b, 104, 8) * 1_000_000_000L + LinuxFiles.read(b, 112, 8));
    }

    public boolean isDirectory() {
        return (mode & 0170000) == 0040000;
    }

    public boolean isRegularFile() {
        return (mode & 0170000) == 0100000;
    }

    public boolean isSymbolicLink() {
        return (mode & 0170000) == 0120000;
    }

    /** Same file (device and inode). */
    public boolean sameFile(Stat other) {
        return device == other.device && inode == other.inode;
    }

    /** Same file, same type, size and times: nothing was written to it in between. */
    public boolean unchanged(Stat other) {
        return sameFile(other) && mode == other.mode && size == other.size
                && modifiedNanos == other.modifiedNanos && changedNanos == other.changedNanos;
    }
}
