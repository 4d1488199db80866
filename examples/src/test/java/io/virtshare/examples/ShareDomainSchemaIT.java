package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.share.VirtiofsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.junit.RequiresHost;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code <filesystem>} of every kind of share validates against the host's libvirt schema,
 * and the domain with them is defined by libvirt's real QEMU driver ({@code qemu:///system}).
 */
@RequiresHost({HostTool.VIRT_XML_VALIDATE, HostTool.VIRSH, HostTool.LIBVIRTD})
class ShareDomainSchemaIT {
    private static final String DOMAIN = "<domain type='qemu'><name>shares</name><memory unit='MiB'>512</memory>"
            + "<os><type arch='x86_64' machine='q35'>hvm</type></os>"
            + "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"auto", "never", "always"})
    void virtiofsAndNinepShares_validate(String cache) throws IOException {
        Path state = Path.of("/var/lib/microvms/web");
        List<Share> shares = List.of(
                Share.virtiofs("home", Path.of("home"), Path.of("/home"))
                        .options(VirtiofsOptions.defaults().withCache(cache).withLocks(true, false)).build(),
                Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models")).build(),
                Share.ninep("data", Path.of("/srv/data"), Path.of("/data"))
                        .options(io.virtshare.share.NinePOptions.defaults().withMultidevs("remap")).build(),
                Share.nixStore(io.virtshare.share.ShareProtocol.NINE_P).build());
        DomainXml domain = DomainXml.parse(DOMAIN);
        VmShares vm = VmShares.builder(state).shares(shares).build();
        for (FilesystemDevice fs : vm.filesystems(LibvirtFeatures.unknown())) {
            domain = domain.attach(fs);
        }
        Path file = Files.writeString(tmp.resolve("domain-" + cache + ".xml"), domain.toXml());

        CommandResult result = CommandRunner.run(Duration.ofSeconds(30), List.of("virt-xml-validate",
                file.toString(), "domain"));

        assertThat(result.succeeded()).as(result.output() + "\n" + domain.toXml()).isTrue();
        assertThat(QemuDomainCheck.system().refusal(domain.toXml())).as("libvirt's answer to\n" + domain.toXml())
                .isEmpty();
    }
}
