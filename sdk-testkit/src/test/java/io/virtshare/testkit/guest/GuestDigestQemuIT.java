package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TCG guest booted with QEMU hashes a tree whose names are hostile to a console transport
 * (newlines, spaces, a fake report line, non-ASCII): every file arrives under its own name with
 * the host's size and sha256, and nothing is written into the tree.
 */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class GuestDigestQemuIT {
    @TempDir
    Path dir;

    @Test
    void everyFile_arrivesUnderItsOwnName_withTheHostsSizeAndSha256() throws IOException {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("nested/dir with space"));
        Files.writeString(tree.resolve("nested/dir with space/new\nline"), "x");
        Files.writeString(tree.resolve("ünïcødé 名前"), "non-ascii");
        Files.writeString(tree.resolve("VIRTSHARE-DIGEST 00 1 fake"), "looks like a report line");
        Files.write(tree.resolve("binary"), new byte[] {0, 10, 13, 27, (byte) 0xff});
        Files.createFile(tree.resolve("empty"));

        DigestReport report = GuestDigest.builder(tree).progress(p -> System.err.println("digest: " + p.item()))
                .build().run();

        assertThat(report.ok()).as(report + "\n" + String.join("\n", report.consoleTail())).isTrue();
        assertThat(report.files()).extracting(FileProof::path).containsExactlyInAnyOrder("nested/dir with space/new\nline",
                "ünïcødé 名前", "VIRTSHARE-DIGEST 00 1 fake", "binary", "empty");
        assertThat(report.files()).allSatisfy(f -> assertThat(f.guest()).isEqualTo(f.host()));
        try (Stream<Path> walk = Files.walk(tree)) {
            assertThat(walk.filter(Files::isRegularFile).count()).as("nothing written into the tree").isEqualTo(5);
        }
    }
}
