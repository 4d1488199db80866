package io.virtshare.internal.share;

import io.virtshare.share.virtiofsd.VirtiofsdFailure;
import io.virtshare.share.virtiofsd.VirtiofsdState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Recognises why a virtiofsd ended from its exit code and the last lines of its log, in
 * the words of both flavours (the C daemon of QEMU &le; 7.2 and the Rust daemon).
 */
public final class FailureSignatures {
    /** Signatures in the order they are tried: the most specific first. */
    private static final List<Map.Entry<VirtiofsdFailure, Pattern>> SIGNATURES = List.of(
            Map.entry(VirtiofsdFailure.SOCKET_IN_USE,
                    regex("cannot lock pid file|address already in use|EADDRINUSE|already running")),
            Map.entry(VirtiofsdFailure.TOO_MANY_OPEN_FILES, regex("too many open files|EMFILE|ENFILE")),
            Map.entry(VirtiofsdFailure.SHARED_MEMORY_MISSING, regex(
                    "HandleRequest\\(InvalidParam\\)|vhost.user.*memory|memory.*region|mmap|NoMemoryConfigured")),
            Map.entry(VirtiofsdFailure.SOURCE_UNUSABLE, regex(
                    "failed to stat source|source is not a directory|shared.dir.*(no such file|not a directory"
                            + "|does not exist)|no such file or directory.*shared.dir")),
            Map.entry(VirtiofsdFailure.SOCKET_DIRECTORY_MISSING,
                    regex("(socket bind|listener|socket).*no such file or directory")),
            Map.entry(VirtiofsdFailure.OPTION_REJECTED, regex(
                    "unknown option|unexpected argument|found argument|invalid value|unrecognized option"
                            + "|invalid option|usage:")),
            Map.entry(VirtiofsdFailure.PERMISSION_DENIED,
                    regex("permission denied|operation not permitted|EPERM|EACCES|must be run as root")));

    private FailureSignatures() {
    }

    private static Pattern regex(String expression) {
        return Pattern.compile(expression, Pattern.CASE_INSENSITIVE);
    }

    /** The first known failure the log text shows, if any. */
    public static Optional<VirtiofsdFailure> recognise(String logText) {
        for (Map.Entry<VirtiofsdFailure, Pattern> signature : SIGNATURES) {
            if (signature.getValue().matcher(logText).find()) {
                return Optional.of(signature.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * What an exit means.
     *
     * @param exitCode the process's exit code
     * @param wasReady whether this attempt had become ready (so a VM may have connected)
     * @param stopRequested whether the owner asked it to stop
     * @param lastLines the last lines of this attempt's log
     */
    public static VirtiofsdState classify(int exitCode, boolean wasReady, boolean stopRequested,
            List<String> lastLines) {
        if (stopRequested) {
            return new VirtiofsdState.Exited(exitCode, true);
        }
        if (exitCode == 0 && wasReady) {
            return new VirtiofsdState.Exited(0, false);
        }
        VirtiofsdFailure failure = recognise(String.join("\n", lastLines)).orElse(VirtiofsdFailure.UNEXPECTED_EXIT);
        String when = wasReady ? "after it was ready" : "before it was ready";
        String signal = exitCode > 128 && exitCode < 160 ? " (signal " + (exitCode - 128) + ")" : "";
        return new VirtiofsdState.Failed(failure, "virtiofsd exited with " + exitCode + signal + " " + when,
                OptionalInt.of(exitCode), lastLines);
    }
}
