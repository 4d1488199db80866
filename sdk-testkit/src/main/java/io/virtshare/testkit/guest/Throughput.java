package io.virtshare.testkit.guest;

import java.time.Duration;
import java.util.Objects;

/**
 * Sequential throughput the guest measured in a share: reading a file the host wrote,
 * then writing as much (ended by {@code fsync}), each with the guest's page cache dropped
 * first. Times come from the guest's clock ({@code /proc/uptime}, 10 ms resolution).
 *
 * <pre>{@code
 * report.shares().get(0).throughput().ifPresent(t ->
 *         System.out.printf("read %.0f MiB/s, write %.0f MiB/s%n", t.readMibPerSecond(), t.writeMibPerSecond()));
 * }</pre>
 *
 * @param mib how many MiB were read, and then written
 * @param read how long the read took
 * @param write how long the write took
 */
public record Throughput(int mib, Duration read, Duration write) {
    public Throughput {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        if (mib < 1) {
            throw new IllegalArgumentException("a throughput measurement moves at least 1 MiB, not " + mib);
        }
    }

    /** MiB per second read (infinite when too fast for the guest clock). */
    public double readMibPerSecond() {
        return mib / seconds(read);
    }

    /** MiB per second written. */
    public double writeMibPerSecond() {
        return mib / seconds(write);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
