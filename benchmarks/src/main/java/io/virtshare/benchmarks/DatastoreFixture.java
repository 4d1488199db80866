package io.virtshare.benchmarks;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A SharedFS datastore in the measurement's data directory, sources allowed from {@code data/src}. */
final class DatastoreFixture {
    private DatastoreFixture() {
    }

    static Path sources(Path data) throws IOException {
        return Files.createDirectories(data.resolve("src"));
    }

    static Datastore datastore(Path data) {
        Path base = data.resolve("ds");
        return Datastore.exists(base) ? Datastore.open(base)
                : Datastore.create(base, DatastoreSpec.sharedFs("bench").safeDirs(data.resolve("src").toString()));
    }

    /** Deletes every image but {@code keep}. */
    static void keepOnly(Datastore ds, int keep) {
        for (Image image : ds.images().list()) {
            if (image.id() != keep) {
                ds.images().delete(image);
            }
        }
    }

    /** "N files, B bytes" of a tree, counting regular files. */
    static String fingerprint(Path tree) throws IOException {
        long[] countAndBytes = {0, 0};
        try (Stream<Path> files = Files.walk(tree)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                countAndBytes[0]++;
                countAndBytes[1] += f.toFile().length();
            });
        }
        return countAndBytes[0] + " files, " + countAndBytes[1] + " bytes";
    }

    /** "N files, B bytes" of the image (or usage) JSON the examples runner printed. */
    static String fingerprintOfJson(String json) throws IOException {
        com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        if (node == null || !node.has("files") || !node.has("apparentBytes")) {
            throw new IOException("the runner printed no image: " + json.strip());
        }
        return node.path("files").asLong() + " files, " + node.path("apparentBytes").asLong() + " bytes";
    }

    static String fingerprint(Image image) {
        return image.files() + " files, " + image.apparentBytes() + " bytes";
    }
}
