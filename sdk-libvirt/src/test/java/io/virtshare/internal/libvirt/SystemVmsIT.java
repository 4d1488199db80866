package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.QemuDomainCheck;
import io.virtshare.testkit.guest.HotplugGuest;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VMs with filesystems on {@code qemu:///system}, judged by {@code virsh} and by a real TCG
 * guest: a filesystem attached in CONFIG is in {@code virsh dumpxml --inactive}; attached LIVE
 * to a running q35 guest, the guest mounts it and reads a file; detach removes it both ways;
 * on an i440fx {@code pc} machine a live attach is refused before libvirt is asked.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.VIRSH, HostTool.LIBVIRTD, HostTool.QEMU, HostTool.VIRTIOFSD,
        HostTool.GUEST_KERNEL, HostTool.BUSYBOX})
class SystemVmsIT {
    private static final String URI = "qemu:///system";
    private static final QemuDomainCheck VIRSH = QemuDomainCheck.of(URI);

    @TempDir
    Path tmp;

    private SystemVms host;

    @BeforeEach
    void connect() {
        host = new SystemVms(URI);
    }

    @AfterEach
    void cleanUp() {
        host.close();
    }

    private Path share(String name, String file, String text) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(file), text);
        return dir;
    }

    @Test
    void configAttach_isInDumpxmlInactive_andConfigDetachRemovesIt() throws IOException {
        String name = host.name("config");
        Vm vm = host.vms().define(VmSpec.builder(name).shares(VmShares.none(tmp)).build());
        Path models = share("models", "hello.txt", "hello");

        FilesystemDevice attached = vm.attach(FilesystemDevice.virtiofs(models, "models").build(),
                DeviceScope.CONFIG);

        assertThat(attached.sourceDir()).contains(models);
        String inactive = VIRSH.dumpxml(name, true);
        assertThat(inactive).contains("<target dir='models'/>").contains("<source dir='" + models + "'/>")
                .contains("<access mode='shared'/>");

        vm.detach("models", DeviceScope.CONFIG);

        assertThat(VIRSH.dumpxml(name, true)).doesNotContain("<target dir='models'/>");
        assertThat(vm.filesystems(DeviceScope.CONFIG)).isEmpty();
    }

    @Test
    void liveAttach_toARunningQ35Guest_isMountedAndReadThere_andLiveDetachRemovesIt() throws IOException {
        String name = host.name("live");
        HotplugGuest guest = HotplugGuest.write(tmp, "hot", "hello.txt");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Vm vm = host.vms().define(VmSpec.builder(name).memoryMib(256).boot(guest.boot()).console(guest.console())
                .shares(VmShares.none(tmp)).build());
        // shared memory, which virtiofs needs and a running VM cannot gain, comes with a filesystem in CONFIG
        vm.attach(FilesystemDevice.virtiofs(share("boot", "boot.txt", "boot"), "boot").build(), DeviceScope.CONFIG);
        vm.start();
        assertThat(guest.awaitWaiting(Duration.ofMinutes(3))).as("guest booted; console:\n%s",
                String.join("\n", guest.consoleTail())).isTrue();
        Path hot = share("hot", "hello.txt", "hot-plugged-" + name);

        FilesystemDevice attached = vm.attach(FilesystemDevice.virtiofs(hot, "hot").build(), DeviceScope.LIVE);

        assertThat(attached.alias()).as("libvirt's live XML names the device it gave QEMU").isPresent();
        assertThat(VIRSH.dumpxml(name, false)).contains("<target dir='hot'/>");
        assertThat(guest.awaitRead(Duration.ofMinutes(2))).as("guest console:\n%s",
                String.join("\n", guest.consoleTail())).contains("hot-plugged-" + name);
        assertThat(VIRSH.dumpxml(name, true)).doesNotContain("<target dir='hot'/>");

        vm.detach("hot", DeviceScope.LIVE);

        assertThat(VIRSH.dumpxml(name, false)).doesNotContain("<target dir='hot'/>");
        assertThat(vm.filesystems(DeviceScope.LIVE)).extracting(FilesystemDevice::target).containsExactly("boot");
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void liveAttach_onAnI440fxMachine_isRefusedBeforeLibvirtIsAsked() throws IOException {
        String name = host.name("pc");
        Vm vm = host.vms().define(VmSpec.builder(name).machine("pc").memoryMib(64).shares(VmShares.none(tmp))
                .build());
        vm.attach(FilesystemDevice.virtiofs(share("boot", "boot.txt", "boot"), "boot").build(), DeviceScope.CONFIG);
        vm.start();
        String before = VIRSH.dumpxml(name, false);

        assertThatThrownBy(() -> vm.attach(FilesystemDevice.virtiofs(tmp, "hot").build(), DeviceScope.LIVE))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
                    assertThat(e.getCause()).isNull();
                })
                .hasMessageContaining("cannot hot-plug").hasMessageContaining("Bus 'pci.0'")
                .hasMessageContaining("DeviceScope.CONFIG").hasMessageContaining("machine q35");
        assertThat(VIRSH.dumpxml(name, false)).isEqualTo(before);
    }

    @Test
    void liveAndConfigAttach_thatLibvirtRefusesLive_leavesTheDefinitionAsItWas() throws IOException {
        String name = host.name("rollback");
        Vm vm = host.vms().define(VmSpec.builder(name).memoryMib(64).shares(VmShares.none(tmp)).build());
        vm.attach(FilesystemDevice.virtiofs(share("boot", "boot.txt", "boot"), "boot").build(), DeviceScope.CONFIG);
        vm.start();
        String definition = VIRSH.dumpxml(name, true);
        Path missing = tmp.resolve("no-such-directory");

        assertThatThrownBy(() -> vm.attach(FilesystemDevice.virtiofs(missing, "gone").build(), DeviceScope.LIVE,
                DeviceScope.CONFIG)).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.operation()).isEqualTo("attach filesystem");
                    assertThat(e.subject()).contains(name);
                    assertThat(e.getCause()).as("libvirt was asked and refused").isNotNull();
                }).hasMessageContaining("cannot attach filesystem '" + name + "' on " + URI);

        assertThat(VIRSH.dumpxml(name, true)).isEqualTo(definition);
        assertThat(vm.filesystems(DeviceScope.LIVE)).extracting(FilesystemDevice::target).containsExactly("boot");
    }
}
