package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool recipe on the real libvirt daemon: bytes uploaded, cloned and downloaded back, files removed. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.QEMU_IMG})
class PoolRecipeIT {
    @TempDir
    Path work;

    @Test
    void recipe_onQemuSystem_movesRealBytes_andLeavesNothing() throws Exception {
        String name = "vs-recipe-" + UUID.randomUUID().toString().substring(0, 8);
        String printed = PoolRecipeTest.printed("qemu:///system", work, name);

        assertThat(printed).contains("connected to qemu:///system through the libvirt backend",
                "upload data.raw: 4194304 bytes, done",
                "download twin.raw: 4194304 bytes, done", "the clone holds the uploaded bytes: true",
                "ALREADY_EXISTS: ", "qemu:///system: RUNNING, was there already", "pool " + name + " defined: false")
                .doesNotContain("not on qemu:///system");
        try (VirtShare host = TestLibvirt.open("qemu:///system")) {
            assertThat(host.pools().find(name)).isEmpty();
            assertThat(host.pools().find(name + "-scratch")).isEmpty();
        }
        assertThat(work).isEmptyDirectory();
    }
}
