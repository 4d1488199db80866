package io.virtshare.datastore;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Datastores of directory images, reached with {@code vs.datastores()}: create one at a
 * {@code BASE_PATH}, or open the one there. A datastore lives entirely in its directory, so
 * every host that mounts it sees the same images.
 *
 * <pre>{@code
 * try (var vs = VirtShare.open(home)) {
 *     Datastore models = vs.datastores().create(Path.of("/srv/models"), DatastoreSpec.sharedFs("models").build());
 *     Image tiny = models.images().register("/var/tmp/tiny-model");
 * }
 * }</pre>
 */
public interface Datastores {
    /**
     * Creates a datastore at {@code basePath} (created when missing; it must not hold one yet).
     *
     * @throws DatastoreException when one exists there already or the path is not usable
     */
    Datastore create(Path basePath, DatastoreSpec spec);

    /**
     * Opens the datastore at {@code basePath}, recovering from crashed operations.
     *
     * @throws DatastoreException when there is none there
     */
    Datastore get(Path basePath);

    /** The datastore at {@code basePath}, opened, if there is one. */
    Optional<Datastore> find(Path basePath);
}
