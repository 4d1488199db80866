package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.hf.HfImporter;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner's {@code import} of hf:// sources, in this JVM, against a fake Hub. */
@ExtendWith(FakeHubExtension.class)
class HfImportCommandTest {

    @TempDir
    Path tmp;

    private final RunnerCapture capture = new RunnerCapture();

    private int run(FakeHub hub, String token, String... args) {
        HfImporter importer = HfImporter.builder().endpoint(hub.endpoint()).token(token)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100)).build();
        return capture.run(new ExamplesRunner(DatastoreCommands.all(Optional.of(importer))), args);
    }

    @Test
    void import_printsTheImageWithItsCommitAndWritesTheVerifiedFiles(FakeHub hub) throws IOException {
        HfRunnerCases.serve(hub);
        FakeRepo repo = HfRunnerCases.tiny();

        int exit = run(hub, null, "import", "--datastore", tmp.resolve("ds").toString(), "hf://acme/tiny@v1");

        assertThat(exit).as(capture.stderr()).isZero();
        JsonNode image = capture.json();
        HfRunnerCases.assertImported(image, repo);
        assertThat(image.path("source").asText()).isEqualTo("hf://acme/tiny@v1");
    }

    @Test
    void import_ofANewRevision_downloadsOnlyWhatChanged_andSaysSoInTheImageJson(FakeHub hub) throws IOException {
        String ds = tmp.resolve("ds").toString();
        hub.add(FakeRepo.model("acme", "model").file("config.json", "{\"v\":1}")
                .generatedLfsFile("weights.bin", 400_000, 1).generatedLfsFile("extra.bin", 300_000, 2)
                .revision("v1").build());
        assertThat(run(hub, null, "import", "--datastore", ds, "hf://acme/model@v1")).as(capture.stderr()).isZero();
        JsonNode first = capture.json();
        assertThat(first.path("bytesDownloaded").asLong()).isEqualTo(700_007);
        assertThat(first.path("bytesReused").asLong()).isZero();
        hub.add(FakeRepo.model("acme", "model").file("config.json", "{\"v\":2}")
                .generatedLfsFile("weights.bin", 400_000, 1).generatedLfsFile("extra.bin", 300_000, 3)
                .revision("v2").build());
        hub.clearRequests();
        capture.reset();

        assertThat(run(hub, null, "import", "--datastore", ds, "hf://acme/model@v2")).as(capture.stderr()).isZero();

        JsonNode second = capture.json();
        assertThat(second.path("bytesDownloaded").asLong()).isEqualTo(300_007);
        assertThat(second.path("bytesReused").asLong()).isEqualTo(400_000);
        assertThat(hub.bytesSentByFile()).containsOnlyKeys("config.json", "extra.bin");
        assertThat(second.path("id").asInt()).isNotEqualTo(first.path("id").asInt());
        assertThat(second.path("commit").asText()).isNotEqualTo(first.path("commit").asText());
        assertThat(Path.of(first.path("path").asText()).resolve("config.json")).hasContent("{\"v\":1}");
    }

    @Test
    void import_ofAGatedRepository_usesTheToken(FakeHub hub) throws IOException {
        HfRunnerCases.serve(hub);

        int exit = run(hub, HfRunnerCases.GRANTED, "import", "--datastore", tmp.resolve("ds").toString(),
                "hf://acme/gated");

        assertThat(exit).as(capture.stderr()).isZero();
        assertThat(capture.json().path("commit").asText()).hasSize(40);
    }

    @ParameterizedTest
    @EnumSource(HfRunnerCases.class)
    void errors_exit1WithOneLineReasonAndLeaveNoImage(HfRunnerCases error, FakeHub hub) throws IOException {
        error.arrange(hub);
        Path ds = tmp.resolve("ds");

        int exit = run(hub, error.token, "import", "--datastore", ds.toString(), error.source);

        String stderr = capture.stderr();
        List<String> errorLines = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(exit).as(stderr).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.get(0)).contains(error.reason);
        assertThat(capture.stdout()).isEmpty();
        capture.reset();
        assertThat(run(hub, null, "list", "--datastore", ds.toString())).isZero();
        assertThat(capture.json()).isEmpty();
    }
}
