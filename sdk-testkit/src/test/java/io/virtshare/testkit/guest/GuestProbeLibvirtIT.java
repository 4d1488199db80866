package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.share.Share;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real guest booted as a transient libvirt domain (type qemu) mounts a virtiofs and a 9p share, reads the
 * host's files and writes back; nothing of the domain is left.
 */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX, HostTool.VIRSH,
        HostTool.LIBVIRTD})
class GuestProbeLibvirtIT {
    @TempDir
    Path dir;

    @Test
    void aNinePSourceLibvirtsQemuCannotReach_isRefusedBeforeLibvirtIsAsked() throws IOException {
        Path hidden = Files.createDirectories(dir.resolve("hidden"));
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Share ninep = Share.ninep("hidden", hidden, Path.of("/mnt/hidden")).build();

        try (GuestProbe probe = GuestProbe.builder().share(ninep).via(GuestVia.LIBVIRT).build()) {
            assertThatThrownBy(probe::run).isInstanceOf(GuestProbeException.class)
                    .hasMessageContaining("libvirt's QEMU runs as an unprivileged user")
                    .hasMessageContaining("chmod o+x " + dir);
        }
    }

    @Test
    void bothProtocols_areMountedReadAndWrittenFromTheGuest() throws IOException {
        // libvirt's QEMU (user libvirt-qemu) serves the 9p share: it must reach and write the directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path fsSource = Files.createDirectories(dir.resolve("fs-source"));
        Path ninepSource = Files.createDirectories(dir.resolve("9p-source"));
        Files.setPosixFilePermissions(ninepSource, PosixFilePermissions.fromString("rwxrwxrwx"));
        Share virtiofs = Share.virtiofs("probe-fs", fsSource, Path.of("/mnt/fs")).build();
        // the default security model (mapped-xattr): QEMU runs unprivileged and could not chown as passthrough does
        Share ninep = Share.ninep("probe-9p", ninepSource, Path.of("/mnt/9p")).build();

        BothProtocols.proveBoth(GuestVia.LIBVIRT, dir, virtiofs, ninep);

        try (Stream<Path> logs = Files.list(Path.of("/var/log/libvirt/qemu"))) {
            assertThat(logs.map(p -> p.getFileName().toString())).as("no QEMU or virtiofsd log of a probe domain is left")
                    .noneMatch(n -> n.startsWith("virtshare-probe-"));
        }
        assertThat(LibvirtDomains.names()).as("no probe domain is left").noneMatch(n -> n.startsWith("virtshare-probe-"));
    }
}
