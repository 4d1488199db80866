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
 * The JIT the driver script gives an action's JVM (docs/opennebula.md, "Start-up"): the client
 * compiler only for every action but {@code cp}, which may hash an {@code hf://} download; JIT
 * options of the user's instead of the driver's. Judged by the tiers the JVM compiled at
 * ({@link JitLog}), never by time.
 */
class OneDriverJitIT {
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

    /** Runs {@code action} with the JIT's log of its JVM written to a file, and {@code options} of the user's before it. */
    private List<Integer> tiers(String action, String options) throws Exception {
        Path log = dir.resolve(action + ".jit.log");
        Oned.Answer answer = oned.run("sharedfs", action, data,
                Map.of("VIRTSHARE_ONE_JAVA_OPTS", (options + " " + JitLog.option(log)).strip()));
        assertThat(answer.exit()).as(answer.toString()).isZero();
        return JitLog.tiers(Files.readAllLines(log, StandardCharsets.UTF_8));
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
}
