package io.virtshare.internal.archive;

import io.virtshare.internal.files.FileNames;
import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Writes small extracted files on a few threads while the archive is read on one: file
 * creation, not reading, dominates archives of many small files. At most
 * {@link #BUFFERED} bytes wait in memory. Files are created with {@code CREATE_NEW} and
 * no-follow, like every other write of the extractor.
 */
final class ParallelWriter implements AutoCloseable {
    /** Files up to this size are buffered and written in parallel. */
    static final int SMALL = 256 * 1024;
    private static final int BUFFERED = 32 << 20;
    private static final int THREADS = 4;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "virtshare-extract");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore memory = new Semaphore(BUFFERED);
    private final Map<Path, Future<?>> pending = new HashMap<>();
    private final List<Future<?>> all = new ArrayList<>();

    /** A write failed; the cause is the I/O error. */
    static final class WriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailure(IOException cause) {
            super(cause);
        }
    }

    void submit(Path file, byte[] content, int mode, FileTime modified) {
        int permits = Math.max(1, content.length);
        memory.acquireUninterruptibly(permits);
        Future<?> future = pool.submit(() -> {
            try {
                write(file, content, mode, modified);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                memory.release(permits);
            }
        });
        pending.put(file, future);
        all.add(future);
        if (all.size() > 4096) {
            reap();
        }
    }

    /**
     * Creates {@code file} with {@code content}, its mode and time. With native calls the file
     * is named once: one {@code openat} ({@code O_CREAT|O_EXCL|O_NOFOLLOW}), then write, mode and
     * time through the descriptor (the JDK names it three times and opens it twice).
     */
    private static void write(Path file, byte[] content, int mode, FileTime modified) throws IOException {
        if (!LinuxFds.available()) {
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            finish(file, mode, modified);
            return;
        }
        int fd = -1;
        try {
            fd = LinuxFds.createFile(LinuxFds.AT_FDCWD, FileNames.bytes(file.toString()), mode);
            LinuxFds.writeAll(fd, content);
            // the umask may have taken bits from the mode openat was given
            if (modified == null) {
                LinuxFds.setMode(fd, mode);
            } else {
                LinuxFds.setModeAndTime(fd, mode, modified.to(TimeUnit.NANOSECONDS));
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            LinuxFds.close(fd);
        }
    }

    /** Sets the mode and time of a written file. */
    static void finish(Path file, int mode, FileTime modified) throws IOException {
        Files.setPosixFilePermissions(file, SafeExtractor.permissions(mode));
        if (modified != null) {
            Files.setLastModifiedTime(file, modified);
        }
    }

    /** Waits for a pending write of {@code file}, if any. */
    void awaitPath(Path file) {
        Future<?> future = pending.remove(file);
        if (future != null) {
            await(future);
        }
    }

    /** Waits for every pending write; throws the first failure. */
    void awaitAll() {
        for (Future<?> f : all) {
            await(f);
        }
        all.clear();
        pending.clear();
    }

    private void reap() {
        List<Future<?>> open = new ArrayList<>();
        for (Future<?> f : all) {
            if (f.isDone()) {
                await(f);
            } else {
                open.add(f);
            }
        }
        all.clear();
        all.addAll(open);
        pending.values().removeIf(Future::isDone);
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw new WriteFailure(u.getCause());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
