package io.virtshare.benchmarks;

import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.Images;
import io.virtshare.datastore.ImportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Clone of a datastore image ({@code Images.clone}) vs {@code cp -a --reflink=auto} of
 * the same directory: either a few large files or many small ones.
 */
final class CloneMeasurement implements Measurement {
    private final boolean manySmall;

    CloneMeasurement(boolean manySmall) {
        this.manySmall = manySmall;
    }

    @Override
    public String name() {
        return manySmall ? "clone-small" : "clone-large";
    }

    @Override
    public String description() {
        return manySmall ? "clone of 20,000 files of 2 KiB: Images.clone vs cp -a && sync -f"
                : "clone of --size-mb in 4 files: Images.clone vs cp -a --reflink=auto";
    }

    @Override
    public Optional<Double> target() {
        return Optional.of(1.0);
    }

    @Override
    public String tool() {
        return "cp";
    }

    private int imageId;

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long sizeBytes = set.bytes();
        Path src = DatastoreFixture.sources(data).resolve("image");
        if (manySmall) {
            TestData.tree(src, set.smallFiles(), 2048, 13);
        } else {
            java.nio.file.Files.createDirectories(src);
            for (int i = 0; i < 4; i++) {
                TestData.file(src.resolve("part-" + i), sizeBytes / 4, 100 + i);
            }
        }
        imageId = DatastoreFixture.datastore(data).images().register(src.toString()).id();
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        Images images = DatastoreFixture.datastore(data).images();
        Image clone = images.clone(images.get(imageId), ImportOptions.defaults());
        return DatastoreFixture.fingerprint(clone);
    }

    @Override
    public Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        return Optional.of(runner.command(List.of("clone", "--datastore", data.resolve("ds").toString(),
                Integer.toString(imageId))));
    }

    @Override
    public void cleanUp(Path data) {
        Datastore ds = DatastoreFixture.datastore(data);
        DatastoreFixture.keepOnly(ds, imageId);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        Path image = DatastoreFixture.datastore(data).images().get(imageId).path();
        return Measurement.thenSync(List.of("cp", "-a", "--reflink=auto", image.toString(),
                scratch.resolve("copy").toString()), scratch);
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return DatastoreFixture.fingerprint(scratch.resolve("copy"));
    }
}
