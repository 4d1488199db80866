package io.virtshare.testkit.guest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a cpio archive in the "newc" format the Linux kernel unpacks as an initramfs
 * (header magic {@code 070701}, hexadecimal fields, name and data padded to 4 bytes,
 * ended by {@code TRAILER!!!}). Entries are owned by root; names are relative
 * ({@code bin/busybox}), each written once.
 */
final class CpioWriter implements AutoCloseable {
    static final String MAGIC = "070701";
    static final String TRAILER = "TRAILER!!!";
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFCHR = 0020000;

    private final OutputStream out;
    private final Set<String> names = new HashSet<>();
    private long written;
    private int inode = 1;
    private boolean finished;

    CpioWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** A directory with permission bits {@code mode} (e.g. 0755). */
    void directory(String name, int mode) throws IOException {
        entry(name, S_IFDIR | (mode & 07777), 2, new byte[0]);
    }

    /** A regular file with permission bits {@code mode} and {@code data}. */
    void file(String name, int mode, byte[] data) throws IOException {
        entry(name, S_IFREG | (mode & 07777), 1, data);
    }

    /** A symbolic link to {@code target}. */
    void symlink(String name, String target) throws IOException {
        entry(name, S_IFLNK | 0777, 1, target.getBytes(StandardCharsets.UTF_8));
    }

    /** A character device node, e.g. {@code dev/console} (5, 1), which the kernel opens for init. */
    void characterDevice(String name, int mode, int major, int minor) throws IOException {
        entry(name, S_IFCHR | (mode & 07777), 1, new byte[0], major, minor);
    }

    private void entry(String name, int mode, int links, byte[] data) throws IOException {
        entry(name, mode, links, data, 0, 0);
    }

    private void entry(String name, int mode, int links, byte[] data, int major, int minor) throws IOException {
        if (finished) {
            throw new IllegalStateException("the archive is finished");
        }
        if (name.isEmpty() || name.startsWith("/") || name.contains("\0") || name.equals(TRAILER)
                || java.util.Arrays.asList(name.split("/")).contains("..")) {
            throw new IllegalArgumentException("bad cpio entry name '" + name + "'; give a relative path without ..");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("cpio entry '" + name + "' written twice");
        }
        header(inode++, mode, links, data.length, name, major, minor);
        out.write(data);
        written += data.length;
        pad();
    }

    private void header(int ino, int mode, int links, long size, String name, int major, int minor)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110).append(MAGIC);
        for (long field : new long[] {ino, mode, 0, 0, links, 0, size, 0, 0, major, minor, nameBytes.length + 1L, 0}) {
            h.append(String.format("%08x", field));
        }
        byte[] headerBytes = h.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(headerBytes);
        out.write(nameBytes);
        out.write(0);
        written += headerBytes.length + nameBytes.length + 1L;
        pad();
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }

    /** Writes the trailer; later entries are refused. Idempotent. */
    void finish() throws IOException {
        if (!finished) {
            header(0, 0, 1, 0, TRAILER, 0, 0);
            finished = true;
            out.flush();
        }
    }

    /** Finishes the archive and closes the stream. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }
}
