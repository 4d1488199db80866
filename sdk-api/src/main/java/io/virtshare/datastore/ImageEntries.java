package io.virtshare.datastore;

import io.virtshare.internal.catalog.CatalogStore;
import io.virtshare.internal.catalog.ImageRecord;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The catalog entries of one datastore as the image jobs read and change them, with the
 * errors that name the datastore and the image.
 */
final class ImageEntries {
    private final Datastore datastore;
    private final CatalogStore catalog;

    ImageEntries(Datastore datastore, CatalogStore catalog) {
        this.datastore = datastore;
        this.catalog = catalog;
    }

    Datastore datastore() {
        return datastore;
    }

    CatalogStore catalog() {
        return catalog;
    }

    DatastoreContext context() {
        return DatastoreContext.of(datastore.basePath());
    }

    DatastoreContext context(int id) {
        return context().withImage(id);
    }

    DatastoreContext context(ImageRecord record) {
        return context(record.id()).withState(record.state());
    }

    /** An error of kind {@code failure} about this datastore. */
    DatastoreException error(DatastoreFailure failure, String message, Throwable cause) {
        return new DatastoreException(failure, context(), message, cause);
    }

    /** An error of kind {@code failure} about image {@code id}. */
    DatastoreException error(DatastoreFailure failure, int id, String message, Throwable cause) {
        return new DatastoreException(failure, context(id), message, cause);
    }

    /** The state of {@code record} forbids what was asked. */
    ImageStateException busy(ImageRecord record, String message) {
        return new ImageStateException(DatastoreFailure.IMAGE_BUSY, context(record), message);
    }

    /**
     * {@code e} as thrown by the path rules or the archive extractor, which do not know the
     * datastore, now naming it; other errors, and errors that name a datastore, unchanged.
     */
    RuntimeException located(RuntimeException e) {
        RuntimeException located = e;
        if (e instanceof PathNotAllowedException p && p.context().datastore().isEmpty()) {
            located = new PathNotAllowedException(context(), p.path(), p.getMessage(), p.getCause());
        } else if (e instanceof ArchiveRejectedException a && a.context().datastore().isEmpty()) {
            located = new ArchiveRejectedException(context(), a.archive(), a.entry().orElse(null), a.getMessage(),
                    a.getCause());
        }
        if (located != e) {
            located.setStackTrace(e.getStackTrace());
            for (Throwable suppressed : e.getSuppressed()) {
                located.addSuppressed(suppressed);
            }
        }
        return located;
    }

    ImageNotFoundException notFound(int id) {
        return new ImageNotFoundException(context(id), "no image " + id + " in datastore " + datastore.spec().name()
                + " (" + datastore.basePath() + "); list the images to see their ids");
    }

    Optional<ImageRecord> read(int id) {
        try {
            return catalog.read(id);
        } catch (IOException e) {
            throw error(DatastoreFailure.IO, id, "cannot read the catalog of " + datastore.basePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The entry of {@code image}, which must come from this datastore.
     *
     * @throws ImageNotFoundException when the image is gone, or is another datastore's
     */
    ImageRecord require(Image image) {
        Objects.requireNonNull(image, "image");
        ImageRecord record = read(image.id()).orElseThrow(() -> notFound(image.id()));
        if (!record.name().equals(image.name())) {
            throw new ImageNotFoundException(context(image.id()), "image " + image.id() + " (" + image.name()
                    + ") is not in datastore " + datastore.spec().name() + " (" + datastore.basePath() + "), whose"
                    + " image " + image.id() + " is " + record.name() + "; take the image from this datastore's"
                    + " images()");
        }
        return record;
    }

    List<ImageRecord> all() {
        try {
            return catalog.list();
        } catch (IOException e) {
            throw error(DatastoreFailure.IO, "cannot read the catalog of " + datastore.basePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Changes the entry of image {@code id} under its lock. */
    ImageRecord update(int id, UnaryOperator<ImageRecord> change) {
        return catalog.locked(id, () -> {
            try {
                ImageRecord current = catalog.read(id).orElseThrow(() -> notFound(id));
                ImageRecord updated = change.apply(current);
                catalog.write(updated);
                return updated;
            } catch (IOException e) {
                throw error(DatastoreFailure.IO, id, "cannot update image " + id + " in the catalog of "
                        + datastore.basePath() + ": " + e.getMessage(), e);
            }
        });
    }

    /** Bytes the images take, as their entries record. */
    long usedBytes() throws IOException {
        long used = 0;
        for (ImageRecord r : catalog.list()) {
            used += r.apparentBytes();
        }
        return used;
    }
}
