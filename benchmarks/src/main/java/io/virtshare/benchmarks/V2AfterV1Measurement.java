package io.virtshare.benchmarks;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.hf.HfImporter;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A new revision of a model whose previous revision is in the datastore: {@code hf://…@v2}
 * after {@code @v1}, where 1 of 8 LFS shards changed, so that 7 are copied from the v1 image
 * (reflink where the file system can, verified) and 1 is downloaded; vs a full import of v2
 * into an empty datastore by the same importer, in a fresh JVM ({@link FullHfImport}; its
 * start, about 0.3 s, counts on that side). Prints the bytes each side downloaded.
 */
final class V2AfterV1Measurement implements Measurement {
    private static final int SHARDS = 8;
    private static final String REPO = "bench/model";

    private FakeHub hub;
    private int v1Image = -1;
    private boolean printed;

    @Override
    public String name() {
        return "v2-after-v1";
    }

    @Override
    public String description() {
        return "hf:// import of v2 after v1 (1 of 8 LFS shards changed, --size-mb in all; 7 reused, verified)"
                + " vs a full import of v2 (fresh JVM, empty datastore)";
    }

    @Override
    public String tool() {
        return "java";
    }

    private static FakeRepo model(String revision, int changed, long shard) {
        FakeRepo.Builder b = FakeRepo.model("bench", "model").file("config.json", "{\"revision\":\"" + revision
                + "\"}").revision(revision);
        for (int i = 0; i < SHARDS; i++) {
            b.generatedLfsFile(String.format("model-%05d-of-%05d.safetensors", i + 1, SHARDS), shard,
                    i == changed ? 900 + i : 400 + i);
        }
        return b.build();
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long shard = Math.max(1, set.bytes() / SHARDS);
        hub = FakeHub.start();
        hub.add(model("v1", -1, shard));
        DatastoreFixture.sources(data);
        Image v1 = DatastoreFixture.datastore(data).images().register("hf://" + REPO + "@v1", options());
        v1Image = v1.id();
        hub.add(model("v2", 3, shard));
    }

    private ImportOptions options() {
        return ImportOptions.defaults().withImporter(HfImporter.builder().endpoint(hub.endpoint()).build());
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        Image v2 = DatastoreFixture.datastore(data).images().register("hf://" + REPO + "@v2", options());
        if (!printed) {
            printed = true;
            System.err.printf("v2-after-v1: downloaded %d bytes, reused %d bytes of %d%n", v2.bytesDownloaded(),
                    v2.bytesReused(), v2.apparentBytes());
        }
        return DatastoreFixture.fingerprint(v2);
    }

    @Override
    public void cleanUp(Path data) {
        DatastoreFixture.keepOnly(DatastoreFixture.datastore(data), v1Image);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FullHfImport.class.getName(), hub.endpoint().toString(),
                "hf://" + REPO + "@v2", scratch.resolve("ds").toString());
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        String[] fields = stdout.strip().split(" ");
        if (fields.length < 2) {
            throw new IOException("the full import printed '" + stdout.strip() + "', not 'PATH DOWNLOADED'");
        }
        System.err.printf("v2-after-v1: the full import downloaded %s bytes%n", fields[1]);
        return DatastoreFixture.fingerprint(Path.of(fields[0]));
    }

    @Override
    public void close() {
        if (hub != null) {
            hub.close();
        }
    }

    /** A full {@code hf://} import into a new datastore: args ENDPOINT SOURCE BASE_PATH; prints the image's path and bytes downloaded. */
    static final class FullHfImport {
        private FullHfImport() {
        }

        public static void main(String[] args) throws IOException {
            Path base = Path.of(args[2]);
            Files.createDirectories(base.getParent());
            Datastore ds = Datastore.create(base, io.virtshare.datastore.DatastoreSpec.sharedFs("full"));
            Image image = ds.images().register(args[1], ImportOptions.defaults().withImporter(
                    HfImporter.builder().endpoint(java.net.URI.create(args[0])).build()));
            System.out.println(image.path() + " " + image.bytesDownloaded());
        }
    }
}
