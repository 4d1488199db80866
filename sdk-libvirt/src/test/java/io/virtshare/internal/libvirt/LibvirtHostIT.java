package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Connections of the libvirt backend: the test driver, the system daemon, remote URIs, and failures to connect. */
class LibvirtHostIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void testDriver_connectsInProcess() {
        try (LibvirtHost host = LibvirtHost.connect("test:///default", TIMEOUT)) {
            assertThat(host.hypervisor()).isEqualToIgnoringCase("test");
            assertThat(host.libvirtVersion().major()).isGreaterThanOrEqualTo(7);
            assertThat(host.canonicalUri()).isEqualTo("test:///default");
            assertThat(host.hostname()).isNotBlank();
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void close_isIdempotentAndLaterCallsSaySo() {
        VirtShare vs = TestPools.open("test:///default");
        LibvirtHost host = TestPools.host(vs);
        vs.close();
        vs.close();

        assertThat(host.isClosed()).isTrue();
        assertThatThrownBy(() -> vs.pools().list()).isInstanceOf(BackendException.class)
                .hasMessage("the connection to test:///default is closed (its VirtShare was closed); open a new"
                        + " VirtShare")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.CONNECTION);
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void unknownDriver_failsWithTheUriAndAHint() {
        assertThatThrownBy(() -> TestPools.open("nosuchdriver:///x", Duration.ofSeconds(10)))
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("cannot connect to nosuchdriver:///x: ")
                .hasMessageEndingWith("check the URI (e.g. test:///default, qemu:///system, qemu+ssh://user@host/system)")
                .satisfies(e -> {
                    BackendException failure = (BackendException) e;
                    assertThat(failure.backend()).isEqualTo("libvirt");
                    assertThat(failure.target()).isEqualTo("nosuchdriver:///x");
                    assertThat(failure.operation()).isEqualTo("connect");
                    assertThat(failure.subject()).isEmpty();
                    assertThat(failure.failure()).isEqualTo(BackendFailure.CONNECTION);
                });
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void libraryVersion_isKnownWithoutConnecting() throws Exception {
        assertThat(LibvirtHost.libraryVersion().major()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void blankUri_isRefusedBeforeLibvirtIsLoaded() {
        assertThatThrownBy(() -> LibvirtHost.connect(" ", TIMEOUT)).isInstanceOf(BackendException.class)
                .hasMessage("empty libvirt URI; use e.g. test:///default or qemu:///system")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.INVALID_REQUEST);
    }

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void systemDaemon_answersWithQemu() {
        try (VirtShare vs = TestPools.open("qemu:///system")) {
            assertThat(vs.backend()).isEqualTo("libvirt");
            assertThat(vs.target()).isEqualTo("qemu:///system");
            assertThat(TestPools.host(vs).hypervisor()).isEqualToIgnoringCase("qemu");
            assertThat(TestPools.host(vs).hypervisorVersion().major()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void remoteUri_overTheDaemonsSocket_seesTheSamePools() {
        String name = "vs-remote-" + UUID.randomUUID().toString().substring(0, 8);
        try (VirtShare local = TestPools.open("qemu:///system");
                VirtShare remote = TestPools.open("qemu+unix:///system", TIMEOUT)) {
            assertThat(TestPools.host(remote).hypervisor()).isEqualToIgnoringCase("qemu");
            assertThat(TestPools.host(remote).canonicalUri()).isEqualTo("qemu+unix:///system");
            Pool pool = remote.pools().define(PoolSpec.dir(name).target(Path.of("/var/tmp/" + name)).build());
            try {
                assertThat(local.pools().find(name)).as("defined over the remote protocol").isPresent();
            } finally {
                pool.undefine();
            }
            assertThat(local.pools().find(name)).isEmpty();
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void remoteUris_thatCannotBeReached_failWithTheUriAndWhatToCheck() {
        for (String uri : List.of("qemu+ssh://root@vs-no-such-host.invalid/system?no_tty=1",
                "qemu+tcp://127.0.0.1:1/system")) {
            assertThatThrownBy(() -> TestPools.open(uri, TIMEOUT))
                    .isInstanceOf(BackendException.class)
                    .hasMessageStartingWith("cannot connect to " + uri + ": ")
                    .hasMessageEndingWith("check the host name, the network and its credentials")
                    .satisfies(e -> assertThat(((BackendException) e).target()).isEqualTo(uri));
        }
    }
}
