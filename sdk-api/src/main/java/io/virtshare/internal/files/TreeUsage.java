package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.DirectoryEntries;
import io.virtshare.internal.nativeio.Stat;
import io.virtshare.internal.nativeio.LinuxFds;
import io.virtshare.internal.nativeio.LinuxFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures a tree without following links: apparent bytes (sizes of files and links),
 * bytes allocated on disk (directories included), and the number of regular files.
 * Hard-linked files count once. Directories are read in parallel with one
 * {@code lstat} per entry, without recursion (any depth); without native access it
 * falls back to a JDK walk (iterative too).
 *
 * @param apparentBytes sum of regular file and link sizes
 * @param allocatedBytes bytes allocated on disk for every entry
 * @param files regular files
 */
public record TreeUsage(long apparentBytes, long allocatedBytes, long files) {

    /** The walkers, started when a tree has a subdirectory: a flat tree is measured on the caller's thread. */
    private static final class Walkers {
        static final ForkJoinPool POOL = new ForkJoinPool(Math.max(4, 2 * Runtime.getRuntime()
                .availableProcessors()), ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, false);
    }

    /** Measures {@code root}. */
    public static TreeUsage of(Path root) throws IOException {
        Optional<Stat> top = LinuxFds.available() ? LinuxFiles.lstat(root) : Optional.empty();
        if (top.isEmpty()) {
            return walk(root);
        }
        if (!top.get().isDirectory()) {
            Stat s = top.get();
            return new TreeUsage(s.size(), s.allocated(), s.isRegularFile() ? 1 : 0);
        }
        Walk walk = new Walk();
        walk.pending.incrementAndGet();
        walk.run(FileNames.bytes(root.toString()));
        try {
            walk.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring " + root, e);
        }
        if (walk.failure instanceof IOException io) {
            throw io;
        }
        if (walk.failure instanceof Error error) {
            throw error;
        }
        if (walk.failure != null) {
            throw new IOException(walk.failure);
        }
        return new TreeUsage(walk.apparent.sum(), walk.allocated.sum() + top.get().allocated(), walk.files.sum());
    }

    /**
     * One measurement: the root is measured on the caller's thread, every directory below it
     * is a task of its own on the pool, which submits its subdirectories and never waits for
     * them, so no depth of tree deepens a stack. {@link #pending} counts the directories not
     * yet measured; the caller waits for it to reach zero.
     */
    private static final class Walk {
        final LongAdder apparent = new LongAdder();
        final LongAdder allocated = new LongAdder();
        final LongAdder files = new LongAdder();
        final Set<String> linked = ConcurrentHashMap.newKeySet();
        final AtomicLong pending = new AtomicLong();
        /** The first failure; the walk stops measuring once there is one. */
        volatile Throwable failure;

        void submit(byte[] dir) {
            pending.incrementAndGet();
            Walkers.POOL.execute(() -> run(dir));
        }

        /**
         * Measures {@code dir} (counted in {@link #pending} already) and counts it done, also
         * when it fails with an error, so that the caller never waits for it forever.
         */
        void run(byte[] dir) {
            try {
                measure(dir);
            } catch (Throwable e) {
                synchronized (this) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            } finally {
                if (pending.decrementAndGet() == 0) {
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }
        }

        /** Waits until every directory is measured. */
        synchronized void await() throws InterruptedException {
            while (pending.get() > 0) {
                wait();
            }
        }

        /**
         * Lists {@code dir} through a descriptor and {@code lstat}s each entry relative to it, as
         * {@code du} does: the kernel looks up one name per entry, not the whole path; names and
         * stat buffers stay in native memory ({@link DirectoryEntries}), and only a
         * subdirectory's name is copied out, to measure it next. The sums of the directory go
         * into the totals once.
         */
        private void measure(byte[] dir) throws IOException {
            if (failure != null) {
                return;
            }
            int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, dir);
            long[] sums = new long[3]; // apparent, allocated, files
            try {
                DirectoryEntries.forEach(fd, entry -> count(dir, entry, sums));
            } catch (LinuxFds.CallFailedException e) {
                throw new IOException("cannot measure " + new String(dir, FileNames.charset()) + ": "
                        + e.getMessage(), e);
            } finally {
                LinuxFds.close(fd);
            }
            apparent.add(sums[0]);
            allocated.add(sums[1]);
            files.add(sums[2]);
        }

        private void count(byte[] dir, DirectoryEntries entry, long[] sums) {
            if (entry.isDirectory()) {
                sums[1] += entry.allocated();
                submit(child(dir, entry.name()));
                return;
            }
            boolean file = entry.isRegularFile();
            if (file && entry.nlink() > 1 && !linked.add(entry.device() + ":" + entry.inode())) {
                return;
            }
            sums[0] += entry.size();
            sums[1] += entry.allocated();
            if (file) {
                sums[2]++;
            }
        }

        private static byte[] child(byte[] dir, byte[] name) {
            byte[] path = java.util.Arrays.copyOf(dir, dir.length + 1 + name.length);
            path[dir.length] = '/';
            System.arraycopy(name, 0, path, dir.length + 1, name.length);
            return path;
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
