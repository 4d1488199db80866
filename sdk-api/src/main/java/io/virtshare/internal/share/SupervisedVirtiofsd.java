package io.virtshare.internal.share;

import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.share.Share;
import io.virtshare.share.virtiofsd.RestartPolicy;
import io.virtshare.share.virtiofsd.Virtiofsd;
import io.virtshare.share.virtiofsd.VirtiofsdFailure;
import io.virtshare.share.virtiofsd.VirtiofsdLauncher;
import io.virtshare.share.virtiofsd.VirtiofsdStartException;
import io.virtshare.share.virtiofsd.VirtiofsdState;
import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A virtiofsd under supervision: launched, watched for readiness by the socket file and
 * {@code /proc/net/unix} (never by connecting), watched for its exit by one thread,
 * restarted per the launcher's {@link RestartPolicy}, stopped and cleaned up on close.
 */
public final class SupervisedVirtiofsd implements Virtiofsd {
    private static final System.Logger LOG = System.getLogger(Virtiofsd.class.getName());
    private static final String WAITING_LINE = "Waiting for vhost-user socket connection";
    private static final int TAIL_LINES = 20;
    private static final long POLL_MILLIS = 10;

    private final VirtiofsdLauncher launcher;
    private final Share share;
    private final List<String> command;
    private final DaemonFiles files;
    private final Path log;
    private final Object lock = new Object();

    private VirtiofsdState state = new VirtiofsdState.Starting(1);
    private Process process;
    private long logOffset;
    private boolean closing;
    private int restarts;
    private Thread supervisor;

    private SupervisedVirtiofsd(VirtiofsdLauncher launcher, Share share, List<String> command, Path log,
            DaemonFiles files) {
        this.launcher = launcher;
        this.share = share;
        this.command = List.copyOf(command);
        this.files = files;
        this.log = log;
    }

    /**
     * Launches the daemon and waits until it is ready.
     *
     * @throws VirtiofsdStartException when it does not become ready; nothing is left running
     */
    public static Virtiofsd start(VirtiofsdLauncher launcher, Share share, List<String> command, Path log,
            DaemonFiles files) {
        SupervisedVirtiofsd daemon = new SupervisedVirtiofsd(launcher, share, command, log, files);
        VirtiofsdState first = daemon.launch(1);
        if (first instanceof VirtiofsdState.Failed failed) {
            daemon.setState(failed);
            throw new VirtiofsdStartException(launcher.binary().path(), share.tag(), daemon.log, failed);
        }
        daemon.setState(first);
        Thread watcher = new Thread(daemon::supervise, "virtiofsd-" + share.tag());
        watcher.setDaemon(true);
        synchronized (daemon.lock) {
            daemon.supervisor = watcher;
        }
        watcher.start();
        return daemon;
    }

    /** One attempt: clear stale files, start, wait for readiness. Returns Ready, Failed, or Exited when closed. */
    private VirtiofsdState launch(int attempt) {
        setState(new VirtiofsdState.Starting(attempt));
        VirtiofsdState.Failed blocked = clearStaleFiles();
        if (blocked != null) {
            return blocked;
        }
        Process started;
        long offset;
        try {
            Files.createDirectories(files.socket().getParent());
            Files.createDirectories(log.getParent());
            Files.writeString(log, Instant.now() + " virtshare: starting virtiofsd (attempt " + attempt + "): "
                    + String.join(" ", command) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            offset = LogTail.length(log);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            synchronized (lock) {
                if (closing) {
                    return new VirtiofsdState.Exited(-1, true);
                }
                started = builder.start();
                process = started;
                logOffset = offset;
            }
        } catch (IOException e) {
            return new VirtiofsdState.Failed(VirtiofsdFailure.CANNOT_EXECUTE, "cannot start " + command.get(0) + ": "
                    + e.getMessage(), OptionalInt.empty(), List.of());
        }
        LOG.log(Level.DEBUG, "virtiofsd for share ''{0}'' launched (pid {1}), log {2}", share.tag(), started.pid(),
                log);
        long deadline = System.nanoTime() + launcher.readyTimeout().toNanos();
        while (true) {
            if (!started.isAlive()) {
                int code = started.exitValue();
                VirtiofsdState end = FailureSignatures.classify(code, false, isClosing(),
                        LogTail.lastLines(log, offset, TAIL_LINES));
                removeFiles();
                return end;
            }
            if (isClosing()) {
                return new VirtiofsdState.Exited(stop(started), true);
            }
            if (isReady(offset)) {
                LOG.log(Level.DEBUG, "virtiofsd for share ''{0}'' ready on {1} (pid {2}, attempt {3})", share.tag(),
                        files.socket(), started.pid(), attempt);
                return new VirtiofsdState.Ready(started.pid(), attempt);
            }
            if (System.nanoTime() > deadline) {
                stop(started);
                removeFiles();
                return new VirtiofsdState.Failed(VirtiofsdFailure.NOT_READY_IN_TIME, "virtiofsd created no listening"
                        + " socket at " + files.socket() + " within " + launcher.readyTimeout().toMillis() + " ms",
                        OptionalInt.empty(), LogTail.lastLines(log, offset, TAIL_LINES));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(started);
                removeFiles();
                return new VirtiofsdState.Failed(VirtiofsdFailure.NOT_READY_IN_TIME, "interrupted while waiting for"
                        + " virtiofsd", OptionalInt.empty(), List.of());
            }
        }
    }

    /** Ready: the socket file exists and is listening (or the daemon said it waits for the VM). */
    private boolean isReady(long offset) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(files.socket(), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isOther()) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return UnixSockets.isListening(files.socket())
                || LogTail.lastLines(log, offset, TAIL_LINES).stream().anyMatch(l -> l.contains(WAITING_LINE));
    }

