package io.virtshare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.BackendFailure;
import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PoolReconcile and PoolDeclaration without any libvirt: their checks, and a host that cannot be reached. */
class PoolReconcileTest {
    @TempDir
    Path home;

    private static PoolSpec images() {
        return PoolSpec.dir("images").target(Path.of("/srv/images")).build();
    }

    @Test
    void declaration_withoutName_saysToNameThePool() {
        assertThatThrownBy(() -> PoolDeclaration.of(PoolSpec.builder(PoolType.DIR).target(Path.of("/srv")).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("a declared pool needs a name, as reconciling finds it on each host by name");
    }

    @Test
    void declaration_listsEveryVolumeProblem_atOnce() {
        VolumeSpec noCapacity = VolumeSpec.builder("a.raw").build();
        VolumeSpec twice = VolumeSpec.builder("b.raw").capacity(Size.mib(1)).build();

        assertThatThrownBy(() -> PoolDeclaration.of(images(), noCapacity, twice, twice))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("volume b.raw is declared twice in pool images; declare it once")
                .hasMessageContaining("volume a.raw in pool images: a volume needs a capacity");
    }

    @Test
    void declaration_ofVolumesThePoolTypeCannotCreate_isRefused() {
        PoolSpec iscsi = PoolSpec.iscsi("luns").host("san.example.com").device("iqn.2024-01.com.example:disks")
                .target(Path.of("/dev/disk/by-path")).build();

        assertThatThrownBy(() -> PoolDeclaration.of(iscsi, VolumeSpec.builder("lun1").capacity(Size.gib(1)).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("volume lun1 in pool luns: libvirt cannot create volumes in iscsi pools");
    }

    @Test
    void aPoolDeclaredTwice_orOneThatCannotBeSent_isRefusedBeforeAnyHostIsAsked() {
        PoolDeclaration once = PoolDeclaration.of(images());

        assertThatThrownBy(() -> PoolReconcile.defaults().plan(List.of(once, once), List.of("test:///default")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("pool images is declared twice; declare each pool once, with all its volumes");
        assertThatThrownBy(() -> PoolReconcile.defaults().apply(
                List.of(PoolDeclaration.of(PoolSpec.dir("t").build())), List.of("test:///default")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("needs a target path");
    }

    @Test
    void builder_refusesNonsense_sayingWhatToGive() {
        assertThatThrownBy(() -> PoolReconcile.builder().connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("the connect timeout must be positive, not PT-1S; give e.g. Duration.ofSeconds(10)");
        assertThatThrownBy(() -> PoolReconcile.builder().parallelism(300)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("parallelism must be 1 to 256, not 300; give how many hosts to work on at a time");
    }

    @Test
    void hostsWithoutTheLibvirtBackend_areEachUnreachable_sayingWhatToAdd() {
        List<String> uris = List.of("qemu+ssh://root@kvm1/system", "qemu+ssh://root@kvm2/system");

        List<ReconcileReport> reports = PoolReconcile.builder().home(home).build()
                .plan(List.of(PoolDeclaration.of(images())), uris);

        assertThat(reports).extracting(ReconcileReport::uri).containsExactlyElementsOf(uris);
        assertThat(reports).allSatisfy(r -> {
            assertThat(r).isInstanceOf(ReconcileReport.Unreachable.class);
            assertThat(r.nothingToDo()).isFalse();
            assertThat(r.changes()).isEmpty();
            assertThat(r.error().orElseThrow().failure()).isEqualTo(BackendFailure.UNAVAILABLE);
            assertThat(r.error().orElseThrow()).hasMessageContaining("io.virtshare:sdk-libvirt: add it to the class path");
        });
    }

    @Test
    void changes_describeThemselves() {
        assertThat(List.of(new PoolChange.Define("images", "dir"), new PoolChange.Start("images"),
                new PoolChange.Autostart("images", true), new PoolChange.CreateVolume("images", "a.raw", Size.mib(1)),
                new PoolChange.GrowVolume("images", "a.raw", Size.mib(1), Size.mib(2))))
                .extracting(PoolChange::describe).containsExactly("define dir pool images", "start pool images",
                        "set autostart of pool images on", "create volume a.raw (1048576 bytes) in pool images",
                        "grow volume a.raw in pool images from 1048576 to 2097152 bytes");
    }
}
