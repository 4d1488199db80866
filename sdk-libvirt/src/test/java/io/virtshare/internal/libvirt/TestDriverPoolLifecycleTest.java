package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;

import io.virtshare.VirtShare;
import io.virtshare.storage.Pool;
import io.virtshare.storage.Volume;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.PoolRollout;

import io.virtshare.storage.PoolDelete;
import io.virtshare.storage.PoolBuild;
import io.virtshare.storage.PoolState;
import io.virtshare.storage.PoolInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.virtshare.InvalidSpecException;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pools and volumes on libvirt's in-process test driver: the whole lifecycle, lookups,
 * lists and the live XML read back. The test driver keeps everything in memory, so no
 * file is touched.
 */
@RequiresHost(HostTool.LIBVIRT_LIBRARY)
class TestDriverPoolLifecycleTest {
    private VirtShare host;
    private final String name = "vs-test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connect() {
        host = TestPools.open("test:///default");
    }

    @AfterEach
    void cleanUp() {
        TestPools.remove(host, name);
        host.close();
    }

    private PoolSpec dirPool() {
        return PoolSpec.dir(name).target(Path.of("/virtshare-test/" + name)).build();
    }

    @Test
    void dirPool_goesThroughTheWholeLifecycle() {
        Pool pool = host.pools().define(dirPool());
        assertThat(pool.name()).isEqualTo(name);
        assertThat(pool.info().state()).isEqualTo(PoolState.INACTIVE);
        assertThat(host.pools().list()).contains(pool);
        assertThat(pool.isActive()).isFalse();

        pool.build(PoolBuild.NEW).start();
        PoolInfo info = pool.info();
        assertThat(info.state()).isEqualTo(PoolState.RUNNING);
        assertThat(info.active()).isTrue();
        assertThat(info.persistent()).isTrue();
        assertThat(info.capacity().bytes()).isPositive();
        assertThat(info.available().bytes()).isLessThanOrEqualTo(info.capacity().bytes());
        assertThat(pool.isActive()).isTrue();

        assertThat(pool.autostart(true).autostart()).isTrue();
        assertThat(pool.info().autostart()).isTrue();
        assertThat(pool.autostart(false).autostart()).isFalse();
        pool.refresh();

        PoolSpec live = pool.spec();
        assertThat(live.name()).contains(name);
        assertThat(live.uuid()).contains(pool.uuid());
        assertThat(live.target().flatMap(t -> t.path())).contains("/virtshare-test/" + name);
        assertThat(live.capacity()).contains(info.capacity());

        assertThat(host.pools().find(name)).contains(pool);
        assertThat(host.pools().list()).contains(pool);

        pool.stop();
        assertThat(pool.isActive()).isFalse();
        pool.delete(PoolDelete.NORMAL);
        pool.undefine();
        assertThat(host.pools().find(name)).isEmpty();
        assertThat(host.pools().list()).doesNotContain(pool);
    }

    @Test
    void volumes_areCreatedClonedLookedUpAndDeleted() {
        Pool pool = host.pools().create(dirPool());
        Volume disk = pool.volumes().create(VolumeSpec.builder("disk.qcow2").capacity(Size.mib(64))
                .target(VolumeTarget.of(FormatType.QCOW2)).build());

        assertThat(disk.path()).isEqualTo(Path.of("/virtshare-test/" + name + "/disk.qcow2"));
        assertThat(disk.info().capacity()).isEqualTo(Size.mib(64));
        assertThat(disk.info().type()).isEqualTo("file");
        assertThat(disk.spec().target().flatMap(t -> t.format())).contains(FormatType.QCOW2);
        assertThat(pool.volumes().find("disk.qcow2")).contains(disk);
        assertThat(pool.volumes().get("disk.qcow2")).isEqualTo(disk);
        assertThat(host.pools().findVolume(disk.path())).contains(disk);

        Volume copy = pool.volumes().clone(disk, "copy.qcow2");
        assertThat(copy.spec().target().flatMap(t -> t.format())).contains(FormatType.QCOW2);
        assertThat(copy.info().capacity()).isEqualTo(Size.mib(64));
        assertThat(pool.volumes().list()).extracting(Volume::name).containsExactly("copy.qcow2", "disk.qcow2");

        copy.delete();
        disk.delete();
        assertThat(pool.volumes().list()).isEmpty();
        assertThat(pool.volumes().find("disk.qcow2")).isEmpty();
        assertThat(host.pools().findVolume(disk.path())).isEmpty();
    }

    @Test
    void lookups_ofWhatDoesNotExist_areEmpty() {
        assertThat(host.pools().find("vs-no-such-pool")).isEmpty();
        assertThat(host.pools().findVolume(Path.of("/no/such/volume"))).isEmpty();
    }

    @Test
    void get_ofWhatDoesNotExist_isNotFound_withTheBackendTargetAndWhatToDo() {
        assertThatThrownBy(() -> host.pools().get("vs-no-such-pool")).isInstanceOf(BackendException.class)
                .hasMessage("cannot get pool 'vs-no-such-pool' on test:///default: no pool of that name; it does not"
                        + " exist (any more) on that host; list what exists with vs.pools().list() or"
                        + " virsh -c test:///default pool-list --all")
                .satisfies(e -> {
                    BackendException failure = (BackendException) e;
                    assertThat(failure.backend()).isEqualTo("libvirt");
                    assertThat(failure.target()).isEqualTo("test:///default");
                    assertThat(failure.operation()).isEqualTo("get pool");
                    assertThat(failure.subject()).contains("vs-no-such-pool");
                    assertThat(failure.failure()).isEqualTo(BackendFailure.NOT_FOUND);
                });
        Pool pool = host.pools().create(dirPool());
        assertThat(host.pools().get(name)).isEqualTo(pool);
        assertThatThrownBy(() -> pool.volumes().get("none.raw")).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("cannot get volume 'none.raw' in pool '" + name + "' on test:///default:")
                .hasMessageContaining("pool.volumes().list()")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_FOUND);
    }

    @Test
    void createdPool_withTheSameName_isRefusedAsExisting() {
        host.pools().create(dirPool());

        assertThatThrownBy(() -> host.pools().define(dirPool()))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot define pool '" + name + "' on test:///default")
                .hasMessageContaining("already exists")
                .hasMessageContaining("choose another name")
                .satisfies(e -> {
                    BackendException failure = (BackendException) e;
                    assertThat(failure.failure()).isEqualTo(BackendFailure.ALREADY_EXISTS);
                    assertThat(failure.subject()).contains(name);
                    assertThat(failure.operation()).isEqualTo("define pool");
                    assertThat(failure.target()).isEqualTo("test:///default");
                });
    }

    @Test
    void startingARunningPool_isAnInvalidRequest() {
        Pool pool = host.pools().create(dirPool());

        assertThatThrownBy(pool::start).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot start pool '" + name + "'")
                .hasMessageContaining("is active")
                .hasMessageContaining("check the pool's state (virsh -c test:///default pool-info " + name + ")")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.INVALID_REQUEST);
    }

    @Test
    void defineThatLibvirtRefuses_saysNothingIsDefined_insteadOfSuggestingToInspectThePool() {
        PoolSpec badUuid = dirPool().toBuilder().uuid("not-a-uuid").build();

        assertThatThrownBy(() -> host.pools().define(badUuid)).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("cannot define pool '" + name + "' on test:///default: XML error: malformed"
                        + " uuid element; nothing is defined; change what libvirt's message names")
                .hasMessageNotContaining("pool-info")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.INVALID_REQUEST);
        assertThatThrownBy(() -> host.pools().create(badUuid)).hasMessageNotContaining("pool-info");
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void failureOfAStepThatWasUndone_noLongerSuggestsInspectingThePool() {
        Pool pool = host.pools().create(dirPool());
        BackendException started = catchThrowableOfType(pool::start, BackendException.class);
        started.addSuppressed(new IllegalStateException("the undoing failed too"));
        assertThat(started).hasMessageContaining("pool-info");

        BackendException undone = Failures.undone(started, name);

        assertThat(undone).hasMessageStartingWith("cannot start pool '" + name + "' on test:///default: ")
                .hasMessageContaining("is active; nothing is defined").hasMessageNotContaining("pool-info")
                .hasCause(started.getCause());
        assertThat(undone.failure()).isEqualTo(BackendFailure.INVALID_REQUEST);
        assertThat(undone.getSuppressed()).containsExactly(started.getSuppressed());
    }

    @Test
    void unknownPoolType_isRefusedBySdkValidation_beforeLibvirtSeesIt() {
        PoolSpec directory = PoolSpec.builder("directory").name(name).target(Path.of("/virtshare-test/" + name))
                .build();

        assertThatThrownBy(() -> host.pools().define(directory)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("pool type 'directory' is not a libvirt pool type")
                .hasMessageContaining("(did you mean 'dir'?)").hasMessageNotContaining("virsh");
        assertThatThrownBy(() -> host.pools().create(directory)).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> PoolRollout.defaults().applyTo(directory, java.util.List.of(host)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("did you mean 'dir'");
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void operationsTheTestDriverLacks_sayNotSupportedAndWhereToGo() {
        Pool pool = host.pools().create(dirPool());
        Volume disk = pool.volumes().create(VolumeSpec.builder("raw").capacity(Size.mib(1)).build());

        assertThatThrownBy(disk::wipe).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot wipe volume 'raw' in pool '" + name + "' on test:///default")
                .hasMessageContaining("qemu:///system")
                .satisfies(e -> {
                    BackendException failure = (BackendException) e;
                    assertThat(failure.failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
                    assertThat(failure.subject()).contains("raw");
                });
        assertThatThrownBy(() -> disk.resize(Size.mib(2)))
                .isInstanceOf(BackendException.class).hasMessageContaining("cannot resize volume 'raw'")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
        Path back = Path.of(System.getProperty("java.io.tmpdir"), name + ".bin");
        assertThatThrownBy(() -> disk.download(back, DownloadOptions.defaults())).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot download volume 'raw'").hasMessageContaining("virStorageVolDownload")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThat(back).as("a failed download leaves no file").doesNotExist();
        assertThatThrownBy(() -> disk.upload(Path.of("/etc/hostname"), UploadOptions.defaults()))
                .isInstanceOf(BackendException.class).hasMessageContaining("cannot upload to volume 'raw'")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
        assertThatThrownBy(() -> host.pools().capabilities())
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot read pool capabilities on test:///default")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_SUPPORTED);
    }

    @Test
    void callsOnAnUndefinedPool_sayItIsGone() {
        Pool pool = host.pools().define(dirPool());
        pool.undefine();

        assertThatThrownBy(pool::info).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot read info of pool '" + name + "'")
                .hasMessageContaining("does not exist")
                .extracting(e -> ((BackendException) e).failure()).isEqualTo(BackendFailure.NOT_FOUND);
    }

    @Test
    void invalidSpec_isRefusedBeforeLibvirtSeesIt() {
        PoolSpec noHost = PoolSpec.netfs(name).dir(Path.of("/exports")).target(Path.of("/mnt/" + name)).build();

        assertThatThrownBy(() -> host.pools().create(noHost)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("netfs pool needs a source host");
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void sheepdogPool_isRefusedAsRemovedFromLibvirt() {
        PoolSpec sheep = io.virtshare.xml.XmlCodec.defaults().readPool("<pool type='sheepdog'><name>" + name
                + "</name><source><name>sheep</name><host name='localhost' port='7000'/></source></pool>");

        assertThatThrownBy(() -> host.pools().define(sheep)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("removed from libvirt")
                .hasMessageContaining("rbd or gluster");
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void volumes_inPoolsThatCannotCreateThem_areRefusedUpFront() {
        Pool iscsi = host.pools().define(PoolSpec.iscsi(name).host("iscsi.example.com")
                .device("iqn.2013-06.com.example:target").target(Path.of("/dev/disk/by-path")).build());

        assertThatThrownBy(() -> iscsi.volumes().create(VolumeSpec.builder("lun").capacity(Size.gib(1)).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("volume lun in pool " + name)
                .hasMessageContaining("cannot create volumes in iscsi pools");
    }

    @Test
    void sparseLogicalVolume_isRefusedUpFront() {
        Pool vg = host.pools().define(PoolSpec.logical(name).sourceName("vg-" + name).target(Path.of("/dev/vg-" + name))
                .build());

        assertThatThrownBy(() -> vg.volumes().create(VolumeSpec.builder("lv").capacity(Size.gib(1))
                .allocation(Size.mib(1)).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("logical volumes cannot be sparse");
    }

    @Test
    void volumeWithoutCapacity_isRefusedButACloneMayOmitIt() {
        Pool pool = host.pools().create(dirPool());

        assertThatThrownBy(() -> pool.volumes().create(VolumeSpec.builder("nosize").build()))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("needs a capacity");
        Volume base = pool.volumes().create(VolumeSpec.builder("base").capacity(Size.mib(8)).build());
        assertThat(pool.volumes().clone(base, VolumeSpec.builder("copy").build()).info().capacity())
                .isEqualTo(Size.mib(8));
    }
}
