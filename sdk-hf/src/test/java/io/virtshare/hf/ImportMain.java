package io.virtshare.hf;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import java.nio.file.Path;

/**
 * A separate JVM importing through the datastore (HF_ENDPOINT from its environment): args DATASTORE SOURCE;
 * prints {@code id state commit path bytesDownloaded bytesReused}.
 */
public final class ImportMain {
    private ImportMain() {
    }

    public static void main(String[] args) {
        Path base = Path.of(args[0]);
        Datastore ds = Datastore.exists(base) ? Datastore.open(base) : Datastore.create(base, DatastoreSpec.sharedFs("hf"));
        Image image = ds.images().register(args[1]);
        System.out.println(image.id() + " " + image.state() + " " + image.commit().orElse("-") + " " + image.path()
                + " " + image.bytesDownloaded() + " " + image.bytesReused());
    }
}
