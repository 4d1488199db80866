package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The datastore commands as the contract in DESIGN.md states them. */
class DatastoreCommandsTest {

    @TempDir
    Path tmp;

    private Path ds;
    private Path src;
    private final RunnerCapture capture = new RunnerCapture();

    @BeforeEach
    void setUp() throws IOException {
        ds = tmp.resolve("ds");
        src = Files.createDirectories(tmp.resolve("src/model"));
        Files.writeString(src.resolve("config.json"), "{}");
    }

    private int run(String... args) {
        capture.reset();
        return capture.run(args);
    }

    private JsonNode json() throws IOException {
        return capture.json();
    }

    private String stderr() {
        return capture.stderr();
    }

    @Test
    void importListStatCloneDelete_speakTheContract() throws IOException {
        assertThat(run("import", "--datastore", ds.toString(), "--safe-dirs", tmp.resolve("src").toString(),
                src.toString())).as(stderr()).isZero();
        JsonNode image = json();
        assertThat(image.fieldNames()).toIterable()
                .contains("id", "name", "state", "path", "source", "apparentBytes", "files");
        assertThat(image.path("state").asText()).isEqualTo("READY");
        int id = image.path("id").asInt();

        assertThat(run("list", "--datastore", ds.toString())).isZero();
        assertThat(json()).hasSize(1);

        assertThat(run("stat", "--datastore", ds.toString(), String.valueOf(id))).isZero();
        assertThat(json().fieldNames()).toIterable().contains("apparentBytes", "allocatedBytes", "files", "sizeMb");

        assertThat(run("stat", "--datastore", ds.toString())).isZero();
        assertThat(json().fieldNames()).toIterable().containsExactly("usedMb", "totalMb", "freeMb");

        assertThat(run("clone", "--datastore", ds.toString(), String.valueOf(id), "--name", "copy")).isZero();
        assertThat(json().path("name").asText()).isEqualTo("copy");

        assertThat(run("delete", "--datastore", ds.toString(), String.valueOf(id))).isZero();
        assertThat(run("list", "--datastore", ds.toString())).isZero();
        assertThat(json()).hasSize(1);
    }

    @Test
    void domainXml_printsTheFilesystemOrTheDomainWithItAttached() throws IOException {
        assertThat(run("import", "--datastore", ds.toString(), "--safe-dirs", tmp.resolve("src").toString(),
                src.toString())).isZero();
        int id = json().path("id").asInt();

        assertThat(run("domain-xml", "--datastore", ds.toString(), String.valueOf(id), "--tag", "models")).isZero();
        io.virtshare.domain.FilesystemDevice fs = io.virtshare.domain.FilesystemDevice.parse(
                capture.stdout());
        assertThat(fs.target()).isEqualTo("models");
        assertThat(fs.isVirtiofs()).isTrue();
        assertThat(fs.sourceDir()).hasValue(ds.resolve(String.valueOf(id)));

        Path domain = Files.writeString(tmp.resolve("vm.xml"), io.virtshare.examples.Quickstart.SAMPLE_DOMAIN);
        assertThat(run("domain-xml", "--datastore", ds.toString(), String.valueOf(id), "--domain", domain.toString()))
                .isZero();
        io.virtshare.domain.DomainXml attached = io.virtshare.domain.DomainXml.parse(capture.stdout());
        assertThat(attached.hasSharedMemory()).isTrue();
        assertThat(attached.filesystems()).singleElement().satisfies(f -> assertThat(f.readOnly()).isFalse());

        assertThat(run("domain-xml", "--datastore", ds.toString(), "7")).isEqualTo(1);
        assertThat(run("domain-xml", "--datastore", ds.toString(), String.valueOf(id), "--tag", "x".repeat(40)))
                .isEqualTo(1);
        assertThat(stderr()).contains("1 to 36 bytes");
    }

    @Test
    void userErrors_exit1WithOneLine() throws IOException {
        assertThat(run("import", "--datastore", ds.toString(), src.toString())).isEqualTo(1);
        assertThat(stderr()).contains("error: ").contains("SAFE_DIRS");

        assertThat(run("import", "--datastore", ds.toString(), "s3://bucket/x")).isEqualTo(1);
        assertThat(stderr()).contains("s3:// sources are not supported");

        assertThat(run("delete", "--datastore", ds.toString(), "99")).isEqualTo(1);
        assertThat(stderr()).contains("no image 99");

        Path junk = Files.writeString(tmp.resolve("src/junk.tar"), "not an archive at all");
        assertThat(run("import", "--datastore", ds.toString(), "--safe-dirs", tmp.resolve("src").toString(),
                junk.toString())).isEqualTo(1);
        assertThat(stderr()).contains("is not an archive");
        for (String line : stderr().split("\n")) {
            if (line.startsWith("error: ")) {
                assertThat(line).doesNotContain("Exception");
            }
        }
    }

    @Test
    void laterCalls_updateTheTemplate() throws IOException {
        assertThat(run("list", "--datastore", ds.toString())).isZero();
        assertThat(run("list", "--datastore", ds.toString(), "--limit-mb", "5", "--safe-dirs", "/a,/b")).isZero();

        String template = Files.readString(ds.resolve(".virtshare/datastore.conf"));
        assertThat(template).contains("LIMIT_MB", "\"5\"", "SAFE_DIRS", "\"/a,/b\"");
    }
}
