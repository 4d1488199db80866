package io.virtshare.internal.backend.xmlfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShare;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.VmShares;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeResize;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the xml-files backend writes where, and what it refuses; the backend contract covers the rest. */
class XmlFilesBackendTest {
    @TempDir
    Path home;

    private VirtShare vs;

    @BeforeEach
    void open() {
        vs = VirtShare.builder().home(home).backend("xml-files").build();
    }

    @AfterEach
    void close() {
        vs.close();
    }

    private Pool startedPool(String name) {
        return vs.pools().create(PoolSpec.dir(name).target(Path.of("/srv/" + name)).build());
    }

    @Test
    void open_withoutUri_writesBelowHomeXml() throws IOException {
        vs.pools().define(PoolSpec.dir("images").target(Path.of("/srv/images")).build());

        Path file = home.resolve("xml/pools/images.xml");
        assertThat(vs.target()).isEqualTo(home.resolve("xml").toString());
        PoolSpec read = XmlCodec.defaults().readPool(Files.readString(file));
        assertThat(read.name()).contains("images");
        assertThat(read.uuid()).isPresent();
        assertThat(read.target().flatMap(t -> t.path())).contains("/srv/images");
    }

    @Test
    void open_withAFileUri_writesIntoThatDirectory() {
        Path elsewhere = home.resolve("elsewhere");
        try (VirtShare other = VirtShare.builder().home(home).backend("xml-files").uri(elsewhere.toUri().toString())
                .build()) {
            other.pools().define(PoolSpec.dir("images").target(Path.of("/srv/images")).build());

            assertThat(other.target()).isEqualTo(elsewhere.toString());
            assertThat(elsewhere.resolve("pools/images.xml")).isRegularFile();
            assertThat(home.resolve("xml/pools/images.xml")).doesNotExist();
        }
    }

