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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs measurements: the data is prepared once, then for each way the virtshare side runs
 * ({@link Way}: in this JVM, and as a user runs the examples runner) warm-up rounds of that
 * side (not counted), then rounds alternating it with the tool — the order flips every round
 * so neither side always profits from a warm page cache — each side starting from the same
 * state (an emptied scratch directory, dirty pages written back, what the other side made
 * removed), timed with {@link System#nanoTime()}.
 */
final class BenchmarkRunner {
    /** The fixed cost of a command: at most this many ms above {@code java -version}. */
    static final double FIXED_COST_MILLIS = 150;
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);

    private final int rounds;
    private final int warmup;
    private final DataSet set;
    private final Path workdir;
    private final PrintStream log;
    private final Set<Way> ways;
    private final Optional<Path> runnerJar;
    private Double javaVersionMillis;

    BenchmarkRunner(int rounds, int warmup, DataSet set, Path workdir, PrintStream log) {
        this(rounds, warmup, set, workdir, log, Set.of(Way.IN_PROCESS), Optional.empty());
    }

    /**
     * @param ways how the virtshare side runs; a row per measurement and way
     * @param runnerJar the examples runner jar, for the ways a user runs; empty when not found
     */
    BenchmarkRunner(int rounds, int warmup, DataSet set, Path workdir, PrintStream log, Set<Way> ways,
            Optional<Path> runnerJar) {
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("rounds >= 1 and warmup >= 0 are needed");
        }
        this.rounds = rounds;
        this.warmup = warmup;
        this.set = set;
        this.workdir = workdir;
        this.log = log;
        this.ways = Set.copyOf(ways);
        this.runnerJar = runnerJar;
    }

    /** Whether round {@code round} (0-based) runs the virtshare side first. */
    static boolean sdkFirst(int round) {
        return round % 2 == 0;
    }

    /** One side of a measurement: does the job once and returns its fingerprint. */
    @FunctionalInterface
    private interface Side {
        String run(Path data, Path scratch) throws IOException;
    }

    /** The rows of {@code m}: one per way it runs in. */
    List<MeasurementResult> run(Measurement m) throws IOException {
        List<Way> chosen = new ArrayList<>();
        for (Way way : Way.values()) {
            if (ways.contains(way) && (way.asUser() || m.inProcess())) {
                chosen.add(way);
            }
        }
        List<MeasurementResult> results = new ArrayList<>();
        Optional<String> missing = missingTool(m.tool());
        if (missing.isPresent()) {
            chosen.forEach(way -> results.add(notRun(m, way, "skipped: " + missing.get())));
            m.close();
            return results;
        }
        Path data = m.dataDirectory(workdir);
        try {
            log.println(m.name() + ": preparing " + (set.bytes() >> 20) + " MiB of data");
            m.prepare(data, set);
            for (Way way : chosen) {
                if (!way.asUser()) {
                    results.add(measureOrSay(m, way, data, m::runSdk));
                    continue;
                }
                Runner runner = new Runner(runnerJar.orElse(Path.of(Runner.JAR_NAME)), way);
                if (m.userCommand(runner, data, data.resolveSibling("scratch")).isEmpty()) {
                    continue;
                }
                Optional<String> absent = runnerJar.isEmpty()
                        ? Optional.of("no " + Runner.JAR_NAME + " found (give --runner-jar FILE, or build examples)")
                        : runner.missing();
                if (absent.isPresent()) {
                    results.add(notRun(m, way, "skipped: " + absent.get()));
                    continue;
                }
                results.add(measureOrSay(m, way, data, (d, scratch) -> runUser(m, runner, d, scratch)));
            }
        } finally {
            TreeDeleter.deleteQuietly(data.getParent());
            m.close();
        }
        return results;
    }

    private MeasurementResult notRun(Measurement m, Way way, String status) {
        return MeasurementResult.notRun(way.rowName(m.name()), m.description(), status, m.target().orElse(null),
                m.targetMillis().orElse(null), way.asUser() ? extraMillis(m) : null);
    }

    /** The row of one way; a way that fails (a command exits non-zero) is a failed row, and the other ways still run. */
    private MeasurementResult measureOrSay(Measurement m, Way way, Path data, Side side) {
        try {
            return measure(m, way, data, side);
        } catch (IOException | RuntimeException e) {
            log.println(way.rowName(m.name()) + ": failed, " + e.getMessage());
            try {
                m.cleanUp(data);
            } catch (IOException | RuntimeException cleanUp) {
                log.println(way.rowName(m.name()) + ": clean-up failed too, " + cleanUp.getMessage());
            }
            return notRun(m, way, "failed: " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip());
        }
    }

    private MeasurementResult measure(Measurement m, Way way, Path data, Side side) throws IOException {
        Path scratch = data.resolveSibling("scratch");
        String name = way.rowName(m.name());
        for (int i = 0; i < warmup; i++) {
            fresh(scratch);
            m.setUp(data);
            side.run(data, scratch);
            m.cleanUp(data);
        }
        List<Double> sdk = new ArrayList<>();
        List<Double> tool = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double s = 0;
            double t = 0;
            String sdkPrint = null;
            String toolPrint = null;
            for (int turn = 0; turn < 2; turn++) {
                fresh(scratch);
                if ((turn == 0) == sdkFirst(round)) {
                    m.setUp(data);
                    long start = System.nanoTime();
                    sdkPrint = side.run(data, scratch);
                    s = millisSince(start);
                    m.cleanUp(data);
                } else {
                    long start = System.nanoTime();
                    String stdout = runTool(m, data, scratch);
                    t = millisSince(start);
                    toolPrint = m.toolFingerprint(stdout, data, scratch);
                }
            }
            if (!sdkPrint.equals(toolPrint)) {
                return MeasurementResult.notRun(name, m.description(), "failed: results differ (virtshare " + sdkPrint
                        + ", " + m.tool() + " " + toolPrint + ")", m.target().orElse(null),
                        m.targetMillis().orElse(null), way.asUser() ? extraMillis(m) : null);
            }
            sdk.add(s);
            tool.add(t);
            log.printf("%s: round %d virtshare %.1f ms, %s %.1f ms%n", name, round + 1, s, m.tool(), t);
        }
        return new MeasurementResult(name, m.description(), "ok", sdk, tool, Stats.median(sdk),
                Stats.median(tool), Stats.medianRatio(sdk, tool), way.asUser() ? null : m.target().orElse(null),
                way.asUser() ? null : m.targetMillis().orElse(null), way.asUser() ? extraMillis(m) : null);
    }

    /** What a user's command may take beyond the tool: the measurement's own bound, else the fixed cost above java -version. */
    private Double extraMillis(Measurement m) {
        if (!m.hasUserTarget()) {
            return null;
        }
        return m.userExtraMillis().orElseGet(() -> FIXED_COST_MILLIS + javaVersionMillis());
    }

    /** The median time of {@code java -version} (five runs, measured once). */
    private double javaVersionMillis() {
        if (javaVersionMillis == null) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                CommandRunner.run(Duration.ofMinutes(1), List.of(Runner.java(), "-version"));
                times.add(millisSince(start));
            }
            javaVersionMillis = Stats.median(times);
            log.printf("java -version: %.1f ms (median of 5)%n", javaVersionMillis);
        }
        return javaVersionMillis;
    }

    private String runUser(Measurement m, Runner runner, Path data, Path scratch) throws IOException {
        UserCommand command = m.userCommand(runner, data, scratch).orElseThrow();
        CommandResult run = CommandRunner.run(TOOL_TIMEOUT, command.command(), null, command.environment());
        if (!run.succeeded()) {
            throw new IOException(run.describe());
        }
        return m.userFingerprint(run.stdout(), data, scratch);
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
        CommandResult run = CommandRunner.run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v " + tool),
                null, Map.of());
        return run.succeeded() ? Optional.empty() : Optional.of(tool + " is not installed");
    }
}
