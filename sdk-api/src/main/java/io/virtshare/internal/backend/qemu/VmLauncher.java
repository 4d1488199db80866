package io.virtshare.internal.backend.qemu;

import io.virtshare.BackendFailure;
import io.virtshare.VirtShareException;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.internal.vm.DomainDefinition;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.share.virtiofsd.VirtiofsdGroup;
import io.virtshare.share.virtiofsd.VirtiofsdLauncher;
import io.virtshare.vm.VmSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts a VM as a QEMU process, in order: pre-flight of its shares (every problem at once),
 * its guest disks, one supervised virtiofsd per virtiofs share (logs in the state directory),
 * then QEMU, waited for until its QMP socket and pid file are there. A failure at any step
 * stops what the earlier steps started.
 */
final class VmLauncher {
    /** How long QEMU may take to open its QMP socket and write its pid file. */
    static final Duration QEMU_READY = Duration.ofSeconds(30);
    private static final Duration DAEMON_READY = Duration.ofSeconds(20);
    private static final int SUN_PATH_MAX = 107;

    private final Path home;
    private final Path qemu;
    private final VmFiles files;

    VmLauncher(Path home, Path qemu, VmFiles files) {
        this.home = home;
        this.qemu = qemu;
        this.files = files;
    }

    /**
     * Checks the spec's shares, guest disks and overlay as a start would, and the virtiofsd its
     * virtiofs shares need.
     *
     * @return the virtiofsd to run, when the VM has virtiofs shares
     * @throws SharesRejectedException listing every problem
     */
    Optional<VirtiofsdBinary> preflight(VmSpec spec) {
        VmShares shares = spec.shares();
        boolean virtiofs = shares.shares().stream().anyMatch(s -> s.protocol() == ShareProtocol.VIRTIOFS);
        Optional<VirtiofsdBinary> daemon = virtiofs ? Optional.of(virtiofsd(spec)) : Optional.empty();
        if (daemon.isPresent()) {
            shares.check(daemon.get().flavour());
        } else {
            shares.check();
        }
        return daemon;
    }

    QemuProcesses.Owned start(VmSpec spec) {
        VmShares shares = spec.shares();
        Path state = shares.stateDirectory();
        Optional<VirtiofsdBinary> daemon = preflight(spec);
        Path qmp = files.qmpSocket(spec);
        if (qmp.toString().getBytes(StandardCharsets.UTF_8).length > SUN_PATH_MAX) {
            throw fail(spec, BackendFailure.INVALID_REQUEST, "QEMU's QMP socket " + qmp + " is longer than "
                    + SUN_PATH_MAX + " bytes, the unix socket limit; give the VM a shorter state directory", null);
        }
        try {
            Files.createDirectories(state);
            shares.createDisks();
            Files.deleteIfExists(qmp);
            Files.deleteIfExists(files.pidFile(spec));
        } catch (IOException e) {
            throw fail(spec, BackendFailure.FAILED, "cannot prepare the state directory " + state + ": "
                    + e.getMessage() + "; check that it is writable", e);
        }
        Optional<VirtiofsdGroup> daemons = daemon.map(d -> VirtiofsdLauncher.builder().binary(d)
                .logDirectory(state).readyTimeout(DAEMON_READY).build().startAll(shares));
        Process process = null;
        try {
            Path log = files.log(spec);
            process = new ProcessBuilder(QemuCommand.of(qemu, spec, files)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            awaitReady(spec, process, log);
            return new QemuProcesses.Owned(process, daemons, new LiveShares(
                    DomainDefinition.isPcie(spec.machine()) ? QemuCommand.SPARE_ROOT_PORTS : 0));
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                CommandRunner.destroyTree(process);
            }
            daemons.ifPresent(VirtiofsdGroup::close);
            if (e instanceof VirtShareException v) {
                throw v;
            }
            throw fail(spec, BackendFailure.FAILED, "cannot start " + qemu + ": " + e.getMessage()
                    + "; check that it is an executable QEMU", e);
        }
    }

    private void awaitReady(VmSpec spec, Process process, Path log) {
        long deadline = System.nanoTime() + QEMU_READY.toNanos();
        while (!(Files.exists(files.qmpSocket(spec)) && Files.exists(files.pidFile(spec)))) {
            if (!process.isAlive()) {
                throw fail(spec, BackendFailure.FAILED, "QEMU exited with " + process.exitValue() + " at start: "
                        + lastLines(log) + " (full log: " + log + "); fix what it names in the VM spec", null);
            }
            if (System.nanoTime() > deadline) {
                throw fail(spec, BackendFailure.FAILED, "QEMU did not open its QMP socket within "
                        + QEMU_READY.toSeconds() + " s: " + lastLines(log) + "; the host may be overloaded", null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(spec, BackendFailure.FAILED, "interrupted while QEMU started; start the VM again", e);
            }
        }
    }

    private VirtiofsdBinary virtiofsd(VmSpec spec) {
        return VirtiofsdBinary.find().orElseThrow(() -> fail(spec, BackendFailure.UNAVAILABLE, "VM '" + spec.name()
                + "' has virtiofs shares but this host has no virtiofsd (searched PATH and "
                + VirtiofsdBinary.WELL_KNOWN_LOCATIONS + "); install qemu-system-common (Debian 12) or virtiofsd,"
                + " or share through 9p", null));
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    private io.virtshare.BackendException fail(VmSpec spec, BackendFailure failure, String message, Throwable cause) {
        return QemuErrors.error(home, "start vm", spec.name(), failure, message, cause);
    }
}
