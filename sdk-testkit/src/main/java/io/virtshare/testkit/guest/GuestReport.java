package io.virtshare.testkit.guest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link GuestProbe} run: one {@link ShareReport} per share, and when
 * the guest did not get through, the reason and the guest's last console lines.
 *
 * <pre>{@code
 * GuestReport report = probe.run();
 * if (!report.ok()) {
 *     System.err.println(report.failure().orElse("a share failed"));
 *     report.consoleTail().forEach(System.err::println);
 * }
 * }</pre>
 *
 * @param via how the guest was started
 * @param shares what the guest saw in each share, in the order the shares were given
 * @param failure why the guest did not finish (timeout, QEMU or libvirt error), when it did not
 * @param consoleTail the guest's last console lines (always kept, for diagnosis)
 * @param elapsed how long the probe took, from the first step to power-off
 */
public record GuestReport(GuestVia via, List<ShareReport> shares, Optional<String> failure, List<String> consoleTail,
        Duration elapsed) {

    public GuestReport {
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(elapsed, "elapsed");
        shares = List.copyOf(shares);
        consoleTail = List.copyOf(consoleTail);
    }

    /** Whether the guest finished and every share behaved as specified. */
    public boolean ok() {
        return failure.isEmpty() && !shares.isEmpty() && shares.stream().allMatch(ShareReport::ok);
    }
}
