package io.virtshare.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LibvirtHostIT {

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void testDriver_connectsInProcess() {
        try (LibvirtHost host = LibvirtHost.connect("test:///default")) {
            assertThat(host.hypervisor()).isEqualToIgnoringCase("test");
            assertThat(host.libvirtVersion().major()).isGreaterThanOrEqualTo(7);
            assertThat(host.canonicalUri()).isEqualTo("test:///default");
            assertThat(host.hostname()).isNotBlank();
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void close_isIdempotentAndLaterCallsSaySo() {
        LibvirtHost host = LibvirtHost.connect("test:///default");
        host.close();
        host.close();

        assertThat(host.isClosed()).isTrue();
        assertThatThrownBy(host::hypervisor).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed").hasMessageContaining("test:///default");
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void unknownDriver_failsWithTheUriAndAHint() {
        assertThatThrownBy(() -> LibvirtHost.connect("nosuchdriver:///x", Duration.ofSeconds(10)))
                .isInstanceOf(LibvirtHostException.class)
                .hasMessageContaining("nosuchdriver:///x")
                .hasMessageContaining("check the URI")
                .satisfies(e -> assertThat(((LibvirtHostException) e).uri()).isEqualTo("nosuchdriver:///x"));
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void libraryVersion_isKnownWithoutConnecting() {
        assertThat(LibvirtHost.libraryVersion().major()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void blankUri_isRefusedBeforeLibvirtIsLoaded() {
        assertThatThrownBy(() -> LibvirtHost.connect(" ")).isInstanceOf(LibvirtHostException.class)
                .hasMessageContaining("test:///default");
    }

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void systemDaemon_answersWithQemu() {
        try (LibvirtHost host = LibvirtHost.connect("qemu:///system")) {
            assertThat(host.hypervisor()).isEqualToIgnoringCase("qemu");
            assertThat(host.hypervisorVersion().major()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void remoteUri_overTheDaemonsSocket_seesTheSamePools() {
        String name = "vs-remote-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (LibvirtHost local = LibvirtHost.connect("qemu:///system");
                LibvirtHost remote = LibvirtHost.connect("qemu+unix:///system", Duration.ofSeconds(20))) {
            assertThat(remote.hypervisor()).isEqualToIgnoringCase("qemu");
            assertThat(remote.canonicalUri()).isEqualTo("qemu+unix:///system");
            Pool pool = remote.pools().define(io.virtshare.storage.PoolSpec.dir(name)
                    .target(Path.of("/var/tmp/" + name))
                    .build());
            try {
                assertThat(local.pools().lookup(name)).as("defined over the remote protocol").isPresent();
            } finally {
                pool.undefine();
            }
            assertThat(local.pools().lookup(name)).isEmpty();
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void remoteUris_thatCannotBeReached_failWithTheUriAndWhatToCheck() {
        for (String uri : java.util.List.of("qemu+ssh://root@vs-no-such-host.invalid/system?no_tty=1",
                "qemu+tcp://127.0.0.1:1/system")) {
            assertThatThrownBy(() -> LibvirtHost.connect(uri, Duration.ofSeconds(20)))
                    .isInstanceOf(LibvirtHostException.class)
                    .hasMessageStartingWith("cannot connect to " + uri + ": ")
                    .hasMessageEndingWith("check the host name, the network and its credentials")
                    .satisfies(e -> assertThat(((LibvirtHostException) e).uri()).isEqualTo(uri));
        }
    }
}
