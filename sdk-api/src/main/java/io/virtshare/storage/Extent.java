package io.virtshare.storage;

import io.virtshare.InvalidSpecException;

/**
 * A byte range on a device: a free extent of a disk pool ({@code <freeExtent>}) or
 * the extent a logical or partition volume occupies ({@code <extent>}).
 *
 * <pre>{@code
 * Extent e = new Extent(32256, 106928640);
 * e.length();   // 106896384
 * }</pre>
 *
 * @param start the first byte
 * @param end the byte after the last one
 */
public record Extent(long start, long end) {
    /**
     * Checks that the range is not negative.
     */
    public Extent {
        if (start < 0 || end < 0) {
            throw new InvalidSpecException("extent " + start + "-" + end + " has a negative bound");
        }
    }

    /** The number of bytes in the range (0 when end is before start). */
    public long length() {
        return Math.max(0, end - start);
    }
}
