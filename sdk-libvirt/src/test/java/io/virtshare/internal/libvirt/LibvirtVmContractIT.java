package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.VmContract;
import io.virtshare.testkit.guest.HotplugGuest;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The VM contract on the libvirt backend at {@code qemu:///system}: VMs run (TCG), are
 * paused and resumed by libvirt itself ({@code virDomainSuspend}, {@code virDomainResume}),
 * and filesystems attach and detach live. The VMs boot the host's kernel with a small initramfs
 * that stays up ({@link HotplugGuest}), so the guest releases a hot-unplugged device.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.QEMU, HostTool.VIRTIOFSD,
        HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class LibvirtVmContractIT extends VmContract {
    private static final String URI = "qemu:///system";

    @TempDir
    Path guestFiles;

    private HotplugGuest guest;

    @Override
    protected VirtShare open(Path home) {
        return VirtShare.builder().home(home).backend("libvirt").uri(URI).build();
    }

    @Override
    protected Set<BackendCapability> capabilities() {
        return EnumSet.of(BackendCapability.RUNNING_VMS, BackendCapability.LIVE_ATTACH);
    }

    @Override
    protected VmSpec vmSpec(String name, VmShares shares) {
        if (guest == null) {
            try {
                // QEMU runs as libvirt-qemu under qemu:///system: it must reach the initramfs
                Files.setPosixFilePermissions(guestFiles, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            guest = HotplugGuest.write(guestFiles, "unused", "unused");
        }
        return VmSpec.builder(name).memoryMib(256).boot(guest.boot()).shares(shares).build();
    }

    @Override
    protected void pauseOutsideTheSdk(Vm vm) {
        onDomain(vm, Domain::suspend);
    }

    @Override
    protected void resumeOutsideTheSdk(Vm vm) {
        onDomain(vm, Domain::resume);
    }

    /** Runs {@code change} on {@code vm}'s domain over a connection of its own, as virsh would. */
    private static void onDomain(Vm vm, DomainChange change) {
        try {
            Connect connect = new Connect(URI);
            try {
                change.apply(connect.domainLookupByName(vm.name()));
            } finally {
                connect.close();
            }
        } catch (LibvirtException e) {
            throw new IllegalStateException("libvirt refused to change domain " + vm.name() + ": " + e.getMessage(),
                    e);
        }
    }

    private interface DomainChange {
        void apply(Domain domain) throws LibvirtException;
    }
}