    @Test
    void open_withALibvirtUri_isRefusedNamingTheLibvirtBackend() {
        VirtShare.Builder builder = VirtShare.builder().home(home).backend("xml-files").uri("qemu:///system");

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot use the URI 'qemu:///system'")
                .hasMessageContaining("the libvirt backend takes it")
                .hasMessageContaining("io.virtshare:sdk-libvirt")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.INVALID_REQUEST);
    }

    @Test
    void open_withAnotherScheme_isRefusedSayingWhatItTakes() {
        VirtShare.Builder builder = VirtShare.builder().home(home).backend("xml-files").uri("https://example.com/x");

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("takes only a file: URI naming a directory")
                .hasMessageContaining("choose the libvirt backend")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.INVALID_REQUEST);
    }

    @Test
    void open_onAPathThatIsAFile_saysWhichFileAndWhatToDo() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        VirtShare.Builder builder = VirtShare.builder().home(home).backend("xml-files").uri(file.toUri().toString());

        assertThatThrownBy(builder::build)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot open: " + file.resolve("pools"))
                .hasMessageContaining("give the xml-files backend another directory")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "a..b", ".hidden", "tab\there", "bell\u0007", ""})
    void poolNames_thatCannotBeFileNames_areInvalidSpecsNamingTheFix(String name) {
        assertThatThrownBy(() -> vs.pools().find(name))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("pool name '")
                .hasMessageContaining("give a name of letters, digits");
    }

    @Test
    void define_withANameThatCannotBeAFileName_writesNothing() {
        assertThatThrownBy(() -> vs.pools().define(PoolSpec.dir("../escape").target(Path.of("/srv/x")).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("pool name '../escape' contains '/'");
        assertThat(home.resolve("xml/escape.xml")).doesNotExist();
        assertThat(vs.pools().list()).isEmpty();
    }

    @Test
    void volumeNames_thatCannotBeFileNames_areInvalidSpecs() {
        Pool pool = startedPool("images");

        assertThatThrownBy(() -> pool.volumes().create(VolumeSpec.builder("x/y").capacity(Size.mib(1)).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("volume name 'x/y' contains '/'");
    }

    @Test
    void define_withAnInvalidSpec_isRefusedAsLibvirtWould() {
        assertThatThrownBy(() -> vs.pools().define(PoolSpec.netfs("remote").target(Path.of("/mnt/remote")).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("host");
        assertThat(vs.pools().list()).isEmpty();
    }

    @Test
    void writes_leaveNoTemporaryFiles() throws IOException {
        Pool pool = startedPool("images");
        pool.autostart(true);
        pool.volumes().create(VolumeSpec.builder("disk.img").capacity(Size.mib(1)).build());
        vs.vms().define(VmSpec.builder("web1").shares(VmShares.none(vs.stateDirectory("web1"))).build());

        try (Stream<Path> files = Files.walk(home.resolve("xml"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> home.resolve("xml").relativize(f).toString()))
                    .containsExactlyInAnyOrder("pools/images.xml", "pools/images.state", "pools/images/disk.img.xml",
                            "domains/web1.xml");
        }
        assertThat(Files.readString(home.resolve("xml/pools/images.state")))
                .contains("active=true").contains("autostart=true").contains("built=true");
    }

    @Test
    void createVolume_writesThePathAndKeyLibvirtWouldGive() {
        Volume volume = startedPool("images").volumes().create(VolumeSpec.builder("disk.img").capacity(Size.mib(1))
                .build());

        assertThat(volume.path()).isEqualTo(Path.of("/srv/images/disk.img"));
        assertThat(volume.key()).isEqualTo("/srv/images/disk.img");
        assertThat(volume.info().type()).isEqualTo("file");
        assertThat(XmlCodec.defaults().readVolume(volume.xml()).target().flatMap(t -> t.path()))
                .contains("/srv/images/disk.img");
    }

    @Test
    void createVolume_inAStoppedPool_saysToStartIt() {
        Pool pool = vs.pools().define(PoolSpec.dir("images").target(Path.of("/srv/images")).build());

        assertThatThrownBy(() -> pool.volumes().create(VolumeSpec.builder("d.img").capacity(Size.mib(1)).build()))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("pool 'images' is not started")
                .hasMessageContaining("pool.start()")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.BUSY);
    }

    @Test
    void undefine_ofAStartedPool_saysToStopIt() {
        Pool pool = startedPool("images");

        assertThatThrownBy(pool::undefine)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("pool 'images' is started; stop it first");
        assertThat(vs.pools().find("images")).isPresent();
    }

    @Test
    void delete_ofAPoolWithVolumes_saysToDeleteThemFirst() {
        Pool pool = startedPool("images");
        pool.volumes().create(VolumeSpec.builder("d.img").capacity(Size.mib(1)).build());
        pool.stop();

        assertThatThrownBy(pool::delete)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("still holds volumes [d.img]");
    }

    @Test
    void resize_growsTheCapacity_andShrinksOnlyWhenAllowed() {
        Volume volume = startedPool("images").volumes().create(VolumeSpec.builder("d.img").capacity(Size.mib(1))
                .build());

        volume.resize(Size.mib(1), VolumeResize.DELTA);
        assertThat(volume.info().capacity().bytes()).isEqualTo(Size.mib(2).bytes());

        assertThatThrownBy(() -> volume.resize(Size.mib(1)))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("would shrink")
                .hasMessageContaining("VolumeResize.SHRINK");
        volume.resize(Size.mib(1), VolumeResize.SHRINK);
        assertThat(volume.info().capacity().bytes()).isEqualTo(Size.mib(1).bytes());
    }

    @Test
    void defineVm_writesTheDomainDefinitionThatParsesBack() throws IOException {
        vs.vms().define(VmSpec.builder("web1").shares(VmShares.none(vs.stateDirectory("web1"))).build());

        DomainXml domain = DomainXml.parse(Files.readString(home.resolve("xml/domains/web1.xml")));
        assertThat(domain.name()).isEqualTo("web1");
        assertThat(domain.filesystems()).isEmpty();
    }

    @Test
    void attach_ofATagTheVmHas_isAlreadyExists_andChangesNothing() throws IOException {
        Vm vm = vs.vms().define(VmSpec.builder("web1").shares(VmShares.none(vs.stateDirectory("web1"))).build());
        vm.attach(FilesystemDevice.virtiofs(home, "data").build(), DeviceScope.CONFIG);
        String before = Files.readString(home.resolve("xml/domains/web1.xml"));

        assertThatThrownBy(() -> vm.attach(FilesystemDevice.ninep(home, "data").build()))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("already has a filesystem with tag 'data'")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.ALREADY_EXISTS);
        assertThat(Files.readString(home.resolve("xml/domains/web1.xml"))).isEqualTo(before);
    }

    @Test
    void start_isNotSupported_namingTheBackendsThatRunVms() {
        Vm vm = vs.vms().define(VmSpec.builder("web1").shares(VmShares.none(vs.stateDirectory("web1"))).build());

        assertThatThrownBy(vm::start)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot start a VM")
                .hasMessageContaining("backend(\"libvirt\")")
                .hasMessageContaining("backend(\"qemu\")")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
    }

    @Test
    void poolCapabilities_areNotSupported_namingLibvirt() {
        assertThatThrownBy(() -> vs.pools().capabilities())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("backend(\"libvirt\")")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
    }

    @Test
    void attachLive_isNotSupported_sayingToUseConfig() {
        Vm vm = vs.vms().define(VmSpec.builder("web1").shares(VmShares.none(vs.stateDirectory("web1"))).build());

        assertThatThrownBy(() -> vm.attach(FilesystemDevice.virtiofs(home, "data").build(), DeviceScope.LIVE,
                DeviceScope.CONFIG))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("give DeviceScope.CONFIG")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(vm.filesystems(DeviceScope.CONFIG)).isEmpty();
    }

    @Test
    void operations_afterClose_sayToOpenANewVirtShare() {
        vs.close();

        assertThatThrownBy(() -> vs.pools().list())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("this VirtShare was closed; open a new one");
    }

    @Test
    void twoVirtShares_onOneDirectory_seeEachOthersDefinitions() {
        try (VirtShare other = VirtShare.builder().home(home).backend("xml-files").build()) {
            other.pools().define(PoolSpec.dir("images").target(Path.of("/srv/images")).build());
        }

        assertThat(vs.pools().list()).extracting(Pool::name).isEqualTo(List.of("images"));
    }
}
