package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A create either makes a whole datastore or leaves nothing of one. */
class DatastoreCreateTest {
    @TempDir
    Path tmp;

    @Test
    void create_whenTheCatalogCannotBeMade_writesNoTemplate() throws IOException {
        Path base = Files.createDirectories(tmp.resolve("ds"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("keep"), "x");
        Files.createDirectories(base.resolve(".virtshare"));
        Files.createSymbolicLink(base.resolve(".virtshare/images"), elsewhere);

        assertThatThrownBy(() -> Datastore.create(base, DatastoreSpec.sharedFs("broken")))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("symbolic link");

        assertThat(Datastore.exists(base)).as("a datastore without its catalog is no datastore").isFalse();
        assertThat(base.resolve(".virtshare/datastore.conf")).doesNotExist();
        assertThat(elsewhere.resolve("keep")).hasContent("x");
        assertThatThrownBy(() -> Datastore.open(base)).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("no datastore at " + base);
    }

    @Test
    void create_whenItFails_removesOnlyTheEmptyDirectoriesItMade() throws IOException {
        Path base = tmp.resolve("new/nested/ds");
        Path blocker = Files.createDirectories(tmp.resolve("new/nested"));
        Files.writeString(blocker.resolve("ds"), "a file where BASE_PATH should be");

        assertThatThrownBy(() -> Datastore.create(base, DatastoreSpec.sharedFs("blocked")))
                .isInstanceOf(DatastoreException.class).hasMessageContaining(base.toString());

        assertThat(base).hasContent("a file where BASE_PATH should be");
        try (Stream<Path> left = Files.list(blocker)) {
            assertThat(left).containsExactly(base);
        }
    }

    @Test
    void create_overADatastore_refusesAndKeepsIt() throws IOException {
        Path base = tmp.resolve("ds");
        Datastore first = Datastore.create(base, DatastoreSpec.sharedFs("first"));
        String template = Files.readString(base.resolve(".virtshare/datastore.conf"));

        assertThatThrownBy(() -> Datastore.create(base, DatastoreSpec.sharedFs("second")))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("already holds a datastore");

        assertThat(base.resolve(".virtshare/datastore.conf")).hasContent(template);
        assertThat(Datastore.open(base).template()).isEqualTo(first.template());
    }

    @Test
    void create_leavesNoTemporaryFiles() throws IOException {
        Path base = tmp.resolve("ds");
        Datastore.create(base, DatastoreSpec.sharedFs("clean"));
        try (Stream<Path> meta = Files.list(base.resolve(".virtshare"))) {
            assertThat(meta.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }
}
