package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Measures a tree without following links: apparent bytes (file sizes, as
 * {@code du -sb --apparent-size} counts files), bytes allocated on disk, and the
 * number of regular files. Hard-linked files count once.
 *
 * @param apparentBytes sum of regular file and link sizes
 * @param allocatedBytes bytes allocated on disk for every entry (directories included)
 * @param files regular files
 */
public record TreeUsage(long apparentBytes, long allocatedBytes, long files) {

    /** Measures {@code root}. */
    public static TreeUsage of(Path root) throws IOException {
        long[] totals = new long[3];
        Set<Object> seen = new HashSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                totals[1] += allocated(dir, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Object key = attrs.fileKey();
                if (key != null && attrs.isRegularFile() && !seen.add(key)) {
                    return FileVisitResult.CONTINUE;
                }
                totals[0] += attrs.size();
                totals[1] += allocated(file, attrs);
                if (attrs.isRegularFile()) {
                    totals[2]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new TreeUsage(totals[0], totals[1], totals[2]);
    }

    private static long allocated(Path path, BasicFileAttributes attrs) {
        return LinuxFiles.allocatedBytes(path).orElse((attrs.size() + 4095) / 4096 * 4096);
    }
}
