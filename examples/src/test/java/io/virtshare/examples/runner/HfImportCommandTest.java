package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.hf.HfImporter;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(FakeHub hub, String token, String... args) {
        HfImporter importer = HfImporter.builder().endpoint(hub.endpoint()).token(token)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(100)).build();
        return new ExamplesRunner(DatastoreCommands.all(Optional.of(importer))).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void import_printsTheImageWithItsCommitAndWritesTheVerifiedFiles(FakeHub hub) throws IOException {
        HfRunnerCases.serve(hub);
        FakeRepo repo = HfRunnerCases.tiny();

        int exit = run(hub, null, "import", "--datastore", tmp.resolve("ds").toString(), "hf://acme/tiny@v1");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode image = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        HfRunnerCases.assertImported(image, repo);
        assertThat(image.path("source").asText()).isEqualTo("hf://acme/tiny@v1");
    }

    @Test
    void import_ofAGatedRepository_usesTheToken(FakeHub hub) throws IOException {
        HfRunnerCases.serve(hub);

        int exit = run(hub, HfRunnerCases.GRANTED, "import", "--datastore", tmp.resolve("ds").toString(),
                "hf://acme/gated");

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).path("commit").asText()).hasSize(40);
    }

    @ParameterizedTest
    @EnumSource(HfRunnerCases.class)
    void errors_exit1WithOneLineReasonAndLeaveNoImage(HfRunnerCases error, FakeHub hub) throws IOException {
        error.arrange(hub);
        Path ds = tmp.resolve("ds");

        int exit = run(hub, error.token, "import", "--datastore", ds.toString(), error.source);

        String stderr = err.toString(StandardCharsets.UTF_8);
        List<String> errorLines = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(exit).as(stderr).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.get(0)).contains(error.reason);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        out.reset();
        assertThat(run(hub, null, "list", "--datastore", ds.toString())).isZero();
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8))).isEmpty();
    }
}
