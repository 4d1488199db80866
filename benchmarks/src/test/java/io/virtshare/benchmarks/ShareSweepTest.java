package io.virtshare.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.guest.Throughput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShareSweepTest {
    private static final List<ShareSetting> SETTINGS = ShareSetting.sweep(Path.of("/srv/bench"));

    private static ShareSetting setting(String label) {
        return SETTINGS.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    }

    private static Throughput t(long readMs, long writeMs) {
        return new Throughput(64, Duration.ofMillis(readMs), Duration.ofMillis(writeMs));
    }

    @Test
    void theSweep_marksExactlyOneDefaultPerProtocol_withUniqueTags() {
        for (ShareProtocol protocol : ShareProtocol.values()) {
            assertThat(SETTINGS).filteredOn(s -> s.protocol() == protocol && s.isDefault()).hasSize(1);
        }
        assertThat(SETTINGS).extracting(s -> s.share().tag()).doesNotHaveDuplicates();
    }

    @Test
    void theDefault_isComparedWithTheSettingOfLowestMedian_roundByRound() {
        ShareSweep sweep = new ShareSweep(SETTINGS, 64);
        // 9p: the default (512K) reads in 1000/1100/900, 1M in 800/2000/850 -> 1M has the lower median (850)
        sweep.add(setting("msize=512K"), t(1000, 500));
        sweep.add(setting("msize=512K"), t(1100, 500));
        sweep.add(setting("msize=512K"), t(900, 500));
        sweep.add(setting("msize=1M"), t(800, 600));
        sweep.add(setting("msize=1M"), t(2000, 600));
        sweep.add(setting("msize=1M"), t(850, 600));

        List<MeasurementResult> results = sweep.results();

        MeasurementResult read = results.stream().filter(r -> r.name().equals("9p-read")).findFirst().orElseThrow();
        assertThat(read.description()).isEqualTo("9p 64 MiB read: default msize=512K vs best msize=1M");
        assertThat(read.medianSdkMillis()).isEqualTo(1000.0);
        assertThat(read.medianToolMillis()).isEqualTo(850.0);
        // per-round ratios 1.25, 0.55, 1.0588 -> median 1.0588: within 10%
        assertThat(read.medianRatio()).isCloseTo(900.0 / 850, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(read.verdict()).isEqualTo("PASS");
        MeasurementResult write = results.stream().filter(r -> r.name().equals("9p-write")).findFirst().orElseThrow();
        assertThat(write.description()).endsWith("default msize=512K vs best msize=512K");
        assertThat(write.medianRatio()).isEqualTo(1.0);
        assertThat(results).filteredOn(r -> r.name().startsWith("virtiofs")).extracting(MeasurementResult::status)
                .containsOnly("skipped: no default measured");
    }

    private static ShareSetting virtiofsDefault() {
        return SETTINGS.stream().filter(s -> s.protocol() == ShareProtocol.VIRTIOFS && s.isDefault()).findFirst()
                .orElseThrow();
    }

    @Test
    void aDefaultMoreThanTenPercentSlower_misses() {
        ShareSweep sweep = new ShareSweep(SETTINGS, 64);
        ShareSetting other = SETTINGS.stream().filter(s -> s.protocol() == ShareProtocol.VIRTIOFS && !s.isDefault()
                && s.notADefault().isEmpty()).findFirst().orElseThrow();
        sweep.add(virtiofsDefault(), t(3500, 4000));
        sweep.add(other, t(2000, 3900));

        List<MeasurementResult> results = sweep.results();

        assertThat(results).filteredOn(r -> r.name().equals("virtiofs-read")).singleElement().satisfies(r -> {
            assertThat(r.medianRatio()).isEqualTo(1.75);
            assertThat(r.verdict()).isEqualTo("MISS");
        });
        assertThat(results).filteredOn(r -> r.name().equals("virtiofs-write")).singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo("PASS"));
    }

    @Test
    void aSettingThatMayNotBeADefault_isNeverTheBest_butIsComparedInANote() {
        ShareSweep sweep = new ShareSweep(SETTINGS, 64);
        sweep.add(virtiofsDefault(), t(800, 1000));
        ShareSetting never = SETTINGS.stream().filter(s -> s.label().startsWith("cache=never")).findFirst()
                .orElseThrow();
        sweep.add(never, t(100, 500));

        assertThat(sweep.best(ShareProtocol.VIRTIOFS, true)).contains(virtiofsDefault());
        assertThat(sweep.results()).filteredOn(r -> r.name().startsWith("virtiofs"))
                .extracting(MeasurementResult::verdict).containsOnly("PASS");
        assertThat(never.notADefault()).contains(ShareSetting.DIRECT_IO);
        assertThat(sweep.notes()).singleElement().asString().isEqualTo("not a default candidate: virtiofs "
                + never.label() + " takes 0.13x the default's read time and 0.50x its write time; "
                + ShareSetting.DIRECT_IO);
    }

    @Test
    void theTable_printsMediansAndRates_markingTheDefault() {
        ShareSweep sweep = new ShareSweep(SETTINGS, 64);
        sweep.add(setting("msize=512K"), t(1000, 2000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        sweep.table(new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("9p        msize=512K (default)                 1.00       64.0     2.00       32.0")
                .contains("median of 1 rounds, 64 MiB each way")
                .doesNotContain("msize=1M");
    }

    @Test
    void aMeasurementOfAnotherSizeOrSetting_isRefused() {
        ShareSweep sweep = new ShareSweep(SETTINGS.subList(0, 1), 64);

        assertThatThrownBy(() -> sweep.add(SETTINGS.get(0), new Throughput(8, Duration.ofMillis(1),
                Duration.ofMillis(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("measured 8 MiB, the sweep moves 64");
        assertThatThrownBy(() -> sweep.add(SETTINGS.get(1), t(1, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting msize=256K is not part of this sweep");
    }

    @Test
    void badArguments_areUsageErrors_beforeAnyGuestBoots() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(ShareThroughputMain.run(List.of("--mib", "lots"), out, errStream)).isEqualTo(2);
        assertThat(ShareThroughputMain.run(List.of("--rounds", "0"), out, errStream)).isEqualTo(2);
        assertThat(ShareThroughputMain.run(List.of("--rounds"), out, errStream)).isEqualTo(2);
        assertThat(ShareThroughputMain.run(List.of("--fast"), out, errStream)).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --mib needs a number, not 'lots'",
                "error: --rounds must be 1 to 100, not 0", "error: --rounds needs a value",
                "error: unknown argument --fast", ShareThroughputMain.USAGE);
    }
}
