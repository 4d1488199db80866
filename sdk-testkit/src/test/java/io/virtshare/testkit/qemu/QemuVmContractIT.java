package io.virtshare.testkit.qemu;

import io.virtshare.VirtShare;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.VmContract;
import io.virtshare.testkit.guest.IdleGuest;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.VmSpec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM contract on the qemu backend: VMs run as QEMU processes (TCG, q35, the host's kernel
 * with an initramfs that idles, so the guest answers PCIe hot-plug) with the SDK's virtiofsd
 * serving the share; live attach and detach hot-plug over QMP. The qemu backend has no
 * storage pools, so it runs no storage contract.
 */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD, HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class QemuVmContractIT extends VmContract {
    @TempDir
    static Path bootDir;

    private static DirectBoot boot;

    @BeforeAll
    static void writeBootFiles() {
        boot = IdleGuest.boot(bootDir);
    }

    @Override
    protected VirtShare open(Path home) {
        return VirtShare.builder().home(home).backend("qemu").build();
    }

    @Override
    protected Set<BackendCapability> capabilities() {
        return EnumSet.of(BackendCapability.RUNNING_VMS, BackendCapability.LIVE_ATTACH);
    }

    @Override
    protected VmSpec vmSpec(String name, VmShares shares) {
        return VmSpec.builder(name).memoryMib(256).boot(boot).console(bootDir.resolve(name + ".console"))
                .shares(shares).build();
    }
}
