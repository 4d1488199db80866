package io.virtshare.progress;

import java.util.Objects;

/**
 * One report of a long operation's progress: bytes and items done so far, and the
 * totals when they are known.
 *
 * <pre>{@code
 * ProgressListener print = p -> System.err.printf("%s %s: %d/%d bytes%n",
 *         p.operation(), p.item(), p.bytesDone(), p.bytesTotal());
 * }</pre>
 *
 * @param operation what runs, e.g. {@code extract}, {@code clone}, {@code download}
 * @param item the file or entry being worked on, or empty
 * @param bytesDone bytes done so far
 * @param bytesTotal bytes in all, or -1 when not known in advance
 * @param itemsDone items (files, entries) done so far
 * @param itemsTotal items in all, or -1 when not known in advance
 * @param etaSeconds the estimated seconds until the operation is done, or -1 when not known
 */
public record Progress(String operation, String item, long bytesDone, long bytesTotal, long itemsDone,
        long itemsTotal, long etaSeconds) {
    public Progress {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(item, "item");
    }

    /** A report without an estimate of the time left. */
    public Progress(String operation, String item, long bytesDone, long bytesTotal, long itemsDone, long itemsTotal) {
        this(operation, item, bytesDone, bytesTotal, itemsDone, itemsTotal, -1);
    }

    /** The fraction done in [0, 1], or -1 when the total is not known. */
    public double fraction() {
        if (bytesTotal > 0) {
            return Math.min(1.0, (double) bytesDone / bytesTotal);
        }
        if (itemsTotal > 0) {
            return Math.min(1.0, (double) itemsDone / itemsTotal);
        }
        return -1;
    }
}
