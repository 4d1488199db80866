package io.virtshare.benchmarks;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs measurements: warm-up rounds of the virtshare side (not counted), then rounds
 * alternating virtshare and the tool — the order flips every round so neither side
 * always profits from a warm page cache — timing each with {@link System#nanoTime()}.
 */
final class BenchmarkRunner {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);

    private final int rounds;
    private final int warmup;
    private final DataSet set;
    private final Path workdir;
    private final PrintStream log;

    BenchmarkRunner(int rounds, int warmup, DataSet set, Path workdir, PrintStream log) {
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("rounds >= 1 and warmup >= 0 are needed");
        }
        this.rounds = rounds;
        this.warmup = warmup;
        this.set = set;
        this.workdir = workdir;
        this.log = log;
    }

    /** Whether round {@code round} (0-based) runs the virtshare side first. */
    static boolean sdkFirst(int round) {
        return round % 2 == 0;
    }

    MeasurementResult run(Measurement m) throws IOException {
        Optional<String> missing = missingTool(m.tool());
        if (missing.isPresent()) {
            return MeasurementResult.notRun(m, "skipped: " + missing.get());
        }
        try {
            return measure(m);
        } finally {
            m.close();
        }
    }

    private MeasurementResult measure(Measurement m) throws IOException {
        Path data = m.dataDirectory(workdir);
        Path scratch = data.resolveSibling("scratch");
        log.println(m.name() + ": preparing " + (set.bytes() >> 20) + " MiB of data");
        m.prepare(data, set);
        for (int i = 0; i < warmup; i++) {
            fresh(scratch);
            m.runSdk(data, scratch);
            m.cleanUp(data);
        }
        List<Double> sdk = new ArrayList<>();
        List<Double> tool = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double s;
            double t;
            String sdkPrint;
            String toolPrint;
            if (sdkFirst(round)) {
                fresh(scratch);
                long start = System.nanoTime();
                sdkPrint = m.runSdk(data, scratch);
                s = millisSince(start);
                m.cleanUp(data);
                fresh(scratch);
                start = System.nanoTime();
                toolPrint = runTool(m, data, scratch);
                t = millisSince(start);
                toolPrint = m.toolFingerprint(toolPrint, data, scratch);
            } else {
                fresh(scratch);
                long start = System.nanoTime();
                toolPrint = runTool(m, data, scratch);
                t = millisSince(start);
                toolPrint = m.toolFingerprint(toolPrint, data, scratch);
                fresh(scratch);
                start = System.nanoTime();
                sdkPrint = m.runSdk(data, scratch);
                s = millisSince(start);
                m.cleanUp(data);
            }
            if (!sdkPrint.equals(toolPrint)) {
                return MeasurementResult.notRun(m, "failed: results differ (virtshare " + sdkPrint + ", "
                        + m.tool() + " " + toolPrint + ")");
            }
            sdk.add(s);
            tool.add(t);
            log.printf("%s: round %d virtshare %.1f ms, %s %.1f ms%n", m.name(), round + 1, s, m.tool(), t);
        }
        TreeDeleter.deleteQuietly(data.getParent());
        return new MeasurementResult(m.name(), m.description(), "ok", sdk, tool, Stats.median(sdk),
                Stats.median(tool), Stats.medianRatio(sdk, tool), m.target().orElse(null),
                m.targetMillis().orElse(null));
    }

    private String runTool(Measurement m, Path data, Path scratch) throws IOException {
        CommandResult run = CommandRunner.run(TOOL_TIMEOUT, m.toolCommand(data, scratch));
        if (!run.succeeded()) {
            throw new IOException(run.describe());
        }
        return run.stdout();
    }

    /**
     * Empties the scratch directory and flushes dirty pages (untimed), so that neither side
     * pays for writing back what the other side wrote.
     */
    private static void fresh(Path scratch) throws IOException {
        TreeDeleter.delete(scratch);
        Files.createDirectories(scratch);
        CommandRunner.run(Duration.ofMinutes(5), List.of("sync"));
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static Optional<String> missingTool(String tool) {
        CommandResult which = CommandRunner.run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v " + tool));
        return which.succeeded() ? Optional.empty() : Optional.of(tool + " is not installed");
    }
}
