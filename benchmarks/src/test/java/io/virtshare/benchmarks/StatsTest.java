package io.virtshare.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void medianRatio_isTheMedianOfPerRoundRatios() {
        assertThat(Stats.medianRatio(List.of(1.0, 10.0, 3.0), List.of(2.0, 2.0, 3.0))).isEqualTo(1.0);
        assertThatThrownBy(() -> Stats.medianRatio(List.of(1.0), List.of())).hasMessageContaining("rounds differ");
        assertThatThrownBy(() -> Stats.median(List.of())).hasMessageContaining("no values");
    }

    @Test
    void rounds_alternateWhichSideGoesFirst() {
        assertThat(BenchmarkRunner.sdkFirst(0)).isTrue();
        assertThat(BenchmarkRunner.sdkFirst(1)).isFalse();
        assertThat(BenchmarkRunner.sdkFirst(2)).isTrue();
    }
}
