package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LoopXfs;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On XFS with reflink, register and clone share blocks instead of copying them; from another
 * file system, where no reflink can be made, every file is copied.
 */
@RequiresHost({HostTool.MKFS_XFS, HostTool.LOOP_DEVICE})
class ReflinkCloneIT {
    @TempDir
    Path tmp;

    @Test
    void cloneOnXfs_sharesBlocks() throws IOException {
        try (LoopXfs xfs = LoopXfs.create(1024)) {
            Path src = Files.createDirectories(xfs.mountPoint().resolve("src/model"));
            byte[] block = new byte[1 << 20];
            new Random(5).nextBytes(block);
            for (int i = 0; i < 4; i++) {
                try (var out = Files.newOutputStream(src.resolve("part-" + i))) {
                    for (int j = 0; j < 64; j++) {
                        out.write(block);
                    }
                }
            }
            Datastore ds = Datastore.create(xfs.mountPoint().resolve("ds"),
                    DatastoreSpec.sharedFs("xfs").safeDirs(xfs.mountPoint().resolve("src").toString()));
            long before = xfs.usedBytes();

            Image image = ds.images().register(src.toString());
            Image clone = ds.images().clone(image, "copy");

            long grown = xfs.usedBytes() - before;
            assertThat(clone.apparentBytes()).isEqualTo(256L << 20);
            assertThat(Files.mismatch(src.resolve("part-3"), clone.path().resolve("part-3"))).isEqualTo(-1);
            assertThat(grown).as("two reflinked copies of 256 MiB take (almost) no new blocks")
                    .isLessThan(32L << 20);
        }
    }

    @Test
    void registerFromAnotherFileSystem_copiesEveryFile_keepingHoles() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("model"));
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[1 + random.nextInt(70_000)];
            random.nextBytes(data);
            Files.write(Files.createDirectories(src.resolve("d" + i % 4)).resolve("f" + i), data);
        }
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(src.resolve("sparse").toFile(), "rw")) {
            sparse.write(new byte[] {9});
            sparse.setLength(8L << 20);
        }
        try (LoopXfs xfs = LoopXfs.create(1024)) {
            Datastore ds = Datastore.create(xfs.mountPoint().resolve("ds"),
                    DatastoreSpec.sharedFs("xfs").safeDirs(tmp.toString()));
            long before = xfs.usedBytes();

            Image image = ds.images().register(src.toString());

            for (int i = 0; i < 40; i++) {
                String name = "d" + i % 4 + "/f" + i;
                assertThat(Files.mismatch(src.resolve(name), image.path().resolve(name))).as(name).isEqualTo(-1);
            }
            assertThat(Files.mismatch(src.resolve("sparse"), image.path().resolve("sparse"))).isEqualTo(-1);
            assertThat(xfs.usedBytes() - before).as("the copy of an 8 MiB file of one byte stays sparse")
                    .isLessThan(6L << 20);
        }
    }
}
