package io.virtshare.internal.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs host commands with a hard time limit, capturing bounded output.
 *
 * <p>Nothing here waits forever: a command that does not finish in time is killed
 * together with its descendants and reported as timed out. A command that cannot be
 * started at all (missing binary) is reported as exit code 127, as a shell would.
 */
public final class CommandRunner {
    /** At most this many bytes of each output stream are kept. */
    public static final int MAX_CAPTURE = 1 << 20;

    private CommandRunner() {
    }

    /**
     * Runs {@code command} and waits at most {@code timeout}.
     *
     * @param timeout how long to wait before killing the command
     * @param command the program and its arguments
     * @return how the command ended
     */
    public static CommandResult run(Duration timeout, List<String> command) {
        return run(timeout, command, null, Map.of());
    }

    /**
     * Runs {@code command} and waits at most {@code timeout}.
     *
     * @param timeout how long to wait before killing the command
     * @param command the program and its arguments
     * @param directory working directory, or null for the current one
     * @param environment variables to add to the inherited environment
     * @return how the command ended
     */
    public static CommandResult run(
            Duration timeout, List<String> command, Path directory, Map<String, String> environment) {
        Objects.requireNonNull(timeout, "timeout");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program");
        }
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new CommandResult(command, 127, "", "cannot start " + command.get(0) + ": " + e.getMessage(),
                    false, Duration.ofNanos(System.nanoTime() - start));
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
        if (!finished) {
            destroyTree(process);
        }
        String stdout = collect(out);
        String stderr = collect(err);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new CommandResult(command, finished ? process.exitValue() : -1, stdout, stderr, !finished, elapsed);
    }

    /** Kills a process and everything it started, waiting briefly for them to go. */
    public static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    int room = MAX_CAPTURE - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
                result.complete(kept.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "virtshare-command-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    private static String collect(CompletableFuture<String> output) {
        try {
            return output.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            // a grandchild kept the pipe open or it broke: report what we have not
            return "";
        }
    }
}
