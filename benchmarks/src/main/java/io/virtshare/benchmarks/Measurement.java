package io.virtshare.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One side-by-side measurement: an operation done in this (warm) JVM, and the standard
 * tool doing the same job as a process, on the same data.
 *
 * <p>Both sides return a fingerprint of what they produced (a digest, a byte total, a
 * file count); the runner refuses to report a ratio when the two disagree, so a
 * measurement can never compare different work.
 */
interface Measurement {
    /** Short name, used on the command line. */
    String name();

    /** What is compared, in words. */
    String description();

    /** The ratio virtshare/tool this measurement should reach, when an issue sets one. */
    default Optional<Double> target() {
        return Optional.empty();
    }

    /** The most milliseconds the virtshare side may take (median), when an issue sets that instead of a ratio. */
    default Optional<Double> targetMillis() {
        return Optional.empty();
    }

    /** The standard tool's executable, checked before running. */
    String tool();

    /** Creates the input data in {@code data} (an empty directory). */
    void prepare(Path data, DataSet set) throws IOException;

    /** Does the job in this JVM, writing any output below {@code scratch}; returns the fingerprint. */
    String runSdk(Path data, Path scratch) throws IOException;

    /** The tool's command line for the same job, writing any output below {@code scratch}. */
    List<String> toolCommand(Path data, Path scratch);

    /**
     * {@code command} followed by {@code sync -f target}: virtshare makes an image durable
     * (every file and directory synced) before it is READY, so a tool that writes a tree is
     * measured with the same promise kept, on the file system it wrote to only (a plain
     * {@code sync} would also wait for what everything else on the machine wrote).
     */
    static List<String> thenSync(List<String> command, Path target) {
        List<String> line = new java.util.ArrayList<>(List.of("sh", "-c", "t=$1; shift; \"$@\" && sync -f \"$t\"",
                "sh", target.toString()));
        line.addAll(command);
        return List.copyOf(line);
    }

    /** The fingerprint of the tool's result, from its stdout and what it wrote below {@code scratch}. */
    String toolFingerprint(String stdout, Path data, Path scratch) throws IOException;

    /** Where this measurement's data lives: a subdirectory of {@code workdir} unless it needs its own file system. */
    default Path dataDirectory(Path workdir) throws IOException {
        return java.nio.file.Files.createDirectories(workdir.resolve(name()).resolve("data"));
    }

    /** Releases what {@link #dataDirectory(Path)} set up; called once after the rounds. */
    default void close() {
    }

    /** Undoes what a run left outside {@code scratch} (e.g. a cloned image); not timed. */
    default void cleanUp(Path data) throws IOException {
    }

    /** Readies {@code data} for one timed virtshare run (e.g. the image a delete removes); not timed. */
    default void setUp(Path data) throws IOException {
    }

    /** Whether the virtshare side runs in this JVM too; rows that only exist as a user runs them say no. */
    default boolean inProcess() {
        return true;
    }

    /**
     * The same job as a user runs it, with the examples runner ({@link Runner#command}), writing
     * any output below {@code scratch}; empty when the runner has no command for it.
     */
    default Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        return Optional.empty();
    }

    /** The fingerprint of what the runner did, from its stdout: by default the image JSON it printed. */
    default String userFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return DatastoreFixture.fingerprintOfJson(stdout);
    }

    /**
     * The most milliseconds the runner may take beyond the tool; empty for the rule, the
     * tool's time plus the fixed cost of a command ({@code java -version} + 150 ms).
     */
    default Optional<Double> userExtraMillis() {
        return Optional.empty();
    }

    /** Whether the row as a user runs it has a target at all ({@link #userExtraMillis()}). */
    default boolean hasUserTarget() {
        return true;
    }
}
