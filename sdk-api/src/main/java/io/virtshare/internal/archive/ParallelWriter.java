package io.virtshare.internal.archive;

import io.virtshare.internal.files.CreationMode;
import io.virtshare.internal.files.FileNames;
import io.virtshare.internal.nativeio.LinuxFds;
import io.virtshare.internal.nativeio.NativeBlock;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes small extracted files on a few threads while the archive is read on one: file
 * creation, not reading, dominates archives of many small files. Files go to the workers in
 * batches of up to {@link #BATCH_FILES}; a batch's bytes wait in a block of its own, in native
 * memory where native calls are available ({@link NativeBlock}), and at most {@link #BLOCKS}
 * blocks exist. Files are created with {@code CREATE_NEW} and no-follow, like every other write
 * of the extractor, with their mode; a file's mode is set again ({@code fchmod}) only where the
 * tree may not have given it whole ({@link CreationMode}: the umask or a default ACL took bits).
 *
 * <p>The blocks are reused, and the bytes waiting in them are not on the heap: with a copy of
 * each file on the heap, every young collection of a short-lived JVM copied the files still
 * waiting to be written (an import of 20,000 files of 2 KiB collected 19 times, each pause
 * 10-15 ms while the heap grew to 50 MiB of promoted copies).
 */
final class ParallelWriter implements AutoCloseable {
    /** Files up to this size are buffered and written in parallel. */
    static final int SMALL = 256 * 1024;
    private static final int THREADS = 4;
    /** Files handed to a worker at once, at most. */
    static final int BATCH_FILES = 16;
    /** Bytes handed to a worker at once: a batch is handed over once it holds this many. */
    static final int BATCH_BYTES = 256 * 1024;
    /** A batch's block: a batch under {@link #BATCH_BYTES} always has room for one more small file. */
    private static final int BLOCK = BATCH_BYTES + SMALL;
    /** Blocks at most, so that at most 32 MiB of files wait. */
    static final int BLOCKS = (32 << 20) / BLOCK;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "virtshare-extract");
        t.setDaemon(true);
        return t;
    });
    /** Every block made, for {@link #close}; touched by the reading thread only. */
    private final List<Block> blocks = new ArrayList<>();
    /** Blocks whose batch is written, to be filled again. */
    private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS);
    /** Batches not known to be written, by the files they hold. */
    private final Map<Path, Batch> pending = new HashMap<>();
    /** Handed-over batches in the order they were handed over, which is the order the pool takes them. */
    private final ArrayDeque<Batch> submitted = new ArrayDeque<>();
    private Batch open = new Batch();
    /** Which modes the tree's new files get as they are created with them. */
    private final CreationMode creation;

    /** A writer of files into a new tree whose new files get modes as {@code creation} says. */
    ParallelWriter(CreationMode creation) {
        this.creation = creation;
    }

    /** A write failed; the cause is the I/O error. */
    static final class WriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailure(IOException cause) {
            super(cause);
        }
    }

    /** One file to write: {@code length} bytes at {@code offset} of its batch's block. */
    private record Write(Path file, int offset, int length, int mode, FileTime modified) {
    }

    /**
     * Files handed to a worker together: one hand-over (a queue entry and a thread woken) per
     * {@link #BATCH_FILES} files instead of per file, which for files of a few KiB costs as much
     * as writing them.
     */
    private static final class Batch {
        final List<Write> writes = new ArrayList<>(BATCH_FILES);
        Block block;
        int bytes;
        Future<?> future;

        boolean full() {
            return writes.size() >= BATCH_FILES || bytes >= BATCH_BYTES;
        }
    }

    /**
     * Where a batch's bytes wait: a {@link NativeBlock} where native calls are available, else
     * an array.
     */
    private static final class Block {
        private final NativeBlock outside;
        private final byte[] heap;

        Block() {
            boolean nativeCalls = LinuxFds.available();
            outside = nativeCalls ? new NativeBlock(BLOCK) : null;
            heap = nativeCalls ? null : new byte[BLOCK];
        }

        void put(int offset, byte[] bytes, int length) {
            if (outside != null) {
                outside.put(offset, bytes, 0, length);
            } else {
                System.arraycopy(bytes, 0, heap, offset, length);
            }
        }

        /**
         * Creates {@code w}'s file with its bytes, mode and time. With native calls the file is
         * named once: one {@code openat} ({@code O_CREAT|O_EXCL|O_NOFOLLOW}) with its mode, then
         * write, time and (only where {@code creation} does not keep the mode whole) mode through
         * the descriptor (the JDK names it three times and opens it twice).
         */
        void write(Write w, CreationMode creation) throws IOException {
            if (outside == null) {
                try (OutputStream out = Files.newOutputStream(w.file(), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    out.write(heap, w.offset(), w.length());
                }
                finish(w.file(), w.mode(), w.modified());
                return;
            }
            int fd = -1;
            try {
                fd = LinuxFds.createFile(LinuxFds.AT_FDCWD, FileNames.bytes(w.file().toString()), w.mode());
                outside.writeTo(fd, w.offset(), w.length());
                if (creation.keeps(w.mode())) {
                    if (w.modified() != null) {
                        LinuxFds.setTime(fd, w.modified().to(TimeUnit.NANOSECONDS));
                    }
                } else if (w.modified() == null) {   // the umask or a default ACL may have taken bits
                    LinuxFds.setMode(fd, w.mode());
                } else {
                    LinuxFds.setModeAndTime(fd, w.mode(), w.modified().to(TimeUnit.NANOSECONDS));
                }
            } catch (IOException e) {
                throw new IOException("cannot write " + w.file() + ": " + e.getMessage(), e);
            } finally {
                LinuxFds.close(fd);
            }
        }

        void close() {
            if (outside != null) {
                outside.close();
            }
        }
    }

    /**
     * Queues {@code file} to be created with the first {@code length} (at most {@link #SMALL})
     * bytes of {@code bytes}, which are copied at once, and its mode and time; waits while
     * {@link #BLOCKS} blocks wait to be written.
     */
    void submit(Path file, byte[] bytes, int length, int mode, FileTime modified) {
        if (length > SMALL) {
            throw new IllegalArgumentException(length + " bytes are not a small file");
        }
        if (open.block == null) {
            open.block = takeBlock();
        }
        open.block.put(open.bytes, bytes, length);
        open.writes.add(new Write(file, open.bytes, length, mode, modified));
        open.bytes += length;
        pending.put(file, open);
        if (open.full()) {
            flush();
        }
    }

    /** A free block, a new one while fewer than {@link #BLOCKS} exist, else the next one a worker frees. */
    private Block takeBlock() {
        Block block = free.poll();
        if (block != null) {
            return block;
        }
        if (blocks.size() < BLOCKS) {
            block = new Block();
            blocks.add(block);
            return block;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return free.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
                    batch.block.write(w, creation);
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                free.add(batch.block);
            }
        });
        submitted.add(batch);
        reap();
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

    /**
     * Stops the workers and frees the blocks; a block a worker may still be writing from (one
     * that did not stop within 30 s) is left to be freed once nothing refers to it.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        boolean stopped = false;
        try {
            stopped = pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopped) {
            for (Block block : blocks) {
                block.close();
            }
            blocks.clear();
        }
    }
}
