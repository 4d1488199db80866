package io.virtshare.testkit.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The domain every backend starts from is accepted by libvirt's QEMU driver on
 * {@code qemu:///system}, not only by the test driver: with virtiofs and 9p shares, a direct
 * boot and a console file, on q35 (spare root ports for hot-plug) and on i440fx.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.VIRSH, HostTool.LIBVIRTD})
class DomainDefinitionDefineIT {
    private static final QemuDomainCheck QEMU = QemuDomainCheck.system();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"q35", "pc"})
    void specWithSharesBootAndConsole_isDefinedByTheQemuDriver(String machine) throws IOException {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path data = Files.createDirectories(tmp.resolve("state/data"));
        Path kernel = Files.writeString(tmp.resolve("vmlinuz"), "k");
        Path initrd = Files.writeString(tmp.resolve("initrd"), "i");
        VmSpec spec = VmSpec.builder("define-check")
                .machine(machine)
                .boot(new DirectBoot(kernel, initrd, "console=ttyS0 quiet"))
                .console(tmp.resolve("console.log"))
                .shares(VmShares.builder(tmp.resolve("state"))
                        .share(Share.virtiofs("models", models, Path.of("/models")).build())
                        .share(Share.ninep("data", Path.of("data"), Path.of("/data")).readOnly(true).build())
                        .build())
                .build();

        String xml = DomainDefinition.of(spec, LibvirtFeatures.unknown());

        assertThat(QEMU.refusal(xml)).as("libvirt's answer to\n" + xml).isEmpty();
        assertThat(xml).contains(data.toString()).contains("memfd");
    }

    @Test
    void bareSpec_isDefinedByTheQemuDriver() {
        VmSpec spec = VmSpec.builder("bare-check").shares(VmShares.none(tmp)).build();

        assertThat(QEMU.refusal(DomainDefinition.of(spec, LibvirtFeatures.unknown()))).isEmpty();
    }
}
