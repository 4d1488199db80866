package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.vm.Vm;
import io.virtshare.vm.Vms;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt backend as a user reaches it: through VirtShare, chosen by ServiceLoader or by name. */
class LibvirtBackendIT {
    @TempDir
    Path home;

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void open_withSdkLibvirtOnTheClassPath_choosesLibvirt_onTheUriOfTheEnvironmentElseTheTestDriver() {
        String expected = new LibvirtBackendProvider().uri(new io.virtshare.spi.BackendContext(home,
                java.util.Optional.empty(), VirtShare.DEFAULT_CONNECT_TIMEOUT));
        try (VirtShare vs = VirtShare.open(home)) {
            assertThat(vs.backend()).isEqualTo("libvirt");
            assertThat(vs.target()).isEqualTo(expected);
            if (System.getenv("LIBVIRT_DEFAULT_URI") == null && System.getProperty("virtshare.libvirt.uri") == null) {
                assertThat(vs.target()).isEqualTo("test:///default");
            }
            assertThat(vs.features().version()).hasValue(TestPools.host(vs).libvirtVersion().toString());
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void testDriver_byName_definesAndFindsAPool() {
        String name = "vs-backend-" + UUID.randomUUID().toString().substring(0, 8);
        try (VirtShare vs = VirtShare.builder().home(home).backend("libvirt").uri("test:///default").build()) {
            Pool pool = vs.pools().create(PoolSpec.dir(name).target(Path.of("/virtshare-test/" + name)).build());
            try {
                assertThat(vs.pools().find(name)).contains(pool);
                assertThat(vs.pools().list()).contains(pool);
            } finally {
                TestPools.remove(vs, name);
            }
        }
    }

    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void systemDaemon_byNameAndUri_isTheTarget_andItsFeaturesFollowItsVersion() {
        try (VirtShare vs = VirtShare.builder().home(home).backend("libvirt").uri("qemu:///system").build()) {
            assertThat(vs.backend()).isEqualTo("libvirt");
            assertThat(vs.target()).isEqualTo("qemu:///system");
            assertThat(TestPools.host(vs).hypervisor()).isEqualToIgnoringCase("qemu");
            assertThat(vs.features().version()).hasValue(TestPools.host(vs).libvirtVersion().toString());
            assertThat(vs.pools().list()).isNotNull();
        }
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void vms_listTheHostsDomains_andAfterCloseSayTheConnectionIsClosed() {
        VirtShare vs = VirtShare.builder().home(home).backend("libvirt").uri("test:///default").build();
        Vms vms = vs.vms();
        assertThat(vms.list()).extracting(Vm::name).contains("test");

        vs.close();

        assertThatThrownBy(vms::list).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.failure()).isEqualTo(BackendFailure.CONNECTION);
            assertThat(e.target()).isEqualTo("test:///default");
        }).hasMessageContaining("the connection to test:///default is closed").hasMessageContaining("open a new");
    }

    @Test
    @RequiresHost(HostTool.LIBVIRT_LIBRARY)
    void call_mapsLibvirtsErrorToABackendException_namingTheVm() {
        try (VirtShare vs = VirtShare.builder().home(home).backend("libvirt").uri("test:///default").build()) {
            LibvirtBackend backend = new LibvirtBackend(TestPools.host(vs));

            assertThatThrownBy(() -> backend.call("start vm", "vs-no-such-vm", Existing.VM,
                    () -> backend.connection().domainLookupByName("vs-no-such-vm")))
                    .isInstanceOf(BackendException.class)
                    .hasMessageStartingWith("cannot start vm 'vs-no-such-vm' on test:///default: ")
                    .hasMessageEndingWith("the VM does not exist (any more) on that host; list what exists with"
                            + " vs.vms().list() or virsh -c test:///default list --all")
                    .satisfies(e -> {
                        BackendException failure = (BackendException) e;
                        assertThat(failure.subject()).contains("vs-no-such-vm");
                        assertThat(failure.operation()).isEqualTo("start vm");
                        assertThat(failure.failure()).isEqualTo(BackendFailure.NOT_FOUND);
                    });
        }
    }
}
