package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which URIs reach a libvirt on this machine, where a VM's share sources can be checked before defining it. */
class LibvirtVmsLocalUriTest {
    @ParameterizedTest
    @CsvSource({
        "qemu:///system, true",
        "test:///default, true",
        "qemu+unix:///system, true",
        "qemu+ssh://localhost/system, true",
        "qemu+ssh://root@host.example/system, false",
        "qemu+tcp://10.0.0.5/system, false"})
    void uri_isLocalOnlyWithoutARemoteHost(String uri, boolean local) {
        assertThat(LibvirtVms.isLocal(uri)).isEqualTo(local);
    }
}
