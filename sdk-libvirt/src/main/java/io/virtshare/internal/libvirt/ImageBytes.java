package io.virtshare.internal.libvirt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The bytes of an image read at an offset, for a check that must look beyond the head of the
 * file (a vhdx's metadata lies megabytes in). Every read is bounded by its caller; none moves
 * the position of a stream reading the same file.
 */
@FunctionalInterface
interface ImageBytes {
    /** No bytes anywhere: for data of which only the head is known. */
    ImageBytes NONE = (offset, length) -> new byte[0];

    /**
     * Up to {@code length} bytes at {@code offset}: fewer where the data ends, none past its end
     * or for a negative offset or length.
     */
    byte[] read(long offset, int length) throws IOException;

    /** The bytes of {@code data}. */
    static ImageBytes of(byte[] data) {
        return (offset, length) -> offset < 0 || length <= 0 || offset >= data.length ? new byte[0]
                : Arrays.copyOfRange(data, (int) offset, (int) Math.min(data.length, offset + length));
    }

    /** The bytes of the file open in {@code channel}, by positional reads (its position is left alone). */
    static ImageBytes of(FileChannel channel) {
        return (offset, length) -> {
            if (offset < 0 || length <= 0) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // a short read: read on from where it stopped
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        };
    }
}
