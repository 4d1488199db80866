package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.hf.RecordedRequest;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * hf:// through the sharedfs driver scripts, against the testkit's fake Hub found through
 * {@code HF_ENDPOINT}: stat answers from the tree listing without downloading a byte, cp
 * downloads and verifies.
 */
@ExtendWith(FakeHubExtension.class)
class OneDriverHfIT {
    @TempDir
    Path dir;

    private static FakeRepo model() {
        return FakeRepo.model("acme", "llama")
                .file("config.json", "{\"model_type\":\"llama\"}")
                .generatedLfsFile("model-00001.safetensors", 3 << 20, 1)
                .generatedLfsFile("model-00002.safetensors", (2 << 20) + 5, 2)
                .build();
    }

    @Test
    void stat_ofHfSource_answersTheListedSizeWithoutDownloading(FakeHub hub) throws Exception {
        FakeRepo repo = model();
        hub.add(repo);
        Oned oned = Oned.install(dir.resolve("remotes"));
        Oned.Data data = Oned.Data.of(9, 100, "sharedfs", dir.resolve("ds")).path("hf://acme/llama");

        Oned.Answer stat = oned.run("sharedfs", "stat", data, Map.of("HF_ENDPOINT", hub.endpoint().toString()));

        long bytes = repo.paths().stream().mapToLong(repo::size).sum();
        assertThat(stat.exit()).as(stat.toString()).isZero();
        assertThat(stat.stdout()).isEqualTo(((bytes + (1 << 20) - 1) >> 20) + "\n");
        assertThat(stat.log("INFO")).anyMatch(l -> l.contains(repo.commit()) && l.contains(bytes + " bytes"));
        assertThat(hub.requests()).isNotEmpty();
        assertThat(hub.requests()).as("only API calls, no file download")
                .allMatch(r -> r.listener().equals("hub") && r.path().startsWith("/api/"))
                .noneMatch(r -> r.path().contains("/resolve/"));
        assertThat(hub.requests().stream().map(RecordedRequest::path)).anyMatch(p -> p.contains("/tree/"));
    }

    @Test
    void stat_ofMissingRepository_isRefusedWithTheHubsReason(FakeHub hub) throws Exception {
        Oned oned = Oned.install(dir.resolve("remotes"));
        Oned.Data data = Oned.Data.of(9, 100, "sharedfs", dir.resolve("ds")).path("hf://acme/missing");

        Oned.Answer stat = oned.run("sharedfs", "stat", data, Map.of("HF_ENDPOINT", hub.endpoint().toString()));

        assertThat(stat.exit()).as(stat.toString()).isNotZero();
        assertThat(stat.errorMessage()).contains("acme/missing");
        assertThat(stat.stdout()).isEmpty();
    }

    @Test
    void cp_ofHfSourceOverLimitMb_isRefusedAndLeavesNoImage(FakeHub hub) throws Exception {
        hub.add(model());
        Oned oned = Oned.install(dir.resolve("remotes"));
        Path base = dir.resolve("ds");
        Oned.Data data = Oned.Data.of(9, 100, "sharedfs", base).template("LIMIT_MB", "2").path("hf://acme/llama");

        Oned.Answer cp = oned.run("sharedfs", "cp", data, Map.of("HF_ENDPOINT", hub.endpoint().toString()));

        assertThat(cp.exit()).as(cp.toString()).isNotZero();
        assertThat(cp.errorMessage()).contains("LIMIT_MB = 2");
        try (java.util.stream.Stream<Path> list = Files.list(base)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly(".virtshare");
        }
    }

    @Test
    void cp_ofHfSource_downloadsIntoANewSource(FakeHub hub) throws Exception {
        FakeRepo repo = model();
        hub.add(repo);
        Oned oned = Oned.install(dir.resolve("remotes"));
        Oned.Data data = Oned.Data.of(9, 100, "sharedfs", dir.resolve("ds")).path("hf://acme/llama");

        Oned.Answer cp = oned.run("sharedfs", "cp", data, Map.of("HF_ENDPOINT", hub.endpoint().toString()));

        assertThat(cp.exit()).as(cp.toString()).isZero();
        Path source = Path.of(cp.words().get(0));
        assertThat(source.getParent()).isEqualTo(dir.resolve("ds"));
        for (String path : repo.paths()) {
            assertThat(Files.readAllBytes(source.resolve(path))).isEqualTo(repo.bytes(path));
        }
    }
}
