package io.virtshare.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
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
}
