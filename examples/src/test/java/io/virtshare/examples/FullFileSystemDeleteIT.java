package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LoopXfs;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Delete is what frees space, so it must work on a file system with no space left. */
@RequiresHost({HostTool.MKFS_XFS, HostTool.LOOP_DEVICE})
class FullFileSystemDeleteIT {

    /** Writes into {@code file} until the file system is full, in ever smaller pieces. */
    private static void fill(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (int size = 1 << 20; size >= 1; size >>= 1) {
                byte[] block = new byte[size];
                try {
                    while (true) {
                        out.write(block);
                        out.flush();
                    }
                } catch (IOException full) {
                    // next, a smaller piece
                }
            }
        } catch (IOException closing) {
            // the last buffered bytes found no room either
        }
    }

    @Test
    void delete_onAFullFileSystem_freesTheSpace() throws IOException {
        try (LoopXfs xfs = LoopXfs.create(320)) {
            Path src = Files.createDirectories(xfs.mountPoint().resolve("src/model"));
            byte[] weights = new byte[8 << 20];
            new Random(7).nextBytes(weights);
            Files.write(src.resolve("weights.bin"), weights);
            Datastore ds = Datastore.create(xfs.mountPoint().resolve("ds"),
                    DatastoreSpec.sharedFs("full").safeDirs(xfs.mountPoint().resolve("src").toString()));
            Image image = ds.images().register(src.toString());
            Files.write(src.resolve("weights.bin"), new byte[8 << 20]);
            Image other = ds.images().register(src.toString());
            // the images' blocks are their own (XFS reflinks copies): deleting one frees them
            Files.delete(src.resolve("weights.bin"));
            fill(xfs.mountPoint().resolve("filler"));
            assertThatThrownBy(() -> Files.writeString(xfs.mountPoint().resolve("probe"), "x".repeat(4096)))
                    .as("the file system is full").hasMessageContaining("No space left on device");
            long usedBefore = xfs.usedBytes();

            Datastore.open(ds.basePath()).images().delete(image);

            assertThat(image.path()).doesNotExist();
            assertThat(Datastore.open(ds.basePath()).images().list()).extracting(Image::id)
                    .containsExactly(other.id());
            assertThat(xfs.usedBytes()).isLessThan(usedBefore - (7 << 20));
            assertThat(ds.basePath().resolve(".virtshare/trash")).isEmptyDirectory();

            Files.delete(xfs.mountPoint().resolve("filler"));
            Files.write(src.resolve("weights.bin"), weights);
            Image again = ds.images().register(src.toString(), io.virtshare.datastore.ImportOptions.defaults()
                    .withName(image.name()));
            assertThat(again.name()).as("the deleted image's name is free again").isEqualTo(image.name());
            ds.images().delete(again);
            ds.images().delete(other);
            assertThat(ds.images().list()).isEmpty();
        }
    }
}
