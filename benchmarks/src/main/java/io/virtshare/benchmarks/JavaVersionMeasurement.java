package io.virtshare.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -version} against {@code true}: the JVM's own start, the floor under every
 * command of the runner (the fixed-cost rows are measured above it). One row, with the jar.
 */
final class JavaVersionMeasurement implements Measurement {
    @Override
    public String name() {
        return "fixed-java";
    }

    @Override
    public String description() {
        return "java -version (the JVM's start, the floor of every runner command) vs true";
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public String tool() {
        return "true";
    }

    @Override
    public void prepare(Path data, DataSet set) {
    }

    @Override
    public Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        return runner.way() == Way.JAR ? Optional.of(new UserCommand(List.of(Runner.java(), "-version"),
                java.util.Map.of())) : Optional.empty();
    }

    @Override
    public boolean hasUserTarget() {
        return false;
    }

    @Override
    public String userFingerprint(String stdout, Path data, Path scratch) {
        return "exit 0";
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        throw new UnsupportedOperationException("java -version is measured as a process only");
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return List.of("true");
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) {
        return "exit 0";
    }
}
