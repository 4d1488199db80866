package io.virtshare.hf;

import static io.virtshare.hf.HubFixture.importer;
import static io.virtshare.hf.HubFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.Progress;
import io.virtshare.spi.ImportContext;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.hf.RecordedRequest;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Hub's rules: few requests per file, rate limits and 429s, Xet-backed files, hostile headers. */
@ExtendWith(FakeHubExtension.class)
class HfHubLimitsTest {
    @TempDir
    Path tmp;

    private static long count(FakeHub hub, int status) {
        return hub.requests().stream().filter(r -> r.status() == status).count();
    }

    private static void assertSameFiles(Path dir, FakeRepo repo) {
        for (String p : repo.paths()) {
            assertThat(dir.resolve(p)).as(p).hasBinaryContent(repo.bytes(p));
        }
    }

    @Test
    void tenThousandFiles_importWithAtMostOnePointOneRequestsPerFile_throughInjected429s(FakeHub hub)
            throws Exception {
        FakeRepo.Builder b = FakeRepo.dataset("acme", "many").generatedFiles("shards/part-", 9_950, 64, 7);
        for (int i = 0; i < 50; i++) {
            b.generatedLfsFile(String.format("images/img-%05d.jpg", i), 2_000, 90_000 + i);
        }
        FakeRepo repo = b.build();
        hub.add(repo);
        hub.faults().tooManyRequests(12, 1, "shards/part-001").tooManyRequests(3, 1, "/tree/");

        run(importer(hub).build(), "hf://datasets/acme/many", tmp.resolve("t"), tmp.resolve("r"));

        Map<String, Long> counts = hub.requestCounts();
        double perFile = (double) hub.requestCount() / repo.paths().size();
        assertThat(perFile).as("requests per file: %s", counts).isLessThanOrEqualTo(1.1);
        // 10,000 files and 2 folders in pages of 1,000; every 429 is a request too
        assertThat(counts).containsEntry("revision", 1L).containsEntry("tree", 11L + 3L)
                .containsEntry("resolve", 10_000L + 12L)
                .containsEntry("lfs", 50L);
        assertThat(count(hub, 429)).isEqualTo(15);
        assertThat(Files.list(tmp.resolve("t/shards")).count()).isEqualTo(9_950);
        for (String p : List.of("shards/part-00000.txt", "shards/part-09949.txt", "images/img-00049.jpg")) {
            assertThat(tmp.resolve("t").resolve(p)).as(p).hasBinaryContent(repo.bytes(p));
        }
    }

    @Test
    void rateLimitHeaders_slowTheImportBeforeTheLimit_andTheWaitIsReported(FakeHub hub) throws Exception {
        FakeRepo repo = FakeRepo.model("acme", "paced").generatedFiles("f-", 60, 16, 1).build();
        hub.add(repo);
        hub.faults().rateLimit("resolvers", 30, Duration.ofSeconds(2));
        List<Progress> events = new CopyOnWriteArrayList<>();
        ImportContext context = new ImportContext(Long.MAX_VALUE, "test limit", events::add, Cancellation.none(),
                Optional.of(tmp.resolve("r")));
        Files.createDirectories(tmp.resolve("t"));

        importer(hub).build().importInto("hf://acme/paced", tmp.resolve("t"), context);

        assertSameFiles(tmp.resolve("t"), repo);
        assertThat(events).filteredOn(p -> p.operation().equals("hub-wait")).isNotEmpty()
                .allMatch(p -> p.item().contains("rate limit") || p.item().contains("429"));
        // paced by the headers: at most the requests already in flight when the quota ran out were refused
        assertThat(count(hub, 429)).isLessThanOrEqualTo(8);
    }

