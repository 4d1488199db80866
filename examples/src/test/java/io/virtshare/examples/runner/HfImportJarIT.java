package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code java -jar virtshare-examples.jar import --datastore DIR hf://…} as a new user runs
 * it: a separate process that finds the Hub through {@code HF_ENDPOINT} (a fake Hub started
 * here) and the token through {@code HF_TOKEN}.
 */
@ExtendWith(FakeHubExtension.class)
class HfImportJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "virtshare-examples.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    record Run(int exit, String stdout, String stderr) {
        List<String> errorLines() {
            return stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        }
    }

    private Run run(Map<String, String> env, List<String> java, String... args) throws Exception {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("HF_ENDPOINT");
        builder.environment().remove("HF_TOKEN");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("runner finishes").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run jar(Map<String, String> env, String... args) throws Exception {
        return run(env, List.of(JAVA, "-jar", JAR.toString()), args);
    }

    private void assertOneLineError(Run run, String reason) {
        assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
        assertThat(run.errorLines()).as(run.stderr()).hasSize(1);
        assertThat(run.errorLines().get(0)).contains(reason);
        assertThat(run.stderr()).doesNotContain("\tat ", "Exception in thread");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void import_fromHfEndpoint_printsImageJsonWithCommit(FakeHub hub) throws Exception {
        HfRunnerCases.serve(hub);
        FakeRepo repo = HfRunnerCases.tiny();

        Run run = jar(Map.of("HF_ENDPOINT", hub.endpoint().toString()), "import", "--datastore",
                dir.resolve("ds").toString(), "hf://acme/tiny");

        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode image = JSON.readTree(run.stdout());
        HfRunnerCases.assertImported(image, repo);
    }

    @Test
    void hfToken_opensAGatedRepositoryAndReachesTheHubOnly(FakeHub hub) throws Exception {
        HfRunnerCases.serve(hub);

        Run run = jar(Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_TOKEN", HfRunnerCases.GRANTED),
                "import", "--datastore", dir.resolve("ds").toString(), "hf://acme/gated");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(JSON.readTree(run.stdout()).path("commit").asText()).hasSize(40);
        assertThat(hub.requests()).filteredOn(r -> r.listener().equals("hub"))
                .anyMatch(r -> r.authorization().filter(("Bearer " + HfRunnerCases.GRANTED)::equals).isPresent());
        assertThat(hub.requests()).filteredOn(r -> r.listener().equals("cdn")).isNotEmpty()
                .allMatch(r -> r.authorization().isEmpty());
        assertThat(run.stdout() + run.stderr()).doesNotContain(HfRunnerCases.GRANTED);
    }

    @ParameterizedTest
    @EnumSource(HfRunnerCases.class)
    void hubErrors_exit1WithOneLineReason(HfRunnerCases error, FakeHub hub) throws Exception {
        error.arrange(hub);
        Map<String, String> env = error.token == null ? Map.of("HF_ENDPOINT", hub.endpoint().toString())
                : Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_TOKEN", error.token);

        Run run = jar(env, "import", "--datastore", dir.resolve("ds").toString(), error.source);

        assertOneLineError(run, error.reason);
        assertThat(jar(Map.of(), "list", "--datastore", dir.resolve("ds").toString()).stdout().strip())
                .isEqualTo("[ ]");
    }

    @Test
    void unreachableEndpoint_exit1SayingWhereItCouldNotConnect() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        Run run = jar(Map.of("HF_ENDPOINT", "http://127.0.0.1:" + port), "import", "--datastore",
                dir.resolve("ds").toString(), "hf://acme/tiny");

        assertOneLineError(run, "cannot connect to http://127.0.0.1:" + port);
        assertThat(run.errorLines().get(0)).contains("check HF_ENDPOINT");
    }

    @Test
    void badHfEndpoint_exit1NamingTheVariable() throws Exception {
        Run run = jar(Map.of("HF_ENDPOINT", "hub.example"), "import", "--datastore", dir.resolve("ds").toString(),
                "hf://acme/tiny");

        assertOneLineError(run, "HF_ENDPOINT 'hub.example' is not an http(s) URL");
    }

    @Test
    void withoutSdkHf_exit1SayingWhichDependencyToAdd(FakeHub hub) throws Exception {
        HfRunnerCases.serve(hub);
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("sdk-hf")).collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).contains("sdk-api");

        Run run = run(Map.of("HF_ENDPOINT", hub.endpoint().toString()),
                List.of(JAVA, "-cp", classPath, ExamplesRunner.class.getName()),
                "import", "--datastore", dir.resolve("ds").toString(), "hf://acme/tiny");

        assertOneLineError(run, "hf:// sources need the Hugging Face importer: add the dependency"
                + " io.virtshare:sdk-hf");
    }
}
