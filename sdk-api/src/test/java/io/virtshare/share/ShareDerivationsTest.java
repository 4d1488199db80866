package io.virtshare.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShareDerivationsTest {
    private static final Path STATE = Path.of("/var/lib/microvms/web");

    private static Share home() {
        return Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();
    }

    private static Share store() {
        return Share.ninep("ro-store", Path.of("/nix/store"), Path.of("/nix/.ro-store")).readOnly(true).build();
    }

    @Test
    void relativeSources_resolveAgainstTheStateDirectory() {
        assertThat(home().resolveSource(STATE)).isEqualTo(Path.of("/var/lib/microvms/web/home"));
        assertThat(store().resolveSource(STATE)).isEqualTo(Path.of("/nix/store"));
        assertThat(home().socketPath(STATE)).isEqualTo(Path.of("/var/lib/microvms/web/virtiofs-home.sock"));
    }

    @Test
    void qemuArguments_virtiofsGetsSharedMemfdSizedToRam_ninepGetsFsdev() {
        List<String> args = QemuArguments.of(List.of(home(), store()), 512, STATE);

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

        assertThat(QemuArguments.of(List.of(odd), 256, STATE)).containsExactly(
                "-fsdev", "local,id=fsdev0,path=/srv/a,,b,security_model=mapped-xattr",
                "-device", "virtio-9p-pci,fsdev=fsdev0,mount_tag=data");
    }

    @Test
    void virtiofsd_cFlavour_usesDashO() {
        Share share = Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models"))
                .options(VirtiofsOptions.defaults().withThreadPoolSize(16).withXattr(true)).build();

        assertThat(VirtiofsdArguments.of(VirtiofsdFlavour.C, share, STATE)).containsExactly(
                "--socket-path=/var/lib/microvms/web/virtiofs-models.sock", "-o", "source=/srv/models",
                "-o", "cache=auto", "-o", "xattr", "-o", "sandbox=namespace", "--thread-pool-size=16");
    }

    @Test
    void virtiofsd_rustFlavour_usesLongOptions() {
        Share share = Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models")).readOnly(true)
                .options(VirtiofsOptions.defaults().withCache("metadata")).build();

        assertThat(VirtiofsdArguments.of(VirtiofsdFlavour.RUST, share, STATE)).containsExactly(
                "--socket-path", "/var/lib/microvms/web/virtiofs-models.sock", "--shared-dir", "/srv/models",
                "--cache", "metadata", "--sandbox", "namespace", "--thread-pool-size", "0", "--readonly");
    }

    @Test
    void virtiofsd_defaults_areCacheAutoAndNoThreadPool_forBothFlavours() {
        Share share = Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models")).build();

        assertThat(share.options()).isEqualTo(VirtiofsOptions.defaults());
        assertThat(VirtiofsdArguments.of(VirtiofsdFlavour.C, share, STATE)).containsExactly(
                "--socket-path=/var/lib/microvms/web/virtiofs-models.sock", "-o", "source=/srv/models",
                "-o", "cache=auto", "-o", "no_xattr", "-o", "sandbox=namespace", "--thread-pool-size=0");
        assertThat(VirtiofsdArguments.of(VirtiofsdFlavour.RUST, share, STATE)).containsExactly(
                "--socket-path", "/var/lib/microvms/web/virtiofs-models.sock", "--shared-dir", "/srv/models",
                "--cache", "auto", "--sandbox", "namespace", "--thread-pool-size", "0");
    }

    @Test
    void virtiofsd_cFlavour_refusesWhatItLacks() {
        Share readOnly = Share.virtiofs("m", Path.of("/srv"), Path.of("/m")).readOnly(true).build();
        Share metadata = Share.virtiofs("m", Path.of("/srv"), Path.of("/m"))
                .options(VirtiofsOptions.defaults().withCache("metadata")).build();

        assertThatThrownBy(() -> VirtiofsdArguments.of(VirtiofsdFlavour.C, readOnly, STATE))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("no read-only mode");
        assertThatThrownBy(() -> VirtiofsdArguments.of(VirtiofsdFlavour.C, metadata, STATE))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("needs the Rust virtiofsd");
        assertThatThrownBy(() -> VirtiofsdArguments.of(VirtiofsdFlavour.RUST, store(), STATE))
                .hasMessageContaining("9p");
    }

    @Test
    void guestMount_virtiofs() {
        GuestMount m = GuestMount.of(Share.virtiofs("models", Path.of("/srv"), Path.of("/mnt/models")).build());

        assertThat(m.command()).isEqualTo("mkdir -p /mnt/models && mount -t virtiofs models /mnt/models");
        assertThat(m.fstabLine()).isEqualTo("models /mnt/models virtiofs defaults,nofail 0 0");
        assertThat(m.systemdUnitName()).isEqualTo("mnt-models.mount");
        assertThat(m.systemdUnit()).contains("What=models", "Where=/mnt/models", "Type=virtiofs");
        assertThat(m.cloudInitEntry()).containsExactly("models", "/mnt/models", "virtiofs", "defaults,nofail", "0",
                "0");
    }

    @Test
    void guestMount_ninepReadOnly() {
        GuestMount m = GuestMount.of(store());

        assertThat(m.command()).isEqualTo("mkdir -p /nix/.ro-store && mount -t 9p -o"
                + " trans=virtio,version=9p2000.L,msize=524288,cache=mmap,ro ro-store /nix/.ro-store");
        assertThat(m.fstabLine()).endsWith(" 0 0").contains("9p trans=virtio");
        assertThat(m.systemdUnitName()).isEqualTo("nix-.ro\\x2dstore.mount");
        assertThat(m.cloudInitEntry()).hasSize(6);
    }

    @ParameterizedTest
    @CsvSource({"/home, home.mount", "/, -.mount", "/mnt/my models, mnt-my\\x20models.mount",
        "/var/lib/x-y, var-lib-x\\x2dy.mount"})
    void systemdUnitNames_areEscapedAsSystemdDoes(String path, String unit) {
        assertThat(GuestMount.systemdUnitName(path)).isEqualTo(unit);
    }

    @Test
    void filesystem_ofAShare_isTheLibvirtDevice() {
        FilesystemDevice fs = home().filesystem(STATE);
        FilesystemDevice ninep = store().filesystem(STATE);

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

        assertThat(share.filesystem(STATE).binary().flatMap(FilesystemDevice.Binary::cacheMode))
                .isEqualTo(java.util.Optional.ofNullable(libvirtMode));
    }

    @Test
    void filesystem_carriesTheThreadPool_asLibvirtsThreadPoolElement() {
        Share defaults = Share.virtiofs("m", Path.of("/srv"), Path.of("/m")).build();
        Share locked = Share.virtiofs("l", Path.of("/srv"), Path.of("/l"))
                .options(VirtiofsOptions.defaults().withThreadPoolSize(8).withLocks(true, false)).build();

        assertThat(defaults.filesystem(STATE).binary().flatMap(FilesystemDevice.Binary::threadPoolSize)).hasValue(0);
        assertThat(defaults.filesystem(STATE).toXml()).contains("<binary><thread_pool size=\"0\"/></binary>");
        FilesystemDevice.Binary binary = locked.filesystem(STATE).binary().orElseThrow();
        assertThat(binary.threadPoolSize()).hasValue(8);
        assertThat(binary.lock()).containsEntry("posix", "on").containsEntry("flock", "off");
    }

    @Test
    void filesystem_metadataCache_isRefusedForLibvirt() {
        Share share = Share.virtiofs("m", Path.of("/srv"), Path.of("/m"))
                .options(VirtiofsOptions.defaults().withCache("metadata")).build();

        assertThatThrownBy(() -> share.filesystem(STATE))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("libvirt's <cache> knows none and always, not metadata");
    }
}
