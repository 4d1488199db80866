package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.catalog.Heartbeat;
import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Repairs what crashed operations left: an import whose process died becomes ERROR
 * and its partial tree is removed; a delete whose process died is finished; clone
 * marks of dead processes are cleared; orphaned staging and trash trees are removed;
 * name claims that no entry holds are released. Only operations whose owner is provably
 * gone are touched: same host, process gone; other host, heartbeat stale.
 *
 * <p>It removes nothing but {@code BASE_PATH/<id>} trees (SharedFS) and entries of the
 * catalog's own directories, each checked to be a directory and not a link first.
 */
final class Recovery {
    private final Path base;
    private final CatalogStore catalog;
    private final boolean sharedFs;

    Recovery(Path base, CatalogStore catalog, DatastoreKind kind) {
        this.base = base;
        this.catalog = catalog;
        this.sharedFs = kind == DatastoreKind.SHARED_FS;
    }

    void run() throws IOException {
        Set<Integer> busy = new HashSet<>();
        List<ImageRecord> listed = catalog.list();
        boolean removed = false;
        for (ImageRecord record : listed) {
            switch (record.state()) {
                case LOCKED -> {
                    if (dead(record.owner(), record.id())) {
                        interruptedImport(record);
                    } else {
                        busy.add(record.id());
                    }
                }
                case DELETE -> {
                    if (dead(record.owner(), record.id())) {
                        finishDelete(record);
                        removed = true;
                    } else {
                        busy.add(record.id());
                    }
                }
                case CLONE -> clearDeadCloners(record);
                default -> { }
            }
        }
        finishRetired();
        removeOrphans(catalog.staging(), busy);
        removeOrphans(catalog.trash(), busy);
        // the entries listed above (an interrupted import keeps its entry), read once more only
        // when a delete was finished meanwhile
        catalog.releaseAbandonedNames(removed ? catalog.list() : listed);
    }

    /**
     * Finishes deletes that went by renaming the entry (a full file system) and whose
     * process is gone; a delete still running finishes its own. A retired entry that is
     * unreadable, or was not deletable (its delete is putting it back), is left alone; one
     * whose image has an entry again is dropped without touching the image.
     */
    private void finishRetired() throws IOException {
        for (Map.Entry<Integer, Optional<ImageRecord>> retired : catalog.retiredEntries().entrySet()) {
            int id = retired.getKey();
            Optional<ImageRecord> record = retired.getValue();
            if (record.isEmpty() || running(catalog.heartbeat(id))) {
                continue;
            }
            ImageState state = record.get().state();
            if (state != ImageState.READY && state != ImageState.ERROR && state != ImageState.DELETE) {
                continue;
            }
            if (catalog.read(id).isEmpty()) {
                removeTrees(id);
            }
            catalog.removeRetired(id);
            if (catalog.read(id).isEmpty()) {
                catalog.releaseName(record.get().name());
            }
        }
    }

    private static boolean running(Path heartbeat) {
        return Files.exists(heartbeat, LinkOption.NOFOLLOW_LINKS) && Heartbeat.recent(heartbeat);
    }

    /** Removes {@code BASE_PATH/<id>} (SharedFS only) and the trash trees of image {@code id}. */
    private void removeTrees(int id) throws IOException {
        Path dir = base.resolve(Integer.toString(id));
        if (sharedFs && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            TreeDeleter.delete(dir);
        }
        try (DirectoryStream<Path> trash = Files.newDirectoryStream(catalog.trash(), id + "-*")) {
            for (Path t : trash) {
                TreeDeleter.delete(t);
            }
        }
    }

    private boolean dead(Owner owner, int id) {
        return dead(owner, catalog.heartbeat(id));
    }

    private static boolean dead(Owner owner, Path heartbeat) {
        if (owner == null) {
            return true;
        }
        return owner.onThisHost() ? !owner.aliveHere() : !Heartbeat.recent(heartbeat);
    }

    private void interruptedImport(ImageRecord record) {
        catalog.locked(record.id(), () -> {
            try {
                Optional<ImageRecord> now = catalog.read(record.id());
                if (now.isEmpty() || now.get().state() != ImageState.LOCKED || !dead(now.get().owner(), record.id())) {
                    return null;
                }
                Path partial = base.resolve(Integer.toString(record.id()));
                if (sharedFs && Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
                    TreeDeleter.delete(partial);
                }
                catalog.write(now.get().withError("the import was interrupted (" + now.get().owner()
                        + " stopped before it finished); delete this image and register the source again"));
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void finishDelete(ImageRecord record) {
        catalog.locked(record.id(), () -> {
            try {
                Optional<ImageRecord> now = catalog.read(record.id());
                if (now.isEmpty() || now.get().state() != ImageState.DELETE) {
                    return null;
                }
                removeTrees(record.id());
                catalog.remove(record.id());
                catalog.releaseName(record.name());
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void clearDeadCloners(ImageRecord record) {
        catalog.locked(record.id(), () -> {
            try {
                Optional<ImageRecord> now = catalog.read(record.id());
                if (now.isEmpty()) {
                    return null;
                }
                List<ImageRecord.Cloner> alive = now.get().cloners().stream()
                        .filter(c -> !dead(c.owner(), catalog.cloneHeartbeat(c.token()))).toList();
                if (alive.size() != now.get().cloners().size()) {
                    catalog.write(now.get().withCloners(alive));
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Removes {@code <id>-*} trees whose operation is not running. Each entry is judged on
     * its catalog entry read now, not on the list read before: another process may have
     * started an operation meanwhile (it writes its entry before it creates its tree).
     */
    private void removeOrphans(Path dir, Set<Integer> busy) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int dash = name.indexOf('-');
                Integer id = null;
                try {
                    id = Integer.parseInt(dash < 0 ? name : name.substring(0, dash));
                } catch (NumberFormatException e) {
                    // not ours: leave it
                }
                if (id == null || busy.contains(id)) {
                    continue;
                }
                Optional<ImageRecord> now = catalog.read(id);
                boolean running = now.isPresent() && (now.get().state() == ImageState.LOCKED
                        || now.get().state() == ImageState.DELETE) && !dead(now.get().owner(), id);
                if (!running) {
                    TreeDeleter.deleteQuietly(entry);
                }
            }
        }
    }
}
