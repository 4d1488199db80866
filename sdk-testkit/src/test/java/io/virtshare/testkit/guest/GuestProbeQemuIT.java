package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real guest booted with QEMU (TCG) mounts a virtiofs and a 9p share, reads the host's files and writes back. */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class GuestProbeQemuIT {
    @TempDir
    Path dir;

    @Test
    void bothProtocols_areMountedReadAndWrittenFromTheGuest() throws IOException {
        Path fsSource = Files.createDirectories(dir.resolve("fs-source"));
        Path ninepSource = Files.createDirectories(dir.resolve("9p-source"));
        Share virtiofs = Share.virtiofs("probe-fs", fsSource, Path.of("/mnt/fs")).build();
        Share ninep = Share.ninep("probe-9p", ninepSource, Path.of("/mnt/9p"))
                .options(NinePOptions.defaults().withSecurityModel("passthrough")).build();

        GuestReport report;
        try (GuestProbe probe = GuestProbe.builder().share(virtiofs).share(ninep).via(GuestVia.QEMU)
                .stateDirectory(dir).progress(p -> System.err.println("probe: " + p.item())).build()) {
            report = probe.run();
        }

        assertThat(report.failure()).as(String.join("\n", report.consoleTail())).isEmpty();
        assertThat(report.shares()).as(report.shares().toString()).extracting(ShareReport::tag, ShareReport::protocol, ShareReport::mounted,
                ShareReport::readOk, ShareReport::writeOk).containsExactly(
                org.assertj.core.groups.Tuple.tuple("probe-fs", ShareProtocol.VIRTIOFS, true, true, true),
                org.assertj.core.groups.Tuple.tuple("probe-9p", ShareProtocol.NINE_P, true, true, true));
        assertThat(report.ok()).isTrue();
        System.err.println("guest probe via QEMU took " + report.elapsed().toMillis() + " ms");
        try (Stream<Path> left = Stream.concat(Files.list(fsSource), Files.list(ninepSource))) {
            assertThat(left).as("the probe removes its files from the shares").isEmpty();
        }
        assertThat(dir.resolve("virtiofs-probe-fs.sock")).as("the daemon's socket is removed").doesNotExist();
    }
}
