package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.vm.VmState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.libvirt.DomainInfo.DomainState;

/** libvirt's domain states as the SDK names them; a VM blocked on a resource still runs. */
class LibvirtVmStateTest {
    @ParameterizedTest
    @CsvSource({
        "VIR_DOMAIN_RUNNING, RUNNING",
        "VIR_DOMAIN_BLOCKED, RUNNING",
        "VIR_DOMAIN_PAUSED, PAUSED",
        "VIR_DOMAIN_SHUTOFF, SHUT_OFF",
        "VIR_DOMAIN_CRASHED, CRASHED",
        "VIR_DOMAIN_SHUTDOWN, OTHER",
        "VIR_DOMAIN_PMSUSPENDED, OTHER",
        "VIR_DOMAIN_NOSTATE, OTHER"})
    void libvirtState_mapsToTheSdksState(DomainState libvirt, VmState sdk) {
        assertThat(LibvirtVm.state(libvirt)).isEqualTo(sdk);
    }
}
