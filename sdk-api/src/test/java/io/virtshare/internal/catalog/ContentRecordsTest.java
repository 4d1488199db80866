package io.virtshare.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.datastore.ImageState;
import io.virtshare.spi.FileHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Content records: written and read back, absent in older catalogs, refused when hostile or corrupt. */
class ContentRecordsTest {
    private static final String SHA256 = "248dfc3911869ec493c76e65bf2fcf7f615828b0254c12b473182f0f81d3a707";
    private static final String SHA1 = "0972e95c1405cc1507c19dcbe784f7a36c930907";
    private static final List<FileHash> FILES = List.of(
            new FileHash("model.safetensors", 548105171, FileHash.Algorithm.SHA256, SHA256),
            new FileHash("tokenizer/config.json", 665, FileHash.Algorithm.GIT_BLOB_SHA1, SHA1));

    @TempDir
    Path meta;

    private CatalogStore catalog;
    private ContentRecords records;

    @BeforeEach
    void catalog() throws IOException {
        catalog = new CatalogStore(meta);
        catalog.init();
        records = catalog.contents();
    }

    private void plant(int id, String json) throws IOException {
        Files.writeString(meta.resolve("contents").resolve(id + ".json"), json);
    }

    @Test
    void write_thenRead_givesTheSameFiles() throws IOException {
        records.write(7, FILES);

        assertThat(records.read(7)).hasValue(FILES);
    }

