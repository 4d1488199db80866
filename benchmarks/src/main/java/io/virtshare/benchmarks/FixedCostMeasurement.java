package io.virtshare.benchmarks;

import io.virtshare.datastore.Images;
import io.virtshare.datastore.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fixed cost of one runner command — what a user pays per command whatever the data:
 * {@code java -jar virtshare-examples.jar COMMAND} on a datastore with a one-file image, against
 * {@code java -version} (the JVM's own start). Only as a user runs it; its row passes when the
 * command takes at most 150 ms more than {@code java -version} (issue 15).
 */
final class FixedCostMeasurement implements Measurement {
    /** The commands measured. */
    enum Command { IMPORT, CLONE, LIST, STAT, DELETE, HELP }

    private final Command command;
    private int imageId;
    private int victimId = -1;

    FixedCostMeasurement(Command command) {
        this.command = command;
    }

    @Override
    public String name() {
        return "fixed-" + command.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String description() {
        return "fixed cost of " + (command == Command.HELP ? "--help" : command.name().toLowerCase(Locale.ROOT)
                + " on a one-file image") + ": the runner vs java -version";
    }

    @Override
    public Optional<Double> userExtraMillis() {
        return Optional.of(BenchmarkRunner.FIXED_COST_MILLIS);
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public String tool() {
        return Runner.java();
    }

    private static Path source(Path data) {
        return data.resolve("src").resolve("one");
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        Files.createDirectories(source(data));
        Files.writeString(source(data).resolve("weights.bin"), "one file\n");
        imageId = DatastoreFixture.datastore(data).images().register(source(data).toString()).id();
    }

    @Override
    public void setUp(Path data) {
        if (command == Command.DELETE) {
            Images images = DatastoreFixture.datastore(data).images();
            victimId = images.clone(images.get(imageId), ImportOptions.defaults()).id();
        }
    }

    @Override
    public Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        String ds = data.resolve("ds").toString();
        List<String> args = switch (command) {
            case IMPORT -> List.of("import", "--datastore", ds, source(data).toString());
            case CLONE -> List.of("clone", "--datastore", ds, Integer.toString(imageId));
            case LIST -> List.of("list", "--datastore", ds);
            case STAT -> List.of("stat", "--datastore", ds, Integer.toString(imageId));
            case DELETE -> List.of("delete", "--datastore", ds, Integer.toString(victimId));
            case HELP -> List.of("--help");
        };
        return Optional.of(runner.command(args));
    }

    @Override
    public String userFingerprint(String stdout, Path data, Path scratch) {
        return "exit 0";
    }

    @Override
    public void cleanUp(Path data) {
        DatastoreFixture.keepOnly(DatastoreFixture.datastore(data), imageId);
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        throw new UnsupportedOperationException("the fixed cost is measured only as a user runs the runner");
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of(Runner.java(), "-version");
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) {
        return "exit 0";
    }
}
