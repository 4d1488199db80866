package io.virtshare.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.virtshare.BackendFailure;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.Share;
import io.virtshare.share.VmShares;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The VM half of the backend contract: a VM defined from a {@link VmSpec} with a share is
 * found, got and listed, and its definition ({@link DeviceScope#CONFIG}) holds the share; a
 * virtiofs filesystem attached to the definition is there with shared memory, and detached
 * is gone; unknown names and tags are {@link BackendFailure#NOT_FOUND}, taken names
 * {@link BackendFailure#ALREADY_EXISTS}; starting, stopping and live changes run where the
 * backend has {@link BackendCapability#RUNNING_VMS} / {@link BackendCapability#LIVE_ATTACH},
 * and are refused with {@link BackendFailure#NOT_SUPPORTED} naming a backend that can
 * otherwise; a running VM paused outside the SDK is {@link VmState#PAUSED}, and
 * {@link VmState#RUNNING} again once resumed.
 *
 * <p>A backend that runs VMs overrides {@link #vmSpec(String, VmShares)} so the VM boots
 * (a {@code DirectBoot} with a kernel and initramfs, a console file; TCG where nested KVM
 * hangs), and {@link #pauseOutsideTheSdk(Vm)} and {@link #resumeOutsideTheSdk(Vm)} with what
 * its hypervisor offers (QMP {@code stop} and {@code cont}, libvirt's suspend and resume).
 *
 * <pre>{@code
 * class QemuVmContractIT extends VmContract {
 *     protected VirtShare open(Path home) {
 *         return VirtShare.builder().home(home).backend("qemu").build();
 *     }
 *     protected Set<BackendCapability> capabilities() {
 *         return EnumSet.of(BackendCapability.RUNNING_VMS, BackendCapability.LIVE_ATTACH);
 *     }
 *     protected VmSpec vmSpec(String name, VmShares shares) {
 *         return VmSpec.builder(name).boot(bootFiles.directBoot()).shares(shares).build();
 *     }
 *     protected void pauseOutsideTheSdk(Vm vm) {
 *         qmp(vm, "stop");   // on the VM's QMP socket, as an operator would
 *     }
 *     protected void resumeOutsideTheSdk(Vm vm) {
 *         qmp(vm, "cont");
 *     }
 * }
 * }</pre>
 */
public abstract class VmContract extends BackendContract {
    /** The tag of the share every test VM is defined with. */
    protected static final String SHARE_TAG = "contract";

    /** The spec of a test VM: by default 128 MiB, q35, TCG, no boot. */
    protected VmSpec vmSpec(String name, VmShares shares) {
        return VmSpec.builder(name).memoryMib(128).shares(shares).build();
    }

    /**
     * Pauses the running {@code vm} outside the SDK, as an operator or the hypervisor itself
     * does (QMP {@code stop}, a disk error with {@code werror=stop}, {@code virsh suspend}).
     * A backend with {@link BackendCapability#RUNNING_VMS} overrides it; by default it fails
     * the test saying so.
     */
    protected void pauseOutsideTheSdk(Vm vm) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " claims RUNNING_VMS, so it must"
                + " override pauseOutsideTheSdk(Vm) and resumeOutsideTheSdk(Vm) to pause and resume a VM as its"
                + " hypervisor does (QMP stop and cont, libvirt's suspend and resume)");
    }

    /** Resumes {@code vm} after {@link #pauseOutsideTheSdk(Vm)}; overridden with it. */
    protected void resumeOutsideTheSdk(Vm vm) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " must override"
                + " resumeOutsideTheSdk(Vm) along with pauseOutsideTheSdk(Vm)");
    }

    /** A directory below the test's home, made now, to share. */
    protected final Path sharedDirectory(String name) {
        try {
            return Files.createDirectories(home.resolve("shared").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec of a VM with a unique name and one virtiofs share tagged {@link #SHARE_TAG}. */
    protected final VmSpec specWithShare(String base) {
        String name = uniqueName(base);
        VmShares shares = VmShares.builder(vs.stateDirectory(name))
                .share(Share.virtiofs(SHARE_TAG, sharedDirectory(SHARE_TAG), Path.of("/mnt/contract")).build())
                .build();
        return vmSpec(name, shares);
    }

    /** Defines a VM from {@link #specWithShare(String)} (removed again after the test). */
    protected final Vm defineVm(String base) {
        VmSpec spec = specWithShare(base);
        Vm vm = vs.vms().define(spec);
        afterTest(() -> removeVm(spec.name()));
        return vm;
    }

    private void removeVm(String name) {
        Optional<Vm> left = vs.vms().find(name);
        if (left.isEmpty()) {
            return;
        }
        if (left.get().state() != VmState.SHUT_OFF) {
            left.get().stop();
        }
        vs.vms().find(name).ifPresent(Vm::undefine);
    }

    @Test
    void define_makesAVmThatFindGetAndListSee() {
        Vm vm = defineVm("define");

        assertEquals(vm.name(), vs.vms().get(vm.name()).name());
        assertEquals(Optional.of(vm.name()), vs.vms().find(vm.name()).map(Vm::name));
        assertTrue(vs.vms().list().stream().anyMatch(v -> v.name().equals(vm.name())), "list() has the VM");
        assertEquals(VmState.SHUT_OFF, vm.state());
        assertTrue(vm.persistent(), "a defined VM is persistent");
    }

    @Test
    void define_putsTheSharesInTheDefinition() {
        Vm vm = defineVm("shares");

        String xml = vm.xml(DeviceScope.CONFIG);
        List<FilesystemDevice> filesystems = vm.filesystems(DeviceScope.CONFIG);

        assertEquals(List.of(SHARE_TAG), filesystems.stream().map(FilesystemDevice::target).toList());
        assertEquals(Optional.of(home.resolve("shared").resolve(SHARE_TAG)), filesystems.get(0).sourceDir());
        assertTrue(xml.contains(vm.name()), "the XML names the VM: " + xml);
        assertTrue(DomainXml.parse(xml).hasSharedMemory(), "virtiofs needs shared memory: " + xml);
    }

    @Test
    void define_whenTheNameIsTaken_failsWithAlreadyExists() {
        Vm vm = defineVm("taken");
        VmSpec again = vmSpec(vm.name(), VmShares.none(vs.stateDirectory(vm.name())));

        assertFailure(BackendFailure.ALREADY_EXISTS, () -> vs.vms().define(again), vm.name());
    }

    @Test
    void get_whenThereIsNoSuchVm_failsWithNotFoundNamingIt() {
        String name = uniqueName("missing");

        assertFailure(BackendFailure.NOT_FOUND, () -> vs.vms().get(name), name);
        assertEquals(Optional.empty(), vs.vms().find(name));
    }

    @Test
    void list_isSortedByName() {
        defineVm("b-list");
        defineVm("a-list");

        List<String> names = vs.vms().list().stream().map(Vm::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void undefine_removesTheVm() {
        Vm vm = defineVm("undefine");

        vm.undefine();

        assertEquals(Optional.empty(), vs.vms().find(vm.name()));
        assertFailure(BackendFailure.NOT_FOUND, () -> vs.vms().get(vm.name()), vm.name());
    }

    @Test
    void attachToTheDefinition_thenDetach_changesOnlyThatFilesystem() {
        Vm vm = defineVm("attach");
        Path models = sharedDirectory("models");

        FilesystemDevice attached = vm.attach(FilesystemDevice.virtiofs(models, "models").build(),
                DeviceScope.CONFIG);

        assertEquals("models", attached.target());
        assertEquals(Optional.of(models), attached.sourceDir());
        assertEquals(List.of(SHARE_TAG, "models"),
                vm.filesystems(DeviceScope.CONFIG).stream().map(FilesystemDevice::target).toList());
        assertTrue(DomainXml.parse(vm.xml(DeviceScope.CONFIG)).hasSharedMemory(), "shared memory after a virtiofs"
                + " attach");

        vm.detach("models", DeviceScope.CONFIG);

        assertEquals(List.of(SHARE_TAG),
                vm.filesystems(DeviceScope.CONFIG).stream().map(FilesystemDevice::target).toList());
    }

    @Test
    void attachToTheDefinition_survivesANewVirtShare() {
        Vm vm = defineVm("reopen");
        vm.attach(FilesystemDevice.virtiofs(sharedDirectory("data"), "data").build(), DeviceScope.CONFIG);
        vs.close();

        vs = open(home);

        assertEquals(List.of(SHARE_TAG, "data"), vs.vms().get(vm.name()).filesystems(DeviceScope.CONFIG).stream()
                .map(FilesystemDevice::target).toList());
    }

    @Test
    void detach_whenNoFilesystemHasTheTag_failsWithNotFoundNamingIt() {
        Vm vm = defineVm("detach-missing");

        assertFailure(BackendFailure.NOT_FOUND, () -> vm.detach("no-such-tag", DeviceScope.CONFIG), "no-such-tag");
        assertEquals(List.of(SHARE_TAG),
                vm.filesystems(DeviceScope.CONFIG).stream().map(FilesystemDevice::target).toList());
    }

    @Test
    void startAndStop_runTheVmWhereTheBackendCan_andAreRefusedNamingAnotherBackendWhereNot() {
        Vm vm = defineVm("start");

        if (can(BackendCapability.RUNNING_VMS)) {
            assertEquals(VmState.RUNNING, vm.start().state());
            assertEquals(VmState.SHUT_OFF, vm.stop().state());
        } else {
            assertNotSupported(vm::start);
            assertNotSupported(vm::stop);
            assertEquals(VmState.SHUT_OFF, vm.state());
        }
    }

    @Test
    void pausedOutsideTheSdk_isPaused_andRunningOnceResumed_whereTheBackendRunsVms() {
        Vm vm = defineVm("paused");

        if (can(BackendCapability.RUNNING_VMS)) {
            vm.start();
            pauseOutsideTheSdk(vm);
            assertEquals(VmState.PAUSED, vm.state(), "a paused guest is not running");
            assertEquals(VmState.PAUSED, vs.vms().get(vm.name()).state(), "a new handle sees it paused too");
            resumeOutsideTheSdk(vm);
            assertEquals(VmState.RUNNING, vm.state(), "resumed");
            pauseOutsideTheSdk(vm);
            assertEquals(VmState.SHUT_OFF, vm.stop().state(), "a paused VM stops");
        } else {
            assertNotSupported(vm::start);
            assertEquals(VmState.SHUT_OFF, vm.state());
        }
    }

    @Test
    void createTransient_runsTheVmWhereTheBackendCan_andIsRefusedNamingAnotherBackendWhereNot() {
        VmSpec spec = specWithShare("transient");

        if (can(BackendCapability.RUNNING_VMS)) {
            afterTest(() -> vs.vms().find(spec.name()).filter(v -> v.state() != VmState.SHUT_OFF).ifPresent(Vm::stop));
            Vm vm = vs.vms().create(spec);
            assertEquals(VmState.RUNNING, vm.state());
            assertFalse(vm.persistent(), "a created VM is transient");
            vm.stop();
            assertEquals(Optional.empty(), vs.vms().find(spec.name()), "a transient VM is gone once stopped");
        } else {
            assertNotSupported(() -> vs.vms().create(spec));
            assertEquals(Optional.empty(), vs.vms().find(spec.name()), "a refused create leaves nothing");
        }
    }

    @Test
    void attachLive_changesTheRunningVmWhereTheBackendCan_andIsRefusedNamingAnotherBackendWhereNot() {
        Vm vm = defineVm("live");
        FilesystemDevice device = FilesystemDevice.virtiofs(sharedDirectory("live"), "live").build();

        if (can(BackendCapability.LIVE_ATTACH)) {
            vm.start();
            vm.attach(device, DeviceScope.LIVE);
            assertTrue(vm.filesystems(DeviceScope.LIVE).stream().anyMatch(fs -> fs.target().equals("live")),
                    "the running VM has the filesystem");
            assertFalse(vm.filesystems(DeviceScope.CONFIG).stream().anyMatch(fs -> fs.target().equals("live")),
                    "a live attach leaves the definition alone");
            vm.detach("live", DeviceScope.LIVE);
            assertFalse(vm.filesystems(DeviceScope.LIVE).stream().anyMatch(fs -> fs.target().equals("live")),
                    "detached from the running VM");
            vm.stop();
        } else {
            assertNotSupported(() -> vm.attach(device, DeviceScope.LIVE));
            assertNotSupported(() -> vm.detach(SHARE_TAG, DeviceScope.LIVE));
            assertEquals(List.of(SHARE_TAG),
                    vm.filesystems(DeviceScope.CONFIG).stream().map(FilesystemDevice::target).toList());
        }
    }
}
