package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.catalog.HaltPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process killed at each step of import, clone and delete (the name claim, the entry, the
 * staging tree, the move into place, the trash, the entry's removal) leaves a datastore on
 * which list, a new import under the same name and deletes all work, with nothing left over.
 * The kill is deterministic: the worker JVM halts at the named {@link HaltPoint}.
 */
class CrashPointsIT {
    @TempDir
    Path tmp;

    private Path safe;
    private Path base;
    private Image seed;

    @BeforeEach
    void datastore() throws IOException {
        safe = Files.createDirectories(tmp.resolve("safe"));
        base = tmp.resolve("ds");
        Datastore ds = Datastore.create(base, DatastoreSpec.sharedFs("crash").safeDirs(safe.toString()));
        seed = ds.images().register(tree("seed").toString(), ImportOptions.defaults().withName("seed"));
    }

    private Path tree(String name) throws IOException {
        Path dir = Files.createDirectories(safe.resolve(name).resolve("sub"));
        Files.writeString(dir.resolve("weights.bin"), "w".repeat(10_000));
        Files.writeString(safe.resolve(name).resolve("config.json"), "{}");
        return safe.resolve(name);
    }

    private void haltAt(String step, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + HaltPoint.PROPERTY + "=" + step,
                "-cp", System.getProperty("java.class.path"), DatastoreWorker.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the worker halted at " + step + ": " + out).isEqualTo(HaltPoint.STATUS);
    }

    private void assertRecovered(String name) throws IOException {
        Datastore ds = Datastore.open(base);
        List<Image> images = ds.images().list();
        for (Image image : images) {
            if (image.id() != seed.id()) {
                ds.images().delete(image);
            }
        }
        Image again = ds.images().register(tree("again").toString(), ImportOptions.defaults().withName(name));
        assertThat(again.state()).isEqualTo(ImageState.READY);
        assertThat(again.path().resolve("sub/weights.bin")).hasSize(10_000);
        ds.images().delete(again);
        if (ds.images().find(seed.id()).isPresent()) {
            assertThat(ds.images().get(seed.id()).state()).isEqualTo(ImageState.READY);
            ds.images().delete(seed);
        }

        assertThat(ds.images().list()).isEmpty();
        assertThat(base.resolve(".virtshare/staging")).isEmptyDirectory();
        assertThat(base.resolve(".virtshare/trash")).isEmptyDirectory();
        assertThat(base.resolve(".virtshare/names")).as("no name claim is left").isEmptyDirectory();
        try (Stream<Path> top = Files.list(base)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly(".virtshare");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"name-claimed", "entry-written", "staged", "moved", "ready"})
    void killDuringImport_atEachStep_recovers(String step) throws Exception {
        haltAt("import." + step, "import", base.toString(), tree("model").toString(), "foo");

        assertRecovered("foo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"marked", "name-claimed", "entry-written", "staged", "moved", "ready"})
    void killDuringClone_atEachStep_recovers(String step) throws Exception {
        haltAt("clone." + step, "clone", base.toString(), Integer.toString(seed.id()), "copy");

        assertRecovered("copy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"marked", "trashed", "tree-removed", "entry-removed"})
    void killDuringDelete_atEachStep_recovers(String step) throws Exception {
        haltAt("delete." + step, "delete", base.toString(), Integer.toString(seed.id()));

        assertThat(Datastore.open(base).images().list()).as("the delete is finished").isEmpty();
        assertRecovered("seed");
    }
}
