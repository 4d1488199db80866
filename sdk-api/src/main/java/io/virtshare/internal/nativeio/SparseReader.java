package io.virtshare.internal.nativeio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A regular file read as a row of data and hole extents ({@code SEEK_DATA}/{@code SEEK_HOLE}),
 * for sending it sparse: {@link #extentAt(long)} says what starts at an offset and where it
 * ends, {@link #read} reads data with {@code pread}. The size is fixed when opened, so a file
 * that grows meanwhile is read up to that size.
 *
 * <p>Holds a file descriptor: close it; {@code close()} is idempotent. Not for sharing between
 * threads.
 */
public final class SparseReader implements AutoCloseable {
    private final Path file;
    private final long size;
    private int fd;

    private SparseReader(Path file, int fd, long size) {
        this.file = file;
        this.fd = fd;
        this.size = size;
    }

    /** One extent of the file: {@code length} bytes of data, or of a hole, from {@code offset}. */
    public record Extent(long offset, long length, boolean hole) {
        /** Where the extent ends (exclusive). */
        public long end() {
            return offset + length;
        }
    }

    /**
     * Opens the regular file {@code file} (its real path: a link is followed once, before
     * opening) for reading.
     *
     * @throws IOException when it cannot be opened or is not a regular file, or these Linux calls
     *     are not available here ({@link LinuxFds#available()})
     */
    public static SparseReader open(Path file) throws IOException {
        if (!LinuxFds.available()) {
            throw new IOException("SEEK_DATA/SEEK_HOLE are not available on this platform (64-bit Linux only)");
        }
        byte[] name = file.toRealPath().toString().getBytes(StandardCharsets.UTF_8);
        int fd = LinuxFds.openForReading(LinuxFds.AT_FDCWD, name);
        try {
            Stat stat = LinuxFds.fstat(fd);
            if (!stat.isRegularFile()) {
                throw new IOException(file + " is not a regular file");
            }
            return new SparseReader(file, fd, stat.size());
        } catch (IOException | RuntimeException e) {
            LinuxFds.close(fd);
            throw e;
        }
    }

    /** The file's size when it was opened. */
    public long size() {
        return size;
    }

    /**
     * The extent that starts at {@code offset} (below {@link #size()}): data up to the next
     * hole, or a hole up to the next data (or the end).
     */
    public Extent extentAt(long offset) throws IOException {
        if (offset < 0 || offset >= size) {
            throw new IOException("offset " + offset + " is outside " + file + " (" + size + " bytes)");
        }
        long data = LinuxFds.nextData(fd, offset);
        if (data < 0 || data >= size) {
            return new Extent(offset, size - offset, true);
        }
        if (data > offset) {
            return new Extent(offset, data - offset, true);
        }
        long hole = LinuxFds.nextHole(fd, offset);
        long end = hole <= offset ? size : Math.min(hole, size);
        return new Extent(offset, end - offset, false);
    }

    /**
     * Reads up to {@code length} bytes at {@code offset} into the start of {@code buffer}.
     *
     * @return the bytes read, at least 1
     * @throws IOException when the file ends before {@code offset}: it became shorter while read
     */
    public int read(byte[] buffer, int length, long offset) throws IOException {
        int n = LinuxFds.read(fd, buffer, length, offset);
        if (n <= 0) {
            throw new IOException(file + " became shorter while it was read (at " + offset + " of " + size
                    + " bytes)");
        }
        return n;
    }

    @Override
    public void close() {
        LinuxFds.close(fd);
        fd = -1;
    }
}
