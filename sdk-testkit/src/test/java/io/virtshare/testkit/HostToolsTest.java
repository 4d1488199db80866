package io.virtshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostToolsTest {
    @Test
    void detectWithoutNames_marksThoseToolsMissing_inAnyCase_withTheReason() {
        HostTools tools = HostTools.detectWithout(" qemu ,LibvirtD", "simulated");

        assertThat(tools.status(HostTool.QEMU).available()).isFalse();
        assertThat(tools.status(HostTool.QEMU).detail()).isEqualTo("simulated");
        assertThat(tools.status(HostTool.LIBVIRTD).available()).isFalse();
    }

    @Test
    void detectWithoutAnUnknownName_saysWhichNamesExist() {
        assertThatThrownBy(() -> HostTools.detectWithout("QEMU,qemu-kvm", "x"))
                .isInstanceOf(io.virtshare.InvalidSpecException.class)
                .hasMessageStartingWith("virtshare.host.unavailable names an unknown host tool 'qemu-kvm'; use these"
                        + " names: [")
                .hasMessageContaining("QEMU");
    }
}
