package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.Stat;
import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Puts a tree on stable storage: every regular file is {@code fsync}ed (in parallel, so
 * the file system can commit them together), then every directory, deepest first, so
 * that after a power cut a tree that was synced holds every entry with all its bytes.
 * Links need nothing of their own: they live in their directory. Without recursion.
 */
public final class TreeSync {
    private static final int THREADS = 16;

    private TreeSync() {
    }

    /** Syncs the tree at {@code root} (which this process wrote and nothing else changes). */
    public static void sync(Path root) throws IOException {
        if (!LinuxFds.available()) {
            return;
        }
        List<Path> directories = new ArrayList<>();
        List<Future<?>> files = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "virtshare-sync");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Path> pending = new ArrayDeque<>(List.of(root));
            while (!pending.isEmpty()) {
                Path dir = pending.pop();
                directories.add(dir);
                int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, FileNames.bytes(dir.toString()));
                try {
                    for (byte[] raw : LinuxFds.list(fd)) {
                        Stat stat = LinuxFds.lstatAt(fd, raw);
                        Path entry = dir.resolve(new String(raw, FileNames.charset()));
                        if (stat.isDirectory()) {
                            pending.push(entry);
                        } else if (stat.isRegularFile()) {
                            files.add(pool.submit(() -> {
                                syncFile(entry);
                                return null;
                            }));
                        }
                    }
                } finally {
                    LinuxFds.close(fd);
                }
            }
            for (Future<?> f : files) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            syncDirectory(directories.get(i));
        }
    }

    private static void syncFile(Path file) throws IOException {
        int fd = LinuxFds.openForReading(LinuxFds.AT_FDCWD, FileNames.bytes(file.toString()));
        try {
            LinuxFds.fsync(fd);
        } finally {
            LinuxFds.close(fd);
        }
    }

    /** Syncs one directory: its entries (names, links, renames into it) reach stable storage. */
    public static void syncDirectory(Path dir) throws IOException {
        if (!LinuxFds.available()) {
            return;
        }
        int fd = LinuxFds.openDirectory(LinuxFds.AT_FDCWD, FileNames.bytes(dir.toString()));
        try {
            LinuxFds.fsync(fd);
        } finally {
            LinuxFds.close(fd);
        }
    }

    private static void await(Future<?> future) throws IOException {
        try {
            future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing " + future, e);
        }
    }
}
