package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.Share;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtAccessTest {
    @TempDir
    Path dir;

    private Path source(String parentMode, String mode) throws IOException {
        Path source = Files.createDirectories(dir.resolve("share"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString(mode));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(parentMode));
        return source;
    }

    @Test
    void aWritableReachableNinePSource_passes() throws IOException {
        Path source = source("rwxr-xr-x", "rwxrwxrwx");

        assertThat(LibvirtAccess.problem(Share.ninep("t", source, Path.of("/mnt/t")).build(), source)).isEmpty();
    }

    @Test
    void aSourceOthersCannotWrite_namesTheChmod() throws IOException {
        Path source = source("rwxr-xr-x", "rwxr-xr-x");

        assertThat(LibvirtAccess.problem(Share.ninep("t", source, Path.of("/mnt/t")).build(), source))
                .hasValueSatisfying(m -> assertThat(m).contains("chmod o+rwx " + source));
        assertThat(LibvirtAccess.problem(Share.ninep("t", source, Path.of("/mnt/t")).readOnly(true).build(), source))
                .as("read-only shares need no write permission").isEmpty();
    }

    @Test
    void aClosedParent_isNamed_andVirtiofsIsNotConcerned() throws IOException {
        Path source = source("rwx------", "rwxrwxrwx");

        assertThat(LibvirtAccess.problem(Share.ninep("t", source, Path.of("/mnt/t")).build(), source))
                .hasValueSatisfying(m -> assertThat(m).contains("chmod o+x " + dir + ",").contains("libvirt-qemu"));
        assertThat(LibvirtAccess.problem(Share.virtiofs("t", source, Path.of("/mnt/t")).build(), source)).isEmpty();
    }
}
