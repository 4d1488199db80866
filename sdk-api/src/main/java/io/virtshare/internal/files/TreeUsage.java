package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Measures a tree without following links: apparent bytes (sizes of files and links),
 * bytes allocated on disk (directories included), and the number of regular files.
 * Hard-linked files count once. Directories are read in parallel with one
 * {@code lstat} per entry; without native access it falls back to a JDK walk.
 *
 * @param apparentBytes sum of regular file and link sizes
 * @param allocatedBytes bytes allocated on disk for every entry
 * @param files regular files
 */
public record TreeUsage(long apparentBytes, long allocatedBytes, long files) {

    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(4, 2 * Runtime.getRuntime()
            .availableProcessors()), ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, false);

    /** Measures {@code root}. */
    public static TreeUsage of(Path root) throws IOException {
        Optional<LinuxFiles.Stat> top = LinuxFiles.lstat(root);
        if (top.isEmpty()) {
            return walk(root);
        }
        if (!top.get().isDirectory()) {
            LinuxFiles.Stat s = top.get();
            return new TreeUsage(s.size(), s.allocated(), s.isRegularFile() ? 1 : 0);
        }
        try {
            long[] totals = POOL.invoke(new Directory(root, ConcurrentHashMap.newKeySet()));
            return new TreeUsage(totals[0], totals[1] + top.get().allocated(), totals[2]);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final class Directory extends RecursiveTask<long[]> {
        private static final long serialVersionUID = 1L;

        private final transient Path dir;
        private final transient Set<String> linked;

        Directory(Path dir, Set<String> linked) {
            this.dir = dir;
            this.linked = linked;
        }

        @Override
        protected long[] compute() {
            long[] totals = new long[3];
            List<Directory> children = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    LinuxFiles.Stat s = LinuxFiles.lstat(entry)
                            .orElseThrow(() -> new IOException("cannot stat " + entry));
                    if (s.isDirectory()) {
                        totals[1] += s.allocated();
                        Directory child = new Directory(entry, linked);
                        child.fork();
                        children.add(child);
                        continue;
                    }
                    if (s.isRegularFile() && s.nlink() > 1 && !linked.add(s.device() + ":" + s.inode())) {
                        continue;
                    }
                    totals[0] += s.size();
                    totals[1] += s.allocated();
                    if (s.isRegularFile()) {
                        totals[2]++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Directory child : children) {
                long[] sub = child.join();
                totals[0] += sub[0];
                totals[1] += sub[1];
                totals[2] += sub[2];
            }
            return totals;
        }
    }

    /** The portable way: a JDK walk, allocation estimated from sizes. */
    static TreeUsage walk(Path root) throws IOException {
        long[] totals = new long[3];
        Set<Object> seen = new java.util.HashSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                totals[1] += (attrs.size() + 4095) / 4096 * 4096;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Object key = attrs.fileKey();
                if (key != null && attrs.isRegularFile() && !seen.add(key)) {
                    return FileVisitResult.CONTINUE;
                }
                totals[0] += attrs.size();
                totals[1] += (attrs.size() + 4095) / 4096 * 4096;
                if (attrs.isRegularFile()) {
                    totals[2]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new TreeUsage(totals[0], totals[1], totals[2]);
    }
}
