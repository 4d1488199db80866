package io.virtshare.share.virtiofsd;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a supervised virtiofsd is: {@link Starting}, {@link Ready}, {@link Exited} (a
 * normal end) or {@link Failed} (with the reason and the log's last lines).
 *
 * <pre>{@code
 * if (daemon.state() instanceof VirtiofsdState.Ready r) {
 *     System.out.println("serving, pid " + r.pid());
 * } else if (daemon.state() instanceof VirtiofsdState.Failed f) {
 *     System.err.println(f.describe());
 * }
 * }</pre>
 */
public sealed interface VirtiofsdState {

    /** Whether the daemon will not serve again (no restart is pending). */
    default boolean isFinal() {
        return this instanceof Exited || this instanceof Failed;
    }

    /**
     * Launched, waiting for its socket.
     *
     * @param attempt 1 for the first start, 2 for the first restart, …
     */
    record Starting(int attempt) implements VirtiofsdState {
    }

    /**
     * Listening on its socket, waiting for (or serving) the VM.
     *
     * @param pid the daemon's process id
     * @param attempt which start this is
     */
    record Ready(long pid, int attempt) implements VirtiofsdState {
    }

    /**
     * Ended normally: closed by its owner, or exit 0 after the VM disconnected (virtiofsd
     * serves one connection and then exits).
     *
     * @param exitCode the process's exit code
     * @param stoppedByOwner true when {@link Virtiofsd#close()} ended it
     */
    record Exited(int exitCode, boolean stoppedByOwner) implements VirtiofsdState {
    }

    /**
     * Did not start, or ended abnormally (and no restart is left).
     *
     * @param failure the recognised cause
     * @param reason one line: what happened
     * @param exitCode the exit code, when the process ran and ended
     * @param lastLogLines the last lines of this attempt's log
     */
    record Failed(VirtiofsdFailure failure, String reason, OptionalInt exitCode, List<String> lastLogLines)
            implements VirtiofsdState {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(exitCode, "exitCode");
            lastLogLines = List.copyOf(lastLogLines);
        }

        /** The reason, the advice and the log's last lines, for an error message. */
        public String describe() {
            StringBuilder text = new StringBuilder(reason).append("; ").append(failure.advice());
            if (!lastLogLines.isEmpty()) {
                text.append("\nlast lines of the log:");
                lastLogLines.forEach(line -> text.append("\n  ").append(line));
            }
            return text.toString();
        }
    }
}
