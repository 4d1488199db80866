package io.virtshare.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.share.virtiofsd.VirtiofsdCommand;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a VM's shares derive: paths, QEMU arguments, virtiofsd command lines, guest mounts, libvirt devices. */
class VmSharesDerivationsTest {
    private static final Path STATE = Path.of("/var/lib/microvms/web");

    private static Share home() {
        return Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();
    }

    private static Share store() {
        return Share.ninep("ro-store", Path.of("/nix/store"), Path.of("/nix/.ro-store")).readOnly(true).build();
    }

    private static VmShares vm(Share... shares) {
        return VmShares.builder(STATE).shares(List.of(shares)).build();
    }

    private static List<String> virtiofsd(VirtiofsdFlavour flavour, Share share) {
        return vm(share).virtiofsdCommands(flavour).get(0).arguments();
    }

    private static FilesystemDevice filesystem(Share share) {
        return vm(share).filesystems(LibvirtFeatures.unknown()).get(0);
    }

    @Test
    void relativeSources_resolveAgainstTheStateDirectory() {
        VmShares vm = vm(home(), store());

        assertThat(vm.source(home())).isEqualTo(Path.of("/var/lib/microvms/web/home"));
        assertThat(vm.source(store())).isEqualTo(Path.of("/nix/store"));
        assertThat(vm.socket(home())).isEqualTo(Path.of("/var/lib/microvms/web/virtiofs-home.sock"));
    }

    @Test
    void qemuArguments_virtiofsGetsSharedMemfdSizedToRam_ninepGetsFsdev() {
        List<String> args = vm(home(), store()).qemuArguments(512);

        assertThat(args).containsExactly(
                "-object", "memory-backend-memfd,id=mem,size=512M,share=on", "-numa", "node,memdev=mem",
                "-chardev", "socket,id=fs0,path=/var/lib/microvms/web/virtiofs-home.sock",
                "-device", "vhost-user-fs-pci,chardev=fs0,tag=home,queue-size=1024",
                "-fsdev", "local,id=fsdev1,path=/nix/store,security_model=mapped-xattr,readonly=on",
                "-device", "virtio-9p-pci,fsdev=fsdev1,mount_tag=ro-store");
    }

    @Test
    void qemuArguments_onlyNinep_needsNoSharedMemory_andCommasAreEscaped() {
        Share odd = Share.ninep("data", Path.of("/srv/a,b"), Path.of("/data")).build();

        assertThat(vm(odd).qemuArguments(256)).containsExactly(
                "-fsdev", "local,id=fsdev0,path=/srv/a,,b,security_model=mapped-xattr",
                "-device", "virtio-9p-pci,fsdev=fsdev0,mount_tag=data");
    }

    @Test
    void virtiofsd_cFlavour_usesDashO() {
        Share share = Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models"))
                .options(VirtiofsOptions.defaults().withThreadPoolSize(16).withXattr(true)).build();

        assertThat(virtiofsd(VirtiofsdFlavour.C, share)).containsExactly(
                "--socket-path=/var/lib/microvms/web/virtiofs-models.sock", "-o", "source=/srv/models",
                "-o", "cache=auto", "-o", "xattr", "-o", "sandbox=namespace", "--thread-pool-size=16");
    }

    @Test
    void virtiofsd_rustFlavour_usesLongOptions() {
        Share share = Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models")).readOnly(true)
                .options(VirtiofsOptions.defaults().withCache("metadata")).build();

        assertThat(virtiofsd(VirtiofsdFlavour.RUST, share)).containsExactly(
                "--socket-path", "/var/lib/microvms/web/virtiofs-models.sock", "--shared-dir", "/srv/models",
                "--cache", "metadata", "--sandbox", "namespace", "--thread-pool-size", "0", "--readonly");
    }

    @Test
    void virtiofsd_defaults_areCacheAutoAndNoThreadPool_forBothFlavours() {
        Share share = Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models")).build();

        assertThat(share.options()).isEqualTo(VirtiofsOptions.defaults());
        assertThat(virtiofsd(VirtiofsdFlavour.C, share)).containsExactly(
                "--socket-path=/var/lib/microvms/web/virtiofs-models.sock", "-o", "source=/srv/models",
                "-o", "cache=auto", "-o", "no_xattr", "-o", "sandbox=namespace", "--thread-pool-size=0");
        assertThat(virtiofsd(VirtiofsdFlavour.RUST, share)).containsExactly(
                "--socket-path", "/var/lib/microvms/web/virtiofs-models.sock", "--shared-dir", "/srv/models",
                "--cache", "auto", "--sandbox", "namespace", "--thread-pool-size", "0");
    }

