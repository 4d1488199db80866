package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.spi.ImportContext;
import io.virtshare.spi.ImportOutcome;
import io.virtshare.spi.SourceImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A runner command that fails leaves no datastore it created behind (only what it created is
 * removed, never a directory, file or datastore that was there, and no link is followed), and
 * the template rule of docs/examples-runner.md: an invalid option value changes nothing, a
 * valid template update on an existing datastore is kept when the command then fails.
 */
class FailedCommandLeavesNoDatastoreTest {
    @TempDir
    Path cwd;

    private final RunnerCapture capture = new RunnerCapture();

    @BeforeEach
    void sources() throws IOException {
        Files.writeString(Files.createDirectories(cwd.resolve("sources/model")).resolve("config.json"), "{}");
        Files.writeString(cwd.resolve("sources/junk.tar"), "not an archive at all");
    }

    private int run(String... args) {
        capture.reset();
        return capture.runIn(cwd, args);
    }

    private String lastLine() {
        String[] lines = capture.stderr().strip().split("\n");
        return lines[lines.length - 1];
    }

    private void assertFailedWithoutDatastore(int code, Path gone) {
        assertThat(code).as(capture.stderr()).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(gone).doesNotExist();
        assertThat(capture.stderr()).contains("removed the datastore this command created at ");
        assertThat(lastLine()).startsWith("error: ");
    }

