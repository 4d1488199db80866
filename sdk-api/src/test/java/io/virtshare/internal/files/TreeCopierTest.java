package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
