package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest's walk, run by the same static busybox on the host over a tree with hostile names:
 * what it prints reads back to exactly the host's values.
 */
@RequiresHost(HostTool.BUSYBOX)
class DigestWalkIT {
    @TempDir
    Path dir;

    @Test
    void theGuestsWalk_readsBackToTheHostsValues_forHostileNames() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("nested/dir with space"));
        Files.writeString(tree.resolve("nested/dir with space/new\nline"), "x");
        Files.writeString(tree.resolve("ünïcødé 名前"), "non-ascii");
        Files.writeString(tree.resolve("VIRTSHARE-DIGEST 00 1 fake"), "looks like a report line");
        Files.writeString(tree.resolve("trailing\n"), "newline at the end of the name");
        Files.createFile(tree.resolve("empty"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("empty"));
        Path busybox = HostTools.detect().status(HostTool.BUSYBOX).path().orElseThrow();
        Path console = dir.resolve("console.log");

        CommandResult run = CommandRunner.run(Duration.ofSeconds(60), List.of(busybox.toString(), "sh", "-c",
                "cd " + InitScript.quote(tree.toString()) + " && " + DigestScript.walk() + " > "
                        + InitScript.quote(console.toString())));

        assertThat(run.succeeded()).as(run.describe()).isTrue();
        Map<String, FileDigest> guest = DigestScript.read(console).files().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().orElseThrow()));
        assertThat(guest).isEqualTo(GuestDigest.hostDigests(tree));
        assertThat(GuestDigest.compare(GuestDigest.hostDigests(tree), DigestScript.read(console).files()))
                .allMatch(FileProof::matches).hasSize(5);
    }
}
