package io.virtshare.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints results as a table, and writes them as JSON. */
final class Report {
    private Report() {
    }

    static void table(List<MeasurementResult> results, PrintStream out) {
        table(results, out, "virtshare ms", "tool ms",
                "ratio = median over rounds of (virtshare time / tool time); below 1.0 virtshare is faster");
    }

    /** The table with other names for the two sides, and a footnote saying what the ratio is. */
    static void table(List<MeasurementResult> results, PrintStream out, String sdkSide, String otherSide,
            String footnote) {
        out.printf(Locale.ROOT, "%-14s %6s %12s %12s %8s %8s %7s  %s%n", "measurement", "rounds", sdkSide,
                otherSide, "ratio", "target", "verdict", "status");
        for (MeasurementResult r : results) {
            out.printf(Locale.ROOT, "%-14s %6d %12.1f %12.1f %8.2f %8s %7s  %s%n", r.name(), r.sdkMillis().size(),
                    r.medianSdkMillis(), r.medianToolMillis(), r.medianRatio(),
                    r.targetText(), r.verdict(), r.status());
        }
        out.println(footnote);
    }

    static void json(List<MeasurementResult> results, Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), results);
    }
}
