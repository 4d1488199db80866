package io.virtshare.internal.nativeio;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * A block of native memory that bytes wait in until they are written to a file: bytes kept
 * here are no work for the garbage collector, which copies every array on the heap that is
 * still waiting when it runs. Only the pages written to are ever touched. Not thread-safe: one
 * thread fills a block, then hands it to one that writes from it.
 */
public final class NativeBlock implements AutoCloseable {
    private final Memory memory;
    private final long address;
    private final int size;

    /** Allocates {@code size} bytes; needs {@link LinuxFds#available()}. */
    public NativeBlock(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a block needs a positive size, not " + size);
        }
        this.memory = new Memory(size);
        this.address = Pointer.nativeValue(memory);
        this.size = size;
    }

    /** Its size in bytes. */
    public int size() {
        return size;
    }

    /** Copies {@code length} bytes of {@code bytes} from {@code from} into this block at {@code offset}. */
    public void put(int offset, byte[] bytes, int from, int length) {
        check(offset, length);
        memory.write(offset, bytes, from, length);
    }

    /** Reads {@code length} bytes at {@code offset} into a new array. */
    public byte[] get(int offset, int length) {
        check(offset, length);
        return memory.getByteArray(offset, length);
    }

    /** Writes {@code length} bytes at {@code offset} of this block at the start of the new, empty file {@code fd}. */
    public void writeTo(int fd, int offset, int length) throws IOException {
        check(offset, length);
        LinuxFds.writeAll(fd, address + offset, length);
    }

    private void check(int offset, int length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException(length + " bytes at " + offset + " do not fit a block of " + size);
        }
    }

    /** Frees the memory; nothing may use the block afterwards. */
    @Override
    public void close() {
        memory.close();
    }
}
