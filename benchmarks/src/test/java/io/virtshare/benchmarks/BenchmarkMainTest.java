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
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sha256-file", "usage", "clone-large", "clone-xfs", "clone-small", "import-tar", "import-many-tar", "import-many-tgz", "hf-import-curl", "hf-import-js", "xml-pool-10k", "xml-pool-60k");
    }

    @Test
    void smallRun_measuresBothSidesOfEveryMeasurementWithAgreeingResults(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("results.json");

        int code = run("--rounds", "1", "--warmup", "0", "--size-mb", "1", "--files", "300", "--workdir", dir.resolve("w").toString(),
                "--json", json.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(BenchmarkMain.all().size());
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
}
