package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote sources go through the SourceImporter found by ServiceLoader (fake:// in tests). */
class SourceImporterTest {
    @TempDir
    Path tmp;

    private Datastore ds;

    @BeforeEach
    void datastore() {
        ds = Datastore.create(tmp.resolve("ds"), DatastoreSpec.sharedFs("remote"));
    }

    @Test
    void importer_isFoundAndItsCommitRecorded() throws IOException {
        Image image = ds.images().register("fake://ok/tiny-model@main");

        assertThat(image.state()).isEqualTo(ImageState.READY);
        assertThat(image.name()).isEqualTo("tiny-model");
        assertThat(image.commit()).hasValue("0123456789abcdef0123456789abcdef01234567");
        assertThat(image.path().resolve("README.md")).hasContent("from fake://ok/tiny-model@main");
        assertThat(ds.images().clone(image, "copy").commit()).isEqualTo(image.commit());
    }

    @Test
    void importerFailure_leavesNothing() {
        assertThatThrownBy(() -> ds.images().register("fake://fail/x")).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("the fake server said no");
        assertThat(ds.images().list()).isEmpty();
        assertThat(tmp.resolve("ds/.virtshare/staging")).isEmptyDirectory();
    }

    @Test
    void importer_isGivenTheLimit() {
        Datastore limited = ds.update(ds.spec().toBuilder().limitMb(5).build());

        assertThatThrownBy(() -> limited.images().register("fake://big/x")).hasMessageContaining("LIMIT_MB = 5");
    }

    /**
     * An importer that writes past the limit is stopped once the tree is measured (while it is
     * synced), and leaves no image, staging tree or content record.
     */
    @Test
    void importerWritingPastTheLimit_isRefused_andLeavesNothing() throws IOException {
        Datastore limited = ds.update(ds.spec().toBuilder().limitMb(5).build());

        assertThatThrownBy(() -> limited.images().register("fake://greedy/x")).isInstanceOf(DatastoreException.class)
                .hasMessageContaining("needs 6291476 bytes").hasMessageContaining("LIMIT_MB = 5");

        assertThat(limited.images().list()).isEmpty();
        assertThat(tmp.resolve("ds/.virtshare/staging")).isEmptyDirectory();
        try (var left = Files.list(tmp.resolve("ds/.virtshare/contents"))) {
            assertThat(left).as("content records").isEmpty();
        }
        Image fits = ds.images().register("fake://greedy/y");
        assertThat(fits.files()).isEqualTo(3);   // README.md, a.bin, b.bin
    }

    @Test
    void virtioFs_refusesRemoteSources() {
        Datastore fs = Datastore.create(tmp.resolve("fs"), DatastoreSpec.virtioFs("fs").tmMad("local"));

        assertThatThrownBy(() -> fs.images().register("fake://ok/x")).isInstanceOf(UnsupportedSourceException.class)
                .hasMessageContaining("use a SharedFS datastore");
    }

    @Test
    void operations_virtioFsRefusesWhatOpenNebulaRefuses() {
        Datastore fs = Datastore.create(tmp.resolve("fs2"), DatastoreSpec.virtioFs("fs").tmMad("local"));

        for (ImageOperation op : ImageOperation.values()) {
            assertThat(ds.supports(op)).as(op.name()).isTrue();
            assertThat(fs.supports(op)).as(op.name()).isFalse();
            assertThatThrownBy(() -> fs.requireSupported(op)).isInstanceOf(DatastoreException.class)
                    .hasMessageContaining(op.description()).hasMessageContaining("SharedFS");
        }
    }
}
