package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.nativeio.LinuxFiles;
import io.virtshare.internal.nativeio.SparseReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** Sparse files for the tests: made with data at chosen offsets, measured, and compared extent by extent. */
final class SparseFiles {
    private SparseFiles() {
    }

    /** A file of {@code size} bytes, holes but for {@code length} random bytes at each of {@code offsets}. */
    static Path write(Path file, long size, long length, long... offsets) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            Random random = new Random(size ^ length);
            byte[] chunk = new byte[1 << 20];
            for (long offset : offsets) {
                for (long done = 0; done < length; done += chunk.length) {
                    random.nextBytes(chunk);
                    out.seek(offset + done);
                    out.write(chunk, 0, (int) Math.min(chunk.length, length - done));
                }
            }
        }
        return file;
    }

    /** Bytes allocated on disk for {@code file}. */
    static long allocated(Path file) {
        return LinuxFiles.allocatedBytes(file).orElseThrow();
    }

    /**
     * Asserts that {@code a} and {@code b} hold the same bytes: same size, and equal wherever either
     * has data (where both have holes, both read zeros). Reads the data only, not the holes.
     */
    static void assertSameBytes(Path a, Path b) throws IOException {
        try (SparseReader left = SparseReader.open(a); SparseReader right = SparseReader.open(b)) {
            assertThat(right.size()).as("size of %s", b).isEqualTo(left.size());
            compareDataOf(left, a, b);
            compareDataOf(right, b, a);
        }
    }

    private static void compareDataOf(SparseReader reader, Path from, Path other) throws IOException {
        byte[] mine = new byte[1 << 20];
        byte[] theirs = new byte[1 << 20];
        try (RandomAccessFile in = new RandomAccessFile(other.toFile(), "r")) {
            long offset = 0;
            while (offset < reader.size()) {
                SparseReader.Extent extent = reader.extentAt(offset);
                for (long at = extent.offset(); !extent.hole() && at < extent.end(); at += mine.length) {
                    int n = (int) Math.min(mine.length, extent.end() - at);
                    reader.read(mine, n, at);
                    in.seek(at);
                    in.readFully(theirs, 0, n);
                    if (!Arrays.equals(mine, 0, n, theirs, 0, n)) {
                        throw new AssertionError(from + " and " + other + " differ in the " + n + " bytes at " + at);
                    }
                }
                offset = extent.end();
            }
        }
    }
}
