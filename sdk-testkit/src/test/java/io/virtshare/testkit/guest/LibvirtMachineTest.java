package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtMachineTest {
    private static final BootFiles BOOT = new BootFiles(Path.of("/boot/vmlinuz-6.1.0-56-amd64"),
            Path.of("/tmp/p/initramfs.cpio"), BootFiles.CMDLINE);

    /** The domain the libvirt backend defines for the probe's VM spec. */
    private static String domain(List<Share> shares) {
        return DomainDefinition.of(LibvirtMachine.spec("virtshare-probe-x", BOOT, 256, Path.of("/tmp/p/console.log"),
                VmShares.builder(Path.of("/tmp/p")).shares(shares).build()), LibvirtFeatures.unknown());
    }

    @Test
    void domain_bootsTheKernelUnderTcg_withTheSharesAndSharedMemory() {
        Share fs = Share.virtiofs("fs", Path.of("fs"), Path.of("/mnt/fs")).build();
        Share ninep = Share.ninep("ninep", Path.of("/srv/9p"), Path.of("/mnt/9p")).build();

        String xml = domain(List.of(fs, ninep));
        DomainXml parsed = DomainXml.parse(xml);

        assertThat(xml).contains("<domain type=\"qemu\">", "machine=\"pc\"", "<kernel>/boot/vmlinuz-6.1.0-56-amd64</kernel>",
                "<initrd>/tmp/p/initramfs.cpio</initrd>", "<cmdline>" + BootFiles.CMDLINE + "</cmdline>",
                "<acpi/>", "<serial type=\"file\">", "<source path=\"/tmp/p/console.log\"/>");
        assertThat(parsed.hasSharedMemory()).isTrue();
        assertThat(parsed.filesystems()).extracting(FilesystemDevice::target).containsExactly("fs", "ninep");
        assertThat(parsed.filesystems().get(0).sourceDir()).contains(Path.of("/tmp/p/fs"));
    }

    @Test
    void anAutoCacheMode_isLeftOut_asLibvirtsSchemaKnowsOnlyNoneAndAlways() {
        Share auto = Share.virtiofs("auto", Path.of("/srv/a"), Path.of("/mnt/a")).build();
        Share always = Share.virtiofs("always", Path.of("/srv/b"), Path.of("/mnt/b"))
                .options(io.virtshare.share.VirtiofsOptions.defaults().withCache("always")).build();

        List<FilesystemDevice> devices = DomainXml.parse(domain(List.of(auto, always))).filesystems();

        assertThat(devices.get(0).binary().flatMap(FilesystemDevice.Binary::cacheMode)).isEmpty();
        assertThat(devices.get(1).binary()).hasValueSatisfying(b -> assertThat(b.cacheMode()).contains("always"));
    }

    @Test
    void withoutSdkLibvirtOnTheClassPath_theLibvirtPathSaysToAddIt(@TempDir Path home) {
        // the testkit's own tests run without sdk-libvirt, as a user's tests may
        assertThatThrownBy(() -> LibvirtMachine.start("qemu:///system", home, LibvirtMachine.spec("virtshare-probe-x",
                BOOT, 256, home.resolve("console.log"), VmShares.none(home))))
                .isInstanceOf(GuestProbeException.class)
                .hasMessageStartingWith("the guest's libvirt path boots through the SDK's libvirt backend, which is not"
                        + " usable: ")
                .hasMessageContaining("io.virtshare:sdk-libvirt")
                .hasMessageEndingWith("(GuestVia.LIBVIRT needs io.virtshare:sdk-libvirt on the class path; or boot"
                        + " with GuestVia.QEMU)");
    }

    @Test
    void markupInPaths_isEscaped() {
        String xml = DomainDefinition.of(LibvirtMachine.spec("n", new BootFiles(Path.of("/k&<'"), Path.of("/i"),
                "console=ttyS0"), 256, Path.of("/c"), VmShares.none(Path.of("/"))), LibvirtFeatures.unknown());

        assertThat(DomainXml.parse(xml).name()).isEqualTo("n");
        assertThat(xml).contains("<kernel>/k&amp;&lt;'</kernel>");
    }
}
