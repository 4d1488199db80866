package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a hole of an uploaded file is cut where the volume held data before: zeros there, a hole elsewhere. */
class SparseTransfersTest {
    private static final long HOLE = 0;
    private static final long ZEROS = 2;

    @Test
    void holePieces_withoutOldData_areTheWholeHole() {
        assertThat(SparseTransfers.holePieces(10, 50, List.of())).containsExactly(new long[] {10, 50, HOLE});
    }

    @Test
    void holePieces_overOldDataInside_sendZerosThereOnly() {
        assertThat(SparseTransfers.holePieces(10, 50, List.of(new long[] {20, 30}, new long[] {35, 40})))
                .containsExactly(new long[] {10, 20, HOLE}, new long[] {20, 30, ZEROS}, new long[] {30, 35, HOLE},
                        new long[] {35, 40, ZEROS}, new long[] {40, 50, HOLE});
    }

    @Test
    void holePieces_overOldDataAcrossItsEnds_areClippedToTheHole() {
        assertThat(SparseTransfers.holePieces(10, 50, List.of(new long[] {0, 15}, new long[] {45, 90})))
                .containsExactly(new long[] {10, 15, ZEROS}, new long[] {15, 45, HOLE}, new long[] {45, 50, ZEROS});
    }

    @Test
    void holePieces_insideOldData_areAllZeros_andOldDataElsewhereIsIgnored() {
        assertThat(SparseTransfers.holePieces(10, 50, List.of(new long[] {0, 5}, new long[] {5, 60},
                new long[] {70, 80}))).containsExactly(new long[] {10, 50, ZEROS});
    }
}
