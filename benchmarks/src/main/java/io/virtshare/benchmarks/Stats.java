package io.virtshare.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians, the statistic the benchmarks report (robust to the odd slow round). */
final class Stats {
    private Stats() {
    }

    /** The median of {@code values}; the mean of the two middle values for an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The median of the per-round ratios {@code sdk[i] / tool[i]}. */
    static double medianRatio(List<Double> sdk, List<Double> tool) {
        if (sdk.size() != tool.size()) {
            throw new IllegalArgumentException("rounds differ: " + sdk.size() + " vs " + tool.size());
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < sdk.size(); i++) {
            ratios.add(sdk.get(i) / Math.max(tool.get(i), 1e-9));
        }
        return median(ratios);
    }
}
