package io.virtshare.testkit;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds out whether KVM is usable by booting a real kernel under it, with a time limit.
 *
 * <p>A {@code /dev/kvm} node proves nothing: under nested virtualisation KVM can open,
 * run firmware, and then hang the moment a Linux kernel starts. The probe boots the
 * guest kernel with no root file system under {@code -accel kvm}; a usable KVM reaches
 * the kernel's "unable to mount root" panic within a second or two and QEMU exits
 * ({@code -no-reboot}). Anything else within the limit means: use TCG.
 *
 * <pre>{@code
 * KvmVerdict verdict = KvmProbe.probe(qemu, GuestKernel.find(), Duration.ofSeconds(15));
 * }</pre>
 */
public final class KvmProbe {
    private static final Path DEVICE = Path.of("/dev/kvm");

    private KvmProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param qemu the {@code qemu-system-x86_64} binary
     * @param kernel the guest kernel to boot; without one KVM cannot be proven usable
     * @param timeout how long the boot may take before KVM is declared unusable
     * @return the verdict, never throws
     */
    public static KvmVerdict probe(Path qemu, Optional<GuestKernel> kernel, Duration timeout) {
        if (!Files.exists(DEVICE)) {
            return new KvmVerdict(false, false, "no /dev/kvm on this host: guests run under TCG");
        }
        if (!Files.isReadable(DEVICE) || !Files.isWritable(DEVICE)) {
            return new KvmVerdict(true, false, "/dev/kvm exists but this user cannot open it (add the user to"
                    + " group kvm): guests run under TCG");
        }
        if (kernel.isEmpty()) {
            return new KvmVerdict(true, false, "/dev/kvm exists but no guest kernel was found to prove it works"
                    + " (install linux-image-amd64): guests run under TCG");
        }
        Path serial;
        try {
            serial = Files.createTempFile("virtshare-kvm-probe", ".log");
        } catch (IOException e) {
            return new KvmVerdict(true, false, "cannot create a temporary file for the probe: " + e.getMessage());
        }
        try {
            CommandResult run = CommandRunner.run(timeout, List.of(qemu.toString(),
                    "-accel", "kvm", "-cpu", "host", "-m", "256", "-display", "none", "-nodefaults",
                    "-no-reboot", "-serial", "file:" + serial,
                    "-kernel", kernel.get().image().toString(),
                    "-append", "console=ttyS0 panic=-1 loglevel=4"));
            String console = Files.readString(serial);
            if (run.timedOut()) {
                return new KvmVerdict(true, false, "a kernel boot under KVM did not finish within "
                        + timeout.toSeconds() + " s (typical of nested KVM): guests run under TCG");
            }
            if (run.exitCode() == 0 && (console.contains("Kernel panic") || console.contains("Linux version"))) {
                return new KvmVerdict(true, true, "a kernel booted under KVM in " + run.elapsed().toMillis() + " ms");
            }
            return new KvmVerdict(true, false, "QEMU could not use KVM (" + run.describe() + "): guests run under TCG");
        } catch (IOException e) {
            return new KvmVerdict(true, false, "cannot read the probe's console: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(serial);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
