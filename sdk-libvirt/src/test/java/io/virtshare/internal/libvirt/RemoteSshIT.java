package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.storage.Pool;
import io.virtshare.storage.Volume;
import io.virtshare.storage.HostResult;
import io.virtshare.storage.PoolRollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.LocalSshd;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libvirt's remote protocol over {@code qemu+ssh://}, for real: a private sshd on
 * 127.0.0.1 logs root in with a key, libvirt runs {@code virt-ssh-helper} on the far side,
 * and what is done through that connection is seen by the local daemon.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.SSHD})
class RemoteSshIT {
    @TempDir
    Path tmp;

    @Test
    void qemuSsh_definesStartsAndFillsAPool_thatTheLocalDaemonSees() {
        String name = "vs-ssh-" + UUID.randomUUID().toString().substring(0, 8);
        Path target = tmp.resolve("images");
        try (LocalSshd sshd = LocalSshd.start();
                VirtShare remote = TestPools.open(sshd.libvirtUri("system"), Duration.ofSeconds(30));
                VirtShare local = TestPools.open("qemu:///system")) {
            try {
                assertThat(TestPools.host(remote).hypervisor()).isEqualToIgnoringCase("qemu");
                assertThat(sshd.log()).as("the connection went through the private sshd")
                        .contains("Accepted publickey for root");

                Pool pool = remote.pools().create(PoolSpec.dir(name).target(target).build());
                Volume volume = pool.volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.mib(4)).build());

                assertThat(target.resolve("disk.raw")).as("created through ssh, on this host").isRegularFile();
                Pool seen = local.pools().find(name).orElseThrow();
                assertThat(seen.isActive()).isTrue();
                assertThat(seen.volumes().list()).extracting(Volume::name).isEqualTo(List.of("disk.raw"));

                volume.delete();
                pool.stop();
                pool.undefine();
                assertThat(local.pools().find(name)).as("undefined through ssh").isEmpty();
            } finally {
                TestPools.remove(local, name);
            }
        }
    }

    @Test
    void rollout_overSsh_createsThePool_andReportsAnUnreachableHostBesideIt() {
        String name = "vs-ssh-rollout-" + UUID.randomUUID().toString().substring(0, 8);
        try (LocalSshd sshd = LocalSshd.start();
                VirtShare local = TestPools.open("qemu:///system")) {
            try {
                String unreachable = "qemu+ssh://root@127.0.0.1:1/system?no_tty=1";
                List<HostResult> results = PoolRollout.builder().timeout(Duration.ofMinutes(2)).build().apply(
                        PoolSpec.dir(name).target(tmp.resolve("rollout")).build(),
                        List.of(sshd.libvirtUri("system"), unreachable));

                assertThat(results).hasSize(2);
                assertThat(results.get(0)).isInstanceOfSatisfying(HostResult.Applied.class,
                        applied -> assertThat(applied.created()).isTrue());
                assertThat(results.get(1)).isInstanceOfSatisfying(HostResult.Failed.class,
                        failed -> assertThat(failed.cause()).hasMessageContaining("127.0.0.1:1"));
                assertThat(local.pools().find(name)).as("created through ssh").hasValueSatisfying(
                        pool -> assertThat(pool.isActive()).isTrue());
                assertThat(tmp.resolve("rollout")).isDirectory();
            } finally {
                TestPools.remove(local, name);
            }
        }
    }
}
