package io.virtshare.benchmarks;

import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmarks: each measurement runs a virtshare operation in this warm JVM and the
 * standard tool as a process on the same data, alternating, several rounds, and prints
 * medians and the median ratio virtshare/tool.
 *
 * <pre>
 * java -jar benchmarks/target/virtshare-benchmarks.jar [--rounds N] [--warmup N] [--size-mb N]
 *      [--workdir DIR] [--json FILE] [--list] [NAME...]
 * </pre>
 *
 * <p>Guest share throughput (a guest booted per round, so not one of these side-by-side
 * measurements) has its own main, {@link ShareThroughputMain}, which prints the same
 * table with the SDK's defaults against the best share setting.
 */
public final class BenchmarkMain {
    static final String USAGE = "usage: virtshare-benchmarks [--rounds N] [--warmup N] [--size-mb N]"
            + " [--files N] [--workdir DIR] [--json FILE] [--list] [NAME...]";

    private BenchmarkMain() {
    }

    /** All measurements, in the order they run. */
    static List<Measurement> all() {
        return List.of(new Sha256Measurement(), new UsageMeasurement(), new CloneMeasurement(false),
                new CloneXfsMeasurement(), new CloneMeasurement(true), new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.LARGE_TAR),
                new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.MANY_TAR),
                new ImportArchiveMeasurement(ImportArchiveMeasurement.Shape.MANY_TGZ),
                new HfImportMeasurement(HfImportMeasurement.Peer.CURL), new HfImportMeasurement(HfImportMeasurement.Peer.JS),
                new XmlPoolMeasurement(10_000), new XmlPoolMeasurement(60_000),
                new SparseVolumeMeasurement(SparseVolumeMeasurement.Kind.UPLOAD),
                new SparseVolumeMeasurement(SparseVolumeMeasurement.Kind.DOWNLOAD),
                new SparseVolumeMeasurement(SparseVolumeMeasurement.Kind.UPLOAD_VS_FULL));
    }

    /** Runs and exits: 0 when it ran (targets missed are reported, not failed), 2 on a usage error. */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        int rounds = 5;
        int warmup = 2;
        long sizeMb = 256;
        int files = DataSet.DEFAULT_SMALL_FILES;
        Path workdir = null;
        Path json = null;
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
                BenchmarkRunner runner = new BenchmarkRunner(rounds, warmup, new DataSet(sizeMb << 20, files), dir, err);
                List<MeasurementResult> results = new ArrayList<>();
                for (Measurement m : chosen) {
                    try {
                        results.add(runner.run(m));
                    } catch (IOException e) {
                        err.println(m.name() + ": skipped, " + e.getMessage());
                        results.add(MeasurementResult.notRun(m, "skipped: " + e.getMessage()));
                    }
                }
                Report.table(results, out);
                if (json != null) {
                    Report.json(results, json);
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

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
