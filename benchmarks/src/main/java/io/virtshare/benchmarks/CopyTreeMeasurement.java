package io.virtshare.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copy of a tree of many small files: {@code Files.copy} per file in the JVM (the
 * baseline the datastore clone must beat) vs {@code cp -a}. Both copies must hold the
 * same number of files and bytes.
 */
final class CopyTreeMeasurement implements Measurement {
    @Override
    public String name() {
        return "copy-tree";
    }

    @Override
    public String description() {
        return "copy of a 20,000-file tree: Files.copy per file in the JVM vs cp -a";
    }

    @Override
    public String tool() {
        return "cp";
    }

    @Override
    public void prepare(Path data, long sizeBytes) throws IOException {
        int files = 20_000;
        TestData.tree(data.resolve("tree"), files, (int) Math.max(1, Math.min(2048, sizeBytes / files)), 11);
    }

    @Override
    public String runSdk(Path data, Path scratch) throws IOException {
        Path source = data.resolve("tree");
        Path target = scratch.resolve("copy");
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.copy(dir, target.resolve(source.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
        return fingerprint(target);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of("cp", "-a", data.resolve("tree").toString(), scratch.resolve("copy").toString());
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return fingerprint(scratch.resolve("copy"));
    }

    private static String fingerprint(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            long[] countAndBytes = {0, 0};
            files.filter(Files::isRegularFile).forEach(f -> {
                countAndBytes[0]++;
                countAndBytes[1] += f.toFile().length();
            });
            return countAndBytes[0] + " files, " + countAndBytes[1] + " bytes";
        }
    }
}
