package io.virtshare.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShareException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** microvm.nix's read-only store share, guest disks and the writable store overlay. */
class GuestDisksAndOverlaysTest {
    private static final Path STATE = Path.of("/var/lib/microvms/web");

    @TempDir
    Path dir;

    @Test
    void nixStore_isTheReadOnlyStoreShare() {
        Share store = Share.nixStore(ShareProtocol.NINE_P).build();

        assertThat(store.tag()).isEqualTo("ro-store");
        assertThat(store.source()).isEqualTo(Path.of("/nix/store"));
        assertThat(store.mountPoint()).isEqualTo(Path.of("/nix/.ro-store"));
        assertThat(store.readOnly()).isTrue();
        assertThat(Share.nixStore(ShareProtocol.VIRTIOFS).build().protocol()).isEqualTo(ShareProtocol.VIRTIOFS);
    }

    @Test
    void disk_defaultsAreMicrovmNix_andItsQemuDriveUsesTheSerial() {
        GuestDisk v = GuestDisk.of(Path.of("nix-store-overlay.img"), Path.of("/nix/.rw-store"), 2048).build();
        VmShares vm = VmShares.builder(STATE).disk(v).build();

        assertThat(v.fsType()).hasValue("ext4");
        assertThat(v.format()).isEqualTo(GuestDisk.Format.RAW);
        assertThat(v.serial()).isEqualTo("nix-store-overlay");
        assertThat(vm.qemuArguments(512)).containsExactly(
                "-drive", "id=disk0,file=/var/lib/microvms/web/nix-store-overlay.img,format=raw,if=none,discard=unmap",
                "-device", "virtio-blk-pci,drive=disk0,serial=nix-store-overlay");
        assertThat(vm.guestMounts().get(0).fstabLine()).isEqualTo(
                "/dev/disk/by-id/virtio-nix-store-overlay /nix/.rw-store ext4 defaults,nofail 0 0");
    }

    @ParameterizedTest
    @CsvSource({"data.img, data", "a very long image name of many words.qcow2, a-very-long-image-na", "'x,y.raw', x-y"})
    void disk_serials_areSafeAndAtMost20Bytes(String image, String serial) {
        assertThat(GuestDisk.of(Path.of(image), Path.of("/d"), 1).build().serial()).isEqualTo(serial);
    }

    @Test
    void disk_refusesWhatCannotBeMade() {
        assertThatThrownBy(() -> GuestDisk.of(Path.of("a.img"), Path.of("/a"), 0).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("at least 1 MiB");
        assertThatThrownBy(() -> GuestDisk.of(Path.of("a.img"), Path.of("rel"), 1).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("absolute guest path");
        assertThatThrownBy(() -> GuestDisk.of(Path.of("a.qcow2"), Path.of("/a"), 1).format(GuestDisk.Format.QCOW2)
                .creation(GuestDisk.Creation.QEMU_IMG).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("mkfs cannot format a qcow2");
        assertThatThrownBy(() -> GuestDisk.of(Path.of("a.qcow2"), Path.of("/a"), 1).format(GuestDisk.Format.QCOW2)
                .unformatted().build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("made with qemu-img");
        assertThatThrownBy(() -> GuestDisk.of(Path.of("a.img"), Path.of("/a"), 1).fsType("ext4; rm -rf /").build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("not a mkfs name");
    }

    @Test
    void unformattedSparseDisk_isCreatedOnce_withoutUsingSpace() throws IOException {
        GuestDisk v = GuestDisk.of(Path.of("images/scratch.img"), Path.of("/scratch"), 1024).unformatted().build();
        VmShares vm = VmShares.builder(dir).disk(v).build();
        Path image = dir.resolve("images/scratch.img");

        assertThat(vm.createDisks()).containsExactly(image);
        assertThat(Files.size(image)).isEqualTo(1024L * 1024 * 1024);
        CommandResult blocks = CommandRunner.run(Duration.ofSeconds(10), List.of("stat", "-c", "%b", image.toString()));
        assertThat(Long.parseLong(blocks.stdout().strip()) * 512).as("sparse").isLessThan(1024 * 1024);
        assertThat(vm.createDisks()).as("an existing image is kept").isEmpty();
        try (var files = Files.list(dir.resolve("images"))) {
            assertThat(files).containsExactly(image);
        }
        assertThat(vm.guestMounts().get(0).fstabLine()).contains(" auto ");
    }

    @Test
    void failedFormat_leavesNoImage() throws IOException {
        GuestDisk v = GuestDisk.of(Path.of("bad.img"), Path.of("/bad"), 8).fsType("nosuchfs").build();
        VmShares vm = VmShares.builder(dir).disk(v).build();

        assertThatThrownBy(vm::createDisks)
                .isInstanceOf(VirtShareException.class)
                .hasMessageContaining("mkfs.nosuchfs")
                .hasMessageContaining("install the mkfs.nosuchfs tool");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void overlay_derivesTheGuestMount_andWaitsForItsDisk() {
        WritableOverlay overlay = WritableOverlay.nixStore(Path.of("/nix/.rw-store"));
        GuestMount m = VmShares.builder(STATE).overlay(overlay).build().guestMounts().get(0);

        assertThat(overlay.mountOptions())
                .isEqualTo("lowerdir=/nix/.ro-store,upperdir=/nix/.rw-store/store,workdir=/nix/.rw-store/work");
        assertThat(m.command()).isEqualTo("mkdir -p /nix/.rw-store/store /nix/.rw-store/work && mkdir -p /nix/store"
                + " && mount -t overlay -o " + overlay.mountOptions() + " overlay /nix/store");
        assertThat(m.systemdUnitName()).isEqualTo("nix-store.mount");
        assertThat(m.systemdUnit()).contains("RequiresMountsFor=/nix/.rw-store\n", "Type=overlay");
        assertThat(m.cloudInitEntry()).hasSize(6).startsWith("overlay", "/nix/store", "overlay");
    }

    @Test
    void overlay_writableInsideTheOverlay_isRefused() {
        assertThatThrownBy(() -> WritableOverlay.nixStore(Path.of("/nix/store/rw")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("outside both");
    }

    @Test
    void qemuArguments_withDisks_appendOneDriveEach() {
        List<String> args = VmShares.builder(STATE).share(Share.nixStore(ShareProtocol.NINE_P).build())
                .disk(GuestDisk.of(Path.of("a.img"), Path.of("/a"), 1).build())
                .disk(GuestDisk.of(Path.of("/images/b,c.img"), Path.of("/b"), 1).build()).build().qemuArguments(256);

        assertThat(args).containsSubsequence("-fsdev", "-drive",
                "id=disk0,file=/var/lib/microvms/web/a.img,format=raw,if=none,discard=unmap", "-drive",
                "id=disk1,file=/images/b,,c.img,format=raw,if=none,discard=unmap");
    }

    @Test
    void locks_reachTheCDaemonAndLibvirt() {
        Share share = Share.virtiofs("db", Path.of("/srv/db"), Path.of("/db"))
                .options(VirtiofsOptions.defaults().withLocks(true, true)).build();

        VmShares vm = VmShares.builder(STATE).share(share).build();
        FilesystemDevice fs = vm.filesystems(LibvirtFeatures.unknown()).get(0);

        assertThat(vm.virtiofsdCommands(VirtiofsdFlavour.C).get(0).arguments())
                .containsSubsequence("-o", "posix_lock", "-o", "flock");
        assertThat(fs.binary().orElseThrow().lock()).containsEntry("posix", "on").containsEntry("flock", "on");
        assertThat(fs.toXml()).contains("<lock ", "posix=\"on\"");
    }
}
