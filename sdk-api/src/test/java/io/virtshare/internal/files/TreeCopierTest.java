package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.progress.ProgressListener;
import io.virtshare.internal.nativeio.LinuxFds;
import io.virtshare.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TreeCopierTest {
    @TempDir
    Path tmp;

    @Test
    void copy_keepsContentModesTimesLinks() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("sub"));
        byte[] data = new byte[3 << 20];
        new Random(1).nextBytes(data);
        Path big = Files.write(src.resolve("sub/big.bin"), data);
        Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(big, FileTime.fromMillis(1_600_000_000_000L));
        Files.write(tmp.resolve("src/empty"), new byte[0]);
        Files.createSymbolicLink(tmp.resolve("src/link"), Path.of("sub/big.bin"));
        Files.setPosixFilePermissions(src.resolve("sub"), PosixFilePermissions.fromString("rwx------"));

        CopyResult result = TreeCopier.copy(tmp.resolve("src"), tmp.resolve("dst"), Long.MAX_VALUE, "limit",
                ProgressListener.NONE, Cancellation.none());

        Path copy = tmp.resolve("dst/sub/big.bin");
        assertThat(Files.readAllBytes(copy)).isEqualTo(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(copy).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(tmp.resolve("dst/empty")).isEmptyFile();
        assertThat(Files.readSymbolicLink(tmp.resolve("dst/link"))).hasToString("sub/big.bin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("dst/sub"))))
                .isEqualTo("rwx------");
        assertThat(result.files()).isEqualTo(2);
        assertThat(result.bytes()).isEqualTo(3 << 20);
        assertThat(result.symlinks()).isEqualTo(1);
    }

    @Test
    void copy_underADefaultAclThatTakesBits_keepsEveryMode() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        String[] modes = {"rw-r--r--", "rwxr-xr-x", "rw-------", "rw-rw-rw-"};
        for (int i = 0; i < 200; i++) {
            Path file = Files.write(src.resolve("f" + i), new byte[] {(byte) i});
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(modes[i % modes.length]));
        }
        Path parent = Files.createDirectories(tmp.resolve("acl"));
        DefaultAcl.set(parent, 7, 5, 0);   // new files get no bit for others: the modes must be set again

        TreeCopier.copy(src, parent.resolve("dst"), Long.MAX_VALUE, "limit", ProgressListener.NONE,
                Cancellation.none());

        for (int i = 0; i < 200; i++) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent.resolve("dst/f" + i))))
                    .as("f%d", i).isEqualTo(modes[i % modes.length]);
        }
    }

    @Test
    void copy_overTheLimit_removesTheTarget() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("a"), new byte[1000]);

        assertThatThrownBy(() -> TreeCopier.copy(src, tmp.resolve("dst"), 999, "LIMIT_MB = 0.001",
                ProgressListener.NONE, Cancellation.none()))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("LIMIT_MB = 0.001");
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @Test
    void copy_cancelled_removesTheTarget() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("a"), new byte[10]);
        Cancellation cancel = new Cancellation();
        cancel.cancel();

        assertThatThrownBy(() -> TreeCopier.copy(src, tmp.resolve("dst"), Long.MAX_VALUE, "limit",
                ProgressListener.NONE, cancel)).isInstanceOf(OperationCancelledException.class);
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    /** What a test does to the source between the scan and the copy. */
    private interface Change {
        void apply() throws IOException;
    }

    private CopyResult copy(Path src, Change afterScan) {
        return TreeCopier.copy(src, tmp.resolve("dst"), Long.MAX_VALUE, "limit", ProgressListener.NONE,
                Cancellation.none(), () -> {
                    try {
                        afterScan.apply();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private Path sourceWithSubdirectory() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(src.resolve("secret"), "harmless");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "root only");
        return tmp.resolve("src");
    }

    @Test
    void copy_whenADirectoryBecomesALinkAfterTheScan_followsNothingAndKeepsNothing() throws IOException {
        Path src = sourceWithSubdirectory();

        assertThatThrownBy(() -> copy(src, () -> {
            Files.move(src.resolve("sub"), tmp.resolve("moved"));
            Files.createSymbolicLink(src.resolve("sub"), tmp.resolve("outside"));
        })).isInstanceOf(DatastoreException.class).hasMessageContaining("'sub' changed while it was copied");
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @Test
    void copy_whenAComponentAboveTheSourceIsALink_followsNothing() throws IOException {
        sourceWithSubdirectory();
        Files.createSymbolicLink(tmp.resolve("swapped"), tmp);

        assertThatThrownBy(() -> copy(tmp.resolve("swapped/src"), () -> { }))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("changed before it was copied")
                .hasMessageContaining("swapped is no longer a directory");
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @Test
    void copy_whenAFileBecomesALinkAfterTheScan_followsNothing() throws IOException {
        Path src = sourceWithSubdirectory();

        assertThatThrownBy(() -> copy(src, () -> {
            Files.delete(src.resolve("sub/secret"));
            Files.createSymbolicLink(src.resolve("sub/secret"), tmp.resolve("outside/secret"));
        })).isInstanceOf(DatastoreException.class).hasMessageContaining("changed while it was copied");
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a file written to, write",
        "a file added, add",
        "a file removed, remove",
        "a file renamed, rename",
    })
    void copy_whenTheSourceChangesAfterTheScan_failsAndKeepsNothing(String what, String change) throws IOException {
        Path src = sourceWithSubdirectory();
        Files.writeString(src.resolve("top"), "v1");

        assertThatThrownBy(() -> copy(src, () -> {
            switch (change) {
                case "write" -> Files.writeString(src.resolve("sub/secret"), "changed!");
                case "add" -> Files.writeString(src.resolve("sub/new"), "x");
                case "remove" -> Files.delete(src.resolve("top"));
                default -> Files.move(src.resolve("top"), src.resolve("sub/top"));
            }
        })).isInstanceOf(DatastoreException.class).hasMessageContaining("changed while it was copied")
                .hasMessageContaining("nothing was kept");
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "up, ..",
        "out, ../outside/secret",
        "deep/out, ../../outside",
        "absolute, /etc/passwd",
        "chain, sub/hop/../../..",
        "via, viaLink/..",
    })
    void copy_refusesLinksLeavingTheTree_asArchivesDo(String name, String target) throws IOException {
        Path src = sourceWithSubdirectory();
        Files.createDirectories(src.resolve("deep"));
        Files.createSymbolicLink(src.resolve("sub/hop"), Path.of("."));
        Files.createSymbolicLink(src.resolve("viaLink"), Path.of(".."));
        if (!name.equals("via")) {
            Files.createSymbolicLink(src.resolve(name), Path.of(target));
        }

        assertThatThrownBy(() -> copy(src, () -> { }))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("refused")
                .hasMessageContaining("only relative links inside the tree are kept");
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @Test
    void copy_keepsLinksThatStayInside_evenThroughOtherLinks() throws IOException {
        Path src = sourceWithSubdirectory();
        Files.createSymbolicLink(src.resolve("sub/hop"), Path.of("."));
        Files.createSymbolicLink(src.resolve("alias"), Path.of("sub/hop/hop/secret"));
        Files.createSymbolicLink(src.resolve("sub/up"), Path.of("../sub"));
        Files.createSymbolicLink(src.resolve("dangling"), Path.of("sub/missing"));

        CopyResult result = copy(src, () -> { });

        assertThat(result.symlinks()).isEqualTo(4);
        assertThat(tmp.resolve("dst/alias")).hasContent("harmless");
    }

    @Test
    void copy_ofAFileOverSeveralWritebackChunks_arrivesWhole() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        long size = 2 * io.virtshare.internal.nativeio.LinuxFds.WRITEBACK_CHUNK + 12_345;
        byte[] block = new byte[1 << 20];
        java.util.Random random = new java.util.Random(5);
        java.security.MessageDigest expected = sha256();
        try (FileChannel ch = FileChannel.open(src.resolve("big"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; ) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, size - done);
                ch.write(ByteBuffer.wrap(block, 0, n));
                expected.update(block, 0, n);
                done += n;
            }
        }

        CopyResult result = copy(src, () -> { });

        Path copy = tmp.resolve("dst/big");
        assertThat(result.bytes()).isEqualTo(size);
        assertThat(Files.size(copy)).isEqualTo(size);
        java.security.MessageDigest actual = sha256();
        try (java.io.InputStream in = Files.newInputStream(copy)) {
            for (int n; (n = in.read(block)) > 0; ) {
                actual.update(block, 0, n);
            }
        }
        assertThat(actual.digest()).isEqualTo(expected.digest());
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void copy_keepsHolesInSparseFiles() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        long size = 64L << 20;
        try (FileChannel ch = FileChannel.open(src.resolve("sparse"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("head".getBytes(StandardCharsets.UTF_8)), 0);
            ch.write(ByteBuffer.wrap("tail".getBytes(StandardCharsets.UTF_8)), size - 4);
        }
        long sourceAllocated = LinuxFiles.allocatedBytes(src.resolve("sparse")).orElseThrow();

        copy(src, () -> { });

        Path copy = tmp.resolve("dst/sparse");
        assertThat(Files.size(copy)).isEqualTo(size);
        assertThat(LinuxFiles.allocatedBytes(copy).orElseThrow()).isLessThanOrEqualTo(Math.max(sourceAllocated,
                1L << 20));
        try (FileChannel ch = FileChannel.open(copy)) {
            ByteBuffer head = ByteBuffer.allocate(4);
            ch.read(head, 0);
            ByteBuffer tail = ByteBuffer.allocate(4);
            ch.read(tail, size - 4);
            ByteBuffer middle = ByteBuffer.allocate(4);
            ch.read(middle, size / 2);
            assertThat(new String(head.array(), StandardCharsets.UTF_8)).isEqualTo("head");
            assertThat(new String(tail.array(), StandardCharsets.UTF_8)).isEqualTo("tail");
            assertThat(middle.array()).containsOnly(0);
        }
    }

    @Test
    void copy_keepsHolesInSmallFiles_andTheSizeOfOneThatEndsInAHole() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(src.resolve("all-hole").toFile(), "rw")) {
            file.setLength(64 << 10);
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(src.resolve("head-then-hole").toFile(),
                "rw")) {
            file.write(new byte[] {1, 2, 3, 4});
            file.setLength(512 << 10);
        }
        try (FileChannel ch = FileChannel.open(src.resolve("hole-then-tail"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("tail".getBytes(StandardCharsets.UTF_8)), (1 << 20) - 4);
        }

        copy(src, () -> { });

        for (String name : new String[] {"all-hole", "head-then-hole", "hole-then-tail"}) {
            Path original = src.resolve(name);
            Path copy = tmp.resolve("dst").resolve(name);
            assertThat(Files.size(copy)).as(name).isEqualTo(Files.size(original));
            assertThat(Files.mismatch(original, copy)).as(name).isEqualTo(-1);
            assertThat(LinuxFiles.allocatedBytes(copy).orElseThrow()).as(name + " stays sparse")
                    .isLessThanOrEqualTo(LinuxFiles.allocatedBytes(original).orElseThrow() + (16 << 10));
        }
    }

    @Test
    void copy_ofFilesAroundABlockAndTheOneRangeLimit_arrivesWhole() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Random random = new Random(9);
        int[] sizes = {1, 4095, 4096, 4097, 65_537, 1 << 20, (1 << 20) + 1};
        for (int size : sizes) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Files.write(src.resolve("sub/f" + size), data);
        }

        CopyResult result = copy(src, () -> { });

        assertThat(result.files()).isEqualTo(sizes.length);
        for (int size : sizes) {
            assertThat(Files.mismatch(src.resolve("sub/f" + size), tmp.resolve("dst/sub/f" + size)))
                    .as("file of %d bytes", size).isEqualTo(-1);
        }
    }

    @Test
    void copy_keepsNoOwnerSpecialBitsOrExtendedAttributes() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path file = Files.writeString(src.resolve("f"), "x");
        Files.setAttribute(file, "unix:mode", 04755 | 02000);
        Files.setAttribute(src, "unix:mode", 01777);
        java.nio.file.attribute.UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(file,
                java.nio.file.attribute.UserDefinedFileAttributeView.class);
        xattrs.write("origin", ByteBuffer.wrap("elsewhere".getBytes(StandardCharsets.UTF_8)));

        copy(src, () -> { });

        Path copy = tmp.resolve("dst/f");
        assertThat(((Number) Files.getAttribute(copy, "unix:mode")).intValue() & 07777).isEqualTo(0755);
        assertThat(((Number) Files.getAttribute(tmp.resolve("dst"), "unix:mode")).intValue() & 07777)
                .isEqualTo(0777);
        assertThat(Files.getFileAttributeView(copy, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .list()).isEmpty();
    }

    @Test
    void copy_refusesANameThatIsNotUtf8_namingIt() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        byte[] name = (src + "/caf_").getBytes(StandardCharsets.UTF_8);
        name[name.length - 1] = (byte) 0xe9; // Latin-1 "café"
        int fd = LinuxFds.createFile(LinuxFds.AT_FDCWD, name, 0644);
        LinuxFds.close(fd);

        assertThatThrownBy(() -> copy(tmp.resolve("src"), () -> { }))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("'sub/caf\\xe9' refused")
                .hasMessageContaining("not valid UTF-8").hasMessageContaining("rename it to UTF-8");
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @Test
    void copyUsageAndDelete_walk1500LevelsWithoutRecursion() throws IOException {
        Path src = tmp.resolve("src");
        Path deepest = src;
        for (int i = 0; i < 1500; i++) {
            deepest = deepest.resolve("d");
        }
        Files.createDirectories(deepest);
        Files.writeString(deepest.resolve("f"), "bottom");

        CopyResult result = copy(src, () -> { });
        TreeUsage usage = TreeUsage.of(tmp.resolve("dst"));
        TreeDeleter.delete(tmp.resolve("dst"));
        TreeDeleter.delete(src); // JUnit's own clean-up takes minutes at this depth

        assertThat(result.directories()).isEqualTo(1500);
        assertThat(usage.files()).isEqualTo(1);
        assertThat(tmp.resolve("dst")).doesNotExist();
    }

    @Test
    void copy_whoseCopyWouldExceedPathMax_isRefusedClearly() throws IOException {
        String longName = "0123456789".repeat(19);
        Path deep = tmp;
        for (int i = 0; i < 20; i++) {
            deep = deep.resolve(longName);
        }
        Path target = Files.createDirectories(deep);
        Path src = Files.createDirectories(tmp.resolve("src").resolve(longName).resolve(longName));
        Files.writeString(src.resolve("f"), "x");

        assertThatThrownBy(() -> TreeCopier.copy(tmp.resolve("src"), target.resolve("dst"), Long.MAX_VALUE, "limit",
                ProgressListener.NONE, Cancellation.none()))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("longer than 4095 bytes")
                .hasMessageContaining("nested too deep");
        assertThat(target.resolve("dst")).doesNotExist();
    }
}
