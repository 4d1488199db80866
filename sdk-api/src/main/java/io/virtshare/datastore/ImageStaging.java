package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.catalog.ContentIndex;
import io.virtshare.internal.catalog.ContentRecords;
import io.virtshare.internal.catalog.HaltPoint;
import io.virtshare.internal.catalog.Heartbeat;
import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.files.TreeSync;
import io.virtshare.internal.files.TreeUsage;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.internal.shared.TreeDeleter;
import io.virtshare.spi.ImportContext;
import io.virtshare.spi.ImportOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a new image comes into being, for registers and clones alike: an id and a name are
 * claimed, a LOCKED entry written, a staging tree filled, synced and renamed to
 * {@code BASE_PATH/<id>}, and only then the READY entry written. Any failure removes what was
 * written and the entry.
 */
final class ImageStaging {
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}");

    private final ImageEntries entries;
    private final Datastore datastore;
    private final CatalogStore catalog;

    ImageStaging(ImageEntries entries) {
        this.entries = entries;
        this.datastore = entries.datastore();
        this.catalog = entries.catalog();
    }

    @FunctionalInterface
    interface Producer {
        /** Fills {@code staging} (which does not exist yet); returns what it pinned, hashed and transferred. */
        Produced produce(Path staging, ImportContext context) throws IOException;
    }

    /**
     * What a producer made: its outcome, and about how many regular files it wrote (what
     * chooses how the tree is synced, {@link TreeSync#sync(Path, long)}), or {@link #UNCOUNTED}.
     * With a count the tree is measured while it is synced.
     */
    record Produced(ImportOutcome outcome, long files) {
        static final long UNCOUNTED = -1;
    }

    /** An id and the name it holds. */
    record Claimed(int id, String name) {
    }

    /** Claims an id and {@code wanted} (or, when not {@code explicit} and taken, {@code wanted-<id>}). */
    Claimed claim(String wanted, boolean explicit) throws IOException {
        if (!IMAGE_NAME.matcher(wanted).matches()) {
            if (explicit) {
                throw entries.error(DatastoreFailure.INVALID_INPUT, "image name '" + wanted + "' is not valid; use"
                        + " 1-128 letters, digits, '.', '_', '-', '+' or '@', starting with a letter or digit", null);
            }
            wanted = "image";
        }
        int id = catalog.allocateId();
        if (catalog.claimName(wanted, id)) {
            return new Claimed(id, wanted);
        }
        if (explicit) {
            throw entries.error(DatastoreFailure.ALREADY_EXISTS, "an image named '" + wanted + "' exists in datastore "
                    + datastore.spec().name() + "; choose another name", null);
        }
        String unique = wanted + "-" + id;
        if (!catalog.claimName(unique, id)) {
            throw entries.error(DatastoreFailure.ALREADY_EXISTS, "cannot find a free name for " + wanted
                    + "; give one explicitly", null);
        }
        return new Claimed(id, unique);
    }

    /**
     * Claims an id and a name, writes the LOCKED entry, fills a staging tree, renames it to
     * {@code BASE_PATH/<id>} and writes the READY entry. {@code operation} names the steps
     * for {@link HaltPoint} ({@code import.name-claimed}, {@code clone.staged}, ...).
     */
    Image stage(String operation, String source, String defaultName, ImportOptions options, Producer producer) {
        Owner owner = Owner.current();
        Claimed claimed;
        try {
            claimed = claim(options.name().orElse(defaultName), options.name().isPresent());
        } catch (IOException e) {
            throw entries.error(DatastoreFailure.IO, "cannot add to the catalog of " + datastore.basePath() + ": "
                    + e.getMessage(), e);
        }
        HaltPoint.reached(operation + ".name-claimed");
        Path finalPath = datastore.basePath().resolve(Integer.toString(claimed.id()));
        Path staging = catalog.staging().resolve(claimed.id() + "-" + UniqueTokens.next());
        ImageRecord locked = new ImageRecord(claimed.id(), claimed.name(), ImageState.LOCKED, finalPath.toString(),
                source, 0, 0, 0, null, null, System.currentTimeMillis(), owner, List.of(), 0);
        boolean done = false;
        try (Heartbeat beat = Heartbeat.start(catalog.heartbeat(claimed.id()))) {
            catalog.write(locked);
            HaltPoint.reached(operation + ".entry-written");
            long room = room();
            ImportContext context = new ImportContext(room, limitName(), options.progress(), options.cancellation(),
                    Optional.of(catalog.resumeArea()), new ContentIndex(catalog, catalog.contents(),
                            datastore.basePath()));
            Produced produced = producer.produce(staging, context);
            ImportOutcome outcome = produced.outcome();
            options.cancellation().check("registering " + source);
            // the record of the files' contents (read only once the image is READY) goes with the tree's sync
            ContentRecords records = catalog.contents();
            Path record = outcome.files().isEmpty() ? null : records.writeUnsynced(claimed.id(), outcome.files());
            // durable before READY: the files and directories (and the record), then the rename, then the entry
            TreeUsage usage;
            boolean wholeFileSystem;
            if (produced.files() == Produced.UNCOUNTED) {
                usage = TreeUsage.of(staging);
                wholeFileSystem = TreeSync.sync(staging, usage.files());
            } else {
                // measured while it is synced: the walk reads what is in memory, the sync waits for the disk
                Syncing syncing = new Syncing(staging, produced.files());
                try {
                    usage = TreeUsage.of(staging);
                } finally {
                    syncing.await();
                }
                wholeFileSystem = syncing.result();
            }
            if (usage.apparentBytes() > room) {
                throw entries.error(DatastoreFailure.NO_SPACE, claimed.id(), source + " needs "
                        + usage.apparentBytes() + " bytes but only " + room + " are left under " + limitName()
                        + "; raise LIMIT_MB or free space", null);
            }
            if (record != null && !(wholeFileSystem && TreeSync.sameFileSystem(staging, record))) {
                records.sync(record);
            }
            HaltPoint.reached(operation + ".staged");
            Files.move(staging, finalPath, StandardCopyOption.ATOMIC_MOVE);
            TreeSync.syncDirectory(datastore.basePath());
            HaltPoint.reached(operation + ".moved");
            ImageRecord ready = locked.ready(finalPath.toString(), usage.apparentBytes(), usage.allocatedBytes(),
                    usage.files(), outcome.commit().orElse(null), transfer(outcome));
            catalog.write(ready);
            HaltPoint.reached(operation + ".ready");
            done = true;
            return ready.toImage(finalPath);
        } catch (IOException e) {
            throw entries.error(DatastoreFailure.IO, claimed.id(), "cannot register " + source + ": "
                    + e.getMessage(), e);
        } finally {
            if (!done) {
                TreeDeleter.deleteQuietly(staging);
                TreeDeleter.deleteQuietly(finalPath);
                forget(claimed);
            }
        }
    }

    /** {@link TreeSync#sync(Path, long)} of a tree on a thread of its own, waited for uninterruptibly. */
    private static final class Syncing implements Runnable {
        private final Path tree;
        private final long files;
        private final Thread thread;
        private boolean wholeFileSystem;
        private Throwable failure;

        Syncing(Path tree, long files) {
            this.tree = tree;
            this.files = files;
            this.thread = new Thread(this, "virtshare-sync-tree");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                wholeFileSystem = TreeSync.sync(tree, files);
            } catch (Throwable e) {   // every failure is the caller's: a tree not known to be synced is not READY
                failure = e;
            }
        }

        /** Waits until the sync is done, also when interrupted (the tree is removed on failure only after). */
        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether the whole file system was synced; the sync's failure, if it failed. */
        boolean result() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return wholeFileSystem;
        }
    }

    private static ImageRecord.Transfer transfer(ImportOutcome outcome) {
        return outcome.bytesDownloaded() == 0 && outcome.bytesReused() == 0 ? null
                : new ImageRecord.Transfer(outcome.bytesDownloaded(), outcome.bytesReused());
    }

    private void forget(Claimed claimed) {
        try {
            catalog.contents().remove(claimed.id());
            catalog.remove(claimed.id());
            catalog.releaseName(claimed.name());
        } catch (IOException e) {
            // the next open marks a leftover LOCKED entry as ERROR
        }
    }

    /**
     * Bytes the datastore may still take: under LIMIT_MB and on the file system. The space is
     * read with {@code statvfs} through {@code File}, not through a {@code FileStore}, whose
     * lookup parses the mount table first; {@code File} answers 0 for an error too, so a 0 is
     * asked again of the {@code FileStore}, which says which error.
     */
    private long room() throws IOException {
        long usable = datastore.basePath().toFile().getUsableSpace();
        if (usable == 0) {
            usable = Files.getFileStore(datastore.basePath()).getUsableSpace();
        }
        long limitMb = datastore.spec().limitMb();
        if (limitMb <= 0) {
            return usable;
        }
        return Math.max(0, Math.min(usable, Math.multiplyExact(limitMb, 1L << 20) - entries.usedBytes()));
    }

    private String limitName() {
        long limitMb = datastore.spec().limitMb();
        return limitMb > 0 ? "the datastore's LIMIT_MB = " + limitMb : "the free space of " + datastore.basePath();
    }

    /** The name an image from {@code fileName} gets when none is given: the name without an archive suffix. */
    static String defaultName(Path fileName) {
        if (fileName == null) {
            return "image";
        }
        String name = fileName.toString();
        for (String suffix : List.of(".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2", ".tgz", ".tar", ".zip")) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
