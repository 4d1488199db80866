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
        out.printf(Locale.ROOT, "%-21s %6s %12s %12s %8s %9s %13s %7s  %s%n", "measurement", "rounds", sdkSide,
                otherSide, "ratio", "extra ms", "target", "verdict", "status");
        for (MeasurementResult r : results) {
            out.printf(Locale.ROOT, "%-21s %6d %12.1f %12.1f %8.2f %9.1f %13s %7s  %s%n", r.name(),
                    r.sdkMillis().size(), r.medianSdkMillis(), r.medianToolMillis(), r.medianRatio(),
                    r.medianExtraMillis(), r.targetText(), r.verdict(), r.status());
        }
        out.println(footnote);
        out.println("extra ms = median over rounds of (virtshare time - tool time); NAME/jar: java -jar"
                + " virtshare-examples.jar, NAME/cds: its launcher script with the class-data sharing archive;"
                + " target +N ms: at most N ms beyond the tool (fixed-*: beyond java -version)");
    }

    /** The rows that miss their target, or could not be measured although they have one, each with why. */
    static List<String> missed(List<MeasurementResult> results) {
        List<String> missed = new java.util.ArrayList<>();
        for (MeasurementResult r : results) {
            if (r.verdict().equals("MISS")) {
                missed.add(String.format(Locale.ROOT, "%s: %.1f ms vs %.1f ms (ratio %.2f, extra %.1f ms), target %s",
                        r.name(), r.medianSdkMillis(), r.medianToolMillis(), r.medianRatio(), r.medianExtraMillis(),
                        r.targetText()));
            } else if (r.status().startsWith("failed") && !r.targetText().equals("-")) {
                missed.add(r.name() + ": not measured, " + r.status());
            }
        }
        return missed;
    }

    static void json(List<MeasurementResult> results, Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), results);
    }
}
