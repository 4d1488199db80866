package io.virtshare.internal.libvirt;

import io.virtshare.VirtShare;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.VmContract;
import io.virtshare.testkit.guest.HotplugGuest;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM contract on the libvirt backend at {@code qemu:///system}: VMs run (TCG), and
 * filesystems attach and detach live. The VMs boot the host's kernel with a small initramfs
 * that stays up ({@link HotplugGuest}), so the guest releases a hot-unplugged device.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.QEMU, HostTool.VIRTIOFSD,
        HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class LibvirtVmContractIT extends VmContract {
    @TempDir
    Path guestFiles;

    private HotplugGuest guest;

    @Override
    protected VirtShare open(Path home) {
        return VirtShare.builder().home(home).backend("libvirt").uri("qemu:///system").build();
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
}