    @Test
    void writeUnsynced_replacesTheRecordAtOnce_leavingNoTempFile_andSyncKeepsIt() throws IOException {
        records.write(7, FILES.subList(0, 1));

        Path record = records.writeUnsynced(7, FILES);
        records.sync(record);

        assertThat(record).isEqualTo(meta.resolve("contents/7.json"));
        assertThat(records.read(7)).hasValue(FILES);
        try (var names = Files.list(meta.resolve("contents"))) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("7.json");
        }
    }

    @Test
    void read_ofAnImageWithoutRecord_isEmpty_asInCatalogsWrittenBeforeRecords() throws IOException {
        Files.delete(meta.resolve("contents"));

        assertThat(records.read(3)).isEmpty();
        records.remove(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all|it is not valid JSON",
        "{\"format\":\"other\",\"version\":1,\"image\":4,\"files\":[]}|it is not a virtshare-contents record",
        "{\"format\":\"virtshare-contents\",\"version\":2,\"image\":4,\"files\":[]}|it is of version 2, written by a newer virtshare",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":5,\"files\":[]}|it names image 5, not the 4 of its file name",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4}|it has no list of files",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"../../etc/passwd\",\"size\":1,\"sha256\":\"" + SHA256 + "\"}]}|its file 0 is malformed: file hash path '../../etc/passwd' is not a relative path",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"a\",\"size\":1,\"sha256\":\"XYZ\"}]}|its file 0 is malformed: file hash of 'a' is not 64 lower-case hex digits",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"a\",\"size\":-1,\"gitBlobSha1\":\"" + SHA1 + "\"}]}|its file 0 is malformed: file hash size of 'a' is negative",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"a\",\"size\":1}]}|its file 0 has no sha256 or gitBlobSha1",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"a\",\"size\":1,\"gitBlobSha1\":\"" + SHA1 + "\"},{\"path\":\"a\",\"size\":1,\"gitBlobSha1\":\"" + SHA1 + "\"}]}|it lists 'a' twice",
        "[]|it is not a virtshare-contents record",
        "\"virtshare-contents\"|it is not a virtshare-contents record",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[]} {}|it is not valid JSON",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"a\",}]}|it is not valid JSON",
        "{\"format\":\"virtshare-contents\",\"version\":1.5,\"image\":4,\"files\":[]}|it has no valid version",
        "{\"format\":\"virtshare-contents\",\"version\":\"1\",\"image\":4,\"files\":[]}|it has no valid version",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":\"4\",\"files\":[]}|it names image \"4\", not the 4 of its file name",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"files\":[]}|it names image , not the 4 of its file name",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":{}}|it has no list of files",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[],\"files\":null}|it has no list of files",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[1]}|its file 0 has no path or size",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"a\",\"size\":\"1\",\"sha256\":\"" + SHA256 + "\"}]}|its file 0 has no path or size",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":[\"a\"],\"size\":1,\"sha256\":\"" + SHA256 + "\"}]}|its file 0 has no path or size",
        "{\"format\":\"virtshare-contents\",\"version\":1,\"image\":4,\"files\":[{\"path\":\"a\",\"size\":1,\"sha256\":\"" + SHA256 + "\",\"gitBlobSha1\":\"" + SHA1 + "\"}]}|its file 0 has two hashes",
    })
    void read_ofAHostileOrCorruptRecord_refusesItSayingWhatIsWrongAndWhatToDo(String json, String problem)
            throws IOException {
        plant(4, json);

        assertThatThrownBy(() -> records.read(4)).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("content record " + meta.resolve("contents/4.json") + " is not used: " + problem)
                .hasMessageContaining("downloaded again instead of reused; remove the record");
    }

    @Test
    void write_isCompactJson_fieldsInTheOrderTheyWereAlwaysWritten() throws IOException {
        records.write(7, FILES);

        assertThat(Files.readString(meta.resolve("contents/7.json"))).isEqualTo("{\"format\":\"virtshare-contents\","
                + "\"version\":1,\"image\":7,\"files\":[{\"path\":\"model.safetensors\",\"size\":548105171,"
                + "\"sha256\":\"" + SHA256 + "\"},{\"path\":\"tokenizer/config.json\",\"size\":665,"
                + "\"gitBlobSha1\":\"" + SHA1 + "\"}]}");
    }

    @Test
    void read_ofARecordWithUnknownFieldsAndRepeatedOnes_usesTheLastOfEachAndIgnoresTheRest() throws IOException {
        plant(4, "{\"comment\":{\"a\":[1,{}]},\"format\":\"virtshare-contents\",\"version\":1,\"image\":3,"
                + "\"image\":4,\"files\":[{\"path\":\"x\",\"size\":1,\"sha256\":\"" + SHA256 + "\"}],\"files\":"
                + "[{\"note\":null,\"path\":\"tokenizer/config.json\",\"size\":665,\"gitBlobSha1\":\"" + SHA1
                + "\"}]}");

        assertThat(records.read(4)).hasValue(List.of(FILES.get(1)));
    }

    @Test
    void read_ofARecordNestedTooDeep_refusesItAsNoJson() throws IOException {
        plant(4, "[".repeat(100_000) + "]".repeat(100_000));

        assertThatThrownBy(() -> records.read(4)).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("is not used: it is not valid JSON");
    }

    @Test
    void read_ofARecordThatIsALink_refusesIt() throws IOException {
        Path elsewhere = Files.writeString(meta.resolve("elsewhere.json"), "{}");
        Files.createSymbolicLink(meta.resolve("contents/4.json"), elsewhere);

        assertThatThrownBy(() -> records.read(4)).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("is not used: it is not a regular file");
    }

    @Test
    void entryWrittenBeforeTransferCounts_readsWithNothingCounted() throws IOException {
        Files.writeString(meta.resolve("images/0.json"), "{\"id\":0,\"name\":\"old\",\"state\":\"READY\",\"path\":\"/ds/0\","
                + "\"source\":\"hf://acme/old\",\"apparentBytes\":5,\"allocatedBytes\":4096,\"files\":1,"
                + "\"commit\":\"" + SHA1 + "\",\"error\":null,\"created\":0,\"owner\":null,\"cloners\":[],\"users\":0}");

        ImageRecord old = catalog.read(0).orElseThrow();

        assertThat(old.transfer()).isNull();
        assertThat(old.toImage(Path.of("/ds/0")).bytesDownloaded()).isZero();
        assertThat(old.toImage(Path.of("/ds/0")).bytesReused()).isZero();
    }

    @Test
    void index_offersFilesOfCompleteImagesOnly_andLeavesOutRefusedRecords() throws IOException {
        Path base = meta.getParent();
        for (int id = 0; id < 3; id++) {
            catalog.write(new ImageRecord(id, "m" + id, id == 1 ? ImageState.LOCKED : ImageState.READY,
                    base.resolve(Integer.toString(id)).toString(), "hf://acme/m", 0, 0, 0, null, null, 0, null,
                    List.of(), 0));
        }
        records.write(0, FILES);
        records.write(1, FILES);
        plant(2, "{\"format\":\"virtshare-contents\",\"version\":9,\"image\":2,\"files\":[]}");

        ContentIndex index = new ContentIndex(catalog, records, base);

        assertThat(index.find(new FileHash("elsewhere/x", 548105171, FileHash.Algorithm.SHA256, SHA256)))
                .containsExactly(base.resolve("0/model.safetensors"));
        assertThat(index.find(new FileHash("x", 548105172, FileHash.Algorithm.SHA256, SHA256))).isEmpty();
    }
}
