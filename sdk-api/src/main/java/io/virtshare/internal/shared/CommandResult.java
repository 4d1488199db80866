package io.virtshare.internal.shared;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one bounded run of a host command.
 *
 * @param command the command line that ran
 * @param exitCode the exit code, or -1 when the command timed out and was killed
 * @param stdout what the command printed on standard output (bounded)
 * @param stderr what the command printed on standard error (bounded)
 * @param timedOut whether the command was killed because it ran out of time
 * @param elapsed how long it ran
 */
public record CommandResult(
        List<String> command, int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {

    public CommandResult {
        command = List.copyOf(command);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether the command finished in time with exit code 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** Standard output and standard error together, for messages. */
    public String output() {
        if (stderr.isBlank()) {
            return stdout.strip();
        }
        if (stdout.isBlank()) {
            return stderr.strip();
        }
        return (stdout.strip() + "\n" + stderr.strip());
    }

    /** A one-line account of how the command ended, for error messages. */
    public String describe() {
        String what = String.join(" ", command);
        if (timedOut) {
            return what + ": no answer within " + elapsed.toMillis() + " ms (killed)";
        }
        String out = output();
        String firstLine = out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse("");
        return what + " exited with " + exitCode + firstLine;
    }
}
