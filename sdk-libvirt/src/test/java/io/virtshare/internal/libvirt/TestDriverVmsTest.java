package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.Share;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VmShares;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VMs on libvirt's in-process test driver: lifecycle, lookups and what needs no QEMU. */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class TestDriverVmsTest {
    @TempDir
    Path tmp;

    private SystemVms host;

    @BeforeEach
    void connect() {
        host = new SystemVms("test:///default");
    }

    @AfterEach
    void cleanUp() {
        host.close();
    }

    private VmSpec spec(String name) {
        return VmSpec.builder(name).machine("pc").shares(VmShares.none(tmp)).build();
    }

    @Test
    void definedVm_goesThroughStartStopAndUndefine() {
        String name = host.name("life");
        Vm vm = host.vms().define(spec(name));

        assertThat(vm.persistent()).isTrue();
        assertThat(vm.state()).isEqualTo(VmState.SHUT_OFF);
        assertThat(host.vms().list()).extracting(Vm::name).contains(name);
        assertThat(vm.start().state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.xml(DeviceScope.LIVE)).contains("<name>" + name + "</name>");
        assertThat(vm.stop().state()).isEqualTo(VmState.SHUT_OFF);
        vm.undefine();
        assertThat(host.vms().find(name)).isEmpty();
    }

    @Test
    void createdVm_isTransientRunningAndGoneWhenStopped() {
        String name = host.name("transient");
        Vm vm = host.vms().create(spec(name));

        assertThat(vm.persistent()).isFalse();
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThatThrownBy(() -> vm.xml(DeviceScope.CONFIG)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.failure()).isEqualTo(BackendFailure.NOT_FOUND))
                .hasMessageContaining("is transient").hasMessageContaining("DeviceScope.LIVE");
        vm.stop();
        assertThat(host.vms().find(name)).isEmpty();
        assertThatThrownBy(vm::state).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.failure()).isEqualTo(BackendFailure.NOT_FOUND))
                .hasMessageContaining("is no longer on test:///default");
    }

    @Test
    void get_ofAnUnknownVm_isNotFoundAndSaysHowToDefineIt() {
        assertThatThrownBy(() -> host.vms().get("vs-no-such-vm")).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.failure()).isEqualTo(BackendFailure.NOT_FOUND))
                .hasMessageContaining("no VM 'vs-no-such-vm' on test:///default").hasMessageContaining("define it");
    }

    @Test
    void create_ofADefinedName_isAlreadyExistsWithLibvirtsWords() {
        String name = host.name("twice");
        host.vms().define(spec(name));

        assertThatThrownBy(() -> host.vms().create(spec(name))).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.failure()).isEqualTo(BackendFailure.ALREADY_EXISTS))
                .hasMessageContaining("cannot create vm '" + name + "' on test:///default")
                .hasMessageContaining("already exists");
    }

    @Test
    void configAttachOfVirtiofs_addsTheDeviceAndSharedMemoryToTheDefinition() {
        Vm vm = host.vms().define(spec(host.name("config")));

        FilesystemDevice attached = vm.attach(FilesystemDevice.virtiofs(tmp, "models").build());

        assertThat(attached.target()).isEqualTo("models");
        assertThat(vm.filesystems(DeviceScope.CONFIG)).extracting(FilesystemDevice::target).containsExactly("models");
        assertThat(vm.xml(DeviceScope.CONFIG)).contains("memfd").contains("shared");
    }

    @Test
    void detach_ofAnUnknownTag_isNotFoundBeforeLibvirtIsAsked() {
        Vm vm = host.vms().define(spec(host.name("detach")));

        assertThatThrownBy(() -> vm.detach("models", DeviceScope.CONFIG))
                .isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.failure()).isEqualTo(BackendFailure.NOT_FOUND))
                .hasMessageContaining("has no filesystem tagged 'models' in its persistent definition");
    }

    @Test
    void define_withAShareWhoseSourceIsMissing_isRefusedBeforeLibvirtIsAsked() {
        String name = host.name("missing");
        VmSpec spec = VmSpec.builder(name).machine("pc").shares(VmShares.builder(tmp)
                .share(Share.virtiofs("models", tmp.resolve("no-such-dir"), Path.of("/models")).build()).build())
                .build();

        assertThatThrownBy(() -> host.vms().define(spec)).isInstanceOf(SharesRejectedException.class)
                .hasMessageContaining("no-such-dir");
        assertThat(host.vms().find(name)).isEmpty();
    }
}
