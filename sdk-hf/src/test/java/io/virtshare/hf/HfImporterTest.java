package io.virtshare.hf;

import static io.virtshare.hf.HubFixture.TOKEN;
import static io.virtshare.hf.HubFixture.importer;
import static io.virtshare.hf.HubFixture.run;
import static io.virtshare.hf.HubFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.spi.SourceImporter;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.hf.RecordedRequest;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Imports against the fake Hub: contents, revisions, datasets, folders, patterns, pagination, the token. */
@ExtendWith(FakeHubExtension.class)
class HfImporterTest {
    @TempDir
    Path tmp;

    private static void assertSameFiles(Path dir, FakeRepo repo, List<String> repoPaths, String prefix)
            throws IOException {
        TreeMap<String, byte[]> got = tree(dir);
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(
                repoPaths.stream().map(p -> p.substring(prefix.length())).toList());
        for (String p : repoPaths) {
            assertThat(got.get(p.substring(prefix.length()))).as(p).isEqualTo(repo.bytes(p));
        }
    }

    @Test
    void importInto_writesEveryFileVerifiedAndPinsTheCommit(FakeHub hub) throws IOException {
        FakeRepo repo = HubFixture.tiny();
        hub.add(repo);

        var outcome = run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r"));

        assertThat(outcome.commit()).hasValue(repo.commit());
        assertSameFiles(tmp.resolve("t"), repo, repo.paths(), "");
        assertThat(hub.requests()).anyMatch(r -> r.listener().equals("cdn"));
        assertThat(tmp.resolve("r")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void token_goesToTheHubButNeverToTheCdn(FakeHub hub) throws IOException {
        hub.add(HubFixture.tiny());

        run(importer(hub).token(TOKEN).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r"));

        List<RecordedRequest> hubSide = hub.requests().stream().filter(r -> r.listener().equals("hub")).toList();
        List<RecordedRequest> cdnSide = hub.requests().stream().filter(r -> r.listener().equals("cdn")).toList();
        assertThat(hubSide).isNotEmpty().allMatch(r -> r.authorization().equals(java.util.Optional.of("Bearer " + TOKEN)));
        assertThat(cdnSide).hasSize(2).allMatch(r -> r.authorization().isEmpty());
    }

    @Test
    void revisions_tagPullRequestAndCommitResolveToTheCommit(FakeHub hub) throws IOException {
        FakeRepo repo = HubFixture.tiny();
        hub.add(repo);
        HfImporter hf = importer(hub).allow("config.json").build();

        assertThat(run(hf, "hf://acme/tiny@v1.0", tmp.resolve("a"), tmp.resolve("r")).commit()).hasValue(repo.commit());
        assertThat(run(hf, "hf://acme/tiny@refs/pr/1", tmp.resolve("b"), tmp.resolve("r")).commit())
                .hasValue(repo.commit());
        assertThat(hub.requests()).anyMatch(r -> r.path().equals("/api/models/acme/tiny/revision/refs/pr/1"));
        hub.clearRequests();
        assertThat(run(hf, "hf://acme/tiny@" + repo.commit(), tmp.resolve("c"), tmp.resolve("r")).commit())
                .hasValue(repo.commit());
        assertThat(hub.requests()).noneMatch(r -> r.path().contains("/revision/"));
        assertThat(tmp.resolve("c/config.json")).hasBinaryContent(repo.bytes("config.json"));
    }

    @Test
    void datasets_comeFromTheDatasetUrls(FakeHub hub) throws IOException {
        FakeRepo data = FakeRepo.dataset("acme", "reviews").file("README.md", "# reviews")
                .lfsFile("data/train.parquet", new byte[] {1, 2, 3, 4, 5}).build();
        hub.add(data);

        run(importer(hub).build(), "hf://datasets/acme/reviews", tmp.resolve("t"), tmp.resolve("r"));

        assertSameFiles(tmp.resolve("t"), data, data.paths(), "");
        assertThat(hub.requests()).anyMatch(r -> r.path().startsWith("/datasets/acme/reviews/resolve/"));
    }

    @Test
    void subPath_importsThatFolderOnly(FakeHub hub) throws IOException {
        FakeRepo repo = HubFixture.tiny();
        hub.add(repo);

        run(importer(hub).build(), "hf://acme/tiny/onnx", tmp.resolve("t"), tmp.resolve("r"));

        assertSameFiles(tmp.resolve("t"), repo, List.of("onnx/config.json", "onnx/model.onnx"), "onnx/");
    }

    @Test
    void allowAndIgnore_followHuggingFaceHubSemantics(FakeHub hub) throws IOException {
        FakeRepo repo = HubFixture.tiny();
        hub.add(repo);

        run(importer(hub).build(), "hf://acme/tiny?allow=*.json&allow=tokenizer/&ignore=onnx/*", tmp.resolve("t"),
                tmp.resolve("r"));

        assertSameFiles(tmp.resolve("t"), repo, List.of("config.json", "tokenizer/vocab.txt"), "");
    }

    @Test
    void tree_followsLinkPagination() throws IOException {
        try (FakeHub hub = FakeHub.start(2)) {
            FakeRepo.Builder b = FakeRepo.model("acme", "many");
            for (int i = 0; i < 7; i++) {
                b.file("f" + i + ".txt", "file " + i);
            }
            FakeRepo repo = b.build();
            hub.add(repo);

            run(importer(hub).build(), "hf://acme/many", tmp.resolve("t"), tmp.resolve("r"));

            assertSameFiles(tmp.resolve("t"), repo, repo.paths(), "");
            assertThat(hub.requests().stream().filter(r -> r.path().contains("/tree/"))).hasSize(4);
        }
    }

    @Test
    void size_isADryRunFromTheTree(FakeHub hub) {
        FakeRepo repo = HubFixture.tiny();
        hub.add(repo);

        HfSize size = importer(hub).build().size("hf://acme/tiny?ignore=*.onnx");

        assertThat(size.commit()).isEqualTo(repo.commit());
        assertThat(size.files()).isEqualTo(4);
        assertThat(size.bytes()).isEqualTo(repo.paths().stream().filter(p -> !p.endsWith(".onnx"))
                .mapToLong(repo::size).sum());
        assertThat(hub.requests()).noneMatch(r -> r.path().contains("/resolve/") || r.listener().equals("cdn"));
    }

    @Test
    void limit_refusesBeforeDownloading(FakeHub hub) throws IOException {
        hub.add(HubFixture.tiny());
        java.nio.file.Files.createDirectories(tmp.resolve("t"));
        var context = new io.virtshare.spi.ImportContext(1000, "LIMIT_MB = 0.001", io.virtshare.progress.ProgressListener.NONE,
                io.virtshare.progress.Cancellation.none());

        assertThatThrownBy(() -> importer(hub).build().importInto("hf://acme/tiny", tmp.resolve("t"), context))
                .isInstanceOf(HfException.class).hasMessageContaining("LIMIT_MB = 0.001")
                .hasMessageContaining("needs");
        assertThat(tmp.resolve("t")).isEmptyDirectory();
    }

    @Test
    void serviceLoader_findsTheHfImporter() {
        assertThat(ServiceLoader.load(SourceImporter.class).stream().map(ServiceLoader.Provider::get)
                .filter(i -> i.scheme().equals("hf"))).hasSize(1).allMatch(i -> i instanceof HfImporter);
    }

    @Test
    void environment_setsEndpointAndToken() {
        HfImporter hf = HfImporter.builder()
                .environment(java.util.Map.of("HF_ENDPOINT", "http://hub.example:8080", "HF_TOKEN", TOKEN)).build();

        assertThat(hf.endpoint()).hasToString("http://hub.example:8080");
        assertThat(hf.hasToken()).isTrue();
        assertThat(hf.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> HfImporter.builder().environment(java.util.Map.of("HF_ENDPOINT", "ftp://x")))
                .isInstanceOf(io.virtshare.InvalidSpecException.class).hasMessageContaining("HF_ENDPOINT");
    }
}
