package io.virtshare.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.ArchiveRejectedException;
import io.virtshare.internal.files.DefaultAcl;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SafeExtractorTest {
    private static final ExtractionLimits LIMITS = ExtractionLimits.of(16 << 20, 10_000, "the test limit");

    @TempDir
    Path base;

    private Path out() {
        return base.resolve("out");
    }

    private ExtractionResult extract(Path archive) {
        return SafeExtractor.extract(archive, out(), LIMITS, ProgressListener.NONE, Cancellation.none());
    }

    private static TarBuilder sampleTree(boolean hardlink) {
        TarBuilder tree = new TarBuilder()
                .dir("model/")
                .file("model/config.json", 0644, "{\"layers\":2}".getBytes())
                .file("model/run.sh", 0755, "#!/bin/sh\n".getBytes())
                .dir("model/weights/")
                .file("model/weights/part-0", 0600, new byte[] {1, 2, 3})
                .symlink("model/latest", "weights/part-0");
        return hardlink ? tree.hardlink("model/weights/part-0.bak", "model/weights/part-0") : tree;
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void extract_everyFormat_givesTheSameTree(ArchiveFormat format) throws IOException {
        Path archive = sampleTree(format != ArchiveFormat.ZIP).write(base.resolve("archive.bin"), format);

        ExtractionResult result = extract(archive);

        assertThat(result.format()).isEqualTo(format);
        assertThat(out().resolve("model/config.json")).hasContent("{\"layers\":2}");
        assertThat(Files.readAllBytes(out().resolve("model/weights/part-0"))).containsExactly(1, 2, 3);
        assertThat(Files.isSymbolicLink(out().resolve("model/latest"))).isTrue();
        assertThat(Files.readSymbolicLink(out().resolve("model/latest"))).hasToString("weights/part-0");
        assertThat(Files.readAllBytes(out().resolve("model/latest"))).containsExactly(1, 2, 3);
        assertThat(perms("model/run.sh")).isEqualTo("rwxr-xr-x");
        assertThat(perms("model/weights/part-0")).isEqualTo("rw-------");
        assertThat(result.bytes()).isEqualTo(12 + 10 + 3);
        if (format != ArchiveFormat.ZIP) {
            assertThat(Files.getAttribute(out().resolve("model/weights/part-0.bak"), "unix:ino"))
                    .isEqualTo(Files.getAttribute(out().resolve("model/weights/part-0"), "unix:ino"));
            assertThat(Files.getLastModifiedTime(out().resolve("model/config.json")).toMillis())
                    .isEqualTo(1_700_000_000_000L);
        }
    }

    private String perms(String relative) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(out().resolve(relative),
                LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void modes_followTheDataFilter() throws IOException {
        Path archive = new TarBuilder()
                .file("setuid", 04755, new byte[0])
                .file("world-writable", 0666, new byte[0])
                .file("no-owner-bits", 0044, new byte[0])
                .file("group-exec-only", 0610, new byte[0])
                .write(base.resolve("a.tar"), ArchiveFormat.TAR);

        extract(archive);

        assertThat(perms("setuid")).isEqualTo("rwxr-xr-x");
        assertThat(perms("world-writable")).isEqualTo("rw-r--r--");
        assertThat(perms("no-owner-bits")).isEqualTo("rw-r--r--");
        assertThat(perms("group-exec-only")).isEqualTo("rw-------");
    }

    @Test
    void modes_underADefaultAclThatTakesBits_areStillTheArchives() throws IOException {
        DefaultAcl.set(base, 7, 5, 0);   // new files get no bit for others: the modes must be set again
        TarBuilder tar = new TarBuilder().dir("m/");
        for (int i = 0; i < 300; i++) {   // small files, written by the parallel writer
            tar.file("m/f" + i, i % 3 == 0 ? 0644 : i % 3 == 1 ? 0755 : 0600, new byte[] {(byte) i});
        }

        extract(tar.write(base.resolve("a.tar"), ArchiveFormat.TAR));

        for (int i = 0; i < 300; i++) {
            assertThat(perms("m/f" + i)).as("m/f%d", i)
                    .isEqualTo(i % 3 == 0 ? "rw-r--r--" : i % 3 == 1 ? "rwxr-xr-x" : "rw-------");
        }
        assertThat(perms("m")).as("a directory gets the default mode, as ever").isEqualTo("rwxr-x---");
    }

    @Test
    void absoluteNames_landInsideWithTheSlashStripped() throws IOException {
        Path archive = new TarBuilder().file("/etc/evil", "x").write(base.resolve("a.tar"), ArchiveFormat.TAR);

        extract(archive);

        assertThat(out().resolve("etc/evil")).hasContent("x");
    }

    @Test
    void dotDotInsideTheTree_isResolvedLexically() throws IOException {
        Path archive = new TarBuilder().file("a/../b", "x").write(base.resolve("a.tar"), ArchiveFormat.TAR);

        extract(archive);

        assertThat(out().resolve("b")).hasContent("x");
    }

    @Test
    void aFileOverSeveralWritebackChunks_isExtractedWhole() throws IOException {
        byte[] big = new byte[(int) (2 * io.virtshare.internal.files.Writeback.CHUNK + 4_321)];
        new java.util.Random(3).nextBytes(big);
        Path archive = new TarBuilder().file("weights.bin", 0644, big).write(base.resolve("big.tar"),
                ArchiveFormat.TAR);

        SafeExtractor.extract(archive, out(), ExtractionLimits.of(256 << 20, 10, "the test limit"),
                ProgressListener.NONE, Cancellation.none());

        assertThat(Files.readAllBytes(out().resolve("weights.bin"))).isEqualTo(big);
    }

    @Test
    void laterEntry_replacesAnEarlierFileOfTheSameName() throws IOException {
        Path archive = new TarBuilder().file("f", "one").file("f", "two").write(base.resolve("a.tar"),
                ArchiveFormat.TAR);

        extract(archive);

        assertThat(out().resolve("f")).hasContent("two");
    }

    /**
     * Small files are written by workers in batches: names repeated inside the batch still being
     * filled and across batches already handed over, a hard link to a file of the batch still
     * being filled, a file larger than a batch's bytes and an empty one all come out as the
     * archive says, each with its own mode and time.
     */
    @Test
    void manySmallFiles_writtenInBatches_keepOrderContentModeAndTime() throws IOException {
        TarBuilder tar = new TarBuilder();
        int count = ParallelWriter.BATCH_FILES * 5 + 3;
        for (int i = 0; i < count; i++) {
            tar.file("d" + i % 3 + "/f" + i, i % 2 == 0 ? 0644 : 0755, ("file " + i).getBytes());
        }
        tar.file("d1/f1", 0600, "again in a later batch".getBytes());
        tar.file("d1/new", 0644, "first".getBytes()).file("d1/new", 0640, "second, same batch".getBytes());
        tar.hardlink("d2/link", "d1/new");
        byte[] large = new byte[ParallelWriter.BATCH_BYTES + 1];
        new Random(7).nextBytes(large);
        tar.file("d2/large", 0644, large).file("d2/empty", 0644, new byte[0]);
        Path archive = tar.write(base.resolve("a.tar"), ArchiveFormat.TAR);

        ExtractionResult result = extract(archive);

        for (int i = 0; i < count; i++) {
            Path f = out().resolve("d" + i % 3 + "/f" + i);
            if (i == 1) {
                assertThat(f).hasContent("again in a later batch");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                continue;
            }
            assertThat(f).hasContent("file " + i);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .isEqualTo(i % 2 == 0 ? "rw-r--r--" : "rwxr-xr-x");
            assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(1_700_000_000_000L);
        }
        assertThat(out().resolve("d1/new")).hasContent("second, same batch");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out().resolve("d1/new"))))
                .isEqualTo("rw-r-----");
        assertThat(out().resolve("d2/link")).hasContent("second, same batch");
        assertThat(Files.isSameFile(out().resolve("d2/link"), out().resolve("d1/new"))).isTrue();
        assertThat(Files.readAllBytes(out().resolve("d2/large"))).isEqualTo(large);
        assertThat(out().resolve("d2/empty")).isEmptyFile();
        assertThat(result.files()).isEqualTo(count + 1 + 2 + 2);
    }

    static Stream<Arguments> hostileArchives() {
        return Stream.of(
                Arguments.of("traversal", new TarBuilder().file("../evil", "x"), "climbs out"),
                Arguments.of("deep traversal", new TarBuilder().file("a/../../evil", "x"), "climbs out"),
                Arguments.of("symlink to an absolute path", new TarBuilder().symlink("passwd", "/etc/passwd"),
                        "absolute path"),
                Arguments.of("symlink out of the tree", new TarBuilder().symlink("up", "../evil"),
                        "leads out"),
                Arguments.of("symlink chain out of the tree", new TarBuilder().symlink("s", ".")
                        .symlink("l", "s/../evil"), "leads out"),
                Arguments.of("file written through a symlink", new TarBuilder().symlink("d", "sub")
                        .file("d/evil", "x"), "conflicts"),
                Arguments.of("file written through an absolute symlink", new TarBuilder().symlink("tmp", "/tmp")
                        .file("tmp/evil", "x"), "absolute path"),
                Arguments.of("hard link to a host file", new TarBuilder().hardlink("passwd", "/etc/passwd"),
                        "not a regular file extracted before"),
                Arguments.of("hard link out of the tree", new TarBuilder().hardlink("h", "../evil"), "climbs out"),
                Arguments.of("character device", new TarBuilder().special("null", TarConstants.LF_CHR),
                        "device node"),
                Arguments.of("block device", new TarBuilder().special("sda", TarConstants.LF_BLK), "device node"),
                Arguments.of("FIFO", new TarBuilder().special("pipe", TarConstants.LF_FIFO), "FIFO"),
                Arguments.of("over-long name", new TarBuilder().file("x".repeat(300), "x"), "longer than 255"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void hostileArchive_isRefusedAndNothingIsWritten(String what, TarBuilder archive, String reason)
            throws IOException {
        Path file = archive.write(base.resolve("hostile.tar"), ArchiveFormat.TAR);

        assertThatThrownBy(() -> extract(file))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("nothing was extracted");
        assertNothingWritten();
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> left = Files.list(base)) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("hostile"));
        }
    }

    @Test
    void zipSlip_isRefused() throws IOException {
        Path file = new TarBuilder().file("ok", "x").file("../../evil.txt", "x")
                .write(base.resolve("hostile.zip"), ArchiveFormat.ZIP);

        assertThatThrownBy(() -> extract(file)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("climbs out")
                .satisfies(e -> assertThat(((ArchiveRejectedException) e).entry()).hasValue("../../evil.txt"));
        assertNothingWritten();
    }

    @Test
    void zipSymlinkOut_isRefused() throws IOException {
        Path file = new TarBuilder().symlink("l", "../../../etc").write(base.resolve("hostile.zip"), ArchiveFormat.ZIP);

        assertThatThrownBy(() -> extract(file)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("leads out");
        assertNothingWritten();
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"TAR", "TAR_GZIP", "TAR_XZ", "TAR_ZSTD", "ZIP"})
    void truncatedArchive_isRefusedCleanly(ArchiveFormat format) throws IOException {
        byte[] big = new byte[200_000];
        new Random(1).nextBytes(big);
        Path whole = new TarBuilder().file("a", 0644, big).file("b", 0644, big)
                .write(base.resolve("whole"), format);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(base.resolve("hostile-cut"), Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(whole);

        assertThatThrownBy(() -> extract(cut)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("nothing was extracted");
        assertNothingWritten();
    }

    @Test
    void garbage_isNotAnArchive() throws IOException {
        byte[] junk = new byte[4096];
        new Random(2).nextBytes(junk);
        junk[0] = 'x';
        Path file = Files.write(base.resolve("hostile-junk"), junk);

        assertThatThrownBy(() -> extract(file)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("is not an archive").hasMessageContaining(".tar.zst");
        assertNothingWritten();
    }

    @Test
    void gzipOfGarbage_isRefusedAsNotATar() throws IOException {
        Path file = base.resolve("hostile.gz");
        try (var out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
            out.write("this is not a tar archive, just text".repeat(100).getBytes());
        }

        assertThatThrownBy(() -> extract(file)).isInstanceOf(ArchiveRejectedException.class);
        assertNothingWritten();
    }

    @Test
    void compressionBomb_stopsAtTheByteLimit() throws IOException {
        Path file = new TarBuilder().file("zeros", 0644, new byte[64 << 20])
                .write(base.resolve("hostile-bomb.tar.gz"), ArchiveFormat.TAR_GZIP);
        assertThat(Files.size(file)).isLessThan(1 << 20);
        ExtractionLimits small = ExtractionLimits.of(1 << 20, 100, "LIMIT_MB = 1");

        assertThatThrownBy(() -> SafeExtractor.extract(file, out(), small, ProgressListener.NONE,
                Cancellation.none()))
                .isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("more than 1048576 bytes").hasMessageContaining("LIMIT_MB = 1");
        assertNothingWritten();
    }

    @Test
    void tooManyEntries_isRefused() throws IOException {
        TarBuilder many = new TarBuilder();
        for (int i = 0; i < 20; i++) {
            many.file("f" + i, "x");
        }
        Path file = many.write(base.resolve("hostile-many.tar"), ArchiveFormat.TAR);

        assertThatThrownBy(() -> SafeExtractor.extract(file, out(), ExtractionLimits.of(1 << 20, 10, "the limit"),
                ProgressListener.NONE, Cancellation.none()))
                .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining("more than 10 entries");
        assertNothingWritten();
    }

    @Test
    void cancellation_stopsAndRemovesTheDestination() throws IOException {
        Path file = sampleTree(true).write(base.resolve("hostile-cancel.tar"), ArchiveFormat.TAR);
        Cancellation cancel = new Cancellation();
        cancel.cancel();

        assertThatThrownBy(() -> SafeExtractor.extract(file, out(), LIMITS, ProgressListener.NONE, cancel))
                .isInstanceOf(OperationCancelledException.class);
        assertNothingWritten();
    }

    @Test
    void existingDestination_isRefused() throws IOException {
        Path file = sampleTree(true).write(base.resolve("a.tar"), ArchiveFormat.TAR);
        Files.createDirectory(out());

        assertThatThrownBy(() -> extract(file)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("cannot create");
        assertThat(out()).isEmptyDirectory();
    }

    private ExtractionResult extractStripped(Path archive) {
        return SafeExtractor.extract(archive, out(), LIMITS, true, ProgressListener.NONE, Cancellation.none());
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void stripTopLevelFolder_putsTheFoldersContentsAtTheRoot(ArchiveFormat format) throws IOException {
        Path archive = sampleTree(format != ArchiveFormat.ZIP).write(base.resolve("archive.bin"), format);

        extractStripped(archive);

        try (Stream<Path> top = Files.list(out())) {
            assertThat(top.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "run.sh", "weights", "latest");
        }
        assertThat(out().resolve("config.json")).hasContent("{\"layers\":2}");
        assertThat(Files.readSymbolicLink(out().resolve("latest"))).hasToString("weights/part-0");
        assertThat(Files.readAllBytes(out().resolve("latest"))).containsExactly(1, 2, 3);
        assertThat(perms("run.sh")).isEqualTo("rwxr-xr-x");
        if (format != ArchiveFormat.ZIP) {
            assertThat(Files.getAttribute(out().resolve("weights/part-0.bak"), "unix:ino"))
                    .isEqualTo(Files.getAttribute(out().resolve("weights/part-0"), "unix:ino"));
        }
    }

    @Test
    void stripTopLevelFolder_withoutDirectoryEntriesAndWithDotSlashNames_works() throws IOException {
        Path archive = new TarBuilder().file("./model/a.txt", "a").file("model/sub/b.txt", "b")
                .write(base.resolve("a.tar"), ArchiveFormat.TAR);

        extractStripped(archive);

        assertThat(out().resolve("a.txt")).hasContent("a");
        assertThat(out().resolve("sub/b.txt")).hasContent("b");
        assertThat(out().resolve("model")).doesNotExist();
    }

    @Test
    void withoutStripping_theTopLevelFolderIsKept() throws IOException {
        Path archive = new TarBuilder().file("model/a.txt", "a").write(base.resolve("a.tar"), ArchiveFormat.TAR);

        extract(archive);

        assertThat(out().resolve("model/a.txt")).hasContent("a");
    }

    static Stream<Arguments> archivesWithoutOneTopLevelFolder() {
        return Stream.of(
                Arguments.of("two top-level folders", new TarBuilder().file("model/a", "a").file("extra/b", "b"),
                        "more than one entry at its top level ('model' and 'extra')"),
                Arguments.of("a file beside the folder", new TarBuilder().dir("model/").file("model/a", "a")
                        .file("README", "r"), "more than one entry at its top level ('model' and 'README')"),
                Arguments.of("a single top-level file", new TarBuilder().file("model.bin", "x"),
                        "'model.bin' is a file, not a folder"),
                Arguments.of("a top-level symbolic link", new TarBuilder().symlink("model", "elsewhere"),
                        "'model' is a symbolic link, not a folder"),
                Arguments.of("nothing below the root", new TarBuilder().dir("./"), "no top-level folder to strip"),
                Arguments.of("a link climbing back to the stripped folder", new TarBuilder().file("model/a", "a")
                        .symlink("model/l", "../model/a"), "leads out"),
                Arguments.of("a link climbing out from a subfolder", new TarBuilder().file("model/a", "a")
                        .symlink("model/sub/l", "../../model/a"), "leads out"),
                Arguments.of("a hard link to an entry outside the folder", new TarBuilder().file("model/a", "a")
                        .hardlink("model/h", "other/a"), "not inside the top-level folder 'model'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archivesWithoutOneTopLevelFolder")
    void stripTopLevelFolder_refusesWhatHasNoSingleFolderOrLeavesIt(String what, TarBuilder archive, String reason)
            throws IOException {
        for (ArchiveFormat format : List.of(ArchiveFormat.TAR_GZIP, ArchiveFormat.ZIP)) {
            if (format == ArchiveFormat.ZIP && what.contains("hard link")) {
                continue;   // zip has no hard links
            }
            Path file = archive.write(base.resolve("hostile." + format.name()), format);

            assertThatThrownBy(() -> extractStripped(file))
                    .as(what + " as " + format)
                    .isInstanceOf(ArchiveRejectedException.class)
                    .hasMessageContaining(reason)
                    .hasMessageContaining("nothing was extracted");
            assertNothingWritten();
        }
    }

    @Test
    void stripTopLevelFolder_keepsLinksThatStayInsideTheFolder() throws IOException {
        Path archive = new TarBuilder().file("model/sub/a", "a").symlink("model/l", "sub/a")
                .symlink("model/sub/up", "../l").hardlink("model/h", "model/sub/a")
                .write(base.resolve("a.tar.gz"), ArchiveFormat.TAR_GZIP);

        extractStripped(archive);

        assertThat(out().resolve("l")).hasContent("a");
        assertThat(out().resolve("sub/up")).hasContent("a");
        assertThat(out().resolve("h")).hasContent("a");
    }

    @Test
    void detect_readsContentNotNames() throws IOException {
        Path zipNamedTar = sampleTree(false).write(base.resolve("really-a-zip.tar"), ArchiveFormat.ZIP);
        assertThat(ArchiveFormat.detect(zipNamedTar)).hasValue(ArchiveFormat.ZIP);
        assertThat(ArchiveFormat.detect(new byte[10])).isEmpty();
        assertThat(List.of(ArchiveFormat.values())).hasSize(6);
    }

    @Test
    void extract_twoNamesThatAreNotUtf8_areRefusedNamingBoth_neverMerged() throws IOException {
        Path archive = new TarBuilder().latin1().file("caf\u00e9", "one").file("caf\u00ea", "two")
                .write(base.resolve("latin1.tar"), ArchiveFormat.TAR);

        assertThatThrownBy(() -> extract(archive)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("entry 1 and entry 2 are both named 'caf?'")
                .hasMessageContaining("rename them to UTF-8");
        assertThat(out()).doesNotExist();
    }

    @Test
    void extract_zipNameThatIsNotUtf8_isRefusedNamingIt() throws IOException {
        Path archive = new TarBuilder().latin1().file("caf\u00e9", "one").file("cafe", "two")
                .write(base.resolve("latin1.zip"), ArchiveFormat.ZIP);

        assertThatThrownBy(() -> extract(archive)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("entry 'caf\uFFFD'").hasMessageContaining("not valid UTF-8");
        assertThat(out()).doesNotExist();
    }

    @Test
    void extract_utf8NamesAndSameNamedEntries_stillWork() throws IOException {
        Path archive = new TarBuilder().file("caf\u00e9", "one").file("what?", "?").file("what", "old")
                .file("what", "new").write(base.resolve("utf8.tar"), ArchiveFormat.TAR);

        extract(archive);

        assertThat(out().resolve("caf\u00e9")).hasContent("one");
        assertThat(out().resolve("what?")).hasContent("?");
        assertThat(out().resolve("what")).hasContent("new");
    }

    @Test
    void extract_1500LevelsOfDirectories_withoutRecursion() throws IOException {
        String deep = "d/".repeat(1500);
        Path archive = new TarBuilder().dir(deep).file(deep + "f", "bottom")
                .write(base.resolve("deep.tar"), ArchiveFormat.TAR);

        ExtractionResult result = extract(archive);

        assertThat(result.directories()).isEqualTo(1500);
        io.virtshare.internal.shared.TreeDeleter.delete(base); // JUnit's own clean-up takes minutes at this depth
    }
}
