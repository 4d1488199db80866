package io.virtshare.share.virtiofsd;

import io.virtshare.share.Share;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One running virtiofsd serving one share, supervised: its {@link #state() state}, its
 * socket, its log file. Closing it stops the daemon (SIGTERM, then SIGKILL after the
 * launcher's stop timeout) and removes its socket and pid file; {@code close()} is
 * idempotent. The handle is thread-safe.
 *
 * <p>virtiofsd serves exactly one connection and exits 0 when the VM disconnects; that is
 * reported as {@link VirtiofsdState.Exited} (and restarted when the launcher's
 * {@link RestartPolicy} says so).
 *
 * <pre>{@code
 * VirtiofsdLauncher launcher = Virtiofsd.launcher().build();
 * try (Virtiofsd daemon = launcher.start(vm, share)) {      // vm: the VmShares holding share
 *     // start QEMU with -chardev socket,path=daemon.socket() ...
 *     System.out.println(daemon.state());           // Ready[pid=..., attempt=1]
 * }                                                 // stopped, socket and pid file removed
 * }</pre>
 */
public interface Virtiofsd extends AutoCloseable {

    /** A launcher builder: binary, logs, timeouts, restart policy. */
    static VirtiofsdLauncher.Builder launcher() {
        return VirtiofsdLauncher.builder();
    }

    /** The share this daemon serves. */
    Share share();

    /** The vhost-user socket QEMU connects to. */
    Path socket();

    /** The log file of this share (all attempts, appended). */
    Path log();

    /** The current state. */
    VirtiofsdState state();

    /** How many times the daemon was restarted. */
    int restarts();

    /**
     * Waits until the daemon has ended for good ({@link VirtiofsdState#isFinal()}), at most
     * {@code timeout}.
     *
     * @return the state at the end of the wait (not final when the time ran out)
     */
    VirtiofsdState awaitFinal(Duration timeout);

    /** Stops the daemon and removes its socket and pid file. Idempotent. */
    @Override
    void close();
}
