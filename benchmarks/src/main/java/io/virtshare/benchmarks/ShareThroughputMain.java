package io.virtshare.benchmarks;

import io.virtshare.internal.files.TreeDeleter;
import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.guest.GuestProbe;
import io.virtshare.testkit.guest.GuestReport;
import io.virtshare.testkit.guest.GuestVia;
import io.virtshare.testkit.guest.ShareReport;
import io.virtshare.testkit.guest.Throughput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Guest sequential read and write throughput per share setting, measured from inside a
 * guest booted under TCG (GuestProbe, QEMU path, the C virtiofsd): 9p msize 128K/512K/1M,
 * virtiofs cache auto/always/never and thread pools. Prints a table and whether the SDK's
 * defaults are within 10% of the best setting, per protocol and direction.
 *
 * <pre>
 * java -cp benchmarks/target/virtshare-benchmarks.jar io.virtshare.benchmarks.ShareThroughputMain [--mib N] [--rounds N]
 * </pre>
 */
public final class ShareThroughputMain {
    static final String USAGE = "usage: ShareThroughputMain [--mib N] [--rounds N]";
    /** How far from the best a default may be. */
    static final double TOLERANCE = 0.10;

    private ShareThroughputMain() {
    }

    /** Runs the sweep; exit 0 when it ran, 1 when the guest failed, 2 on a usage error. */
    public static void main(String[] args) throws IOException {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        int mib = 256;
        int rounds = 2;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--mib" -> mib = Integer.parseInt(args.get(++i));
                case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
                default -> {
                    err.println("error: unknown argument " + args.get(i));
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        Path work = Files.createTempDirectory("virtshare-share-bench-");
        try {
            Path source = Files.createDirectories(work.resolve("data"));
            List<ShareSetting> settings = ShareSetting.sweep(source);
            Map<ShareSetting, List<Throughput>> measured = new LinkedHashMap<>();
            settings.forEach(s -> measured.put(s, new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                err.printf("round %d/%d: one guest reads and writes %d MiB in each of %d shares...%n", round, rounds,
                        mib, settings.size());
                GuestReport report;
                try (GuestProbe probe = GuestProbe.builder().shares(settings.stream().map(ShareSetting::share).toList())
                        .via(GuestVia.QEMU).stateDirectory(work).memoryMb(512).throughputMib(mib)
                        .timeout(Duration.ofSeconds(120 + 16L * settings.size() * mib / 32)).build()) {
                    report = probe.run();
                }
                if (!report.ok()) {
                    err.println("error: the guest failed: " + report.failure().orElse(report.shares().toString()));
                    report.consoleTail().forEach(l -> err.println("  guest| " + l));
                    return 1;
                }
                for (int i = 0; i < settings.size(); i++) {
                    ShareReport share = report.shares().get(i);
                    measured.get(settings.get(i)).add(share.throughput().orElseThrow());
                }
            }
            print(measured, mib, out);
            return 0;
        } finally {
            TreeDeleter.deleteQuietly(work);
        }
    }

    static void print(Map<ShareSetting, List<Throughput>> measured, int mib, PrintStream out) {
        out.printf(Locale.ROOT, "%-9s %-20s %8s %10s %8s %10s%n", "protocol", "setting", "read s", "read MiB/s",
                "write s", "write MiB/s");
        for (var e : measured.entrySet()) {
            double read = best(e.getValue(), true);
            double write = best(e.getValue(), false);
            out.printf(Locale.ROOT, "%-9s %-20s %8.2f %10.1f %8.2f %10.1f%n", e.getKey().protocol().label(),
                    e.getKey().label() + (e.getKey().isDefault() ? " (default)" : ""), read, mib / read, write,
                    mib / write);
        }
        out.printf("times: best of %d rounds, %d MiB each way, guest clock (10 ms)%n",
                measured.values().iterator().next().size(), mib);
        for (ShareProtocol protocol : ShareProtocol.values()) {
            for (boolean read : new boolean[] {true, false}) {
                out.println(verdict(measured, protocol, read));
            }
        }
    }

    /** Whether the protocol's default setting is within {@link #TOLERANCE} of its best setting. */
    static String verdict(Map<ShareSetting, List<Throughput>> measured, ShareProtocol protocol, boolean read) {
        ShareSetting best = null;
        ShareSetting defaults = null;
        for (ShareSetting s : measured.keySet()) {
            if (s.protocol() != protocol) {
                continue;
            }
            if (best == null || best(measured.get(s), read) < best(measured.get(best), read)) {
                best = s;
            }
            if (s.isDefault()) {
                defaults = s;
            }
        }
        if (best == null || defaults == null) {
            return protocol.label() + (read ? " read" : " write") + ": no default measured";
        }
        double ratio = best(measured.get(defaults), read) / best(measured.get(best), read);
        return String.format(Locale.ROOT, "%s %s: default %s is %s of the best (%s, %.2fx its time)",
                protocol.label(), read ? "read" : "write", defaults.label(),
                ratio <= 1 + TOLERANCE ? "WITHIN 10%" : "NOT within 10%", best.label(), ratio);
    }

    private static double best(List<Throughput> runs, boolean read) {
        return runs.stream().mapToDouble(t -> (read ? t.read() : t.write()).toNanos() / 1e9).min().orElse(Double.NaN);
    }
}
