package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;

import io.virtshare.domain.LibvirtVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A VirtShare on the libvirt backend says what its libvirt accepts, and the builders decide by it. */
class LibvirtFeaturesIT {

    private static void decidesByVersion(VirtShare host) {
        LibvirtVersion version = TestPools.host(host).libvirtVersion();
        LibvirtFeatures features = host.features();

        assertThat(features.version()).hasValue(version.toString());
        boolean accepts = version.compareTo(new LibvirtVersion(11, 0, 0)) >= 0;
        assertThat(features.readOnlyVirtiofs()).isEqualTo(accepts);
        FilesystemDevice.Builder readOnly = FilesystemDevice.virtiofs(Path.of("/srv/models"), "models").readOnly(true)
                .features(features);
        if (accepts) {
            assertThat(XmlCodec.defaults().writeFilesystem(readOnly.build())).contains("<readonly/>");
        } else {
            assertThatThrownBy(readOnly::build).isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("target libvirt: " + version);
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void testDriver_featuresFollowItsLibvirtVersion() {
        try (VirtShare host = TestPools.open("test:///default")) {
            decidesByVersion(host);
        }
    }

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void systemDaemon_featuresFollowItsLibvirtVersion() {
        try (VirtShare host = TestPools.open("qemu:///system")) {
            decidesByVersion(host);
        }
    }
}
