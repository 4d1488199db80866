package io.virtshare.benchmarks;

import io.virtshare.VirtShareException;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.testkit.guest.GuestProbe;
import io.virtshare.testkit.guest.GuestReport;
import io.virtshare.testkit.guest.GuestVia;
import io.virtshare.testkit.guest.ShareReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Guest sequential read and write throughput per share setting, measured from inside a
 * guest booted under TCG ({@link GuestProbe}, QEMU path, the host's virtiofsd): the 9p
 * msize and the virtiofs cache mode and thread pool of {@link ShareSetting#sweep(Path)}.
 * One guest per round mounts every setting's share (in an order rotated every round) and
 * reads a file the host wrote, then writes as much. Prints the medians per setting, then
 * per protocol and direction the SDK's default against the best setting, as the other
 * benchmarks print virtshare against a tool: the default passes when it takes at most 10%
 * longer. A guest that fails (seen here: the C virtiofsd killed by its own seccomp filter)
 * is reported and its round run again, at most {@value #MAX_FAILED_ROUNDS} times.
 *
 * <pre>
 * java -cp benchmarks/target/virtshare-benchmarks.jar io.virtshare.benchmarks.ShareThroughputMain
 *      [--mib N] [--rounds N] [--json FILE]
 * </pre>
 */
public final class ShareThroughputMain {
    static final String USAGE = "usage: ShareThroughputMain [--mib N] [--rounds N] [--json FILE]";
    /** How many failed guests (e.g. a virtiofsd that died) are run again before the sweep gives up. */
    static final int MAX_FAILED_ROUNDS = 2;

    private ShareThroughputMain() {
    }

    /** Runs the sweep; exit 0 when it ran (a missed target is reported, not failed), 1 when the guest failed, 2 on a usage error. */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        int mib = 128;
        int rounds = 3;
        Path json = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--mib" -> mib = positive(value(args, ++i, a), a, 4096);
                    case "--rounds" -> rounds = positive(value(args, ++i, a), a, 100);
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            ShareSweep sweep = sweep(mib, rounds, err);
            sweep.table(out);
            sweep.notes().forEach(note -> out.println("(*) " + note));
            out.println();
            List<MeasurementResult> results = sweep.results();
            Report.table(results, out, "default ms", "best ms",
                    "ratio = median over rounds of (default's time / best setting's time); the default should be"
                            + " within 10% (<= " + ShareSweep.TARGET + ")");
            if (json != null) {
                Report.json(results, json);
            }
            return 0;
        } catch (IOException | VirtShareException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static ShareSweep sweep(int mib, int rounds, PrintStream err) throws IOException {
        Path work = Files.createTempDirectory("virtshare-share-bench-");
        try {
            Path source = Files.createDirectories(work.resolve("data"));
            List<ShareSetting> settings = ShareSetting.sweep(source);
            ShareSweep sweep = new ShareSweep(settings, mib);
            int failures = 0;
            for (int round = 0; round < rounds; round++) {
                List<ShareSetting> order = new ArrayList<>(settings);
                Collections.rotate(order, -round); // no setting always runs first, on a cold host
                err.printf("round %d/%d: one guest reads and writes %d MiB in each of %d shares%n", round + 1, rounds,
                        mib, settings.size());
                GuestReport report;
                try (GuestProbe probe = GuestProbe.builder().shares(order.stream().map(ShareSetting::share).toList())
                        .via(GuestVia.QEMU).stateDirectory(work).memoryMb(512).throughputMib(mib)
                        .timeout(Duration.ofSeconds(120 + (long) settings.size() * mib / 4))
                        .progress(p -> err.println("  " + p.item())).build()) {
                    report = probe.run();
                }
                if (!report.ok()) {
                    String why = report.failure().orElseGet(() -> report.shares().stream().filter(s -> !s.ok())
                            .map(s -> s.tag() + ": " + s.reason().orElse("?")).findFirst().orElse("?"));
                    report.consoleTail().forEach(l -> err.println("  guest| " + l));
                    if (++failures > MAX_FAILED_ROUNDS) {
                        throw new IOException("the guest failed " + failures + " times; last: " + why);
                    }
                    err.println("  round not counted, run again: " + why);
                    round--;
                    continue;
                }
                for (int i = 0; i < order.size(); i++) {
                    ShareReport share = report.shares().get(i);
                    sweep.add(order.get(i), share.throughput().orElseThrow());
                    err.printf("  %-34s read %6.2f s, write %6.2f s%n", order.get(i).protocol().label() + " "
                            + order.get(i).label(), share.throughput().get().read().toMillis() / 1e3,
                            share.throughput().get().write().toMillis() / 1e3);
                }
            }
            return sweep;
        } finally {
            TreeDeleter.deleteQuietly(work);
        }
    }

    private static int positive(String value, String option, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > max) {
                throw new IllegalArgumentException(option + " must be 1 to " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
