package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.Share;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestProbeTest {
    private static final Share FS = Share.virtiofs("fs", Path.of("/srv/fs"), Path.of("/mnt/fs")).build();
    private static final Share NINE_P = Share.ninep("ninep", Path.of("/srv/9p"), Path.of("/mnt/9p")).build();

    @TempDir
    Path dir;

    @Test
    void withoutShares_orWithATagTwice_theProbeIsRefused() {
        assertThatThrownBy(() -> GuestProbe.builder().build()).isInstanceOf(InvalidSpecException.class)
                .hasMessage("a guest probe needs at least one share");
        Share again = Share.ninep("fs", Path.of("/srv/other"), Path.of("/mnt/other")).build();
        assertThatThrownBy(() -> GuestProbe.builder().share(FS).share(again).build())
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("two shares have the tag 'fs'; the guest mounts by tag, so tags must be unique");
        assertThatThrownBy(() -> GuestProbe.builder().timeout(Duration.ZERO))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> GuestProbe.builder().memoryMb(64))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("give at least 128");
    }

    @Test
    void requiredTools_followTheProtocolsAndThePath() {
        assertThat(GuestProbe.builder().share(NINE_P).build().requiredTools())
                .containsExactlyInAnyOrder(HostTool.QEMU, HostTool.GUEST_KERNEL, HostTool.BUSYBOX);
        assertThat(GuestProbe.builder().share(FS).build().requiredTools())
                .contains(HostTool.VIRTIOFSD).doesNotContain(HostTool.LIBVIRTD);
        assertThat(GuestProbe.builder().share(NINE_P).via(GuestVia.LIBVIRT).build().requiredTools())
                .contains(HostTool.VIRSH, HostTool.LIBVIRTD).doesNotContain(HostTool.VIRTIOFSD);
    }

    @Test
    void wantedModules_areThoseOfTheProtocolsUsed() {
        assertThat(GuestProbe.builder().share(FS).build().wantedModules()).containsExactly("virtio_pci", "virtiofs");
        assertThat(GuestProbe.builder().share(NINE_P).build().wantedModules())
                .containsExactly("virtio_pci", "9pnet_virtio", "9p");
    }

    @Test
    void aMissingTool_failsBeforeAnythingStarts_namingThePackage() {
        HostTools without = HostTools.detectWithout(Set.of(HostTool.BUSYBOX, HostTool.QEMU), "simulated");
        try (GuestProbe probe = GuestProbe.builder().share(NINE_P).hostTools(without).build()) {
            assertThatThrownBy(probe::run).isInstanceOf(GuestProbeException.class)
                    .hasMessageStartingWith("the guest probe needs QEMU system emulator: simulated (install"
                            + " qemu-system-x86); also missing: static busybox (install busybox-static)");
        }
    }

    @Test
    void aRunAfterClose_isRefused() {
        GuestProbe probe = GuestProbe.builder().share(NINE_P).build();
        probe.close();
        probe.close();

        assertThatThrownBy(probe::run).isInstanceOf(IllegalStateException.class)
                .hasMessage("this GuestProbe is closed; build a new one");
    }
}
