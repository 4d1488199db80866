package io.virtshare.benchmarks;

import java.util.List;

/**
 * What one measurement gave.
 *
 * @param name the measurement
 * @param description what was compared
 * @param status {@code ok}, or {@code skipped: why}, or {@code failed: why}
 * @param sdkMillis per-round times of the virtshare side
 * @param toolMillis per-round times of the tool
 * @param medianSdkMillis median of {@code sdkMillis}
 * @param medianToolMillis median of {@code toolMillis}
 * @param medianRatio median of the per-round ratios virtshare/tool
 * @param target the ratio to reach, or null
 * @param targetMillis the most milliseconds the virtshare side may take, or null
 */
record MeasurementResult(String name, String description, String status, List<Double> sdkMillis,
        List<Double> toolMillis, double medianSdkMillis, double medianToolMillis, double medianRatio,
        Double target, Double targetMillis) {

    static MeasurementResult notRun(Measurement m, String status) {
        return new MeasurementResult(m.name(), m.description(), status, List.of(), List.of(), Double.NaN,
                Double.NaN, Double.NaN, m.target().orElse(null), m.targetMillis().orElse(null));
    }

    /** PASS/MISS against the target, or "-" when there is none or nothing ran. */
    String verdict() {
        if (!status.equals("ok") || (target == null && targetMillis == null)) {
            return "-";
        }
        boolean ratioOk = target == null || medianRatio <= target;
        boolean timeOk = targetMillis == null || medianSdkMillis <= targetMillis;
        return ratioOk && timeOk ? "PASS" : "MISS";
    }

    /** The target as printed. */
    String targetText() {
        if (targetMillis != null) {
            return "<" + Math.round(targetMillis) + "ms";
        }
        return target == null ? "-" : "<= " + target;
    }
}
