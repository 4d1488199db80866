package io.virtshare.internal.backend.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.Share;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VmShares;
import io.virtshare.storage.PoolSpec;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qemu backend's definitions, device edits and refusals, with a QEMU that exits at once. */
class QemuVmsTest {
    @TempDir
    Path tmp;

    private Path home;
    private QemuBackend backend;
    private Path data;

    @BeforeEach
    void backend() throws IOException {
        home = tmp.resolve("home");
        backend = new QemuBackend(home, Path.of("/bin/false"));
        data = Files.createDirectories(tmp.resolve("data"));
    }

    private VmSpec spec(String machine) {
        return VmSpec.builder("web1").machine(machine).shares(VmShares.builder(tmp.resolve("state"))
                .share(Share.ninep("data", data, Path.of("/data")).build()).build()).build();
    }

    @Test
    void define_writesTheSpecUnderHome_andGetReadsItBackShutOff() {
        VmSpec spec = spec("q35");

        backend.vms().define(spec);

        Vm vm = backend.vms().get("web1");
        assertThat(home.resolve("qemu/web1/spec.json")).isRegularFile();
        assertThat(SpecJson.read(readString(home.resolve("qemu/web1/spec.json")))).isEqualTo(spec);
        assertThat(vm.state()).isEqualTo(VmState.SHUT_OFF);
        assertThat(vm.persistent()).isTrue();
        assertThat(backend.vms().list()).extracting(Vm::name).containsExactly("web1");
        assertThat(vm.xml(DeviceScope.CONFIG)).contains("<name>web1</name>").contains(data.toString());
        assertThat(backend.target()).isEqualTo("qemu+direct://" + home);
    }

