package io.virtshare.benchmarks;

import io.virtshare.datastore.ImageUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Usage of an image of 20,000 files ({@code Images.usage}: apparent and allocated bytes
 * and a file count) vs {@code du -sb}. du counts directories too, so their sizes are
 * added to the image's apparent bytes before the totals are compared.
 */
final class UsageMeasurement implements Measurement {
    private int imageId;
    private long directoryBytes;

    @Override
    public String name() {
        return "usage";
    }

    @Override
    public String description() {
        return "usage of an image of 20,000 files: Images.usage vs du -sb";
    }

    @Override
    public Optional<Double> target() {
        return Optional.of(1.0);
    }

    @Override
    public String tool() {
        return "du";
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long sizeBytes = set.bytes();
        Path src = DatastoreFixture.sources(data).resolve("image");
        TestData.tree(src, set.smallFiles(), 2048, 19);
        imageId = DatastoreFixture.datastore(data).images().register(src.toString()).id();
        Path image = DatastoreFixture.datastore(data).images().get(imageId).path();
        try (Stream<Path> dirs = Files.walk(image)) {
            directoryBytes = dirs.filter(Files::isDirectory).mapToLong(d -> d.toFile().length()).sum();
        }
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        ImageUsage usage = DatastoreFixture.datastore(data).images().usage(DatastoreFixture.datastore(data).images().get(imageId));
        return Long.toString(usage.apparentBytes() + directoryBytes);
    }

    @Override
    public Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        return Optional.of(runner.command(List.of("stat", "--datastore", data.resolve("ds").toString(),
                Integer.toString(imageId))));
    }

    @Override
    public String userFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return Long.toString(new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout).path("apparentBytes")
                .asLong() + directoryBytes);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of("du", "-sb", DatastoreFixture.datastore(data).images().get(imageId).path().toString());
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) {
        return stdout.strip().split("\\s+")[0];
    }
}