    @Test
    void virtiofsd_cFlavour_refusesWhatItLacks() {
        Share readOnly = Share.virtiofs("m", Path.of("/srv"), Path.of("/m")).readOnly(true).build();
        Share metadata = Share.virtiofs("m", Path.of("/srv"), Path.of("/m"))
                .options(VirtiofsOptions.defaults().withCache("metadata")).build();

        assertThatThrownBy(() -> virtiofsd(VirtiofsdFlavour.C, readOnly))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("no read-only mode");
        assertThatThrownBy(() -> virtiofsd(VirtiofsdFlavour.C, metadata))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("needs the Rust virtiofsd");
        assertThat(vm(store()).virtiofsdCommands(VirtiofsdFlavour.RUST)).as("9p needs no daemon").isEmpty();
    }

    @Test
    void guestMount_virtiofs() {
        GuestMount m = vm(Share.virtiofs("models", Path.of("/srv"), Path.of("/mnt/models")).build()).guestMounts().get(0);

        assertThat(m.command()).isEqualTo("mkdir -p /mnt/models && mount -t virtiofs models /mnt/models");
        assertThat(m.fstabLine()).isEqualTo("models /mnt/models virtiofs defaults,nofail 0 0");
        assertThat(m.systemdUnitName()).isEqualTo("mnt-models.mount");
        assertThat(m.systemdUnit()).contains("What=models", "Where=/mnt/models", "Type=virtiofs");
        assertThat(m.cloudInitEntry()).containsExactly("models", "/mnt/models", "virtiofs", "defaults,nofail", "0",
                "0");
    }

    @Test
    void guestMount_ninepReadOnly() {
        GuestMount m = vm(store()).guestMounts().get(0);

        assertThat(m.command()).isEqualTo("mkdir -p /nix/.ro-store && mount -t 9p -o"
                + " trans=virtio,version=9p2000.L,msize=524288,cache=mmap,ro ro-store /nix/.ro-store");
        assertThat(m.fstabLine()).endsWith(" 0 0").contains("9p trans=virtio");
        assertThat(m.systemdUnitName()).isEqualTo("nix-.ro\\x2dstore.mount");
        assertThat(m.cloudInitEntry()).hasSize(6);
    }

