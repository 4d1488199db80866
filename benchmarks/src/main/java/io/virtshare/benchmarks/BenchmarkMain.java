package io.virtshare.benchmarks;

import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmarks: each measurement runs a virtshare operation both ways — in this warm JVM
 * through the SDK's API, and as a user runs it, a process of the examples runner ({@code java
 * -jar virtshare-examples.jar …}, row {@code NAME/jar}, and its launcher script with the
 * class-data sharing archive, {@code NAME/cds}) — against the standard tool as a process on
 * the same data, alternating, several rounds, and prints medians and the median of the
 * per-round ratios virtshare/tool. The {@code fixed-*} rows are the fixed cost of each runner
 * command on a one-file image against {@code java -version}. With {@code --check} it exits 1
 * when a target is missed, naming it.
 *
 * <pre>
 * java -jar benchmarks/target/virtshare-benchmarks.jar [--rounds N] [--warmup N] [--size-mb N]
 *      [--files N] [--ways in-process,jar,cds] [--runner-jar FILE] [--check] [--workdir DIR]
 *      [--json FILE] [--list] [NAME...]
 * </pre>
 *
 * <p>Guest share throughput (a guest booted per round, so not one of these side-by-side
 * measurements) has its own main, {@link ShareThroughputMain}, which prints the same
 * table with the SDK's defaults against the best share setting.
 */
public final class BenchmarkMain {
    static final String USAGE = "usage: virtshare-benchmarks [--rounds N] [--warmup N] [--size-mb N]"
            + " [--files N] [--ways in-process,jar,cds] [--runner-jar FILE] [--check] [--workdir DIR]"
            + " [--json FILE] [--list] [NAME...]";
    /** Exit code of {@code --check} when a target is missed. */
    static final int MISSED = 1;

    private BenchmarkMain() {
    }

    /** All measurements, in the order they run. */
    static List<Measurement> all() {
        return List.of(new Sha256Measurement(), new UsageMeasurement(), new CloneMeasurement(false),
                new CloneXfsMeasurement(), new CloneMeasurement(true), new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.LARGE_TAR),
                new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.MANY_TAR),
                new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.MANY_TGZ),
                new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.LARGE_TZST),
                new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.MANY_TZST),
                new HfImportMeasurement(HfImportMeasurement.Peer.CURL), new HfImportMeasurement(HfImportMeasurement.Peer.JS),
                new HfImportMeasurement(HfImportMeasurement.Peer.CURL_SYNC),
                new HfManyFilesMeasurement(HfManyFilesMeasurement.Peer.CURL, 2_000),
                new HfManyFilesMeasurement(HfManyFilesMeasurement.Peer.CURL_SYNC, 2_000),
                new HfManyFilesMeasurement(HfManyFilesMeasurement.Peer.JS, 10_000),
                new V2AfterV1Measurement(),
                new XmlPoolMeasurement(10_000), new XmlPoolMeasurement(60_000),
                new JavaVersionMeasurement(), new FixedCostMeasurement(FixedCostMeasurement.Command.IMPORT),
                new FixedCostMeasurement(FixedCostMeasurement.Command.CLONE),
                new FixedCostMeasurement(FixedCostMeasurement.Command.LIST),
                new FixedCostMeasurement(FixedCostMeasurement.Command.STAT),
                new FixedCostMeasurement(FixedCostMeasurement.Command.DELETE),
                new FixedCostMeasurement(FixedCostMeasurement.Command.HELP),
                new SparseVolumeMeasurement(SparseVolumeMeasurement.Kind.UPLOAD),
                new SparseVolumeMeasurement(SparseVolumeMeasurement.Kind.DOWNLOAD),
                new SparseVolumeMeasurement(SparseVolumeMeasurement.Kind.UPLOAD_VS_FULL));
    }

    /**
     * Runs and exits: 0 when it ran (targets missed are reported, not failed, unless {@code --check}:
     * then 1), 2 on a usage error.
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        int rounds = 5;
        int warmup = 2;
        long sizeMb = 1024;
        int files = DataSet.DEFAULT_SMALL_FILES;
        Path workdir = null;
        Path json = null;
        Optional<Path> runnerJar = Optional.empty();
        Set<Way> ways = EnumSet.allOf(Way.class);
        boolean check = false;
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
                    case "--size-mb" -> sizeMb = Long.parseLong(value(args, ++i, a));
                    case "--files" -> files = Integer.parseInt(value(args, ++i, a));
                    case "--workdir" -> workdir = Path.of(value(args, ++i, a));
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    case "--runner-jar" -> runnerJar = Optional.of(Path.of(value(args, ++i, a)).toAbsolutePath());
                    case "--ways" -> ways = ways(value(args, ++i, a));
                    case "--check" -> check = true;
                    case "--list" -> {
                        all().forEach(m -> out.println(m.name() + "  " + m.description()));
                        out.println("(guest share throughput per setting: java -cp virtshare-benchmarks.jar "
                                + ShareThroughputMain.class.getName() + ")");
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        names.add(a);
                    }
                }
            }
            List<Measurement> chosen = new ArrayList<>();
            for (Measurement m : all()) {
                if (names.isEmpty() || names.contains(m.name())) {
                    chosen.add(m);
                }
            }
            for (String name : names) {
                if (all().stream().noneMatch(m -> m.name().equals(name))) {
                    throw new IllegalArgumentException("unknown measurement " + name + " (--list shows them)");
                }
            }
            boolean temporary = workdir == null;
            Path dir = temporary ? Files.createTempDirectory("virtshare-bench-") : Files.createDirectories(workdir);
            try {
                if (runnerJar.isPresent() && !Files.isRegularFile(runnerJar.get())) {
                    throw new IllegalArgumentException("--runner-jar " + runnerJar.get() + " is not a file");
                }
                BenchmarkRunner runner = new BenchmarkRunner(rounds, warmup, new DataSet(sizeMb << 20, files), dir, err,
                        ways, Runner.find(runnerJar));
                List<MeasurementResult> results = new ArrayList<>();
                for (Measurement m : chosen) {
                    try {
                        results.addAll(runner.run(m));
                    } catch (IOException e) {
                        err.println(m.name() + ": skipped, " + e.getMessage());
                        results.add(MeasurementResult.notRun(m, "skipped: " + e.getMessage()));
                    }
                }
                Report.table(results, out);
                if (json != null) {
                    Report.json(results, json);
                }
                if (check) {
                    List<String> missed = Report.missed(results);
                    missed.forEach(line -> err.println("missed: " + line));
                    if (!missed.isEmpty()) {
                        return MISSED;
                    }
                }
            } finally {
                if (temporary) {
                    TreeDeleter.deleteQuietly(dir);
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** The ways of {@code --ways}: a comma-separated list of in-process, jar and cds. */
    static Set<Way> ways(String value) {
        Set<Way> ways = EnumSet.noneOf(Way.class);
        for (String word : value.split(",")) {
            ways.add(switch (word.strip()) {
                case "in-process" -> Way.IN_PROCESS;
                case "jar" -> Way.JAR;
                case "cds" -> Way.CDS;
                default -> throw new IllegalArgumentException("--ways takes in-process, jar and cds, not '" + word + "'");
            });
        }
        return ways;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
