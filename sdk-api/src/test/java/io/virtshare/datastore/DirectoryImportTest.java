package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory imports follow the archive rules and fail in one clear line, keeping nothing. */
class DirectoryImportTest {
    @TempDir
    Path tmp;

    private Path safe;
    private Path base;
    private Datastore ds;

    @BeforeEach
    void datastore() throws IOException {
        safe = Files.createDirectories(tmp.resolve("safe"));
        base = tmp.resolve("ds");
        ds = Datastore.create(base, DatastoreSpec.sharedFs("models").safeDirs(safe.toString()).restrictedDirs("/"));
    }

    private void assertNothingKept() throws IOException {
        assertThat(ds.images().list()).isEmpty();
        assertThat(base.resolve(".virtshare/staging")).isEmptyDirectory();
        try (Stream<Path> top = Files.list(base)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly(".virtshare");
        }
    }

    @Test
    void register_ofATreeWithALinkOutOfIt_isRefusedAsAnArchiveWouldBe() throws IOException {
        Path model = Files.createDirectories(safe.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}");
        Files.createSymbolicLink(model.resolve("passwords"), Path.of("../../../../../../etc/shadow"));

        assertThatThrownBy(() -> ds.images().register(model.toString()))
                .isInstanceOf(DatastoreException.class)
                .hasMessageContaining("'passwords' refused")
                .hasMessageContaining("only relative links inside the tree are kept")
                .hasMessageNotContaining("\n");
        assertNothingKept();
    }

    @Test
    void register_ofANameThatIsNotUtf8_namesItInOneLine() throws IOException {
        Path model = Files.createDirectories(safe.resolve("model"));
        byte[] name = (model + "/r_sum_").getBytes(StandardCharsets.UTF_8);
        name[name.length - 1] = (byte) 0xe9; // Latin-1 "résumé"
        name[name.length - 5] = (byte) 0xe9;
        LinuxFds.close(LinuxFds.createFile(LinuxFds.AT_FDCWD, name, 0644));

        assertThatThrownBy(() -> ds.images().register(model.toString()))
                .isInstanceOf(DatastoreException.class)
                .hasMessageContaining("'r\\xe9sum\\xe9' refused: its name is not valid UTF-8")
                .hasMessageNotContaining("\n");
        assertNothingKept();
    }
}
