package io.virtshare.datastore;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a {@link DatastoreException} happened: the datastore's {@code BASE_PATH}, the image
 * and the image's state, each when known.
 *
 * <pre>{@code
 * catch (DatastoreException e) {
 *     DatastoreContext where = e.context();
 *     where.image().ifPresent(id -> System.err.println("image " + id + " in " + where.datastore().orElseThrow()));
 * }
 * }</pre>
 *
 * @param datastore the datastore's BASE_PATH, when known
 * @param image the image's id, when one image is concerned
 * @param state the image's state, when it matters
 */
public record DatastoreContext(Optional<Path> datastore, OptionalInt image, Optional<ImageState> state) {
    public DatastoreContext {
        Objects.requireNonNull(datastore, "datastore");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(state, "state");
    }

    /** No context known. */
    public static DatastoreContext none() {
        return new DatastoreContext(Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    /** The datastore at {@code basePath}. */
    public static DatastoreContext of(Path basePath) {
        return new DatastoreContext(Optional.of(basePath), OptionalInt.empty(), Optional.empty());
    }

    /** This context with image {@code id}. */
    public DatastoreContext withImage(int id) {
        return new DatastoreContext(datastore, OptionalInt.of(id), state);
    }

    /** This context with the image's {@code value} state. */
    public DatastoreContext withState(ImageState value) {
        return new DatastoreContext(datastore, image, Optional.of(value));
    }
}
