package io.virtshare.hf;

import static io.virtshare.hf.HubFixture.TOKEN;
import static io.virtshare.hf.HubFixture.importer;
import static io.virtshare.hf.HubFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.progress.Progress;
import io.virtshare.spi.ImportContext;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each fault of the fake Hub, and each error the Hub answers, against the importer. */
@ExtendWith(FakeHubExtension.class)
class HfFaultsTest {
    private static final String BIG = "model.safetensors";

    @TempDir
    Path tmp;

    private FakeRepo repo;

    private FakeRepo add(FakeHub hub) {
        repo = HubFixture.tiny();
        hub.add(repo);
        return repo;
    }

    /** A Range from the bytes kept: after 0 and at most where the connection was cut (the socket may lose a tail). */
    private static boolean resumedFrom(Optional<String> range, long cutAt) {
        if (range.isEmpty() || !range.get().matches("bytes=\\d+-")) {
            return false;
        }
        long from = Long.parseLong(range.get().substring(6, range.get().length() - 1));
        return from > 0 && from <= cutAt;
    }

    private void assertComplete(Path dir) {
        for (String p : repo.paths()) {
            assertThat(dir.resolve(p)).as(p).hasBinaryContent(repo.bytes(p));
        }
    }

    @Test
    void tooManyRequests_waitsForRetryAfter(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().tooManyRequests(1, 1, BIG);

        long start = System.nanoTime();
        run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r"));

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(hub.requests()).anyMatch(r -> r.status() == 429);
        assertComplete(tmp.resolve("t"));
    }

    @Test
    void serviceUnavailable_isRetriedUntilItSucceeds(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().serviceUnavailable(3, BIG).serviceUnavailable(2, "/revision/");

        run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r"));

        assertThat(hub.requests().stream().filter(r -> r.status() == 503)).hasSize(5);
        assertComplete(tmp.resolve("t"));
    }

    @Test
    void serviceUnavailable_forever_givesUpNamingRepoFileAndStatus(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().serviceUnavailable(1000, BIG);
        Files.createDirectories(tmp.resolve("t"));

        assertThatThrownBy(() -> importer(hub).maxAttempts(3).build().importInto("hf://acme/tiny", tmp.resolve("t"),
                HubFixture.context(tmp.resolve("r")))).isInstanceOf(HfException.class)
                .hasMessageContaining("acme/tiny").hasMessageContaining(BIG).hasMessageContaining("HTTP 503")
                .hasMessageContaining("after 3 attempts").extracting(e -> ((HfException) e).status()).isEqualTo(503);
    }

    @Test
    void droppedConnection_resumesWithARangeFromTheBytesKept(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().dropConnection(1, BIG, 100_000);

        run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r"));

        assertThat(hub.requests()).anyMatch(r -> r.path().contains(BIG) && resumedFrom(r.range(), 100_000));
        assertComplete(tmp.resolve("t"));
    }

    @Test
    void rangeIgnored_restartsTheFileCleanly(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().dropConnection(1, BIG, 100_000).ignoreRange(true);

        run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("t"), tmp.resolve("r"));