    @Test
    void define_twice_isAlreadyExists_namingWhatToDo() {
        backend.vms().define(spec("q35"));

        assertThatThrownBy(() -> backend.vms().define(spec("q35"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("already defined").hasMessageContaining("undefine it first")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.ALREADY_EXISTS);
    }

    @Test
    void define_withAMissingShareSource_refusesListingTheProblem_andWritesNothing() {
        VmSpec spec = VmSpec.builder("web1").shares(VmShares.builder(tmp.resolve("state"))
                .share(Share.ninep("gone", tmp.resolve("missing"), Path.of("/gone")).build()).build()).build();

        assertThatThrownBy(() -> backend.vms().define(spec)).isInstanceOf(SharesRejectedException.class)
                .hasMessageContaining(tmp.resolve("missing").toString());
        assertThat(backend.vms().find("web1")).isEmpty();
    }

    @Test
    void corruptDefinition_isAnErrorNamingTheFile() throws IOException {
        backend.vms().define(spec("q35"));
        Path file = home.resolve("qemu/web1/spec.json");
        Files.writeString(file, "{\"version\": 1, \"name\": \"web1\"");

        assertThatThrownBy(() -> backend.vms().get("web1").state()).isInstanceOf(BackendException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("corrupt")
                .hasMessageContaining("define the VM again");
    }

    @Test
    void definitionMissingAField_isAnErrorNamingTheFileAndTheField() throws IOException {
        backend.vms().define(spec("q35"));
        Path file = home.resolve("qemu/web1/spec.json");
        Files.writeString(file, readString(file).replace("\"memoryMib\"", "\"memory\""));

        assertThatThrownBy(() -> backend.vms().get("web1").xml(DeviceScope.CONFIG))
                .isInstanceOf(BackendException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("field 'memoryMib' is missing");
    }

    @Test
    void get_ofAnUnknownVm_isNotFound_andFindIsEmpty() {
        assertThat(backend.vms().find("nope")).isEmpty();
        assertThat(backend.vms().find("../escape")).isEmpty();
        assertThatThrownBy(() -> backend.vms().get("nope")).isInstanceOf(BackendException.class)
                .hasMessageContaining("no VM called 'nope'").hasMessageContaining("define it")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_FOUND);
    }

    @Test
    void start_whenQemuExitsAtOnce_reportsItsExit_andTheVmStaysShutOff() {
        Vm vm = backend.vms().define(spec("q35"));

        assertThatThrownBy(vm::start).isInstanceOf(BackendException.class)
                .hasMessageContaining("QEMU exited with 1").hasMessageContaining(tmp.resolve("state/qemu.log")
                        .toString());
        assertThat(vm.state()).isEqualTo(VmState.SHUT_OFF);
        assertThat(home.resolve("qemu/web1/running.json")).doesNotExist();
    }

    @Test
    void stop_ofAVmThatDoesNotRun_isBusy() {
        Vm vm = backend.vms().define(spec("q35"));

        assertThatThrownBy(vm::stop).isInstanceOf(BackendException.class).hasMessageContaining("is not running")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.BUSY);
    }

    @Test
    void undefine_removesTheDefinition_andTheVmIsGone() {
        Vm vm = backend.vms().define(spec("q35"));

        vm.undefine();

        assertThat(backend.vms().find("web1")).isEmpty();
        assertThat(home.resolve("qemu/web1")).doesNotExist();
        assertThatThrownBy(vm::undefine).isInstanceOf(BackendException.class)
                .hasMessageContaining("has no persistent definition");
    }

    @Test
    void attachConfig_addsTheShareToTheDefinition_andDetachRemovesIt() throws IOException {
        Vm vm = backend.vms().define(spec("q35"));
        Path models = Files.createDirectories(tmp.resolve("models"));

        FilesystemDevice attached = vm.attach(FilesystemDevice.virtiofs(models, "models").queue(512).build(),
                DeviceScope.CONFIG);

        assertThat(attached.target()).isEqualTo("models");
        assertThat(attached.sourceDir()).contains(models);
        assertThat(vm.filesystems(DeviceScope.CONFIG)).extracting(FilesystemDevice::target)
                .containsExactly("data", "models");
        Share share = SpecJson.read(readString(home.resolve("qemu/web1/spec.json"))).shares().find("models")
                .orElseThrow();
        assertThat(share.mountPoint()).isEqualTo(Path.of("/mnt/models"));
        assertThat(((io.virtshare.share.VirtiofsOptions) share.options()).queueSize()).isEqualTo(512);

        vm.detach("models", DeviceScope.CONFIG);

        assertThat(vm.filesystems(DeviceScope.CONFIG)).extracting(FilesystemDevice::target).containsExactly("data");
        assertThatThrownBy(() -> vm.detach("models", DeviceScope.CONFIG)).isInstanceOf(BackendException.class)
                .hasMessageContaining("no share tagged 'models'")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_FOUND);
    }

    @Test
    void attachConfig_ofATagTheVmHas_isAlreadyExists() {
        Vm vm = backend.vms().define(spec("q35"));

        assertThatThrownBy(() -> vm.attach(FilesystemDevice.ninep(data, "data").build(), DeviceScope.CONFIG))
                .isInstanceOf(BackendException.class).hasMessageContaining("has a share tagged 'data' already");
    }

    @Test
    void attachLive_of9p_isRefusedBeforeActing_sayingQemuCannotHotPlugIt() {
        Vm vm = backend.vms().define(spec("q35"));

        assertThatThrownBy(() -> vm.attach(FilesystemDevice.ninep(tmp, "more").build(), DeviceScope.LIVE,
                DeviceScope.CONFIG)).isInstanceOf(BackendException.class)
                .hasMessageContaining("QEMU cannot hot-plug a 9p share").hasMessageContaining("DeviceScope.CONFIG")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(vm.filesystems(DeviceScope.CONFIG)).extracting(FilesystemDevice::target).containsExactly("data");
    }

    @Test
    void detachLive_onAPcMachine_isRefusedBeforeActing_sayingI440fxCannotHotPlug() {
        Vm vm = backend.vms().define(spec("pc").withShares(VmShares.none(tmp.resolve("state"))));

        assertThatThrownBy(() -> vm.detach("models", DeviceScope.LIVE)).isInstanceOf(BackendException.class)
                .hasMessageContaining("machine type 'pc'").hasMessageContaining("cannot hot-plug")
                .hasMessageContaining("q35")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
    }

    @Test
    void attachLive_toAVmThatIsNotRunning_isBusy_andChangesNothing() throws IOException {
        Vm vm = backend.vms().define(spec("q35"));
        Path models = Files.createDirectories(tmp.resolve("models"));

        assertThatThrownBy(() -> vm.attach(FilesystemDevice.virtiofs(models, "models").build(), DeviceScope.LIVE,
                DeviceScope.CONFIG)).isInstanceOf(BackendException.class)
                .hasMessageContaining("is not running").hasMessageContaining("DeviceScope.CONFIG")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.BUSY);
        assertThat(vm.filesystems(DeviceScope.CONFIG)).extracting(FilesystemDevice::target).containsExactly("data");
    }

    @Test
    void pools_areNotSupported_namingTheLibvirtAndXmlFilesBackends() {
        assertThatThrownBy(() -> backend.pools().list()).isInstanceOf(BackendException.class)
                .hasMessageContaining("no storage pools").hasMessageContaining("backend(\"libvirt\")")
                .hasMessageContaining("backend(\"xml-files\")")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThatThrownBy(() -> backend.pools().define(PoolSpec.dir("images").target(Path.of("/srv/images")).build()))
                .isInstanceOf(BackendException.class).hasMessageContaining("no storage pools");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
