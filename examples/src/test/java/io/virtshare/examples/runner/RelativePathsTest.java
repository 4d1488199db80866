package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtshare.examples.Quickstart;
import io.virtshare.examples.SampleModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path option and argument of the runner is resolved against the current directory
 * (here a temporary one), and messages name the absolute path.
 */
class RelativePathsTest {
    @TempDir
    Path cwd;

    private final RunnerCapture capture = new RunnerCapture();

    @BeforeEach
    void sources() throws IOException {
        Path model = Files.createDirectories(cwd.resolve("sources/tiny-model"));
        Files.writeString(model.resolve("config.json"), "{}");
    }

    private int run(String... args) {
        capture.reset();
        return capture.runIn(cwd, args);
    }

    /** The error line, the last on stderr. */
    private String error() {
        String[] lines = capture.stderr().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("error: ");
        return lines[lines.length - 1];
    }

    @Test
    void import_resolvesDatastoreSafeDirsAndSourceAgainstTheCurrentDirectory() throws IOException {
        int code = run("import", "--datastore", "ds", "--safe-dirs", "sources", "sources/tiny-model");

        assertThat(code).as(capture.stderr()).isZero();
        JsonNode image = capture.json();
        assertThat(image.path("source").asText()).isEqualTo(cwd.resolve("sources/tiny-model").toString());
        assertThat(image.path("path").asText()).startsWith(cwd.resolve("ds").toString());
        assertThat(Files.readString(cwd.resolve("ds/.virtshare/datastore.conf")))
                .containsPattern("SAFE_DIRS *= \"" + cwd.resolve("sources") + "\"");
        assertThat(capture.stderr()).contains("registering " + cwd.resolve("sources/tiny-model") + " in "
                + cwd.resolve("ds"));
    }

    @Test
    void import_ofAMissingRelativeSource_namesTheAbsolutePath() {
        int code = run("import", "--datastore", "ds", "--safe-dirs", "sources", "sources/nope");

        assertThat(code).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(error()).isEqualTo("error: " + cwd.resolve("sources/nope") + " does not exist; give an existing"
                + " directory or archive");
    }

    @Test
    void restrictedDirs_resolveAgainstTheCurrentDirectory() {
        int code = run("import", "--datastore", "ds", "--safe-dirs", "/nonexistent", "--restricted-dirs",
                "sources,/etc", "sources/tiny-model");

        assertThat(code).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(error()).contains(cwd.resolve("sources/tiny-model") + " is inside RESTRICTED_DIRS entry "
                + cwd.resolve("sources"));
    }

    @Test
    void domainXml_readsARelativeDomainFile_andNamesAMissingOneAbsolutely() throws IOException {
        assertThat(run("import", "--datastore", "ds", "--safe-dirs", "sources", "sources/tiny-model")).isZero();
        Files.writeString(cwd.resolve("vm.xml"), Quickstart.SAMPLE_DOMAIN);

        assertThat(run("domain-xml", "--datastore", "ds", "0", "--domain", "vm.xml")).as(capture.stderr()).isZero();
        assertThat(capture.stdout()).contains("<source dir=\"" + cwd.resolve("ds/0") + "\"/>");

        assertThat(run("domain-xml", "--datastore", "ds", "0", "--domain", "nope.xml")).isEqualTo(1);
        assertThat(error()).startsWith("error: domain file " + cwd.resolve("nope.xml") + " does not exist");
    }

    @Test
    void xmlRoundtrip_readsRelativeFilesAndWritesIntoARelativeOut() throws IOException {
        Files.writeString(cwd.resolve("a.xml"), "<pool type='dir'><name>a</name><target><path>/a</path></target>"
                + "</pool>");
        Files.writeString(cwd.resolve("b.xml"), "<volume><name>b</name><capacity>1</capacity></volume>");

        assertThat(run("xml", "roundtrip", "--out", "out", "a.xml", "b.xml")).as(capture.stderr()).isZero();

        JsonNode written = capture.json();
        assertThat(written.path(0).path("file").asText()).isEqualTo(cwd.resolve("a.xml").toString());
        assertThat(written.path(0).path("out").asText()).isEqualTo(cwd.resolve("out/a.xml").toString());
        assertThat(cwd.resolve("out/b.xml")).isRegularFile();

        assertThat(run("xml", "roundtrip", "nope.xml")).isEqualTo(1);
        assertThat(error()).startsWith("error: " + cwd.resolve("nope.xml") + " is not a file");
    }

    @Test
    void poolLifecycle_namesRelativeFilesAbsolutely() throws IOException {
        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", "pool.xml")).isEqualTo(1);
        assertThat(error()).startsWith("error: " + cwd.resolve("pool.xml") + " is not a file");

        Files.writeString(cwd.resolve("pool.xml"), "<pool type='dir'><name>p</name><target><path>/p</path>"
                + "</target></pool>");
        assertThat(run("pool-lifecycle", "--uri", "test:///default", "--xml", "pool.xml", "--volume", "v.xml"))
                .isEqualTo(1);
        assertThat(error()).startsWith("error: " + cwd.resolve("v.xml") + " is not a file");
    }

    @Test
    void quickstartWorkdir_resolvesAgainstTheCurrentDirectory() throws IOException {
        Files.writeString(cwd.resolve("taken"), "x");

        assertThat(run("quickstart", "--workdir", "taken")).isEqualTo(1);
        assertThat(error()).contains(cwd.resolve("taken") + " exists and is not a directory");
    }

    /** A .tar.gz in sources/ of {@code files} (each holding its own name), made with SampleModel's packer. */
    private Path tarGz(String name, String... files) throws IOException {
        Path pack = Files.createTempDirectory(cwd, "pack");
        for (String file : files) {
            Files.createDirectories(pack.resolve(file).getParent());
            Files.writeString(pack.resolve(file), file);
        }
        return SampleModel.tarGz(pack, cwd.resolve("sources").resolve(name));
    }

    @Test
    void stripTopLevel_putsTheArchivesFolderAtTheImageRoot_andIsRefusedForADirectory() throws IOException {
        tarGz("tiny-model.tar.gz", "tiny-model/config.json", "tiny-model/weights/part-0.bin");

        assertThat(run("import", "--datastore", "ds", "--safe-dirs", "sources", "sources/tiny-model.tar.gz"))
                .as(capture.stderr()).isZero();
        Path kept = Path.of(capture.json().path("path").asText());
        assertThat(run("import", "--datastore", "ds", "--strip-top-level", "sources/tiny-model.tar.gz"))
                .as(capture.stderr()).isZero();
        Path stripped = Path.of(capture.json().path("path").asText());

        assertThat(kept.resolve("tiny-model/config.json")).hasContent("tiny-model/config.json");
        assertThat(stripped.resolve("config.json")).hasContent("tiny-model/config.json");
        assertThat(stripped.resolve("weights/part-0.bin")).isRegularFile();

        assertThat(run("import", "--datastore", "ds", "--strip-top-level", "sources/tiny-model")).isEqualTo(1);
        assertThat(error()).isEqualTo("error: stripping the top-level folder applies to archives that are"
                + " extracted, and " + cwd.resolve("sources/tiny-model") + " is not an archive file; register it"
                + " without stripping the top-level folder");

        tarGz("two.tar.gz", "a/x", "b/y");
        assertThat(run("import", "--datastore", "ds", "--strip-top-level", "sources/two.tar.gz")).isEqualTo(1);
        assertThat(error()).contains("more than one entry at its top level ('a' and 'b')");
        assertThat(run("list", "--datastore", "ds")).isZero();
        assertThat(capture.json()).hasSize(2);
    }
}
