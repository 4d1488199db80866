package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.Share;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throughput recipe docs/shares.md quotes measures a virtiofs share from a real guest. */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class GuestProofRecipeIT {
    @TempDir
    Path dir;

    @Test
    void throughput_ofAVirtiofsShare_isMeasuredInTheGuest() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Share models = Share.virtiofs("models", Path.of("models"), Path.of("/mnt/models")).build();

        var measured = GuestProofRecipe.throughput(models, dir, 8, HostTools.detect());

        assertThat(measured).hasValueSatisfying(t -> {
            assertThat(t.mib()).isEqualTo(8);
            assertThat(t.write()).isPositive();
        });
    }
}
