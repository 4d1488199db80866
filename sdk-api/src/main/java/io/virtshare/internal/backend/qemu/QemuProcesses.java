package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendFailure;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.share.virtiofsd.VirtiofsdGroup;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The QEMU processes of one backend: those it started (with their virtiofsd daemons), and
 * those another JVM started, found by the pid file in the VM's state directory and checked
 * against {@code /proc/<pid>/cmdline} (a stale pid file names another process).
 */
final class QemuProcesses {
    /** How long QEMU may take to leave after QMP {@code quit}, and after SIGTERM. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration QMP_TIMEOUT = Duration.ofSeconds(5);

    /** A QEMU this backend started, with the daemons serving its shares and those hot-plugged. */
    record Owned(Process qemu, Optional<VirtiofsdGroup> daemons, LiveShares live) {
    }

    private final VmFiles files;
    private final Map<String, Owned> owned = new HashMap<>();

    QemuProcesses(VmFiles files) {
        this.files = files;
    }

    synchronized void add(String name, Owned process) {
        owned.put(name, process);
    }

    synchronized Optional<Owned> owned(String name) {
        return Optional.ofNullable(owned.get(name));
    }

    /** The running QEMU of {@code spec}: this backend's child, or the process its pid file names. */
    Optional<ProcessHandle> find(VmSpec spec) {
        Optional<Owned> mine = owned(spec.name());
        if (mine.isPresent()) {
            return mine.get().qemu().isAlive() ? Optional.of(mine.get().qemu().toHandle()) : Optional.empty();
        }
        Path pidFile = files.pidFile(spec);
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> runs(p.pid(), pidFile));
    }

    /** Whether process {@code pid} is a QEMU that writes {@code pidFile} (and not a recycled pid). */
    static boolean runs(long pid, Path pidFile) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
            int at = args.indexOf("-pidfile");
            return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(pidFile.toString());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops the QEMU of {@code spec}: QMP {@code quit}, else SIGTERM, else SIGKILL, each waited
     * for; then its virtiofsd daemons (when this backend started them) and the files QEMU left.
     *
     * @return whether it still runs (it could not be killed)
     */
    boolean stop(VmSpec spec, Path home) {
        Optional<Owned> mine;
        synchronized (this) {
            mine = Optional.ofNullable(owned.remove(spec.name()));
        }
        Optional<ProcessHandle> process = mine.map(o -> o.qemu().toHandle()).filter(ProcessHandle::isAlive)
                .or(() -> find(spec));
        boolean alive = false;
        if (process.isPresent()) {
            ProcessHandle qemu = process.get();
            try (Qmp qmp = Qmp.connect(files.qmpSocket(spec), QMP_TIMEOUT)) {
                qmp.execute("quit", null);
            } catch (IOException e) {
                // no QMP answer: signals below
            }
            if (!exited(qemu, STOP_TIMEOUT)) {
                qemu.destroy();
                if (!exited(qemu, STOP_TIMEOUT)) {
                    qemu.destroyForcibly();
                    alive = !exited(qemu, STOP_TIMEOUT);
                }
            }
        }
        mine.ifPresent(o -> {
            if (o.qemu().isAlive()) {
                CommandRunner.destroyTree(o.qemu());
            }
            o.live().closeAll();
            o.daemons().ifPresent(VirtiofsdGroup::close);
        });
        if (!alive) {
            for (Path file : List.of(files.pidFile(spec), files.qmpSocket(spec))) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw QemuErrors.error(home, "stop vm", spec.name(), BackendFailure.FAILED, "QEMU stopped, but "
                            + file + " cannot be removed: " + e.getMessage() + "; remove it by hand", e);
                }
            }
        }
        return alive;
    }

    /** The names of the VMs this backend started and that may still run. */
    synchronized List<String> ownedNames() {
        return new ArrayList<>(owned.keySet());
    }

    /** Whether {@code process} exits within {@code timeout}. */
    static boolean exited(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
