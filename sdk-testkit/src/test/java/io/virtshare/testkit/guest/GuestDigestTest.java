package io.virtshare.testkit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestDigestTest {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void hostDigests_coverEveryRegularFile_byRelativePath_withoutFollowingLinks() throws IOException {
        Files.createDirectories(dir.resolve("nested/deeper"));
        Files.writeString(dir.resolve("nested/deeper/abc"), "abc");
        Files.createFile(dir.resolve("empty"));
        Files.writeString(dir.resolve("with space"), "abc");
        Files.writeString(dir.resolve("ünï"), "abc");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("empty"));

        Map<String, FileDigest> digests = GuestDigest.hostDigests(dir);

        assertThat(digests).containsOnlyKeys("nested/deeper/abc", "empty", "with space", "ünï");
        assertThat(digests.get("empty")).isEqualTo(new FileDigest(0, EMPTY));
        assertThat(digests.get("ünï")).isEqualTo(new FileDigest(3, ABC));
    }

    @Test
    void compare_namesEachWayTheGuestAndTheHostDiffer() {
        Map<String, FileDigest> host = Map.of("same", new FileDigest(3, ABC), "other-content", new FileDigest(3, ABC),
                "other-size", new FileDigest(3, ABC), "unseen", new FileDigest(0, EMPTY),
                "unreadable", new FileDigest(0, EMPTY));
        Map<String, Optional<FileDigest>> guest = Map.of("same", Optional.of(new FileDigest(3, ABC)),
                "other-content", Optional.of(new FileDigest(3, EMPTY.replace('e', 'f'))),
                "other-size", Optional.of(new FileDigest(4, ABC)), "unreadable", Optional.empty(),
                "extra", Optional.of(new FileDigest(0, EMPTY)));

        List<FileProof> files = GuestDigest.compare(host, guest);

        assertThat(files).extracting(FileProof::path).containsExactly("extra", "other-content", "other-size", "same",
                "unreadable", "unseen");
        assertThat(files).extracting(f -> f.reason().orElse("matches")).containsExactly(
                "the guest sees a file the host does not have",
                "the guest read other content (its SHA-256 differs)",
                "the guest read 4 bytes, the host has 3",
                "matches",
                "the guest could not read this file",
                "the guest did not see this file");
        DigestReport report = new DigestReport(GuestVia.QEMU, false, files, Optional.empty(), List.of(),
                Duration.ZERO);
        assertThat(report.mismatches()).isEqualTo(5);
        assertThat(report.ok()).isFalse();
    }

    @Test
    void theDefaultTimeout_growsWithTheTree() {
        assertThat(GuestDigest.timeoutFor(0)).isEqualTo(Duration.ofSeconds(120));
        assertThat(GuestDigest.timeoutFor(1L << 30)).isEqualTo(Duration.ofSeconds(120 + 128));
    }

    @Test
    void aDigestThatIsNotSha256_isRefusedSayingWhatToGive() {
        assertThatThrownBy(() -> new FileDigest(1, "ABC")).isInstanceOf(InvalidSpecException.class)
                .hasMessage("'ABC' is not a SHA-256; give 64 lower-case hex digits");
        assertThatThrownBy(() -> new FileDigest(-1, ABC)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("a file size cannot be negative (-1); give 0 or more bytes");
    }

    @Test
    void aMissingDirectory_isRefusedBeforeAnythingStarts() {
        GuestDigest digest = GuestDigest.builder(dir.resolve("gone")).build();

        assertThatThrownBy(digest::run).isInstanceOf(GuestProbeException.class)
                .hasMessage(dir.resolve("gone") + " is not a directory; give the tree to prove");
    }
}
