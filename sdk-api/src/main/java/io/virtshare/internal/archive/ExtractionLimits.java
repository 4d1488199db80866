package io.virtshare.internal.archive;

/**
 * Bounds on what one extraction may write.
 *
 * @param maxBytes bytes actually written, over all files
 * @param maxEntries entries of any kind
 * @param maxPathLength bytes of one entry's path (UTF-8)
 * @param maxNameLength bytes of one path component (UTF-8)
 * @param limitName what sets {@code maxBytes}, for messages (e.g. the datastore's LIMIT_MB)
 */
public record ExtractionLimits(long maxBytes, long maxEntries, int maxPathLength, int maxNameLength,
        String limitName) {

    /** Linux's PATH_MAX and NAME_MAX. */
    public static final int PATH_MAX = 4096;
    public static final int NAME_MAX = 255;

    public ExtractionLimits {
        if (maxBytes < 0 || maxEntries < 1 || maxPathLength < 1 || maxNameLength < 1) {
            throw new IllegalArgumentException("extraction limits must be positive");
        }
    }

    /** Limits with Linux's path bounds, at most {@code maxBytes} bytes and {@code maxEntries} entries. */
    public static ExtractionLimits of(long maxBytes, long maxEntries, String limitName) {
        return new ExtractionLimits(maxBytes, maxEntries, PATH_MAX, NAME_MAX, limitName);
    }
}