    @Test
    void filesystem_ofAShare_isTheLibvirtDevice() {
        List<FilesystemDevice> devices = vm(home(), store()).filesystems(LibvirtFeatures.unknown());
        FilesystemDevice fs = devices.get(0);
        FilesystemDevice ninep = devices.get(1);

        assertThat(fs.isVirtiofs()).isTrue();
        assertThat(fs.sourceDir()).hasValue(Path.of("/var/lib/microvms/web/home"));
        assertThat(ninep.accessMode()).hasValue("mapped");
        assertThat(ninep.readOnly()).isTrue();
        assertThat(DomainXml.parse("<domain type='qemu'><name>x</name><devices/></domain>").attach(fs).attach(ninep)
                .filesystems()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "virtiofs|0123456789012345678901234567890123456|1 to 36 bytes",
        "9p|0123456789012345678901234567890|1 to 30 bytes",
        "virtiofs|a b|space, comma",
        "virtiofs|a,b|space, comma"})
    void tags_areValidated(String protocol, String tag, String message) {
        assertThatThrownBy(() -> (protocol.equals("9p") ? Share.ninep(tag, Path.of("/s"), Path.of("/m"))
                : Share.virtiofs(tag, Path.of("/s"), Path.of("/m"))).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining(message);
    }

    @Test
    void optionsAndMountPoints_areValidated() {
        assertThatThrownBy(() -> Share.virtiofs("t", Path.of("/s"), Path.of("relative")).build())
                .hasMessageContaining("absolute guest path");
        assertThatThrownBy(() -> VirtiofsOptions.defaults().withQueueSize(1000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> VirtiofsOptions.defaults().withCache("sometimes")).hasMessageContaining("auto");
        assertThatThrownBy(() -> NinePOptions.defaults().withMsize(100)).hasMessageContaining("at least 4096");
        assertThatThrownBy(() -> NinePOptions.defaults().withSecurityModel("open")).hasMessageContaining("mapped-xattr");
        assertThatThrownBy(() -> Share.virtiofs("t", Path.of("/s"), Path.of("/m")).options(NinePOptions.defaults()))
                .hasMessageContaining("takes VirtiofsOptions");
    }

    @ParameterizedTest
    @CsvSource(value = {"auto, NONE", "never, none", "none, none", "always, always"}, nullValues = "NONE")
    void filesystem_cacheModes_areTheOnesLibvirtKnows(String cache, String libvirtMode) {
        Share share = Share.virtiofs("m", Path.of("/srv"), Path.of("/m"))
                .options(VirtiofsOptions.defaults().withCache(cache)).build();

        assertThat(filesystem(share).binary().flatMap(FilesystemDevice.Binary::cacheMode))
                .isEqualTo(java.util.Optional.ofNullable(libvirtMode));
    }

    @Test
    void filesystem_carriesTheThreadPool_asLibvirtsThreadPoolElement() {
        Share defaults = Share.virtiofs("m", Path.of("/srv"), Path.of("/m")).build();
        Share locked = Share.virtiofs("l", Path.of("/srv"), Path.of("/l"))
                .options(VirtiofsOptions.defaults().withThreadPoolSize(8).withLocks(true, false)).build();

        assertThat(filesystem(defaults).binary().flatMap(FilesystemDevice.Binary::threadPoolSize)).hasValue(0);
        assertThat(XmlCodec.defaults().writeFilesystem(filesystem(defaults))).contains("<binary><thread_pool size=\"0\"/></binary>");
        FilesystemDevice.Binary binary = filesystem(locked).binary().orElseThrow();
        assertThat(binary.threadPoolSize()).hasValue(8);
        assertThat(binary.lock()).containsEntry("posix", "on").containsEntry("flock", "off");
    }

    @Test
    void filesystem_metadataCache_isRefusedForLibvirt() {
        Share share = Share.virtiofs("m", Path.of("/srv"), Path.of("/m"))
                .options(VirtiofsOptions.defaults().withCache("metadata")).build();

        assertThatThrownBy(() -> filesystem(share))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("libvirt's <cache> knows none and always, not metadata");
    }

    /** microvm.nix's layout: a virtiofs share, the 9p store, a guest disk and the store overlay on it. */
    private static VmShares microvm() {
        return VmShares.builder(STATE)
                .share(Share.virtiofs("models", Path.of("models"), Path.of("/mnt/models"))
                        .options(VirtiofsOptions.defaults().withCache("never").withThreadPoolSize(4)).build())
                .share(Share.nixStore(ShareProtocol.NINE_P).build())
                .disk(GuestDisk.of(Path.of("nix-store-overlay.img"), Path.of("/nix/.rw-store"), 256).build())
                .overlay(WritableOverlay.nixStore(Path.of("/nix/.rw-store")))
                .build();
    }

    @Test
    void wholeVm_qemuArguments_areSharesThenDisks_withTheStateDirectoryGivenOnce() {
        assertThat(microvm().qemuArguments(1024)).containsExactly(
                "-object", "memory-backend-memfd,id=mem,size=1024M,share=on", "-numa", "node,memdev=mem",
                "-chardev", "socket,id=fs0,path=/var/lib/microvms/web/virtiofs-models.sock",
                "-device", "vhost-user-fs-pci,chardev=fs0,tag=models,queue-size=1024",
                "-fsdev", "local,id=fsdev1,path=/nix/store,security_model=mapped-xattr,readonly=on",
                "-device", "virtio-9p-pci,fsdev=fsdev1,mount_tag=ro-store",
                "-drive", "id=disk0,file=/var/lib/microvms/web/nix-store-overlay.img,format=raw,if=none,discard=unmap",
                "-device", "virtio-blk-pci,drive=disk0,serial=nix-store-overlay");
    }

    @Test
    void wholeVm_filesystems_areOnePerShare_asLibvirtXml() {
        List<FilesystemDevice> devices = microvm().filesystems(LibvirtFeatures.unknown());

        assertThat(devices).extracting(XmlCodec.defaults()::writeFilesystem).containsExactly(
                "<filesystem accessmode=\"passthrough\" type=\"mount\"><driver queue=\"1024\" type=\"virtiofs\"/>"
                        + "<binary><cache mode=\"none\"/><thread_pool size=\"4\"/></binary>"
                        + "<source dir=\"/var/lib/microvms/web/models\"/><target dir=\"models\"/></filesystem>",
                "<filesystem accessmode=\"mapped\" type=\"mount\"><driver type=\"path\"/>"
                        + "<source dir=\"/nix/store\"/><target dir=\"ro-store\"/><readonly/></filesystem>");
    }

    @Test
    void wholeVm_virtiofsdCommands_forBothFlavours_skipTheNinepShare() {
        VmShares vm = microvm();

        assertThat(vm.virtiofsdCommands(VirtiofsdFlavour.C)).singleElement().isEqualTo(new VirtiofsdCommand("models",
                Path.of("/var/lib/microvms/web/models"), Path.of("/var/lib/microvms/web/virtiofs-models.sock"),
                List.of("--socket-path=/var/lib/microvms/web/virtiofs-models.sock",
                        "-o", "source=/var/lib/microvms/web/models", "-o", "cache=none", "-o", "no_xattr",
                        "-o", "sandbox=namespace", "--thread-pool-size=4")));
        assertThat(vm.virtiofsdCommands(VirtiofsdFlavour.RUST)).singleElement()
                .extracting(VirtiofsdCommand::arguments).isEqualTo(List.of(
                        "--socket-path", "/var/lib/microvms/web/virtiofs-models.sock",
                        "--shared-dir", "/var/lib/microvms/web/models", "--cache", "never",
                        "--sandbox", "namespace", "--thread-pool-size", "4"));
    }

    @Test
    void wholeVm_guestMounts_areSharesThenDisksThenOverlay_andCloudInitListsThemAll() {
        VmShares vm = microvm();

        assertThat(vm.guestMounts()).extracting(GuestMount::fstabLine).containsExactly(
                "models /mnt/models virtiofs defaults,nofail 0 0",
                "ro-store /nix/.ro-store 9p trans=virtio,version=9p2000.L,msize=524288,cache=mmap,ro,nofail 0 0",
                "/dev/disk/by-id/virtio-nix-store-overlay /nix/.rw-store ext4 defaults,nofail 0 0",
                "overlay /nix/store overlay lowerdir=/nix/.ro-store,upperdir=/nix/.rw-store/store,"
                        + "workdir=/nix/.rw-store/work,nofail 0 0");
        assertThat(vm.cloudInitMounts()).isEqualTo("mounts:\n"
                + "  - [\"models\", \"/mnt/models\", \"virtiofs\", \"defaults,nofail\", \"0\", \"0\"]\n"
                + "  - [\"ro-store\", \"/nix/.ro-store\", \"9p\","
                + " \"trans=virtio,version=9p2000.L,msize=524288,cache=mmap,ro,nofail\", \"0\", \"0\"]\n"
                + "  - [\"/dev/disk/by-id/virtio-nix-store-overlay\", \"/nix/.rw-store\", \"ext4\", \"defaults,nofail\","
                + " \"0\", \"0\"]\n"
                + "  - [\"overlay\", \"/nix/store\", \"overlay\", \"lowerdir=/nix/.ro-store,upperdir=/nix/.rw-store/store,"
                + "workdir=/nix/.rw-store/work,nofail\", \"0\", \"0\"]\n");
    }

    @Test
    void duplicates_areRefusedWhenTheValueIsMade_allListedTogether() {
        VmShares.Builder twice = VmShares.builder(STATE)
                .share(Share.virtiofs("home", Path.of("a"), Path.of("/mnt/a")).build())
                .share(Share.ninep("home", Path.of("b"), Path.of("/mnt/b")).build())
                .share(Share.virtiofs("other", Path.of("c"), Path.of("/mnt/c"))
                        .options(VirtiofsOptions.defaults().withSocket(Path.of("virtiofs-home.sock"))).build())
                .disk(GuestDisk.of(Path.of("data.img"), Path.of("/mnt/a"), 16).build());

        assertThatThrownBy(twice::build)
                .isInstanceOfSatisfying(SharesRejectedException.class, e -> assertThat(e.shareProblems())
                        .extracting(ShareProblem::rule).containsExactly(ShareProblem.Rule.DUPLICATE_TAG,
                                ShareProblem.Rule.DUPLICATE_SOCKET, ShareProblem.Rule.DUPLICATE_MOUNT_POINT))
                .hasMessageContaining("two shares use the tag 'home'; the guest could not tell them apart: give each"
                        + " share its own tag")
                .hasMessageContaining("uses the socket /var/lib/microvms/web/virtiofs-home.sock like share 'home';"
                        + " one virtiofsd serves one share: give each share its own socket")
                .hasMessageContaining("mounts at /mnt/a like share 'home'; give each its own mount point");
    }

    @Test
    void relativeStateDirectory_isRefused_withAnExample() {
        assertThatThrownBy(() -> VmShares.none(Path.of("vms/web")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("the VM's state directory must be absolute, not 'vms/web'; e.g."
                        + " /var/lib/virtshare/vms/<name>");
    }

    @Test
    void pathsOfAShareOfAnotherVm_areRefused_namingTheFix() {
        VmShares vm = vm(home());
        Share stranger = Share.virtiofs("stranger", Path.of("s"), Path.of("/s")).build();

        assertThatThrownBy(() -> vm.source(stranger))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("share 'stranger' is not one of this VM's shares [home]; add it with withShare(share)"
                        + " first");
        assertThatThrownBy(() -> vm(store()).socket(store()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("share 'ro-store' is 9p and has no virtiofsd socket; QEMU serves it itself");
        assertThatThrownBy(() -> vm.get("nope"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("this VM has no share tagged 'nope'; its tags are [home]: use one of them or"
                        + " withShare(..)");
        assertThat(vm.get("home")).isEqualTo(home());
    }

    @Test
    void qemuArguments_forNoMemory_areRefused() {
        assertThatThrownBy(() -> vm(home()).qemuArguments(0))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("guest memory must be at least 1 MiB, not 0; give the -m of the guest in MiB");
    }
}