    @Test
    void hostileRetryAfter_isCappedAtMaxWait(FakeHub hub) throws Exception {
        FakeRepo repo = HubFixture.tiny();
        hub.add(repo);
        String future = ZonedDateTime.now(ZoneOffset.UTC).plusYears(5).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        hub.faults().tooManyRequests(1, "99999999999999999999999", "config.json")
                .tooManyRequests(1, future, "vocab.txt").tooManyRequests(1, "soon, maybe", "model.onnx")
                .tooManyRequests(1, "-5", "onnx/config.json");

        long start = System.nanoTime();
        run(importer(hub).maxWait(Duration.ofMillis(300)).build(), "hf://acme/tiny", tmp.resolve("t"),
                tmp.resolve("r"));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000);
        assertThat(count(hub, 429)).isEqualTo(4);
        assertSameFiles(tmp.resolve("t"), repo);
    }

    @Test
    void hostileRateLimitHeaders_areIgnoredOrCapped(FakeHub hub) throws Exception {
        FakeRepo repo = HubFixture.tiny();
        hub.add(repo);
        hub.faults().header("config.json", "RateLimit", "\"resolvers\";r=0;t=99999999999")
                .header("vocab.txt", "RateLimit", "\"resolvers\";r=banana;t=-3, garbage;;;")
                .header("model.onnx", "RateLimit", "\"resolvers\";r=1;t=1" + ", x".repeat(5_000));

        long start = System.nanoTime();
        run(importer(hub).maxWait(Duration.ofMillis(300)).build(), "hf://acme/tiny", tmp.resolve("t"),
                tmp.resolve("r"));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000);
        assertSameFiles(tmp.resolve("t"), repo);
    }

    @Test
    void tree_nextLinkToAnotherHost_isRefused(FakeHub hub) {
        hub.add(FakeRepo.model("acme", "tiny").file("a.txt", "a").file("b.txt", "b").build());
        hub.faults().header("/tree/", "Link", "<http://evil.example/api/models/acme/tiny/tree/main?cursor=1>;"
                + " rel=\"next\"");

        assertThatThrownBy(() -> run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r")))
                .isInstanceOf(HfException.class)
                .hasMessageContaining("points its next page to another host (evil.example)");
    }

    @Test
    void tree_nextLinkBackToTheSamePage_isRefusedInsteadOfLooping(FakeHub hub) {
        hub.add(FakeRepo.model("acme", "tiny").file("a.txt", "a").build());
        hub.faults().header("/tree/", "Link", "<" + hub.endpoint() + "/api/models/acme/tiny/tree/main?cursor=0>;"
                + " rel=\"next\"");

        assertThatThrownBy(() -> run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r")))
                .isInstanceOf(HfException.class).hasMessageContaining("links back to a page it already sent");
        assertThat(hub.requestCounts()).containsEntry("tree", 2L);
    }

    @Test
    void tree_oversizedOrUnreadableLink_isRefusedWithTheReason(FakeHub hub) {
        hub.add(FakeRepo.model("acme", "tiny").file("a.txt", "a").build());
        hub.faults().header("/tree/", "Link", "<http://a b/>; rel=\"next\"");

        assertThatThrownBy(() -> run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r")))
                .isInstanceOf(HfException.class).hasMessageContaining("next page link 'http://a b/'")
                .hasMessageContaining("is not a URL");

        hub.faults().clear().header("/tree/", "Link", "<" + "x".repeat(10_000) + ">; rel=\"next\"");
        assertThatThrownBy(() -> run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t2"), tmp.resolve("r")))
                .isInstanceOf(HfException.class).hasMessageContaining("sent a Link header of")
                .hasMessageContaining("check HF_ENDPOINT");
    }

    @Test
    void xetFiles_comeFromTheBridgeAndVerifyBySha256(FakeHub hub) throws Exception {
        FakeRepo repo = FakeRepo.model("acme", "xet").file("config.json", "{}")
                .generatedXetFile("model.safetensors", 3_000_000, 5).xetFile("tokenizer.json", new byte[] {1, 2, 3})
                .build();
        hub.add(repo);

        run(importer(hub).ranges(1_000_000, 512 * 1024).build(), "hf://acme/xet", tmp.resolve("t"),
                tmp.resolve("r"));

        assertSameFiles(tmp.resolve("t"), repo);
        // six ranges of the large file from one resolve; one request for each other file
        assertThat(hub.requestCounts()).containsEntry("resolve", 3L).containsEntry("xet-bridge", 6L + 1L)
                .doesNotContainKey("lfs");
        assertThat(hub.bytesSent("model.safetensors")).isEqualTo(3_000_000);
        assertThat(hub.requests()).filteredOn(r -> r.path().startsWith("/xet-bridge-us/"))
                .allMatch(r -> r.authorization().isEmpty());
    }

    @Test
    void tamperedXetFile_failsVerificationSayingWhatWasWrong(FakeHub hub) {
        FakeRepo repo = FakeRepo.model("acme", "xet").file("config.json", "{}")
                .generatedXetFile("model.safetensors", 100_000, 5).build();
        hub.add(repo);
        hub.faults().corrupt("model.safetensors");

        assertThatThrownBy(() -> run(importer(hub).build(), "hf://acme/xet", tmp.resolve("t"), tmp.resolve("r")))
                .isInstanceOf(HfException.class)
                .hasMessageContaining("'model.safetensors' of model acme/xet@main (a Xet-backed file, fetched through"
                        + " the Xet bridge) did not verify: its sha256 is")
                .hasMessageContaining("but the Hub lists " + repo.sha256("model.safetensors").orElseThrow())
                .hasMessageContaining("nothing was kept");
        assertThat(tmp.resolve("t/model.safetensors")).doesNotExist();
    }

    @Test
    void xetHashOfTheResolveAnswer_mustMatchTheTree(FakeHub hub) {
        hub.add(FakeRepo.model("acme", "xet").generatedXetFile("model.safetensors", 10_000, 5).build());
        hub.faults().header("model.safetensors", "X-Xet-Hash", "0".repeat(64));

        assertThatThrownBy(() -> run(importer(hub).build(), "hf://acme/xet", tmp.resolve("t"), tmp.resolve("r")))
                .isInstanceOf(HfException.class)
                .hasMessageContaining("resolves 'model.safetensors' of model acme/xet@main to Xet hash " + "0".repeat(64))
                .hasMessageContaining("nothing was kept");
    }

    @Test
    void requestLog_namesEveryXetRequestWithoutTheToken(FakeHub hub) throws Exception {
        hub.add(FakeRepo.model("acme", "xet").generatedXetFile("w.bin", 1_000, 9).build());

        run(importer(hub).token(HubFixture.TOKEN).build(), "hf://acme/xet", tmp.resolve("t"), tmp.resolve("r"));

        List<RecordedRequest> bridge = hub.requests().stream().filter(r -> r.listener().equals("cdn")).toList();
        assertThat(bridge).hasSize(1).allMatch(r -> r.authorization().isEmpty());
    }
}
