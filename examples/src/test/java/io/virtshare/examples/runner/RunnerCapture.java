package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the examples runner in this JVM and keeps what it printed on stdout and stderr (until {@link #reset()}). */
final class RunnerCapture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs one command line; its output is added to what earlier runs printed. */
    int run(ExamplesRunner runner, String... args) {
        return runner.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs one command line with relative paths resolved against {@code workingDirectory}. */
    int runIn(ExamplesRunner runner, java.nio.file.Path workingDirectory, String... args) {
        return runner.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), workingDirectory);
    }

    /** Runs one command line of the standard runner with relative paths resolved against {@code workingDirectory}. */
    int runIn(java.nio.file.Path workingDirectory, String... args) {
        return runIn(ExamplesRunner.standard(), workingDirectory, args);
    }

    /** Forgets what was printed so far and runs one command line of a runner that knows only {@code command}. */
    int runOnly(Command command, String... args) {
        reset();
        return run(new ExamplesRunner(List.of(command)), args);
    }

    /** Runs one command line of the standard runner. */
    int run(String... args) {
        return run(ExamplesRunner.standard(), args);
    }

    /**
     * Imports a small model directory ({@code config.json}) made under {@code tmp} into the
     * datastore {@code ds} with the standard runner.
     *
     * @return the image JSON
     * @throws IllegalStateException when the import fails, with what the runner said
     */
    JsonNode importModel(java.nio.file.Path ds, java.nio.file.Path tmp) throws IOException {
        java.nio.file.Path src = java.nio.file.Files.createDirectories(tmp.resolve("src/model"));
        java.nio.file.Files.writeString(src.resolve("config.json"), "{}");
        reset();
        if (run("import", "--datastore", ds.toString(), "--safe-dirs", tmp.resolve("src").toString(),
                src.toString()) != 0) {
            throw new IllegalStateException("import failed: " + stderr());
        }
        return json();
    }

    /** Forgets what was printed so far. */
    void reset() {
        out.reset();
        err.reset();
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
        return JSON.readTree(stdout());
    }
}
