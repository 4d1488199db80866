package io.virtshare.testkit.guest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link GuestDigest} run: per file of the tree (sorted by path), what the
 * guest read and what the host holds; when the guest did not get through, the reason and its
 * last console lines.
 *
 * <pre>{@code
 * DigestReport report = GuestDigest.builder(Path.of("/srv/models/7")).build().run();
 * if (!report.ok()) {
 *     System.err.println(report.failure().orElse(report.mismatches() + " files differ"));
 * }
 * }</pre>
 *
 * @param via how the guest was started
 * @param hostReadOnly whether the share was read-only on the host too (the guest always mounts it read-only)
 * @param files every file either side has, sorted by path
 * @param failure why the guest did not finish or mount the share, when it did not
 * @param consoleTail the guest's last console lines
 * @param elapsed how long the run took
 */
public record DigestReport(GuestVia via, boolean hostReadOnly, List<FileProof> files, Optional<String> failure,
        List<String> consoleTail, Duration elapsed) {
    public DigestReport {
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(elapsed, "elapsed");
        files = List.copyOf(files);
        consoleTail = List.copyOf(consoleTail);
    }

    /** How many files differ between the guest and the host. */
    public long mismatches() {
        return files.stream().filter(f -> !f.matches()).count();
    }

    /** Whether the guest finished and read every file exactly as the host holds it. */
    public boolean ok() {
        return failure.isEmpty() && mismatches() == 0;
    }
}
