package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.catalog.HaltPoint;
import io.virtshare.internal.catalog.Heartbeat;
import io.virtshare.internal.catalog.ImageRecord;
import io.virtshare.internal.catalog.Owner;
import io.virtshare.internal.files.UniqueTokens;
import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** Deleting: see {@link Images#delete(Image, DeleteOptions)}. */
final class ImageDeletion {
    private final ImageEntries entries;
    private final ImageDirectories directories;
    private final CatalogStore catalog;

    ImageDeletion(ImageEntries entries, ImageDirectories directories) {
        this.entries = entries;
        this.directories = directories;
        this.catalog = entries.catalog();
    }

    /** The entry a delete started from, and whether it was retired (renamed) instead of marked DELETE. */
    private record Marked(ImageRecord record, boolean retired) {
    }

    void delete(Image image, DeleteOptions options) {
        Objects.requireNonNull(options, "options");
        int id = entries.require(image).id();
        options.cancellation().check("deleting image " + id);
        Owner owner = Owner.current();
        Marked marked = catalog.lockedOr(id, () -> {
            try {
                ImageRecord r = catalog.read(id).orElseThrow(() -> entries.notFound(id));
                requireDeletable(r);
                try {
                    catalog.write(r.withState(ImageState.DELETE, owner));
                    return new Marked(r, false);
                } catch (IOException noRoom) {
                    // a full file system has no room for the DELETE entry, and delete is what frees
                    // space: take the entry out of the catalog by a rename, which needs none
                    catalog.retire(id);
                    return new Marked(r, true);
                }
            } catch (IOException e) {
                throw entries.error(DatastoreFailure.IO, id, "cannot delete image " + id + ": " + e.getMessage()
                        + "; check that the datastore is writable", e);
            }
        }, noLease -> retireWithoutLease(id, noLease));
        catalog.holdName(marked.record().name(), id);
        HaltPoint.reached("delete.marked");
        Path dir = directories.derived(id);
        try {
            Path aside = null;
            if (entries.datastore().kind() == DatastoreKind.SHARED_FS && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                aside = catalog.trash().resolve(id + "-" + UniqueTokens.next());
                try {
                    Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException noRoom) {
                    // no room even for the trash's directory entry: remove the tree where it is
                    aside = dir;
                }
                HaltPoint.reached("delete.trashed");
            }
            if (aside != null) {
                removeTree(id, aside, options);
                HaltPoint.reached("delete.tree-removed");
            }
            catalog.contents().remove(id);
            if (marked.retired()) {
                catalog.removeRetired(id);
            } else {
                catalog.remove(id);
            }
            HaltPoint.reached("delete.entry-removed");
            catalog.releaseName(marked.record().name());
        } catch (IOException e) {
            throw entries.error(DatastoreFailure.IO, id, "cannot delete image " + id + ": " + e.getMessage()
                    + "; opening the datastore again finishes the delete", e);
        }
    }

    /**
     * Removes the tree moved aside. The entry stays DELETE (owned by a live process) while the
     * tree goes, so that no other process takes the tree for an orphan; on a full file system
     * there may be no room for the heartbeat, and the delete goes on without it.
     */
    private void removeTree(int id, Path aside, DeleteOptions options) throws IOException {
        Heartbeat beat = null;
        try {
            beat = Heartbeat.start(catalog.heartbeat(id));
        } catch (IOException noRoom) {
            // recovery elsewhere may finish the same delete meanwhile, which is harmless
        }
        try {
            TreeDeleter.delete(aside, options.progress());
        } finally {
            if (beat != null) {
                beat.close();
            }
        }
    }

    private void requireDeletable(ImageRecord r) {
        if (r.state() != ImageState.READY && r.state() != ImageState.ERROR) {
            throw entries.busy(r, "image " + r.id() + " (" + r.name() + ") is " + r.state()
                    + " and cannot be deleted now; " + switch (r.state()) {
                        case CLONE -> "wait until its clones finish";
                        case USED -> "detach it from its VMs first";
                        case LOCKED -> "wait until its import finishes";
                        default -> "it is being deleted already";
                    });
        }
    }

    /**
     * Starts a delete when not even the lease can be created (a full file system): the
     * entry's rename to {@code <id>.deleting} is itself exclusive (one renamer wins) and needs
     * no space; the entry as renamed is judged, and put back when it may not be deleted.
     */
    private Marked retireWithoutLease(int id, IOException noLease) {
        try {
            requireDeletable(catalog.read(id).orElseThrow(() -> entries.notFound(id)));
            catalog.retire(id);
        } catch (java.nio.file.NoSuchFileException e) {
            throw entries.notFound(id);
        } catch (IOException e) {
            throw entries.error(DatastoreFailure.IO, id, "cannot delete image " + id + ": it cannot be locked ("
                    + noLease.getMessage() + ") nor taken out of the catalog (" + e.getMessage() + "); check that"
                    + " the datastore is writable", e);
        }
        ImageRecord r = catalog.readRetired(id).orElse(null);
        try {
            if (r == null) {
                throw entries.error(DatastoreFailure.IO, id, "cannot delete image " + id + ": its catalog entry is"
                        + " not readable; check the datastore", null);
            }
            requireDeletable(r);
            return new Marked(r, true);
        } catch (RuntimeException refused) {
            try {
                catalog.unretire(id);
            } catch (IOException e) {
                // written meanwhile by the lease holder: that entry stands
            }
            throw refused;
        }
    }
}
