package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's datastore commands on a catalog that was tampered with, as issue 10 reproduced them. */
class TamperedDatastoreCommandsTest {

    @TempDir
    Path tmp;

    private Path ds;
    private Path outside;
    private int id;
    private final RunnerCapture capture = new RunnerCapture();

    @BeforeEach
    void setUp() throws IOException {
        ds = tmp.resolve("ds");
        outside = Files.createDirectories(tmp.resolve("outside/1-important"));
        Files.writeString(outside.resolve("data"), "keep me");
        Path src = Files.createDirectories(tmp.resolve("src/model"));
        Files.writeString(src.resolve("config.json"), "{}");
        assertThat(run("import", "--datastore", ds.toString(), "--safe-dirs", tmp.resolve("src").toString(),
                src.toString())).as(capture.stderr()).isZero();
        id = capture.json().path("id").asInt();
    }

    private int run(String... args) {
        capture.reset();
        return capture.run(args);
    }

    private Path entry(int n) {
        return ds.resolve(".virtshare/images/" + n + ".json");
    }

    private void assertOneErrorLine(String... contains) {
        assertThat(capture.stderr().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: ").contains(contains));
    }

    @Test
    void list_withTrashLinkedOutside_failsInOneLineAndDeletesNothing() throws IOException {
        PathUtils.deleteDirectory(ds.resolve(".virtshare/trash"));
        Files.createSymbolicLink(ds.resolve(".virtshare/trash"), outside.getParent());

        assertThat(run("list", "--datastore", ds.toString())).isEqualTo(1);

        assertOneErrorLine("trash is a symbolic link");
        assertThat(outside.resolve("data")).hasContent("keep me");
    }

    @Test
    void entryPathEtc_isNotUsedByCloneDomainXmlOrStat() throws IOException {
        Files.writeString(entry(id), Files.readString(entry(id)).replaceAll("\"path\" : \"[^\"]*\"",
                "\"path\" : \"/etc\""));
        Path own = ds.resolve(Integer.toString(id));

        assertThat(run("domain-xml", "--datastore", ds.toString(), Integer.toString(id))).isZero();
        assertThat(capture.stdout()).contains("dir=\"" + own + "\"").doesNotContain("/etc");
        assertThat(run("stat", "--datastore", ds.toString(), Integer.toString(id))).isZero();
        assertThat(capture.json().path("files").asLong()).isEqualTo(1);
        assertThat(run("clone", "--datastore", ds.toString(), Integer.toString(id))).isZero();
        JsonNode clone = capture.json();
        Path copy = Path.of(clone.path("path").asText());
        assertThat(copy).isEqualTo(ds.resolve(clone.path("id").asText()));
        try (var files = Files.list(copy)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config.json");
        }
    }

    @Test
    void deleteOfACopiedEntry_isRefusedAndTheImageStays() throws IOException {
        Files.copy(entry(id), entry(5));
        Files.createDirectories(ds.resolve("5"));

        assertThat(run("delete", "--datastore", ds.toString(), "5")).isEqualTo(1);

        assertOneErrorLine("no image 5");
        assertThat(run("list", "--datastore", ds.toString())).isZero();
        assertThat(capture.json()).hasSize(1);
        assertThat(capture.json().get(0).path("id").asInt()).isEqualTo(id);
        assertThat(ds.resolve(Integer.toString(id)).resolve("config.json")).exists();
    }

    @Test
    void garbageEntry_isSetAsideAndListServesTheRest() throws IOException {
        Files.writeString(ds.resolve(".virtshare/images/7.json"), "{\"id\": 7, \"na");

        assertThat(run("list", "--datastore", ds.toString())).as(capture.stderr()).isZero();

        assertThat(capture.json()).hasSize(1);
        assertThat(ds.resolve(".virtshare/images/7.json")).doesNotExist();
        assertThat(run("delete", "--datastore", ds.toString(), Integer.toString(id))).isZero();
    }
}
