package io.virtshare.testkit.guest;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.Virtiofsd;
import io.virtshare.share.virtiofsd.VirtiofsdException;
import io.virtshare.share.virtiofsd.VirtiofsdGroup;
import io.virtshare.share.virtiofsd.VirtiofsdState;
import io.virtshare.testkit.HostTool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One boot of the probe's guest with everything it needs on the host, waited for under a
 * deadline and stopped on close. On the QEMU path the virtiofs shares are served by the
 * SDK's supervised {@link io.virtshare.share.virtiofsd.VirtiofsdLauncher} (one daemon per
 * share, logs in the probe's working directory); on the libvirt path libvirt starts them.
 */
final class GuestRun implements AutoCloseable {
    /** After the guest said it is done, how long power-off may take. */
    static final Duration POWER_OFF_GRACE = Duration.ofSeconds(15);
    private static final Duration DAEMON_READY = Duration.ofSeconds(20);

    private VirtiofsdGroup daemons;
    private final GuestSettings settings;
    private final ConsoleLog console;
    private final Duration timeout;
    private GuestMachine machine;

    GuestRun(GuestSettings settings, Path dir, VmShares vm, String nonce, Path qemu, BootFiles boot, ConsoleLog console)
            throws IOException {
        this.settings = settings;
        this.console = console;
        this.timeout = settings.timeout();
        try {
            if (settings.via() == GuestVia.QEMU) {
                startDirect(dir, vm, nonce, qemu, boot);
            } else {
                startLibvirt(dir, vm, nonce, boot);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startDirect(Path dir, VmShares vm, String nonce, Path qemu, BootFiles boot) throws IOException {
        if (vm.shares().stream().anyMatch(s -> s.protocol() == ShareProtocol.VIRTIOFS)) {
            try {
                daemons = Virtiofsd.launcher()
                        .binaryPath(settings.tools().status(HostTool.VIRTIOFSD).path().orElseThrow())
                        .logDirectory(dir)
                        .readyTimeout(DAEMON_READY)
                        .build()
                        .startAll(vm);
            } catch (VirtiofsdException | InvalidSpecException e) {
                throw new GuestProbeException("the guest probe could not start virtiofsd: " + e.getMessage(), e);
            }
        }
        List<String> command = QemuMachine.command(qemu, boot, settings.memoryMb(), console.file(),
                vm.qemuArguments(settings.memoryMb()));
        machine = QemuMachine.start(command, dir.resolve("qemu-" + nonce + ".log"));
    }

    private void startLibvirt(Path dir, VmShares vm, String nonce, BootFiles boot) {
        String name = "virtshare-probe-" + nonce;
        machine = LibvirtMachine.start(settings.libvirtUri(), dir,
                LibvirtMachine.spec(name, boot, settings.memoryMb(), console.file(), vm));
    }

    /**
     * Waits until the guest powers off, says it is done, or the deadline passes.
     *
     * @param deadline {@link System#nanoTime()} by which the run must end
     * @return why the guest did not finish, or empty when it did
     */
    Optional<String> awaitPowerOff(long deadline) {
        long doneAt = -1;
        try {
            while (true) {
                boolean done = console.contains(InitScript.DONE);
                if (done && doneAt < 0) {
                    doneAt = System.nanoTime();
                }
                if (!machine.running()) {
                    if (done) {
                        return Optional.empty();
                    }
                    return Optional.of(machine.problem().map(p -> p + "; the guest did not finish")
                            .orElse("the guest stopped before probing every share" + moduleHint()) + daemonHint());
                }
                if (!done && daemonFailed()) {
                    // the guest's requests to a dead virtiofsd hang for ever: stop now, not at the deadline
                    return Optional.of("the guest cannot finish: its virtiofsd died" + daemonHint());
                }
                if (done && System.nanoTime() - doneAt > POWER_OFF_GRACE.toNanos()) {
                    return Optional.empty(); // reported everything; close() stops it
                }
                if (System.nanoTime() > deadline) {
                    return Optional.of("the guest did not finish within " + timeout.toSeconds() + " s (TCG on a busy"
                            + " host can be slow: raise the timeout)" + moduleHint() + daemonHint());
                }
                Thread.sleep(settings.via() == GuestVia.QEMU ? 100 : 500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for the guest");
        }
    }

    private String moduleHint() {
        List<String> failed = console.lines().stream().filter(l -> l.contains(InitScript.MODULE_FAILED))
                .map(l -> l.substring(l.indexOf(InitScript.MODULE_FAILED) + InitScript.MODULE_FAILED.length()).strip())
                .toList();
        return failed.isEmpty() ? "" : "; modules that failed to load: " + failed;
    }

    private boolean daemonFailed() {
        return daemons != null && daemons.daemons().stream().anyMatch(d -> d.state() instanceof VirtiofsdState.Failed);
    }

    /** The supervised daemons that failed, with their reason (they are a likely cause of a guest's failure). */
    private String daemonHint() {
        if (daemons == null) {
            return "";
        }
        StringBuilder hint = new StringBuilder();
        daemons.states().forEach((tag, state) -> {
            if (state instanceof VirtiofsdState.Failed f) {
                // the log lives in the probe's working directory, which close() removes: quote its end instead
                List<String> tail = f.lastLogLines().subList(Math.max(0, f.lastLogLines().size() - 3),
                        f.lastLogLines().size());
                hint.append("; virtiofsd for share '").append(tag).append("' failed: ").append(f.failure())
                        .append(", ").append(f.reason()).append(tail.isEmpty() ? "" : "; its log ends: "
                        + String.join(" | ", tail));
            }
        });
        return hint.toString();
    }

    @Override
    public void close() {
        if (machine != null) {
            machine.close();
        }
        if (daemons != null) {
            daemons.close();
        }
    }
}
