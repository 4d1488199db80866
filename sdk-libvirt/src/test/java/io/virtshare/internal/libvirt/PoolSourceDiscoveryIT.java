package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShare;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.SourceDevice;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LoopDevice;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Source discovery on the real daemon: a volume group made on a loop device is found as a typed
 * logical source; a type without discovery, and a netfs discovery without a server, fail saying so.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
class PoolSourceDiscoveryIT {
    @Test
    @RequiresHost({HostTool.LVM, HostTool.LOOP_DEVICE})
    void logical_findsAVolumeGroupOnALoopDevice_asATypedSource() throws Exception {
        String vg = "vsdisc" + UUID.randomUUID().toString().substring(0, 6);
        try (LoopDevice disk = LoopDevice.create(64, "ext4");
                VirtShare host = TestPools.open("qemu:///system")) {
            run("pvcreate", "-qq", "-y", "-ff", disk.device());
            try {
                run("vgcreate", "-qq", vg, disk.device());
                try {
                    List<PoolSource> found = host.pools().discoverSources(PoolType.LOGICAL, Optional.empty());

                    assertThat(found).filteredOn(s -> ((PoolSource.Logical) s).name().equals(Optional.of(vg)))
                            .singleElement().isInstanceOfSatisfying(PoolSource.Logical.class, s -> {
                                assertThat(s.devices()).extracting(SourceDevice::path).containsExactly(disk.device());
                                assertThat(s.format()).contains(FormatType.LVM2);
                            });
                } finally {
                    run("vgremove", "-qq", "-f", vg);
                }
            } finally {
                run("pvremove", "-qq", "-y", disk.device());
            }
        }
    }

    @Test
    void aTypeWithoutDiscovery_isNotSupported_namingTheType() {
        try (VirtShare host = TestPools.open("qemu:///system")) {
            assertThatThrownBy(() -> host.pools().discoverSources(PoolType.DIR, Optional.empty()))
                    .isInstanceOfSatisfying(BackendException.class,
                            e -> assertThat(e.failure()).isEqualTo(BackendFailure.NOT_SUPPORTED))
                    .hasMessageContaining("cannot discover dir pool sources on qemu:///system")
                    .hasMessageContaining("pool type 'dir' does not support source discovery");
        }
    }

    @Test
    void netfsWithoutAServer_isRefusedByLibvirt_sayingAHostIsNeeded() {
        try (VirtShare host = TestPools.open("qemu:///system")) {
            assertThatThrownBy(() -> host.pools().discoverSources(PoolType.NETFS, Optional.empty()))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("hostname must be specified for netfs sources");
            assertThatThrownBy(() -> host.pools().discoverSources(PoolType.SHEEPDOG, Optional.empty()))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("libvirt does not know that pool type (any more)");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
