package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syncing trees: one syncfs for many files on a local file system, said to the caller; file by file else. */
class TreeSyncTest {
    @TempDir
    Path root;

    @Test
    void manyFilesOnALocalFileSystem_syncTheWholeFileSystem_fewFilesOneByOne() throws IOException {
        assumeTrue(LinuxFds.available(), "the native calls are Linux-only");
        assumeTrue(Set.of("ext4", "xfs", "btrfs", "tmpfs").contains(Files.getFileStore(root).type()),
                "the temporary directory is on a local file system");
        Files.createDirectories(root.resolve("a"));
        Files.writeString(root.resolve("a/one"), "1");
        Files.writeString(root.resolve("two"), "2");

        assertThat(TreeSync.sync(root, TreeSync.SYNCFS_FROM)).isTrue();
        assertThat(TreeSync.sync(root, 2)).isFalse();
    }

    @Test
    void sameFileSystem_isTheDevice_andFalseWhenUnknown() throws IOException {
        assumeTrue(LinuxFds.available(), "the unix attribute view is looked at on Linux");
        Path sub = Files.createDirectories(root.resolve("sub"));

        assertThat(TreeSync.sameFileSystem(root, sub)).isTrue();
        assertThat(TreeSync.sameFileSystem(root, Path.of("/proc/self"))).isFalse();
        assertThat(TreeSync.sameFileSystem(root, root.resolve("missing"))).isFalse();
    }

    @Test
    void syncFile_ofALink_failsRatherThanSyncingItsTarget() throws IOException {
        assumeTrue(LinuxFds.available(), "directories and links are synced on Linux");
        Path target = Files.writeString(root.resolve("target"), "x");
        Path link = Files.createSymbolicLink(root.resolve("link"), target);

        TreeSync.syncFile(target);
        assertThatThrownBy(() -> TreeSync.syncFile(link)).isInstanceOf(IOException.class);
    }
}
