package io.virtshare.internal.catalog;

import io.virtshare.datastore.DatastoreException;
import io.virtshare.internal.files.UniqueTokens;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A short-lived exclusive claim on a catalog entry, safe across processes and hosts on
 * NFS-like file systems: the claim is a file created with {@code O_CREAT|O_EXCL}
 * (atomic on NFSv3 and later), not an {@code flock} (which some network file systems
 * grant to everyone). A claim older than {@link #STALE} is taken as abandoned by a
 * crashed holder and broken by an atomic rename.
 */
final class Lease implements AutoCloseable {
    static final Duration STALE = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path file;
    private boolean released;

    private Lease(Path file) {
        this.file = file;
    }

    static Lease acquire(Path file, String what) {
        try {
            return acquireOrFail(file, what);
        } catch (IOException e) {
            throw new DatastoreException("cannot lock " + what + " (" + file + "): " + e.getMessage()
                    + "; check that the datastore is writable", e);
        }
    }

    /**
     * Like {@link #acquire}, but a claim that cannot be created at all (a full file system
     * has no room for its inode) is left to the caller as the IOException.
     */
    static Lease acquireOrFail(Path file, String what) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long backoff = 1;
        while (true) {
            try {
                Files.createFile(file);
                writeOwner(file);
                return new Lease(file);
            } catch (FileAlreadyExistsException e) {
                breakIfStale(file);
            }
            if (System.nanoTime() > deadline) {
                throw new DatastoreException(what + " stays locked by " + holder(file) + " for more than "
                        + WAIT.toSeconds() + " s; try again, or remove " + file + " if that process is gone");
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(backoff, backoff * 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatastoreException("interrupted while waiting for " + what, e);
            }
            backoff = Math.min(50, backoff * 2);
        }
    }

    /**
     * Records this process in the claim so that others can tell when it is gone. On a full
     * file system the (empty) claim is kept without it: creating it needed no data block,
     * and the delete that frees space must still be possible; such a claim goes stale by age.
     */
    private static void writeOwner(Path file) {
        try {
            Files.writeString(file, Owner.current().encode() + "\n", StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // kept empty
        }
    }

    private static String holder(Path file) {
        return CatalogStore.readSmall(file).flatMap(Owner::parse).map(Owner::toString).orElse("another process");
    }

    /**
     * Breaks a claim whose holder is gone: at once when the holder ran on this host and its
     * process is no more (or when it is no claim of ours: a link or a directory), else when
     * the claim is older than {@link #STALE}.
     */
    private static void breakIfStale(Path file) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                    .toMillis();
            boolean holderGone = !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || CatalogStore.readSmall(file).flatMap(Owner::parse).map(Owner::goneHere).orElse(false);
            if (holderGone || age > STALE.toMillis()) {
                Path aside = file.resolveSibling(file.getFileName() + ".stale-" + UniqueTokens.next());
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(aside);
            }
        } catch (NoSuchFileException e) {
            // released or broken by someone else meanwhile
        } catch (IOException e) {
            // leave it: the wait times out with a message
        }
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover claim goes stale and is broken later
            }
        }
    }
}
