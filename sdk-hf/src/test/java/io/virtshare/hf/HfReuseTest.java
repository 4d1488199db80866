package io.virtshare.hf;

import static io.virtshare.hf.HubFixture.importer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import io.virtshare.testkit.junit.FakeHubExtension;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A new revision, or another import of files a datastore already holds, downloads only what is new. */
@ExtendWith(FakeHubExtension.class)
class HfReuseTest {
    private static final int SHARDS = 8;
    private static final long SHARD = 3_000_000;

    @TempDir
    Path tmp;

    /** A model of 8 shards (7 LFS, 1 Xet), a config and a tokenizer; shard {@code changed} (if >= 0) has other bytes. */
    static FakeRepo model(String revision, int changed) {
        FakeRepo.Builder b = FakeRepo.model("acme", "model").file("config.json", "{\"model_type\":\"llama\"}")
                .file("tokenizer.json", "{\"vocab\":[\"a\",\"b\"]}").revision(revision);
        for (int i = 0; i < SHARDS - 1; i++) {
            b.generatedLfsFile("model-0000" + i + ".safetensors", SHARD, i == changed ? 1000 + i : i);
        }
        // the last shard is Xet-backed, as the Hub serves new uploads: reused by its sha256 alike
        return b.generatedXetFile("model-0000" + (SHARDS - 1) + ".safetensors", SHARD, SHARDS - 1).build();
    }

    private Datastore datastore() {
        return Datastore.create(tmp.resolve("ds"), DatastoreSpec.sharedFs("models"));
    }

    private static ImportOptions via(FakeHub hub) {
        return ImportOptions.defaults().withImporter(importer(hub).build());
    }

    @Test
    void newRevision_downloadsOnlyTheChangedShard_andLeavesTheOldImageAlone(FakeHub hub) throws IOException {
        FakeRepo v1 = model("v1", -1);
        FakeRepo v2 = model("v2", 5);
        Datastore ds = datastore();
        hub.add(v1);
        Image first = ds.images().register("hf://acme/model@v1", via(hub));
        assertThat(first.bytesDownloaded()).isEqualTo(SHARDS * SHARD + filesOtherThanShards(v1));
        assertThat(first.bytesReused()).isZero();
        hub.add(v2);
        hub.clearRequests();

        Image second = ds.images().register("hf://acme/model@v2", via(hub));

        assertThat(hub.bytesSentByFile()).isEqualTo(Map.of("model-00005.safetensors", SHARD));
        assertThat(second.commit()).hasValue(v2.commit());
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.bytesDownloaded()).isEqualTo(SHARD);
        assertThat(second.bytesReused()).isEqualTo((SHARDS - 1) * SHARD + filesOtherThanShards(v2));
        assertSameFiles(second.path(), v2);
        assertSameFiles(ds.images().get(first.id()).path(), v1);
        assertThat(ds.images().get(first.id()).commit()).hasValue(v1.commit());
    }

    @Test
    void reusedFile_changedOnDisk_isDownloadedInstead(FakeHub hub) throws IOException {
        FakeRepo v1 = model("v1", -1);
        Datastore ds = datastore();
        Image first = imported(ds, hub, v1);
        flipByte(first.path().resolve("model-00002.safetensors"), 1_234_567);
        Files.writeString(first.path().resolve("config.json"), "{\"model_type\":\"llamb\"}");
        hub.clearRequests();

        Image again = ds.images().register("hf://acme/model@v1", via(hub).withName("again"));

        assertThat(hub.bytesSentByFile()).isEqualTo(Map.of("model-00002.safetensors", SHARD,
                "config.json", v1.size("config.json")));
        assertThat(again.bytesReused()).isEqualTo((SHARDS - 1) * SHARD + v1.size("tokenizer.json"));
        assertSameFiles(again.path(), v1);
    }

    @Test
    void reuse_spansClones_andSurvivesTheDeleteOfTheFirstImage(FakeHub hub) throws IOException {
        FakeRepo v1 = model("v1", -1);
        Datastore ds = datastore();
        Image first = imported(ds, hub, v1);
        Image copy = ds.images().clone(first, "copy");
        ds.images().delete(first);
        hub.clearRequests();

        Image again = ds.images().register("hf://acme/model@v1", via(hub).withName("again"));

        assertThat(hub.bytesSentByFile()).isEmpty();
        assertThat(again.bytesDownloaded()).isZero();
        assertSameFiles(again.path(), v1);
        assertSameFiles(copy.path(), v1);
    }

    @Test
    void gatedRepository_whoseFilesAreAllInTheDatastore_stillNeedsAccess_andDownloadsItsSmallestFileOnly(FakeHub hub)
            throws IOException {
        Datastore ds = datastore();
        imported(ds, hub, model("v1", -1));
        FakeRepo.Builder gated = FakeRepo.model("acme", "gated").file("config.json", "{\"model_type\":\"llama\"}")
                .file("tokenizer.json", "{\"vocab\":[\"a\",\"b\"]}").gated(HubFixture.TOKEN);
        for (int i = 0; i < SHARDS; i++) {
            gated.generatedLfsFile("model-0000" + i + ".safetensors", SHARD, i);
        }
        hub.add(gated.build());
        hub.clearRequests();

        assertThatThrownBy(() -> ds.images().register("hf://acme/gated", via(hub)))
                .isInstanceOf(HfException.class).hasMessageContaining("401").hasMessageContaining("HF_TOKEN");
        Image granted = ds.images().register("hf://acme/gated", ImportOptions.defaults()
                .withImporter(importer(hub).token(HubFixture.TOKEN).build()));

        assertThat(hub.bytesSentByFile()).isEqualTo(Map.of("tokenizer.json", 19L));
        assertThat(granted.bytesReused()).isEqualTo(SHARDS * SHARD + 22);
    }

    private static Image imported(Datastore ds, FakeHub hub, FakeRepo v1) {
        hub.add(v1);
        return ds.images().register("hf://acme/model@v1", via(hub));
    }

    private static long filesOtherThanShards(FakeRepo repo) {
        return repo.size("config.json") + repo.size("tokenizer.json");
    }

    static void flipByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            ch.write(one, at);
        }
    }

    static void assertSameFiles(Path dir, FakeRepo repo) throws IOException {
        assertThat(HubFixture.tree(dir).keySet()).containsExactlyInAnyOrderElementsOf(repo.paths());
        for (String p : repo.paths()) {
            assertThat(dir.resolve(p)).as(p).hasBinaryContent(repo.bytes(p));
        }
    }
}
