package io.virtshare.internal.files;

import io.virtshare.internal.nativeio.LinuxFds;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file's data back to the disk while the file is still being written, so that making
 * it durable at the end has little left to do: an image of 1 GiB otherwise waits for all of it
 * after its last byte was written. Every {@link #CHUNK} bytes the file's dirty pages are
 * flushed ({@code fdatasync}) on a background thread, at most one flush per file at a time,
 * while the writer goes on; the pages stay cached.
 *
 * <p>A hint, not a promise: a flush that fails is ignored here, as the final {@code fsync}
 * that makes the image durable reports any error.
 *
 * <pre>{@code
 * Writeback writeback = new Writeback(channel);
 * channel.write(buffer);
 * writeback.written(n);
 * }</pre>
 */
public final class Writeback {
    /** Written bytes after which a file's data is flushed. */
    public static final long CHUNK = LinuxFds.WRITEBACK_CHUNK;

    /** One thread for all files, ended when idle: flushes queue rather than compete for the disk. */
    private static final ThreadPoolExecutor FLUSHER = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "virtshare-writeback");
                t.setDaemon(true);
                return t;
            });

    static {
        FLUSHER.allowCoreThreadTimeOut(true);
    }

    private final FileChannel channel;
    private final AtomicLong unflushed = new AtomicLong();
    private final AtomicBoolean queued = new AtomicBoolean();

    public Writeback(FileChannel channel) {
        this.channel = channel;
    }

    /** Runs {@code flush} on the one flushing thread, after the flushes queued before it. */
    static void queue(Runnable flush) {
        FLUSHER.execute(flush);
    }

    /** Counts {@code n} bytes written (from any thread); every {@link #CHUNK} queues a flush. */
    public void written(long n) {
        if (unflushed.addAndGet(n) < CHUNK) {
            return;
        }
        unflushed.set(0);
        if (queued.compareAndSet(false, true)) {
            FLUSHER.execute(() -> {
                try {
                    if (channel.isOpen()) {
                        channel.force(false);
                    }
                } catch (IOException e) {
                    // closed meanwhile, or failing: the final fsync reports what matters
                } finally {
                    queued.set(false);
                }
            });
        }
    }
}
