package io.virtshare.testkit.guest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * The files a throughput measurement reads: one per distinct source directory (shares of
 * one directory read the same file), filled with incompressible bytes, removed afterwards.
 */
final class BenchFiles {
    private final String name;
    private final List<Path> files;

    private BenchFiles(String name, List<Path> files) {
        this.name = name;
        this.files = files;
    }

    static BenchFiles create(List<Path> sources, String name, int mib) throws IOException {
        List<Path> files = new ArrayList<>();
        BenchFiles created = new BenchFiles(name, files);
        if (mib == 0) {
            return created;
        }
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        try {
            for (Path source : new LinkedHashSet<>(sources)) {
                Path file = source.resolve(name);
                files.add(file);
                try (OutputStream out = Files.newOutputStream(file)) {
                    for (int i = 0; i < mib; i++) {
                        block[i % block.length] ^= (byte) i; // no two MiB alike
                        out.write(block);
                    }
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException | RuntimeException e) {
            created.delete();
            throw e;
        }
        return created;
    }

    /** The file name inside each source. */
    String name() {
        return name;
    }

    void delete() {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // named as the probe's; harmless if left
            }
        }
    }
}
