package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.Stat;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeUsageTest {
    @TempDir
    Path root;

    @Test
    void countsFilesOnceAcrossHardLinks_andLinksBySize_withoutFollowing() throws IOException {
        Files.createDirectories(root.resolve("a/b"));
        Files.write(root.resolve("a/one"), new byte[1000]);
        Files.write(root.resolve("a/b/two"), new byte[5000]);
        Files.createLink(root.resolve("a/b/two-again"), root.resolve("a/b/two"));
        Files.createSymbolicLink(root.resolve("out"), Path.of("../elsewhere"));

        TreeUsage usage = TreeUsage.of(root);

        assertThat(usage.files()).isEqualTo(2);
        assertThat(usage.apparentBytes()).isEqualTo(1000 + 5000 + "../elsewhere".length());
        assertThat(usage.allocatedBytes()).isGreaterThan(0);
        TreeUsage portable = TreeUsage.walk(root);
        assertThat(portable.files()).isEqualTo(usage.files());
        assertThat(portable.apparentBytes()).isEqualTo(usage.apparentBytes());
    }

    @Test
    void nativeStat_agreesWithTheJdk() throws IOException {
        Path file = Files.write(root.resolve("f"), new byte[12345]);

        Stat stat = LinuxFiles.lstat(file).orElseThrow();

        assertThat(stat.isRegularFile()).isTrue();
        assertThat(stat.size()).isEqualTo(12345);
        assertThat(stat.nlink()).isEqualTo(1);
        assertThat(stat.inode()).isEqualTo(((Number) Files.getAttribute(file, "unix:ino")).longValue());
        assertThat(stat.mode() & 07777).isEqualTo(((Number) Files.getAttribute(file, "unix:mode")).intValue() & 07777);
        assertThat(LinuxFiles.lstat(root).orElseThrow().isDirectory()).isTrue();
    }

    @Test
    void directoryListedInSeveralReads_countsEveryEntryOnce() throws IOException {
        // 2,000 names of ~120 bytes: about 270 KiB of directory entries, many getdents64 reads
        Path big = Files.createDirectories(root.resolve("big"));
        String padding = "n".repeat(110);
        for (int i = 0; i < 2000; i++) {
            Files.write(big.resolve(padding + i), new byte[i % 7]);
        }
        Files.createDirectories(big.resolve(padding + "dir")).resolve("inner");
        Files.write(big.resolve(padding + "dir/inner"), new byte[3]);

        TreeUsage usage = TreeUsage.of(root);

        long bytes = 0;
        for (int i = 0; i < 2000; i++) {
            bytes += i % 7;
        }
        assertThat(usage.files()).isEqualTo(2001);
        assertThat(usage.apparentBytes()).isEqualTo(bytes + 3);
        assertThat(TreeUsage.walk(root).files()).isEqualTo(2001);
    }

    @Test
    void flatTree_measuredOnTheCallersThread_andDeepWideTree_onTheWalkers_agreeWithTheJdkWalk() throws IOException {
        Path flat = Files.createDirectories(root.resolve("flat"));
        Files.write(flat.resolve("only"), new byte[777]);
        Path deep = Files.createDirectories(root.resolve("deep"));
        Path chain = deep;
        for (int depth = 0; depth < 300; depth++) {
            chain = Files.createDirectories(chain.resolve("d"));
            Files.write(chain.resolve("f"), new byte[depth]);
            for (int wide = 0; wide < (depth % 50 == 0 ? 40 : 0); wide++) {
                Files.write(Files.createDirectories(chain.resolve("w" + wide)).resolve("g"), new byte[wide]);
            }
        }

        for (Path tree : new Path[] {flat, deep}) {
            TreeUsage usage = TreeUsage.of(tree);
            TreeUsage portable = TreeUsage.walk(tree);
            assertThat(usage.files()).as(tree.toString()).isEqualTo(portable.files());
            assertThat(usage.apparentBytes()).as(tree.toString()).isEqualTo(portable.apparentBytes());
        }
        assertThat(TreeUsage.of(flat).files()).isEqualTo(1);
        assertThat(TreeUsage.of(deep).files()).isEqualTo(300 + 6 * 40);
    }
}
