package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.VirtShare;
import io.virtshare.share.Share;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.guest.GuestProbe;
import io.virtshare.testkit.guest.GuestProbeException;
import io.virtshare.testkit.guest.GuestReport;
import io.virtshare.testkit.guest.GuestVia;
import io.virtshare.testkit.guest.ShareReport;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's {@link GuestProbe} on its libvirt path, which runs through this module's
 * backend (found by ServiceLoader; the testkit does not compile against it): a real guest
 * booted as a transient VM (type qemu) on qemu:///system mounts a virtiofs and a 9p share,
 * reads the host's files and writes back; nothing of the VM is left.
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
    void throughTheLibvirtBackend_bothProtocolsAreMountedReadAndWritten_andNoVmIsLeft() throws IOException {
        // libvirt's QEMU (user libvirt-qemu) serves the 9p share: it must reach and write the directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path fsSource = Files.createDirectories(dir.resolve("fs-source"));
        Path ninepSource = Files.createDirectories(dir.resolve("9p-source"));
        Files.setPosixFilePermissions(ninepSource, PosixFilePermissions.fromString("rwxrwxrwx"));
        Share virtiofs = Share.virtiofs("probe-fs", fsSource, Path.of("/mnt/fs")).build();
        // the default security model (mapped-xattr): QEMU runs unprivileged and could not chown as passthrough does
        Share ninep = Share.ninep("probe-9p", ninepSource, Path.of("/mnt/9p")).build();

        GuestReport report;
        try (GuestProbe probe = GuestProbe.builder().share(virtiofs).share(ninep).via(GuestVia.LIBVIRT).build()) {
            report = probe.run();
        }

        assertThat(report.ok()).as(report + "\n" + String.join("\n", report.consoleTail())).isTrue();
        assertThat(report.shares()).extracting(ShareReport::tag).containsExactly("probe-fs", "probe-9p");
        try (Stream<Path> left = Stream.concat(Files.list(fsSource), Files.list(ninepSource))) {
            assertThat(left).as("the probe removes its files from the shares").isEmpty();
        }
        try (Stream<Path> logs = Files.list(Path.of("/var/log/libvirt/qemu"))) {
            assertThat(logs.map(p -> p.getFileName().toString())).as("no QEMU or virtiofsd log of a probe VM is left")
                    .noneMatch(n -> n.startsWith("virtshare-probe-"));
        }
        try (VirtShare vs = VirtShare.builder().backend("libvirt").uri("qemu:///system").home(dir.resolve("home"))
                .build()) {
            assertThat(vs.vms().list()).extracting(Vm::name).as("no probe VM is left")
                    .noneMatch(n -> n.startsWith("virtshare-probe-"));
        }
    }
}
