package io.virtshare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFilesTest {
    @TempDir
    Path dir;

    /** A minimal ELF64 little-endian header with the given program header types. */
    private Path elf(int... programHeaderTypes) throws IOException {
        int phoff = 64;
        int phentsize = 56;
        ByteBuffer b = ByteBuffer.allocate(phoff + phentsize * programHeaderTypes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        b.put(4, (byte) 2).put(5, (byte) 1);
        b.putLong(32, phoff);
        b.putShort(54, (short) phentsize);
        b.putShort(56, (short) programHeaderTypes.length);
        for (int i = 0; i < programHeaderTypes.length; i++) {
            b.putInt(phoff + i * phentsize, programHeaderTypes[i]);
        }
        Path file = dir.resolve("elf" + programHeaderTypes.length);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void staticExecutable_hasNoInterpreter() throws IOException {
        assertThat(ElfFiles.isStaticExecutable(elf(1, 1, 4))).isTrue();
    }

    @Test
    void dynamicExecutable_hasInterpreter() throws IOException {
        assertThat(ElfFiles.isStaticExecutable(elf(6, 3, 1))).isFalse();
    }

    @Test
    void systemShell_isDynamic() {
        assertThat(ElfFiles.isStaticExecutable(Path.of("/bin/sh"))).isFalse();
    }

    @Test
    void notElf_isNotStatic() throws IOException {
        assertThat(ElfFiles.isStaticExecutable(Files.writeString(dir.resolve("script"), "#!/bin/sh\n".repeat(10))))
                .isFalse();
        assertThat(ElfFiles.isStaticExecutable(dir.resolve("missing"))).isFalse();
    }
}
