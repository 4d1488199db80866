package io.virtshare.testkit.xmlfiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The domain the xml-files backend writes is one libvirt's QEMU driver on
 * {@code qemu:///system} defines: a VM with a 9p share and a virtiofs share, and a datastore
 * image attached to the definition afterwards, on q35 and on i440fx.
 */
@RequiresHost({HostTool.VIRSH, HostTool.LIBVIRTD})
class XmlFilesDomainDefineIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"q35", "pc"})
    void domainFile_withSharesAndAnAttachedImage_isDefinedByTheQemuDriver(String machine) throws IOException {
        Path model = Files.createDirectories(tmp.resolve("incoming/model"));
        Files.writeString(model.resolve("weights.bin"), "w");
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        String xml;
        try (VirtShare vs = VirtShare.builder().home(tmp.resolve("home")).backend("xml-files").build()) {
            Datastore ds = vs.datastores().create(tmp.resolve("datastore"),
                    DatastoreSpec.sharedFs("models").safeDirs(tmp.resolve("incoming").toString()).build());
            Image image = ds.images().register(model.toString());
            Vm vm = vs.vms().define(VmSpec.builder("xml-files-check").machine(machine)
                    .shares(VmShares.builder(vs.stateDirectory("xml-files-check"))
                            .share(Share.virtiofs("shared", shared, Path.of("/shared")).build())
                            .share(Share.ninep("scratch", Path.of("scratch"), Path.of("/scratch")).build())
                            .build())
                    .build());
            vm.attach(image.filesystem("models"), DeviceScope.CONFIG);
            xml = Files.readString(tmp.resolve("home/xml/domains/xml-files-check.xml"));
        }

        assertThat(xml).contains("models").contains("memfd");
        assertThat(QemuDomainCheck.system().refusal(xml)).as("libvirt's answer to\n" + xml).isEmpty();
    }
}
