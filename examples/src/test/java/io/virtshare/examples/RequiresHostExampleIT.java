package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a user's own test declares the host tools it needs (quoted in docs/testing.md). */
class RequiresHostExampleIT {
    @TempDir
    Path home;

    // snippet:requires-host
    @Test
    @RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
    void systemLibvirtAnswers() {
        try (VirtShare vs = VirtShare.builder().home(home).backend("libvirt").uri("qemu:///system").build()) {
            assertThat(vs.target()).isEqualTo("qemu:///system");
            assertThat(vs.features().version()).isPresent();
        }
    }
    // end:requires-host
}
