package io.virtshare.testkit.contract;

import io.virtshare.VirtShare;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The VM contract on the qemu backend: VMs run as QEMU processes (TCG, the contract's spec
 * without a kernel: QEMU sits in its firmware until stopped) with the SDK's virtiofsd serving
 * the share; live attach is refused, naming the libvirt backend. The qemu backend has no
 * storage pools, so it runs no storage contract.
 */
@RequiresHost({HostTool.QEMU, HostTool.VIRTIOFSD})
class QemuVmContractIT extends VmContract {
    @Override
    protected VirtShare open(Path home) {
        return VirtShare.builder().home(home).backend("qemu").build();
    }

    @Override
    protected Set<BackendCapability> capabilities() {
        return EnumSet.of(BackendCapability.RUNNING_VMS);
    }
}
