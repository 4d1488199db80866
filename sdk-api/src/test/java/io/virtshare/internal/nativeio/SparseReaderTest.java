package io.virtshare.internal.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseReaderTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    @BeforeEach
    void linuxOnly() {
        assumeTrue(LinuxFds.available(), "SEEK_DATA/SEEK_HOLE need 64-bit Linux");
    }

    @Test
    void extents_ofAFileWithDataBetweenHoles_alternate_coverTheFile_andHoldEveryWrittenByte() throws IOException {
        Path file = write(tmp.resolve("sparse"), 16 * MIB, new long[] {MIB, 2 * MIB}, new long[] {9 * MIB, 10 * MIB});

        List<SparseReader.Extent> extents = extents(file);

        assertThat(extents.get(0)).isEqualTo(new SparseReader.Extent(0, MIB, true));
        assertThat(extents.get(extents.size() - 1).hole()).isTrue();
        assertCoversTheFile(extents, 16 * MIB);
        assertThat(dataBytes(extents)).as("data found").isBetween(2L * MIB, 3L * MIB);
        assertThat(extents).filteredOn(SparseReader.Extent::hole)
                .noneMatch(e -> overlaps(e, MIB, 2 * MIB) || overlaps(e, 9 * MIB, 10 * MIB));
        for (int i = 1; i < extents.size(); i++) {
            assertThat(extents.get(i).hole()).as("extent %d alternates", i).isNotEqualTo(extents.get(i - 1).hole());
        }
    }

    @Test
    void extents_ofAFileWithoutHoles_areOneDataExtent_andItsBytesReadBack() throws IOException {
        byte[] content = new byte[3 * MIB + 17];
        Arrays.fill(content, (byte) 7);
        Path file = Files.write(tmp.resolve("full"), content);

        assertThat(extents(file)).containsExactly(new SparseReader.Extent(0, content.length, false));
        try (SparseReader reader = SparseReader.open(file)) {
            byte[] buffer = new byte[100];
            assertThat(reader.read(buffer, 100, content.length - 17)).isEqualTo(17);
            assertThat(Arrays.copyOf(buffer, 17)).containsOnly(7);
        }
    }

    @Test
    void extents_ofAFileThatIsAllHole_areOneHole() throws IOException {
        Path file = write(tmp.resolve("empty-disk"), 8 * MIB);

        assertThat(extents(file)).containsExactly(new SparseReader.Extent(0, 8 * MIB, true));
    }

    @Test
    void extents_endingInData_endAtTheSize() throws IOException {
        Path file = write(tmp.resolve("tail"), 4 * MIB + 5, new long[] {3 * MIB, 4 * MIB + 5});

        List<SparseReader.Extent> extents = extents(file);

        assertCoversTheFile(extents, 4 * MIB + 5);
        assertThat(extents.get(extents.size() - 1).hole()).isFalse();
    }

    @Test
    void extentAt_outsideTheFile_andOpenOfADirectory_sayWhatIsWrong() throws IOException {
        Path file = write(tmp.resolve("small"), MIB);
        try (SparseReader reader = SparseReader.open(file)) {
            assertThatThrownBy(() -> reader.extentAt(MIB)).isInstanceOf(IOException.class)
                    .hasMessage("offset " + MIB + " is outside " + file + " (" + MIB + " bytes)");
        }
        assertThatThrownBy(() -> SparseReader.open(tmp)).isInstanceOf(IOException.class)
                .hasMessage(tmp + " is not a regular file");
    }

    @Test
    void read_afterTheFileShrank_saysItBecameShorter() throws IOException {
        Path file = write(tmp.resolve("shrinks"), 2 * MIB, new long[] {0, 2 * MIB});
        try (SparseReader reader = SparseReader.open(file)) {
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                out.setLength(MIB);
            }
            assertThatThrownBy(() -> reader.read(new byte[10], 10, MIB + 5)).isInstanceOf(IOException.class)
                    .hasMessage(file + " became shorter while it was read (at " + (MIB + 5) + " of " + 2 * MIB
                            + " bytes)");
        }
    }

    /** A file of {@code size} bytes with 0x5a bytes in each {@code {from, to}} range, holes elsewhere. */
    private static Path write(Path file, long size, long[]... ranges) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            for (long[] range : ranges) {
                byte[] data = new byte[(int) (range[1] - range[0])];
                Arrays.fill(data, (byte) 0x5a);
                out.seek(range[0]);
                out.write(data);
            }
        }
        return file;
    }

    private static List<SparseReader.Extent> extents(Path file) throws IOException {
        List<SparseReader.Extent> extents = new ArrayList<>();
        try (SparseReader reader = SparseReader.open(file)) {
            for (long offset = 0; offset < reader.size(); ) {
                SparseReader.Extent extent = reader.extentAt(offset);
                assertThat(extent.length()).isPositive();
                extents.add(extent);
                offset = extent.end();
            }
        }
        return extents;
    }

    private static void assertCoversTheFile(List<SparseReader.Extent> extents, long size) {
        long at = 0;
        for (SparseReader.Extent extent : extents) {
            assertThat(extent.offset()).isEqualTo(at);
            at = extent.end();
        }
        assertThat(at).isEqualTo(size);
    }

    private static long dataBytes(List<SparseReader.Extent> extents) {
        return extents.stream().filter(e -> !e.hole()).mapToLong(SparseReader.Extent::length).sum();
    }

    private static boolean overlaps(SparseReader.Extent extent, long from, long to) {
        return extent.offset() < to && from < extent.end();
    }
}
