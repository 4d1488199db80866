package io.virtshare.internal.hf;

import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Totals of a snapshot download, reported as {@code download} (all files, with ETA) and
 * {@code download-file} (one file) progress, at most every 100 ms plus once per finished file.
 */
final class ProgressMeter {
    private static final long EVERY_NANOS = 100_000_000L;

    private final ProgressListener listener;
    private final long totalBytes;
    private final long totalFiles;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - EVERY_NANOS);

    ProgressMeter(ProgressListener listener, long totalBytes, long totalFiles) {
        this.listener = listener;
        this.totalBytes = totalBytes;
        this.totalFiles = totalFiles;
    }

    /** Bytes found already verified in the resume area (they do not count towards the rate). */
    void resumed(long n) {
        resumed.addAndGet(n);
        done.addAndGet(n);
    }

    /** {@code n} more bytes of file {@code name} ({@code fileDone} of {@code fileSize} now); n may be negative. */
    void add(String name, long fileDone, long fileSize, long n) {
        long all = done.addAndGet(n);
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            report(name, fileDone, fileSize, all, now);
        }
    }

    void fileDone(String name, long size) {
        filesDone.incrementAndGet();
        report(name, size, size, done.get(), System.nanoTime());
    }

    private void report(String name, long fileDone, long fileSize, long all, long now) {
        listener.progress(new Progress("download-file", name, fileDone, fileSize, filesDone.get(), totalFiles,
                -1));
        listener.progress(new Progress("download", name, all, totalBytes, filesDone.get(), totalFiles,
                eta(all, now)));
    }

    private long eta(long all, long now) {
        long fresh = all - resumed.get();
        double seconds = (now - start) / 1e9;
        if (fresh <= 0 || seconds < 0.05) {
            return -1;
        }
        return (long) Math.ceil((totalBytes - all) / (fresh / seconds));
    }
}
