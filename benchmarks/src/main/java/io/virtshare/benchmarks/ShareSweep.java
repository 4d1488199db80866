package io.virtshare.benchmarks;

import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.guest.Throughput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The share throughput sweep's measurements: per setting, the guest's read and write
 * times of every round; the median per setting; and per protocol and direction, the SDK's
 * default setting against the best one as a {@link MeasurementResult} (virtshare side =
 * the default, other side = the best setting, target ratio {@value #TARGET}). Settings that
 * may not be defaults ({@link ShareSetting#notADefault()}) are measured and printed but not
 * counted as the best; {@link #notes()} says how they compare.
 */
final class ShareSweep {
    /** The default may take at most 10% longer than the best setting. */
    static final double TARGET = 1.10;

    private final Map<ShareSetting, List<Throughput>> measured = new LinkedHashMap<>();
    private final int mib;

    ShareSweep(List<ShareSetting> settings, int mib) {
        settings.forEach(s -> measured.put(s, new ArrayList<>()));
        this.mib = mib;
    }

    /** Records one round's measurement of {@code setting}. */
    void add(ShareSetting setting, Throughput throughput) {
        List<Throughput> runs = measured.get(setting);
        if (runs == null) {
            throw new IllegalArgumentException("setting " + setting.label() + " is not part of this sweep");
        }
        if (throughput.mib() != mib) {
            throw new IllegalArgumentException("measured " + throughput.mib() + " MiB, the sweep moves " + mib);
        }
        runs.add(throughput);
    }

    /** The per-round times of {@code setting} in milliseconds, reads or writes. */
    List<Double> millis(ShareSetting setting, boolean read) {
        return measured.get(setting).stream().map(t -> (double) (read ? t.read() : t.write()).toMillis()).toList();
    }

    /** The setting of {@code protocol} that may be a default with the lowest median time, among those measured. */
    Optional<ShareSetting> best(ShareProtocol protocol, boolean read) {
        ShareSetting best = null;
        for (ShareSetting s : measured.keySet()) {
            if (s.protocol() == protocol && s.notADefault().isEmpty() && !measured.get(s).isEmpty() && (best == null
                    || Stats.median(millis(s, read)) < Stats.median(millis(best, read)))) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Per protocol and direction: the default against the best setting, ratio default/best. */
    List<MeasurementResult> results() {
        List<MeasurementResult> results = new ArrayList<>();
        for (ShareProtocol protocol : List.of(ShareProtocol.NINE_P, ShareProtocol.VIRTIOFS)) {
            Optional<ShareSetting> defaults = measured.keySet().stream()
                    .filter(s -> s.protocol() == protocol && s.isDefault()).findFirst();
            for (boolean read : new boolean[] {true, false}) {
                String name = protocol.label() + (read ? "-read" : "-write");
                Optional<ShareSetting> best = best(protocol, read);
                if (defaults.isEmpty() || best.isEmpty() || measured.get(defaults.get()).isEmpty()) {
                    results.add(new MeasurementResult(name, "no default measured", "skipped: no default measured",
                            List.of(), List.of(), Double.NaN, Double.NaN, Double.NaN, TARGET, null));
                    continue;
                }
                List<Double> d = millis(defaults.get(), read);
                List<Double> b = millis(best.get(), read);
                results.add(new MeasurementResult(name, String.format(Locale.ROOT, "%s %d MiB %s: default %s vs"
                        + " best %s", protocol.label(), mib, read ? "read" : "write", defaults.get().label(),
                        best.get().label()), "ok", d, b, Stats.median(d), Stats.median(b), Stats.medianRatio(d, b),
                        TARGET, null));
            }
        }
        return results;
    }

    /** For each measured setting that may not be a default: how its medians compare with the default's, and why. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (ShareSetting s : measured.keySet()) {
            Optional<ShareSetting> defaults = measured.keySet().stream()
                    .filter(d -> d.protocol() == s.protocol() && d.isDefault() && !measured.get(d).isEmpty())
                    .findFirst();
            if (s.notADefault().isEmpty() || measured.get(s).isEmpty() || defaults.isEmpty()) {
                continue;
            }
            notes.add(String.format(Locale.ROOT, "not a default candidate: %s %s takes %.2fx the default's read time"
                    + " and %.2fx its write time; %s", s.protocol().label(), s.label(),
                    Stats.median(millis(s, true)) / Stats.median(millis(defaults.get(), true)),
                    Stats.median(millis(s, false)) / Stats.median(millis(defaults.get(), false)), s.notADefault().get()));
        }
        return notes;
    }

    /** Every setting's median times and rates. */
    void table(PrintStream out) {
        out.printf(Locale.ROOT, "%-9s %-32s %8s %10s %8s %10s%n", "protocol", "setting", "read s", "read MiB/s",
                "write s", "write MiB/s");
        for (var e : measured.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            double read = Stats.median(millis(e.getKey(), true)) / 1000;
            double write = Stats.median(millis(e.getKey(), false)) / 1000;
            out.printf(Locale.ROOT, "%-9s %-32s %8.2f %10.1f %8.2f %10.1f%n", e.getKey().protocol().label(),
                    e.getKey().label() + (e.getKey().isDefault() ? " (default)" : "")
                            + (e.getKey().notADefault().isPresent() ? " (*)" : ""), read, mib / read, write,
                    mib / write);
        }
        out.printf(Locale.ROOT, "median of %d rounds, %d MiB each way, timed by the guest's clock (10 ms)%n",
                measured.values().stream().mapToInt(List::size).max().orElse(0), mib);
    }
}
