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
import java.util.ArrayDeque;
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
 * creation, not reading, dominates archives of many small files. Files go to the workers in
 * batches of up to {@link #BATCH_FILES}; at most {@link #BUFFERED} bytes wait in memory. Files
 * are created with {@code CREATE_NEW} and no-follow, like every other write of the extractor.
 */
final class ParallelWriter implements AutoCloseable {
    /** Files up to this size are buffered and written in parallel. */
    static final int SMALL = 256 * 1024;
    private static final int BUFFERED = 32 << 20;
    private static final int THREADS = 4;
    /** Files handed to a worker at once, at most. */
    static final int BATCH_FILES = 16;
    /** Bytes handed to a worker at once: a batch is handed over once it holds this many. */
    static final int BATCH_BYTES = 256 * 1024;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "virtshare-extract");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore memory = new Semaphore(BUFFERED);
    /** Batches not known to be written, by the files they hold. */
    private final Map<Path, Batch> pending = new HashMap<>();
    /** Handed-over batches in the order they were handed over, which is the order the pool takes them. */
    private final ArrayDeque<Batch> submitted = new ArrayDeque<>();
    private Batch open = new Batch();

    /** A write failed; the cause is the I/O error. */
    static final class WriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailure(IOException cause) {
            super(cause);
        }
    }

    /** One file to write. */
    private record Write(Path file, byte[] content, int mode, FileTime modified) {
    }

    /**
     * Files handed to a worker together: one hand-over (a queue entry and a thread woken) per
     * {@link #BATCH_FILES} files instead of per file, which for files of a few KiB costs as much
     * as writing them.
     */
    private static final class Batch {
        final List<Write> writes = new ArrayList<>(BATCH_FILES);
        int bytes;
        int permits;
        Future<?> future;

        boolean full() {
            return writes.size() >= BATCH_FILES || bytes >= BATCH_BYTES;
        }
    }

    /**
     * Queues {@code file} to be created with {@code content}, its mode and time; waits while
     * {@link #BUFFERED} bytes are already waiting.
     */
    void submit(Path file, byte[] content, int mode, FileTime modified) {
        int permits = Math.max(1, content.length);
        memory.acquireUninterruptibly(permits);
        open.writes.add(new Write(file, content, mode, modified));
        open.bytes += content.length;
        open.permits += permits;
        pending.put(file, open);
        if (open.full()) {
            flush();
        }
    }

    /** Hands the open batch to the pool. */
    private void flush() {
        if (open.writes.isEmpty()) {
            return;
        }
        Batch batch = open;
        open = new Batch();
        batch.future = pool.submit(() -> {
            try {
                for (Write w : batch.writes) {
                    write(w.file(), w.content(), w.mode(), w.modified());
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                memory.release(batch.permits);
            }
        });
        submitted.add(batch);
        reap();
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
        Batch batch = pending.remove(file);
        if (batch != null) {
            if (batch == open) {
                flush();
            }
            await(batch.future);
        }
    }

    /** Waits for every pending write; throws the first failure. */
    void awaitAll() {
        flush();
        for (Batch batch : submitted) {
            await(batch.future);
        }
        submitted.clear();
        pending.clear();
    }

    /**
     * Forgets the batches at the head of the queue that are written, throwing the first failure
     * among them: each batch is looked at once after it is done, so this stays cheap however
     * many wait behind it.
     */
    private void reap() {
        while (!submitted.isEmpty() && submitted.peekFirst().future.isDone()) {
            Batch batch = submitted.pollFirst();
            for (Write w : batch.writes) {
                pending.remove(w.file(), batch);
            }
            await(batch.future);
        }
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