    @ParameterizedTest(name = "import {0}")
    @CsvSource(delimiter = '|', value = {
        "sources/nope|--safe-dirs sources|does not exist",
        "sources/model|--safe-dirs /var/tmp|inside no SAFE_DIRS entry",
        "sources/model|--safe-dirs /nonexistent --restricted-dirs sources|inside RESTRICTED_DIRS entry",
        "s3://bucket/model|--limit-mb 5|s3:// sources are not supported",
        "sources/junk.tar|--safe-dirs sources|is not an archive",
        "sources/model|--safe-dirs sources --name ../x|image name '../x' is not valid",
        "sources/model|--safe-dirs sources --strip-top-level|is not an archive file",
        "sources/model|--kind virtiofs|inside no SAFE_DIRS entry",
        "sources/model|--kind virtiofs --safe-dirs sources --name ../x|image name '../x' is not valid",
    })
    void failedFirstImport_removesTheDatastoreAndTheParentsItCreated(String source, String options, String reason) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("import", "--datastore",
                "new/parent/ds"));
        args.addAll(java.util.List.of(options.split(" ")));
        args.add(source);
        int code = run(args.toArray(String[]::new));

        assertFailedWithoutDatastore(code, cwd.resolve("new"));
        assertThat(lastLine()).contains(reason);
        assertThat(cwd.resolve("sources/model/config.json")).hasContent("{}");
    }

    @ParameterizedTest(name = "{0} 0")
    @ValueSource(strings = {"clone", "stat", "delete", "domain-xml"})
    void otherCommandsFailingOnANewDatastore_leaveNone(String command) {
        int code = run(command, "--datastore", "ds", "0");

        assertFailedWithoutDatastore(code, cwd.resolve("ds"));
        assertThat(lastLine()).contains("no image 0");
    }

    @Test
    void listAndTheMonitorOnANewDirectory_succeed_andKeepTheDatastore() {
        assertThat(run("list", "--datastore", "a")).isZero();
        assertThat(run("stat", "--datastore", "b")).isZero();

        assertThat(cwd.resolve("a/.virtshare/datastore.conf")).isRegularFile();
        assertThat(cwd.resolve("b/.virtshare/datastore.conf")).isRegularFile();
        assertThat(capture.stderr()).doesNotContain("removed");
    }

    @Test
    void failedFirstImport_intoAnExistingDirectory_removesOnlyWhatItAdded() throws IOException {
        Path mine = Files.writeString(Files.createDirectories(cwd.resolve("ds")).resolve("notes.txt"), "mine");
        Path leftover = Files.writeString(Files.createDirectories(cwd.resolve("other/.virtshare")).resolve("keep"),
                "x");

        assertFailedWithoutDatastore(run("import", "--datastore", "ds", "sources/nope"), cwd.resolve("ds/.virtshare"));
        assertFailedWithoutDatastore(run("clone", "--datastore", "other", "3"), cwd.resolve("other/.virtshare/"
                + "datastore.conf"));

        assertThat(mine).hasContent("mine");
        assertThat(leftover).hasContent("x");
        try (Stream<Path> left = Files.list(cwd.resolve("other/.virtshare"))) {
            assertThat(left).containsExactly(leftover);
        }
    }

    @Test
    void failedCommands_onAnExistingDatastore_keepItAndItsImages() throws IOException {
        assertThat(run("import", "--datastore", "ds", "--safe-dirs", "sources", "sources/model")).isZero();
        String template = Files.readString(cwd.resolve("ds/.virtshare/datastore.conf"));

        assertThat(run("import", "--datastore", "ds", "sources/nope")).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(run("clone", "--datastore", "ds", "9")).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(run("delete", "--datastore", "ds", "9")).isEqualTo(ExamplesRunner.USER_ERROR);

        assertThat(capture.stderr()).doesNotContain("removed");
        assertThat(cwd.resolve("ds/.virtshare/datastore.conf")).hasContent(template);
        assertThat(run("list", "--datastore", "ds")).isZero();
        assertThat(capture.stdout()).contains("\"READY\"");
    }

    @Test
    void removal_deletesALinkPlantedInTheNewDatastore_butNotWhatItPointsTo() throws IOException {
        Path outside = Files.createDirectories(cwd.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep me");
        SourceImporter planting = new SourceImporter() {
            @Override
            public String scheme() {
                return "plant";
            }

            @Override
            public ImportOutcome importInto(String source, Path target, ImportContext context) {
                try {
                    Files.createSymbolicLink(target.getParent().resolve("link-out"), outside);
                    Files.createSymbolicLink(target.getParent().getParent().resolve("file-link"), precious);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                throw new DatastoreException("the source went away");
            }
        };
        ExamplesRunner runner = new ExamplesRunner(DatastoreCommands.all(Optional.of(planting)));

        capture.reset();
        int code = capture.runIn(runner, cwd, "import", "--datastore", "ds", "plant://x");

        assertFailedWithoutDatastore(code, cwd.resolve("ds"));
        assertThat(precious).hasContent("keep me");
        try (Stream<Path> left = Files.list(outside)) {
            assertThat(left).containsExactly(precious);
        }
    }

    @Test
    void aDatastoreDirectoryBehindALinkedParent_isRemoved_andTheLinkAndItsTargetKept() throws IOException {
        Path real = Files.createDirectories(cwd.resolve("real"));
        Path link = Files.createSymbolicLink(cwd.resolve("link"), real);

        assertFailedWithoutDatastore(run("import", "--datastore", "link/ds", "sources/nope"), real.resolve("ds"));

        assertThat(link).isSymbolicLink();
        assertThat(real).isEmptyDirectory();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--limit-mb|abc|2|2",
        "--limit-mb|99999999999999999999|1|1",     // a number, but larger than any file system
        "--limit-mb|-1|1|1",
        "--kind|nfs|2|2",
        "--kind|virtiofs|1|0",                     // the datastore has an image: its kind cannot change
    })
    void anInvalidOptionValue_leavesTheTemplateAsItWas(String option, String value, int exit, int exitOnANewDirectory)
            throws IOException {
        assertThat(run("import", "--datastore", "ds", "--safe-dirs", "sources", "sources/model")).isZero();
        byte[] template = Files.readAllBytes(cwd.resolve("ds/.virtshare/datastore.conf"));

        int code = run("import", "--datastore", "ds", "--safe-dirs", "/elsewhere", option, value, "sources/model");

        assertThat(code).as(capture.stderr()).isEqualTo(exit);
        assertThat(Files.readAllBytes(cwd.resolve("ds/.virtshare/datastore.conf"))).isEqualTo(template);
        try (Stream<Path> meta = Files.list(cwd.resolve("ds/.virtshare"))) {
            assertThat(meta.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        assertThat(run("list", "--datastore", "new", option, value)).isEqualTo(exitOnANewDirectory);
        assertThat(Files.exists(cwd.resolve("new"))).isEqualTo(exitOnANewDirectory == 0);
        assertThat(capture.stderr()).as("nothing was created, so nothing is said to be removed")
                .doesNotContain("removed");
    }

    @Test
    void aValidTemplateUpdate_isKept_whenTheCommandThenFails() throws IOException {
        assertThat(run("list", "--datastore", "ds")).isZero();

        int code = run("import", "--datastore", "ds", "--limit-mb", "7", "--safe-dirs", "sources", "sources/nope");

        assertThat(code).isEqualTo(ExamplesRunner.USER_ERROR);
        assertThat(Files.readString(cwd.resolve("ds/.virtshare/datastore.conf")))
                .containsPattern("LIMIT_MB *= \"7\"").containsPattern("SAFE_DIRS *= \"" + cwd.resolve("sources") + "\"");
    }
}
