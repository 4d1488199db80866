package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.libvirt.LibvirtHost;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import org.junit.jupiter.api.Test;

/** How a user's own test declares the host tools it needs (quoted in docs/testing.md). */
class RequiresHostExampleIT {
    // snippet:requires-host
    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void systemLibvirtAnswers() {
        try (LibvirtHost host = LibvirtHost.connect("qemu:///system")) {
            assertThat(host.hypervisor()).isEqualToIgnoringCase("QEMU");
        }
    }
    // end:requires-host
}
