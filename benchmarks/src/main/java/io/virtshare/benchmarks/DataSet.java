package io.virtshare.benchmarks;

/**
 * The size of the data a measurement prepares: {@code bytes} for the large files, and
 * {@code smallFiles} 2 KiB files for the many-small-files shapes (20,000 by default, as the
 * measurements the issues quote; the build's own test uses a few hundred).
 */
record DataSet(long bytes, int smallFiles) {
    static final int DEFAULT_SMALL_FILES = 20_000;

    DataSet {
        if (bytes < 1 || smallFiles < 1) {
            throw new IllegalArgumentException("the data size and the number of small files must be positive");
        }
    }
}
