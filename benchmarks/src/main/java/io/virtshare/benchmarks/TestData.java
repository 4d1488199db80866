package io.virtshare.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic input data: files of random bytes and trees of many files. */
final class TestData {
    private TestData() {
    }

    /** One file of {@code size} pseudo-random bytes (incompressible, same for a given seed). */
    static Path file(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                for (int i = 0; i < block.length; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8 && i + j < block.length; j++) {
                        block[i + j] = (byte) (r >>> (8 * j));
                    }
                }
                int n = (int) Math.min(left, block.length);
                out.write(block, 0, n);
                left -= n;
            }
        }
        return file;
    }

    /** A tree of {@code count} files of {@code fileSize} bytes, 100 per directory, two levels deep. */
    static Path tree(Path root, int count, int fileSize, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] content = new byte[fileSize];
        for (int i = 0; i < count; i++) {
            Path dir = root.resolve("d" + (i / 1000)).resolve("s" + (i / 100 % 10));
            Files.createDirectories(dir);
            for (int j = 0; j < content.length; j++) {
                content[j] = (byte) random.nextInt(256);
            }
            Files.write(dir.resolve("f" + i + ".bin"), content);
        }
        return root;
    }
}
