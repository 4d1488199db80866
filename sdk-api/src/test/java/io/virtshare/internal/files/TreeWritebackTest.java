package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new tree of many files is written back while it is written: every {@link TreeWriteback#FILES}
 * files or {@link Writeback#CHUNK} bytes, once it has {@link TreeSync#SYNCFS_FROM} files, and
 * only where its final sync is one {@code syncfs}.
 */
class TreeWritebackTest {
    @TempDir
    Path root;

    @Test
    void everyFilesOrChunk_fromSyncfsFrom_flushesTheFileSystem() throws Exception {
        assumeLocal();
        TreeWriteback writeback = new TreeWriteback(root);
        for (long i = 1; i < TreeWriteback.FILES; i++) {
            writeback.written(2048);
        }
        Thread.sleep(100);
        assertThat(writeback.flushes()).as("fewer files than FILES: nothing yet").isZero();

        writeback.written(2048);
        awaitFlushes(writeback, 1);

        TreeWriteback large = new TreeWriteback(root);
        for (long i = 1; i < TreeSync.SYNCFS_FROM; i++) {
            large.written(Writeback.CHUNK);
        }
        Thread.sleep(100);
        assertThat(large.flushes()).as("many bytes in fewer than SYNCFS_FROM files: synced file by file at the end")
                .isZero();
        large.written(1);
        awaitFlushes(large, 1);
    }

    @Test
    void manyWriters_queueAtMostOneFlushAtATime_andFlushAgainLater() throws Exception {
        assumeLocal();
        TreeWriteback writeback = new TreeWriteback(root);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread w = new Thread(() -> {
                for (int i = 0; i < 2_500; i++) {
                    writeback.written(4096);
                }
            });
            w.start();
            writers.add(w);
        }
        for (Thread w : writers) {
            w.join();
        }
        awaitFlushes(writeback, 1);
        long flushes = writeback.flushes();
        assertThat(flushes).as("20,000 files: at most one flush per FILES of them").isBetween(1L,
                20_000 / TreeWriteback.FILES);
        for (long i = 0; i < TreeWriteback.FILES; i++) {
            writeback.written(1);
        }
        awaitFlushes(writeback, flushes + 1);
    }

    @Test
    void aTreeNotSyncedAsAWhole_isNeverFlushed() throws Exception {
        assumeTrue(LinuxFds.available(), "the native calls are Linux-only");
        TreeWriteback gone = new TreeWriteback(root.resolve("missing"));
        for (long i = 0; i < 3 * TreeWriteback.FILES; i++) {
            gone.written(1);
        }
        Thread.sleep(200);
        assertThat(gone.flushes()).as("a tree whose file system cannot be told: its final sync decides").isZero();
    }

    private void assumeLocal() throws IOException {
        boolean local = LinuxFds.available() && Set.of("ext4", "xfs", "btrfs", "tmpfs")
                .contains(Files.getFileStore(root).type());
        if (Boolean.getBoolean("virtshare.it.required")) {
            assertThat(local).as("the temporary directory of CI is on a local file system, %s", root).isTrue();
        }
        assumeTrue(local, "the temporary directory is not on a local file system that syncfs writes back");
    }

    private static void awaitFlushes(TreeWriteback writeback, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (writeback.flushes() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(writeback.flushes()).as("flushes done").isGreaterThanOrEqualTo(atLeast);
    }
}
