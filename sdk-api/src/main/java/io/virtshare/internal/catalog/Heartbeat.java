package io.virtshare.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

/**
 * Shows other hosts that a long operation is alive: touches a file every
 * {@link #INTERVAL}; one older than {@link #DEAD_AFTER} belongs to a crashed operation.
 */
public final class Heartbeat implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEAD_AFTER = Duration.ofSeconds(90);

    private final Path file;
    private final Duration interval;
    /**
     * A daemon thread of its own that sleeps between beats: a scheduled executor would load and
     * start some twenty classes more in every short command that never beats at all.
     */
    private final Thread beater;

    private Heartbeat(Path file, Duration interval) {
        this.file = file;
        this.interval = interval;
        this.beater = new Thread(this::beat, "virtshare-heartbeat");
        this.beater.setDaemon(true);
    }

    /**
     * Starts beating on {@code file}, replacing what is there (a leftover of a crashed
     * operation, or a link, which is removed and never followed). The owner is written into
     * it when there is room; its age alone is what others read.
     */
    public static Heartbeat start(Path file) throws IOException {
        return start(file, INTERVAL);
    }

    /** {@link #start(Path)} with beats every {@code interval} (tests beat faster). */
    static Heartbeat start(Path file, Duration interval) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.writeString(file, Owner.current().encode() + "\n", StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // a full file system: the empty file beats as well
        }
        Heartbeat beat = new Heartbeat(file, interval);
        beat.beater.start();
        return beat;
    }

    /** Touches the file every interval until interrupted by {@link #close()}. */
    private void beat() {
        while (true) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            touch();
        }
    }

    private void touch() {
        try {
            FileTime now = FileTime.fromMillis(System.currentTimeMillis());
            Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(now, null, null);
        } catch (IOException e) {
            // the next beat tries again
        }
    }

    /** Whether the operation behind {@code file} beat recently. */
    public static boolean recent(Path file) {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < DEAD_AFTER.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the beating thread runs (for tests). */
    boolean isBeating() {
        return beater.isAlive();
    }

    /** Stops beating and removes the file; the beating thread ends. */
    @Override
    public void close() {
        beater.interrupt();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // goes stale
        }
    }
}
