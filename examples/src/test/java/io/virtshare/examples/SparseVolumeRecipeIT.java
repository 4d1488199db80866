package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.VirtShare;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sparse recipe on the real libvirt daemon: data only allocated, the bytes back the same, nothing left. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
class SparseVolumeRecipeIT {
    @TempDir
    Path work;

    @Test
    void recipe_onQemuSystem_allocatesTheDataOnly_andGivesTheSameBytesBack() throws Exception {
        String name = "vs-recipe-" + UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        SparseVolumeRecipe.run("qemu:///system", work, name, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("downloaded back: 1073741824 bytes, same as the image: true");
        long allocation = Long.parseLong(text.replaceAll("(?s).*volume allocation after a sparse upload: (\\d+).*",
                "$1"));
        assertThat(allocation).isBetween(1L << 20, 2L << 20);
        try (VirtShare host = TestLibvirt.open("qemu:///system")) {
            assertThat(host.pools().find(name)).isEmpty();
        }
        assertThat(work).isEmptyDirectory();
    }
}
