package io.virtshare.share.virtiofsd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A virtiofsd did not become ready. The {@link #state() state} says why (the recognised
 * failure, the exit code, the log's last lines); nothing is left running and stale files
 * were removed.
 *
 * <pre>{@code
 * try (Virtiofsd d = launcher.start(vm, share)) { ... }
 * catch (VirtiofsdStartException e) {
 *     System.err.println(e.state().failure() + " " + e.log());
 * }
 * }</pre>
 */
public class VirtiofsdStartException extends VirtiofsdException {
    private static final long serialVersionUID = 1L;

    private final transient VirtiofsdState.Failed state;
    private final transient Path log;
    private final String tag;

    /**
     * @param binary the daemon that failed
     * @param tag the share's tag
     * @param log the share's log file
     * @param state why it failed
     */
    public VirtiofsdStartException(Path binary, String tag, Path log, VirtiofsdState.Failed state) {
        super(binary, "virtiofsd for share '" + tag + "' did not start: " + state.describe() + "\n(log: " + log
                + ")");
        this.state = Objects.requireNonNull(state, "state");
        this.log = log;
        this.tag = tag;
    }

    /** Why it failed. */
    public VirtiofsdState.Failed state() {
        return state;
    }

    /** The share's log file. */
    public Path log() {
        return log;
    }

    /** The share's tag. */
    public String tag() {
        return tag;
    }
}