        assertThat(hub.requests()).anyMatch(r -> r.path().contains(BIG) && r.range().isPresent() && r.status() == 200);
        assertComplete(tmp.resolve("t"));
    }

    @Test
    void interruptedImport_continuesOnTheNextAttemptFromTheVerifiedBytes(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().dropConnection(1, BIG, 150_000);
        Files.createDirectories(tmp.resolve("first"));

        assertThatThrownBy(() -> importer(hub).maxAttempts(1).build().importInto("hf://acme/tiny", tmp.resolve("first"),
                HubFixture.context(tmp.resolve("r")))).isInstanceOf(HfException.class).hasMessageContaining(BIG);
        assertThat(tmp.resolve("r/hf")).isNotEmptyDirectory();
        hub.clearRequests();

        run(importer(hub).build(), "hf://acme/tiny", tmp.resolve("second"), tmp.resolve("r"));

        assertThat(hub.requests().stream().filter(r -> r.path().contains(BIG) && r.listener().equals("cdn")))
                .singleElement().satisfies(r -> assertThat(resumedFrom(r.range(), 150_000)).as(r.toString()).isTrue());
        assertComplete(tmp.resolve("second"));
        assertThat(tmp.resolve("r")).isEmptyDirectory();
    }

    @Test
    void largeFiles_comeAsParallelRangesAndVerify(FakeHub hub) throws Exception {
        FakeRepo big = FakeRepo.model("acme", "big").generatedLfsFile("weights.bin", 1_000_000, 7).build();
        hub.add(big);

        run(importer(hub).ranges(100_000, 65_536).build(), "hf://acme/big", tmp.resolve("t"), tmp.resolve("r"));

        assertThat(hub.requests().stream().filter(r -> r.listener().equals("cdn") && r.status() == 206)).hasSize(16);
        assertThat(tmp.resolve("t/weights.bin")).hasBinaryContent(big.bytes("weights.bin"));
    }

    @Test
    void largeFiles_whenRangeIsIgnored_restartAsOneDownload(FakeHub hub) throws Exception {
        FakeRepo big = FakeRepo.model("acme", "big").generatedLfsFile("weights.bin", 1_000_000, 7).build();
        hub.add(big);
        hub.faults().ignoreRange(true);

        run(importer(hub).ranges(100_000, 65_536).build(), "hf://acme/big", tmp.resolve("t"), tmp.resolve("r"));

        assertThat(tmp.resolve("t/weights.bin")).hasBinaryContent(big.bytes("weights.bin"));
    }

    @Test
    void rangeIgnored_withManyPartsInFlight_isDownloadedWholeByOneThread_everyTime(FakeHub hub) throws Exception {
        FakeRepo big = FakeRepo.model("acme", "big").generatedLfsFile("weights.bin", 1_000_000, 11).build();
        hub.add(big);
        hub.faults().ignoreRange(true);

        for (int round = 0; round < 20; round++) {
            Path target = tmp.resolve("t" + round);
            run(importer(hub).ranges(100_000, 32_768).build(), "hf://acme/big", target, tmp.resolve("r" + round));

            assertThat(target.resolve("weights.bin")).as("round %d", round).hasBinaryContent(big.bytes("weights.bin"));
        }
    }

    @Test
    void filesOverThePlainLimit_areOnlyFetchedThroughRanges(FakeHub hub) throws Exception {
        FakeRepo big = FakeRepo.model("acme", "big").generatedLfsFile("weights.bin", 500_000, 9).build();
        hub.add(big);

        run(importer(hub).maxPlainGet(400_000).ranges(Long.MAX_VALUE, 131_072).build(), "hf://acme/big",
                tmp.resolve("t"), tmp.resolve("r"));

        assertThat(hub.requests().stream().filter(r -> r.listener().equals("cdn"))).hasSize(4)
                .allMatch(r -> r.range().isPresent());
        assertThat(tmp.resolve("t/weights.bin")).hasBinaryContent(big.bytes("weights.bin"));
    }

    @Test
    void sameSizeWrongBytes_failVerificationAndNothingIsKept(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().corrupt(BIG);
        Files.createDirectories(tmp.resolve("t"));

        assertThatThrownBy(() -> importer(hub).build().importInto("hf://acme/tiny", tmp.resolve("t"),
                HubFixture.context(tmp.resolve("r")))).isInstanceOf(HfException.class)
                .hasMessageContaining(BIG).hasMessageContaining("did not verify")
                .hasMessageContaining(repo.bytes(BIG).length > 0 ? "sha256" : "");
        assertThat(tmp.resolve("t/" + BIG)).doesNotExist();
    }

    @Test
    void corruptRegularFile_failsItsGitBlobCheck(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().corrupt("config.json");
        Files.createDirectories(tmp.resolve("t"));

        assertThatThrownBy(() -> importer(hub).build().importInto("hf://acme/tiny", tmp.resolve("t"),
                HubFixture.context(tmp.resolve("r")))).isInstanceOf(HfException.class)
                .hasMessageContaining("config.json").hasMessageContaining("git blob sha1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "/etc/passwd", "dir\\..\\evil", "nul\0byte", "a/../../b", "./x"})
    void unsafeNames_areRefusedBeforeAnythingIsWritten(String name) throws Exception {
        try (FakeHub hub = FakeHub.start()) {
            add(hub);
            hub.faults().unsafeName(name);
            Files.createDirectories(tmp.resolve("t"));

            assertThatThrownBy(() -> importer(hub).build().importInto("hf://acme/tiny", tmp.resolve("t"),
                    HubFixture.context(tmp.resolve("r")))).isInstanceOf(HfException.class)
                    .hasMessageContaining("unsafe file name").hasMessageContaining("nothing was written");
            assertThat(tmp.resolve("t")).isEmptyDirectory();
            assertThat(hub.requests()).noneMatch(r -> r.path().contains("/resolve/"));
        }
    }

    @Test
    void repoNotFound_saysToCheckTheNameOrSetHfToken(FakeHub hub) {
        add(hub);

        assertThatThrownBy(() -> importer(hub).build().size("hf://acme/nope")).isInstanceOf(HfException.class)
                .hasMessageContaining("no model acme/nope").hasMessageContaining("RepoNotFound")
                .hasMessageContaining("set HF_TOKEN");
    }

    @Test
    void revisionNotFound_namesTheRevision(FakeHub hub) {
        add(hub);

        assertThatThrownBy(() -> importer(hub).build().size("hf://acme/tiny@v9")).isInstanceOf(HfException.class)
                .hasMessageContaining("revision 'v9'").hasMessageContaining("RevisionNotFound");
    }

    @Test
    void entryNotFound_namesThePath(FakeHub hub) {
        add(hub);

        assertThatThrownBy(() -> importer(hub).build().size("hf://acme/tiny/nothing-here"))
                .isInstanceOf(HfException.class).hasMessageContaining("'nothing-here' does not exist")
                .hasMessageContaining("EntryNotFound");
    }

    @Test
    void gatedRepo_withoutToken_saysSetHfToken(FakeHub hub) throws Exception {
        hub.add(FakeRepo.model("acme", "gated").file("a.txt", "x").gated(TOKEN).build());
        Files.createDirectories(tmp.resolve("t"));

        assertThatThrownBy(() -> importer(hub).build().importInto("hf://acme/gated", tmp.resolve("t"),
                HubFixture.context(tmp.resolve("r")))).isInstanceOf(HfException.class)
                .hasMessageContaining("gated").hasMessageContaining("set HF_TOKEN")
                .extracting(e -> ((HfException) e).status()).isEqualTo(401);
    }

    @Test
    void gatedRepo_withoutAccess_saysRequestAccess(FakeHub hub) throws Exception {
        hub.add(FakeRepo.model("acme", "gated").file("a.txt", "x").gated(TOKEN).build());
        Files.createDirectories(tmp.resolve("t"));

        assertThatThrownBy(() -> importer(hub).token("hf_other").build().importInto("hf://acme/gated",
                tmp.resolve("t"), HubFixture.context(tmp.resolve("r")))).isInstanceOf(HfException.class)
                .hasMessageContaining("request access at " + hub.endpoint() + "/acme/gated")
                .extracting(e -> ((HfException) e).errorCode()).isEqualTo(Optional.of("GatedRepo"));
        run(importer(hub).token(TOKEN).build(), "hf://acme/gated", tmp.resolve("ok"), tmp.resolve("r"));
        assertThat(tmp.resolve("ok/a.txt")).hasContent("x");
    }

    @Test
    void tokenRequired_withoutToken_saysSetHfToken(FakeHub hub) {
        add(hub);
        hub.faults().requireToken(TOKEN);

        assertThatThrownBy(() -> importer(hub).build().size("hf://acme/tiny")).isInstanceOf(HfException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("set HF_TOKEN");
        assertThat(importer(hub).token(TOKEN).build().size("hf://acme/tiny").files()).isEqualTo(5);
    }

    @Test
    void progress_reportsEachFileAndTheTotalWithAnEta(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().slow(2_000_000);
        List<Progress> seen = new CopyOnWriteArrayList<>();
        Files.createDirectories(tmp.resolve("t"));
        long total = repo.paths().stream().mapToLong(repo::size).sum();

        importer(hub).build().importInto("hf://acme/tiny", tmp.resolve("t"), new ImportContext(Long.MAX_VALUE, "x",
                seen::add, Cancellation.none(), Optional.of(tmp.resolve("r"))));

        assertThat(seen).filteredOn(p -> p.operation().equals("download-file") && p.bytesDone() == p.bytesTotal())
                .extracting(Progress::item).containsAll(repo.paths());
        assertThat(seen).filteredOn(p -> p.operation().equals("download")).last()
                .satisfies(p -> assertThat(p.bytesDone()).isEqualTo(total))
                .satisfies(p -> assertThat(p.itemsDone()).isEqualTo(5));
        assertThat(seen).anyMatch(p -> p.operation().equals("download") && p.etaSeconds() >= 0
                && p.bytesDone() < total);
    }

    @Test
    void cancel_stopsASlowDownloadPromptly(FakeHub hub) throws Exception {
        add(hub);
        hub.faults().slow(50_000);
        Cancellation cancel = new Cancellation();
        Files.createDirectories(tmp.resolve("t"));
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            cancel.cancel();
        });
        canceller.start();
        long start = System.nanoTime();

        assertThatThrownBy(() -> importer(hub).build().importInto("hf://acme/tiny", tmp.resolve("t"),
                new ImportContext(Long.MAX_VALUE, "x", p -> { }, cancel, Optional.of(tmp.resolve("r")))))
                .isInstanceOf(OperationCancelledException.class).hasMessageContaining("cancelled");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
        assertThat(tmp.resolve("t/" + BIG)).doesNotExist();
    }
}
