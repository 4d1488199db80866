package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JIT and heap the driver script gives an action's JVM (docs/opennebula.md, "Start-up"): the
 * client compiler only for every action but {@code cp}, which may hash an {@code hf://} download;
 * the serial collector with a small young generation, in transparent huge pages where the kernel
 * gives those on request; options of the user's instead of the driver's. Judged by the tiers the
 * JVM compiled at ({@link JitLog}) and by what it logs of its heap's set-up, never by time.
 */
class OneDriverJvmIT {
    @RegisterExtension
    static final Oned oned = Oned.perClass();

    @TempDir
    Path dir;
    Oned.Data data;

    @BeforeEach
    void datastore() throws Exception {
        Path model = Files.createDirectories(dir.resolve("safe/model"));
        Files.write(model.resolve("weights.bin"), new byte[1 << 20]);
        data = Oned.Data.of(7, 100, "sharedfs", dir.resolve("datastores/100"))
                .template("SAFE_DIRS", model.getParent().toString()).path(model.toString());
    }

    /**
     * Runs {@code action} with {@code options} of the user's followed by {@code logging}, the JVM
     * option that writes {@code log}; the log's lines.
     */
    private List<String> logged(String action, String options, String logging, Path log) throws Exception {
        Oned.Answer answer = oned.run("sharedfs", action, data,
                Map.of("VIRTSHARE_ONE_JAVA_OPTS", (options + " " + logging).strip()));
        assertThat(answer.exit()).as(answer.toString()).isZero();
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    /** The tiers {@code action}'s JVM compiled at, with {@code options} of the user's. */
    private List<Integer> tiers(String action, String options) throws Exception {
        Path log = dir.resolve(action + ".jit.log");
        return JitLog.tiers(logged(action, options, JitLog.option(log), log));
    }

    @Test
    void statAndMonitor_compileWithTheClientCompilerOnly() throws Exception {
        assertThat(tiers("stat", "")).as("stat").isNotEmpty().allMatch(tier -> tier <= 1);
        assertThat(tiers("monitor", "")).as("monitor").isNotEmpty().allMatch(tier -> tier <= 1);
    }

    @Test
    void cp_keepsTheFullJit() throws Exception {
        assertThat(tiers("cp", "")).as("profiling for the optimising compiler").contains(3);
    }

    @Test
    void jitOptionsOfTheUsers_replaceTheDrivers() throws Exception {
        assertThat(tiers("stat", "-XX:TieredStopAtLevel=3")).as("profiling, as the user's option asks").contains(3);
    }

    /** The JVM's log of its collector and heap set-up for {@code action}, with {@code options} of the user's. */
    private String heapLog(String action, String options) throws Exception {
        Path log = dir.resolve(action + ".gc.log");
        return String.join("\n", logged(action, options, "-Xlog:gc,gc+init:file=" + log, log));
    }

    @Test
    void stat_runsWithTheSerialCollector_inHugePagesWhereTheKernelGivesThemOnRequest() throws Exception {
        String log = heapLog("stat", "");

        assertThat(log).contains("Using Serial");
        assertThat(log).contains(TransparentHugePages.onRequest() ? "Large Page Support: Enabled (Transparent)"
                : "Large Page Support: Disabled");
    }

    @Test
    void collectorOfTheUsers_replacesTheDriversCollectorAndPages() throws Exception {
        String log = heapLog("stat", "-XX:+UseParallelGC");

        assertThat(log).contains("Using Parallel").contains("Large Page Support: Disabled");
    }

    @Test
    void pagesChoiceOfTheUsers_isKept() throws Exception {
        String log = heapLog("monitor", "-XX:-UseTransparentHugePages");

        assertThat(log).contains("Using Serial").contains("Large Page Support: Disabled");
    }
}
