package io.virtshare.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** A small made-up model directory, and a tarball of it, for the recipes to register. */
public final class SampleModel {
    private SampleModel() {
    }

    /** Writes the model into {@code dir} (created; existing files are replaced). */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("weights"));
        Files.writeString(dir.resolve("config.json"), "{\"architecture\": \"tiny\", \"layers\": 2}\n");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"vocab\": [\"<s>\", \"</s>\", \"hello\"]}\n");
        byte[] weights = new byte[1 << 20];
        Random random = new Random(7);
        for (int part = 0; part < 2; part++) {
            random.nextBytes(weights);
            Files.write(dir.resolve("weights").resolve("part-" + part + ".bin"), weights);
        }
        return dir;
    }

    /** Packs the contents of {@code dir} as a .tar.gz at {@code archive} (as {@code tar -C dir -czf archive .}). */
    public static Path tarGz(Path dir, Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out));
                Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted().filter(f -> !f.equals(dir)).toList()) {
                String name = dir.relativize(file).toString();
                TarArchiveEntry entry = new TarArchiveEntry(file, Files.isDirectory(file) ? name + "/" : name);
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(file)) {
                    Files.copy(file, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }
}
