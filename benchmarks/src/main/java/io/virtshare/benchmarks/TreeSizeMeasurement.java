package io.virtshare.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Apparent size of a tree of many small files: a {@code Files.walkFileTree} walk in the
 * JVM (what datastore usage builds on) vs {@code du -sb}. Both count every entry's
 * apparent size, directories included, so their totals must agree.
 */
final class TreeSizeMeasurement implements Measurement {
    @Override
    public String name() {
        return "tree-size";
    }

    @Override
    public String description() {
        return "apparent size of a 20,000-file tree: Files.walkFileTree in the JVM vs du -sb";
    }

    @Override
    public String tool() {
        return "du";
    }

    @Override
    public void prepare(Path data, long sizeBytes) throws IOException {
        int files = 20_000;
        TestData.tree(data.resolve("tree"), files, (int) Math.max(1, Math.min(2048, sizeBytes / files)), 7);
    }

    @Override
    public String runSdk(Path data, Path scratch) throws IOException {
        long[] total = {0};
        Files.walkFileTree(data.resolve("tree"), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return Long.toString(total[0]);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of("du", "-sb", data.resolve("tree").toString());
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) {
        return stdout.strip().split("\\s+")[0];
    }
}
