package io.virtshare;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Datastores;
import java.nio.file.Path;
import java.util.Optional;

/** Datastores in local (or locally mounted) directories: what {@link VirtShare#datastores()} returns. */
final class LocalDatastores implements Datastores {
    @Override
    public Datastore create(Path basePath, DatastoreSpec spec) {
        return Datastore.create(basePath, spec);
    }

    @Override
    public Datastore get(Path basePath) {
        return Datastore.open(basePath);
    }

    @Override
    public Optional<Datastore> find(Path basePath) {
        return Datastore.exists(basePath) ? Optional.of(Datastore.open(basePath)) : Optional.empty();
    }
}
