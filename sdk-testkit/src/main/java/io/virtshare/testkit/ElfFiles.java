package io.virtshare.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads just enough of an ELF file to tell whether it is statically linked. */
final class ElfFiles {
    private static final int PT_INTERP = 3;

    private ElfFiles() {
    }

    /**
     * Whether {@code file} is an ELF executable without a program interpreter, i.e. one
     * that runs in a bare initramfs without a dynamic loader.
     */
    static boolean isStaticExecutable(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(64);
            if (channel.read(header, 0) < 64) {
                return false;
            }
            header.flip();
            if (header.getInt(0) != 0x7f454c46) { // \x7fELF, big-endian read
                return false;
            }
            boolean is64 = header.get(4) == 2;
            header.order(header.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            long phoff = is64 ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
            int phentsize = Short.toUnsignedInt(header.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(header.getShort(is64 ? 56 : 44));
            if (phentsize < 4 || phnum > 4096) {
                return false;
            }
            ByteBuffer entry = ByteBuffer.allocate(4).order(header.order());
            for (int i = 0; i < phnum; i++) {
                entry.clear();
                if (channel.read(entry, phoff + (long) i * phentsize) < 4) {
                    return false;
                }
                if (entry.getInt(0) == PT_INTERP) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
