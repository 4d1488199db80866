package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.catalog.Heartbeat;
import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.files.TreeDeleter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Repairs what crashed operations left: an import whose process died becomes ERROR
 * and its partial tree is removed; a delete whose process died is finished; clone
 * marks of dead processes are cleared; orphaned staging and trash trees are removed.
 * Only operations whose owner is provably gone are touched: same host, process gone;
 * other host, heartbeat stale.
 */
final class Recovery {
    private final Path base;
    private final CatalogStore catalog;

    Recovery(Path base, CatalogStore catalog) {
        this.base = base;
        this.catalog = catalog;
    }

    void run() throws IOException {
        Set<Integer> busy = new HashSet<>();
        for (ImageRecord record : catalog.list()) {
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
                    } else {
                        busy.add(record.id());
                    }
                }
                case CLONE -> clearDeadCloners(record);
                default -> { }
            }
        }
        removeOrphans(catalog.staging(), busy);
        removeOrphans(catalog.trash(), busy);
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
                if (Files.exists(partial)) {
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
                Path dir = base.resolve(Integer.toString(record.id()));
                if (Path.of(now.get().path()).equals(dir) && Files.exists(dir)) {
                    TreeDeleter.delete(dir);
                }
                try (DirectoryStream<Path> trash = Files.newDirectoryStream(catalog.trash(), record.id() + "-*")) {
                    for (Path t : trash) {
                        TreeDeleter.delete(t);
                    }
                }
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
