package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code virtshare-examples.jar} as a new user does: {@code java -jar … ARGS} in a directory. */
final class RunnerJar {
    static final Path JAR = Path.of("target", "virtshare-examples.jar").toAbsolutePath();

    record Run(int exit, String stdout, String stderr) {
    }

    private RunnerJar() {
    }

    /** Runs the jar in {@code dir} (which also receives its output files), waiting at most two minutes. */
    static Run run(Path dir, String... args) throws IOException, InterruptedException {
        return run(List.of(), dir, args);
    }

    /** Runs the jar in {@code dir} with {@code jvmOptions} (e.g. {@code -Dname=value}) before {@code -jar}. */
    static Run run(List<String> jvmOptions, Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("runner finishes").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
