package io.virtshare.testkit.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.contract.BackendCapability;
import io.virtshare.testkit.contract.VmContract;
import io.virtshare.testkit.guest.IdleGuest;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM contract on the qemu backend: VMs run as QEMU processes (TCG, q35, the host's kernel
 * with an initramfs that idles, so the guest answers PCIe hot-plug) with the SDK's virtiofsd
 * serving the share; live attach and detach hot-plug over QMP, and the test pauses and
 * resumes VMs with QMP {@code stop} and {@code cont} on their sockets. While another program
 * holds a VM's QMP socket, its state is refused as busy rather than guessed. The qemu backend
 * has no storage pools, so it runs no storage contract.
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

    @Override
    protected void pauseOutsideTheSdk(Vm vm) {
        QmpClient.execute(qmpSocket(vm), "stop");
    }

    @Override
    protected void resumeOutsideTheSdk(Vm vm) {
        QmpClient.execute(qmpSocket(vm), "cont");
    }

    @Test
    void state_whileAnotherProgramHoldsTheQmpSocket_isRefusedBusyNamingTheSocket_andReadAgainOnceFreed() {
        Vm vm = defineVm("held").start();

        try (QmpClient held = QmpClient.hold(qmpSocket(vm))) {
            assertThatThrownBy(vm::state).isInstanceOfSatisfying(BackendException.class,
                    e -> assertThat(e.failure()).isEqualTo(BackendFailure.BUSY))
                    .hasMessageContaining(vm.name()).hasMessageContaining(qmpSocket(vm).toString())
                    .hasMessageContaining("one client at a time");
        }

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    }

    /** Where the qemu backend keeps the VM's QMP socket: in its state directory. */
    private Path qmpSocket(Vm vm) {
        return vs.stateDirectory(vm.name()).resolve("qmp.sock");
    }
}
