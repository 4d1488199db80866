package io.virtshare.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchmarkMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void unknownOption_isAUsageError() {
        assertThat(run("--fast")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --fast").contains("usage:");
    }

    @Test
    void unknownMeasurement_isAUsageError() {
        assertThat(run("nope")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown measurement nope");
    }

    @Test
    void list_namesEveryMeasurement() {
        assertThat(run("--list")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sha256-file", "usage", "clone-large", "clone-xfs",
                "clone-small", "import-tar", "import-many-tar", "import-many-tgz", "import-tzst", "import-many-tzst",
                "hf-import-curl", "hf-import-js", "xml-pool-10k", "xml-pool-60k", "fixed-java", "fixed-import",
                "fixed-clone", "fixed-list", "fixed-stat", "fixed-delete", "fixed-help");
    }

    @Test
    void unknownWay_isAUsageError() {
        assertThat(run("--ways", "in-process,daemon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ways takes in-process, jar and cds, not 'daemon'");
    }

    @Test
    void runnerJarThatIsNoFile_isAUsageError(@TempDir Path dir) {
        assertThat(run("--runner-jar", dir.resolve("none.jar").toString(), "fixed-help")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--runner-jar").contains("is not a file");
    }

    @Test
    void smallRun_measuresBothSidesOfEveryMeasurementWithAgreeingResults(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("results.json");

        int code = run("--rounds", "1", "--warmup", "0", "--size-mb", "1", "--files", "300", "--workdir", dir.resolve("w").toString(),
                "--ways", "in-process", "--json", json.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize((int) BenchmarkMain.all().stream().filter(Measurement::inProcess).count());
        for (JsonNode r : results) {
            if (r.path("name").asText().equals("hf-import-js") && r.path("status").asText().startsWith("skipped: ")) {
                continue; // needs node and npm (or a cached @huggingface/hub); the reason is in the status
            }
            if (r.path("name").asText().startsWith("xml-pool-") && r.path("status").asText().startsWith("skipped: ")) {
                continue; // needs xmllint (libxml2-utils, which virt-xml-validate needs too)
            }
            assertThat(r.path("status").asText()).as(r.path("name").asText()).isEqualTo("ok");
            assertThat(r.path("medianSdkMillis").asDouble()).isPositive();
            assertThat(r.path("medianToolMillis").asDouble()).isPositive();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sha256-file", "usage", "clone-small", "import-many-tgz", "ratio");
    }

    @Test
    void smallRun_asAUserRunsIt_measuresTheRunnerJarAndItsLauncherAgainstTheToolOnTheSameData(@TempDir Path dir)
            throws IOException {
        Path json = dir.resolve("results.json");

        int code = run("--rounds", "1", "--warmup", "0", "--size-mb", "1", "--files", "50", "--workdir",
                dir.resolve("w").toString(), "--json", json.toString(), "clone-small", "import-many-tzst", "usage",
                "fixed-java", "fixed-delete");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode r : results) {
            names.add(r.path("name").asText());
            assertThat(r.path("status").asText()).as(r.path("name").asText()).isEqualTo("ok");
            assertThat(r.path("medianSdkMillis").asDouble()).isPositive();
            assertThat(r.path("medianToolMillis").asDouble()).isPositive();
        }
        assertThat(names).containsExactly("usage", "usage/jar", "usage/cds", "clone-small", "clone-small/jar",
                "clone-small/cds", "import-many-tzst", "import-many-tzst/jar", "import-many-tzst/cds",
                "fixed-java/jar", "fixed-delete/jar", "fixed-delete/cds");
        assertThat(results.get(1).path("targetExtraMillis").asDouble()).isGreaterThan(BenchmarkRunner.FIXED_COST_MILLIS);
        assertThat(results.get(10).path("targetExtraMillis").asDouble()).isEqualTo(BenchmarkRunner.FIXED_COST_MILLIS);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("fixed-delete/cds", "extra ms");
    }

    @Test
    void missed_namesTheRowsBeyondTheirTargetWithTheirNumbers() {
        MeasurementResult missed = new MeasurementResult("clone-small/jar", "d", "ok", List.of(300.0), List.of(100.0),
                300, 100, 3, null, null, 150.0);
        MeasurementResult met = new MeasurementResult("fixed-list/jar", "d", "ok", List.of(200.0), List.of(100.0),
                200, 100, 2, null, null, 150.0);

        assertThat(Report.missed(List.of(missed, met))).singleElement().asString()
                .startsWith("clone-small/jar: 300.0 ms vs 100.0 ms").contains("extra 200.0 ms", "target +150ms");
    }

    @Test
    void check_whenNoRowHasATargetToMiss_exitsZero(@TempDir Path dir) {
        int code = run("--check", "--rounds", "1", "--warmup", "0", "--ways", "jar", "--workdir",
                dir.resolve("w").toString(), "fixed-java");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("fixed-java/jar");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("missed:");
    }
}
