package io.virtshare.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * What one measurement gave.
 *
 * @param name the measurement, with {@code /jar} or {@code /cds} when measured as a user runs it
 * @param description what was compared
 * @param status {@code ok}, or {@code skipped: why}, or {@code failed: why}
 * @param sdkMillis per-round times of the virtshare side
 * @param toolMillis per-round times of the tool
 * @param medianSdkMillis median of {@code sdkMillis}
 * @param medianToolMillis median of {@code toolMillis}
 * @param medianRatio median of the per-round ratios virtshare/tool
 * @param target the ratio to reach, or null
 * @param targetMillis the most milliseconds the virtshare side may take, or null
 * @param targetExtraMillis the most milliseconds the virtshare side may take beyond the tool (median of
 *     the per-round differences), or null
 */
record MeasurementResult(String name, String description, String status, List<Double> sdkMillis,
        List<Double> toolMillis, double medianSdkMillis, double medianToolMillis, double medianRatio,
        Double target, Double targetMillis, Double targetExtraMillis) {

    MeasurementResult {
        sdkMillis = List.copyOf(sdkMillis);
        toolMillis = List.copyOf(toolMillis);
    }

    /** A result without a target beyond the tool's time. */
    MeasurementResult(String name, String description, String status, List<Double> sdkMillis,
            List<Double> toolMillis, double medianSdkMillis, double medianToolMillis, double medianRatio,
            Double target, Double targetMillis) {
        this(name, description, status, sdkMillis, toolMillis, medianSdkMillis, medianToolMillis, medianRatio,
                target, targetMillis, null);
    }

    static MeasurementResult notRun(Measurement m, String status) {
        return notRun(m.name(), m.description(), status, m.target().orElse(null), m.targetMillis().orElse(null), null);
    }

    static MeasurementResult notRun(String name, String description, String status, Double target,
            Double targetMillis, Double targetExtraMillis) {
        return new MeasurementResult(name, description, status, List.of(), List.of(), Double.NaN,
                Double.NaN, Double.NaN, target, targetMillis, targetExtraMillis);
    }

    /** The median over rounds of (virtshare time - tool time), or NaN when nothing ran. */
    double medianExtraMillis() {
        if (sdkMillis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> extra = new ArrayList<>();
        for (int i = 0; i < sdkMillis.size(); i++) {
            extra.add(sdkMillis.get(i) - toolMillis.get(i));
        }
        return Stats.median(extra);
    }

    /** PASS/MISS against the target, or "-" when there is none or nothing ran. */
    String verdict() {
        if (!status.equals("ok") || (target == null && targetMillis == null && targetExtraMillis == null)) {
            return "-";
        }
        boolean ratioOk = target == null || medianRatio <= target;
        boolean timeOk = targetMillis == null || medianSdkMillis <= targetMillis;
        boolean extraOk = targetExtraMillis == null || medianExtraMillis() <= targetExtraMillis;
        return ratioOk && timeOk && extraOk ? "PASS" : "MISS";
    }

    /** The target as printed. */
    String targetText() {
        List<String> parts = new ArrayList<>();
        if (target != null) {
            parts.add("<= " + target);
        }
        if (targetMillis != null) {
            parts.add("<" + Math.round(targetMillis) + "ms");
        }
        if (targetExtraMillis != null) {
            parts.add("+" + Math.round(targetExtraMillis) + "ms");
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
}
