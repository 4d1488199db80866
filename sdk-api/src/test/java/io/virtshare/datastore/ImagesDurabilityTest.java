package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * READY is durable: when register or clone returns, no page of the image's files or of
 * its catalog entry is still dirty in the page cache (Linux {@code cachestat(2)}, 6.5+),
 * so a power cut cannot leave a READY image with empty or short files. Without an
 * {@code fsync} the kernel writes dirty pages back only after about 30 seconds.
 */
class ImagesDurabilityTest {
    private static final long CACHESTAT = 451;

    @TempDir
    Path tmp;

    private Path safe;
    private Datastore ds;

    /** {@code syscall(2)}, for {@code cachestat}, which glibc does not wrap. */
    private static final class Sys {
        static native long syscall(long number, int fd, long[] range, long[] stat, int flags)
                throws LastErrorException;

        static {
            Native.register(Sys.class, "c");
        }
    }

    /** Pages of {@code file} that are dirty or under writeback; empty without cachestat here. */
    private static long unwritten(Path file) throws IOException {
        int fd = LinuxFds.openForReading(LinuxFds.AT_FDCWD, file.toString().getBytes());
        try {
            long[] stat = new long[5];
            Sys.syscall(CACHESTAT, fd, new long[] {0, 0}, stat, 0);
            return stat[1] + stat[2];
        } finally {
            LinuxFds.close(fd);
        }
    }

    private static boolean cachestatWorks(Path probe) {
        if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            return false;
        }
        try {
            unwritten(probe);
            return true;
        } catch (IOException | LastErrorException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    @BeforeEach
    void datastore() throws IOException {
        safe = Files.createDirectories(tmp.resolve("safe"));
        ds = Datastore.create(tmp.resolve("ds"), DatastoreSpec.sharedFs("durable").safeDirs(safe.toString())
                .restrictedDirs("/"));
    }

    private Path tree() throws IOException {
        Path src = Files.createDirectories(safe.resolve("model/sub"));
        Random random = new Random(7);
        for (int i = 0; i < 8; i++) {
            byte[] data = new byte[256 << 10];
            random.nextBytes(data);
            Files.write(src.resolve("part-" + i), data);
        }
        Files.writeString(safe.resolve("model/config.json"), "{\"layers\":2}");
        return safe.resolve("model");
    }

    private Path tar() throws IOException {
        Path file = safe.resolve("model.tar");
        Random random = new Random(8);
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < 8; i++) {
                byte[] data = new byte[i % 2 == 0 ? 1000 : 512 << 10];
                random.nextBytes(data);
                TarArchiveEntry e = new TarArchiveEntry("dir/part-" + i);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** 1,200 small files: enough for the whole-file-system sync (syncfs) that many files take. */
    private Path manyFilesTar() throws IOException {
        Path file = safe.resolve("many.tar");
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < 1200; i++) {
                byte[] data = ("file " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry("d" + i / 100 + "/f" + i);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"directory", "archive", "many-files archive", "clone", "many-files clone"})
    void ready_meansEveryFileAndTheEntryAreOnStableStorage(String how) throws IOException {
        Path probe = Files.writeString(tmp.resolve("probe"), "dirty");
        assumeTrue(cachestatWorks(probe), "needs Linux 6.5+ (cachestat) to see dirty pages");
        assumeTrue(unwritten(probe) > 0, "this file system writes through at once; nothing to observe");

        Image image = switch (how) {
            case "directory" -> ds.images().register(tree().toString());
            case "archive" -> ds.images().register(tar().toString());
            case "many-files archive" -> ds.images().register(manyFilesTar().toString());
            case "many-files clone" -> ds.images().clone(ds.images().register(manyFilesTar().toString()), "copy");
            default -> ds.images().clone(ds.images().register(tree().toString()), "copy");
        };

        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(image.path())) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(tmp.resolve("ds/.virtshare/images/" + image.id() + ".json"));
        assertThat(files).hasSizeGreaterThan(8);
        for (Path file : files) {
            assertThat(unwritten(file)).as("unwritten pages of %s", file).isZero();
        }
    }
}
