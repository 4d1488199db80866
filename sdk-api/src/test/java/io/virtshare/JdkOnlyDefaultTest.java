package io.virtshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user with only sdk-api and a JDK (this module's test class path: no sdk-libvirt, no
 * libvirt, no QEMU): {@code VirtShare.open(home)} gives the xml-files backend, and a pool, a
 * volume and a VM with a datastore image attached are written as files that parse back.
 */
class JdkOnlyDefaultTest {
    @TempDir
    Path tmp;

    @Test
    void open_onAJdkOnlyClassPath_writesPoolVolumeAndVmWithAnImageAsFilesThatParseBack() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("incoming/tiny-model"));
        Files.writeString(model.resolve("config.json"), "{\"layers\": 2}\n");
        Path home = tmp.resolve("home");
        XmlCodec codec = XmlCodec.defaults();

        try (VirtShare vs = VirtShare.open(home)) {
            assertThat(vs.backend()).isEqualTo("xml-files");
            Datastore ds = vs.datastores().create(tmp.resolve("datastore"),
                    DatastoreSpec.sharedFs("models").safeDirs(tmp.resolve("incoming").toString()).build());
            Image image = ds.images().register(model.toString());
            vs.pools().create(PoolSpec.dir("images").target(tmp.resolve("images")).build())
                    .volumes().create(VolumeSpec.builder("web1.img").capacity(Size.gib(1)).build());
            Vm vm = vs.vms().define(VmSpec.builder("web1")
                    .shares(VmShares.builder(vs.stateDirectory("web1"))
                            .share(Share.ninep("scratch", Path.of("scratch"), Path.of("/scratch")).build())
                            .build())
                    .build());
            vm.attach(image.filesystem("models"), DeviceScope.CONFIG);
        }

        Path xml = home.resolve("xml");
        assertThat(codec.readPool(Files.readString(xml.resolve("pools/images.xml"))).name()).contains("images");
        assertThat(codec.readVolume(Files.readString(xml.resolve("pools/images/web1.img.xml"))).capacity())
                .contains(Size.gib(1));
        DomainXml domain = codec.readDomain(Files.readString(xml.resolve("domains/web1.xml")));
        assertThat(domain.name()).isEqualTo("web1");
        assertThat(domain.filesystems()).extracting(FilesystemDevice::target).containsExactly("scratch", "models");
        assertThat(domain.filesystems().get(1).sourceDir()).hasValueSatisfying(dir -> assertThat(dir)
                .startsWith(tmp.resolve("datastore")).isDirectory());
        assertThat(domain.filesystems().get(0).sourceDir()).contains(home.resolve("vms/web1/scratch"));
        assertThat(domain.hasSharedMemory()).as("virtiofs needs shared memory").isTrue();
    }
}
