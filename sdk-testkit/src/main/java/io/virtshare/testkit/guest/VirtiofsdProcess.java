package io.virtshare.testkit.guest;

import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsdArguments;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One virtiofsd for one share on the direct QEMU path, started with the SDK's
 * {@link VirtiofsdArguments}. Ready when the process is alive and its socket file exists
 * (it is never connected to: virtiofsd serves exactly one connection). The only place the
 * probe starts virtiofsd, so that the SDK's supervised launcher can take its place.
 */
final class VirtiofsdProcess implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path log;

    private VirtiofsdProcess(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /**
     * Starts the daemon and waits until it is ready.
     *
     * @throws GuestProbeException when it exits or is not ready within {@code timeout}
     */
    static VirtiofsdProcess start(VirtiofsdBinary daemon, Share share, Path stateDir, Path log, Duration timeout) {
        Path socket = share.socketPath(stateDir);
        removeStale(socket);
        List<String> command = new ArrayList<>(List.of(daemon.path().toString()));
        command.addAll(VirtiofsdArguments.of(daemon.flavour(), share, stateDir));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new GuestProbeException("cannot start " + daemon.path() + " for share '" + share.tag() + "': "
                    + e.getMessage(), e);
        }
        VirtiofsdProcess started = new VirtiofsdProcess(process, socket, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!Files.exists(socket) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            started.close();
            Thread.currentThread().interrupt();
            throw new GuestProbeException("interrupted while waiting for virtiofsd of share '" + share.tag() + "'", e);
        }
        if (!process.isAlive() || !Files.exists(socket)) {
            String why = process.isAlive() ? "no socket " + socket + " after " + timeout.toSeconds() + " s"
                    : "it exited with " + process.exitValue();
            started.close();
            throw new GuestProbeException("virtiofsd for share '" + share.tag() + "' did not become ready (" + why
                    + "): " + QemuMachine.lastLine(log) + "; see " + log);
        }
        return started;
    }

    Path log() {
        return log;
    }

    /** Stops the daemon (if the guest has not already ended it) and removes its socket and pid file. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        removeStale(socket);
    }

    private static void removeStale(Path socket) {
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(Path.of(socket + ".pid"));
        } catch (IOException e) {
            // left for the next start's cleanup
        }
    }
}
