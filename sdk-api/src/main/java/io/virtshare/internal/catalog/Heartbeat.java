package io.virtshare.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows other hosts that a long operation is alive: touches a file every
 * {@link #INTERVAL}; one older than {@link #DEAD_AFTER} belongs to a crashed operation.
 */
public final class Heartbeat implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEAD_AFTER = Duration.ofSeconds(90);

    private final Path file;
    private final ScheduledExecutorService timer;

    private Heartbeat(Path file) {
        this.file = file;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "virtshare-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public static Heartbeat start(Path file) throws IOException {
        Files.writeString(file, Owner.current().toString(), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Heartbeat beat = new Heartbeat(file);
        beat.timer.scheduleAtFixedRate(beat::touch, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return beat;
    }

    private void touch() {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // the next beat tries again
        }
    }

    /** Whether the operation behind {@code file} beat recently. */
    public static boolean recent(Path file) {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() < DEAD_AFTER.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // goes stale
        }
    }
}
