package io.virtshare.testkit.guest;

import io.virtshare.VirtShare;
import io.virtshare.VirtShareException;
import io.virtshare.share.VmShares;
import io.virtshare.vm.Accelerator;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A transient VM created through the SDK's {@code libvirt} backend
 * ({@code VirtShare.builder().backend("libvirt")}, found at run time by {@link java.util.ServiceLoader}:
 * the testkit does not compile against sdk-libvirt, whose tests use the testkit): TCG, an
 * i440fx machine, direct kernel boot, serial console to a file, the shares as
 * {@code <filesystem>} devices with shared memory for virtiofs. libvirt starts virtiofsd
 * itself. Closing stops the VM, which being transient leaves no definition behind, closes the
 * backend and removes the VM's QEMU and virtiofsd logs.
 */
final class LibvirtMachine implements GuestMachine {
    /** The machine type: the guest needs no hot-plug, and i440fx boots a little faster under TCG. */
    static final String MACHINE = "pc";
    private static final Path QEMU_LOGS = Path.of("/var/log/libvirt/qemu");

    private final VirtShare sdk;
    private final String name;
    private boolean closed;

    private LibvirtMachine(VirtShare sdk, String name) {
        this.sdk = sdk;
        this.name = name;
    }

    /** The VM: a bare direct-boot TCG guest with every share of {@code vm}. */
    static VmSpec spec(String name, BootFiles boot, int memoryMb, Path console, VmShares vm) {
        return VmSpec.builder(name).memoryMib(memoryMb).machine(MACHINE).accelerator(Accelerator.TCG)
                .boot(new DirectBoot(boot.kernel(), boot.initramfs(), boot.cmdline())).console(console).shares(vm)
                .build();
    }

    /**
     * Opens the libvirt backend on {@code uri} and creates the transient VM {@code spec}.
     *
     * @param home the SDK's home directory for this run
     * @throws GuestProbeException when sdk-libvirt is not on the class path (saying to add it), libvirt
     *     cannot be reached, or it refuses the VM (the message is the SDK's)
     */
    static LibvirtMachine start(String uri, Path home, VmSpec spec) {
        VirtShare sdk;
        try {
            sdk = VirtShare.builder().backend("libvirt").uri(uri).home(home).build();
        } catch (VirtShareException e) {
            throw new GuestProbeException("the guest's libvirt path boots through the SDK's libvirt backend, which"
                    + " is not usable: " + e.getMessage() + " (GuestVia.LIBVIRT needs io.virtshare:sdk-libvirt on the"
                    + " class path; or boot with GuestVia.QEMU)", e);
        }
        try {
            sdk.vms().create(spec);
        } catch (VirtShareException e) {
            LibvirtMachine partial = new LibvirtMachine(sdk, spec.name());
            partial.close();
            throw new GuestProbeException("libvirt did not start the probe domain " + spec.name() + ": "
                    + e.getMessage(), e);
        }
        return new LibvirtMachine(sdk, spec.name());
    }

    @Override
    public boolean running() {
        try {
            // a transient VM that powered off is gone
            return sdk.vms().find(name).map(Vm::state).filter(s -> s != VmState.SHUT_OFF && s != VmState.CRASHED)
                    .isPresent();
        } catch (VirtShareException e) {
            return false;
        }
    }

    @Override
    public Optional<String> problem() {
        Path log = QEMU_LOGS.resolve(name + ".log");
        List<String> lines;
        try {
            lines = Files.isReadable(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException | RuntimeException e) {
            lines = List.of();
        }
        return lines.stream().filter(l -> l.contains("error") || l.contains("terminating on signal")).reduce((a, b) -> b)
                .map(l -> "libvirt's QEMU log says: " + l.strip());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sdk.vms().find(name).filter(vm -> vm.state() != VmState.SHUT_OFF).ifPresent(Vm::stop);
        } catch (VirtShareException e) {
            // it stopped meanwhile: a transient VM is then gone
        } finally {
            sdk.close();
        }
        // the domain's QEMU log and the logs of the virtiofsd libvirt started (<name>-fs<N>-virtiofsd.log)
        try (var logs = Files.newDirectoryStream(QEMU_LOGS, name + "{.log,-*.log}")) {
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            // libvirt rotates its logs; one left behind is harmless
        }
    }
}