    /** Null when the files are absent or stale (and now removed); the failure when a live owner holds them. */
    private VirtiofsdState.Failed clearStaleFiles() {
        if (!files.anyExists()) {
            return null;
        }
        var owner = files.liveOwner();
        if (owner.isPresent()) {
            return new VirtiofsdState.Failed(VirtiofsdFailure.SOCKET_IN_USE, "socket " + files.socket()
                    + " belongs to a live daemon: " + owner.get(), OptionalInt.empty(), List.of());
        }
        try {
            files.remove();
            LOG.log(Level.DEBUG, "removed stale virtiofsd socket/pid files of {0}", files.socket());
            return null;
        } catch (IOException | IllegalStateException e) {
            return new VirtiofsdState.Failed(VirtiofsdFailure.SOCKET_IN_USE, "cannot clear " + files.socket() + ": "
                    + e.getMessage(), OptionalInt.empty(), List.of());
        }
    }

    private void supervise() {
        while (true) {
            Process current;
            long offset;
            synchronized (lock) {
                current = process;
                offset = logOffset;
            }
            int code = waitForExit(current);
            boolean stopped = isClosing();
            VirtiofsdState end = FailureSignatures.classify(code, true, stopped,
                    LogTail.lastLines(log, offset, TAIL_LINES));
            removeFiles();
            RestartPolicy policy = launcher.restartPolicy();
            boolean again = !stopped && restartsSoFar() < policy.maxRestarts()
                    && (end instanceof VirtiofsdState.Failed || policy.afterNormalExit());
            if (!again) {
                report(end);
                setState(end);
                return;
            }
            int restart = restartsSoFar() + 1;
            Duration wait = policy.backoff(restart);
            LOG.log(Level.WARNING, "virtiofsd for share ''{0}'' ended ({1}); restart {2} of {3} in {4} ms",
                    share.tag(), end, restart, policy.maxRestarts(), wait.toMillis());
            if (!sleepUnlessClosed(wait)) {
                setState(new VirtiofsdState.Exited(code, true));
                return;
            }
            synchronized (lock) {
                restarts = restart;
            }
            VirtiofsdState next = launch(restart + 1);
            if (!(next instanceof VirtiofsdState.Ready)) {
                report(next);
                setState(next);
                return;
            }
            setState(next);
        }
    }

    private void report(VirtiofsdState end) {
        if (end instanceof VirtiofsdState.Failed failed) {
            LOG.log(Level.WARNING, "virtiofsd for share ''{0}'' failed: {1}", share.tag(), failed.describe());
        } else {
            LOG.log(Level.DEBUG, "virtiofsd for share ''{0}'' ended: {1}", share.tag(), end);
        }
    }

    private static int waitForExit(Process p) {
        while (true) {
            try {
                if (p.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return p.exitValue();
                }
            } catch (InterruptedException e) {
                // only close() ends this thread's wait, by ending the process
            }
        }
    }

    private boolean sleepUnlessClosed(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (!closing) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** SIGTERM to the daemon and its children, SIGKILL after the stop timeout; returns the exit code. */
    private int stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(launcher.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "virtiofsd for share ''{0}'' ignored SIGTERM for {1} ms; killing it",
                        share.tag(), launcher.stopTimeout().toMillis());
                CommandRunner.destroyTree(p);
            }
        } catch (InterruptedException e) {
            CommandRunner.destroyTree(p);
            Thread.currentThread().interrupt();
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    private void removeFiles() {
        try {
            if (files.liveOwner().isEmpty()) {
                files.remove();
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.WARNING, "cannot remove virtiofsd files of {0}: {1}", files.socket(), e.getMessage());
        }
    }

    private boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    private int restartsSoFar() {
        synchronized (lock) {
            return restarts;
        }
    }

    private void setState(VirtiofsdState next) {
        synchronized (lock) {
            state = next;
            lock.notifyAll();
        }
    }

    @Override
    public Share share() {
        return share;
    }

    @Override
    public Path socket() {
        return files.socket();
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public VirtiofsdState state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public int restarts() {
        return restartsSoFar();
    }

    @Override
    public VirtiofsdState awaitFinal(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!state.isFinal()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return state;
        }
    }

    @Override
    public void close() {
        Process current;
        Thread watcher;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            current = process;
            watcher = supervisor;
            lock.notifyAll();
        }
        int code = current == null ? -1 : current.isAlive() ? stop(current) : current.exitValue();
        if (watcher != null) {
            try {
                watcher.join(launcher.stopTimeout().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (!state.isFinal()) {
                state = new VirtiofsdState.Exited(code, true);
                lock.notifyAll();
            }
        }
        removeFiles();
        LOG.log(Level.DEBUG, "virtiofsd for share ''{0}'' stopped: {1}", share.tag(), state());
    }

    @Override
    public String toString() {
        return "virtiofsd[" + share.tag() + " " + state() + " " + files.socket() + "]";
    }
}
