package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;

import io.virtshare.VirtShare;
import io.virtshare.storage.Pool;
import io.virtshare.storage.Volume;

import io.virtshare.storage.PoolCapabilities;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.VolumeResize;
import io.virtshare.storage.PoolState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.progress.Progress;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dir pool on the real libvirt daemon: files really created on disk and removed again. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
class SystemDirPoolIT {
    @TempDir
    Path tmp;

    private VirtShare host;
    private final String name = "vs-it-" + UUID.randomUUID().toString().substring(0, 8);
    private Path target;

    @BeforeEach
    void connect() {
        host = TestPools.open("qemu:///system");
        target = tmp.resolve("pool");
    }

    @AfterEach
    void cleanUp() {
        TestPools.remove(host, name);
        host.close();
    }

    private Pool createPool() {
        return host.pools().create(PoolSpec.dir(name).target(target).build());
    }

    @Test
    void dirPool_withQcow2Volume_throughTheWholeLifecycle_createsAndRemovesFiles() throws Exception {
        Pool pool = createPool();
        assertThat(target).isDirectory();
        assertThat(pool.info().state()).isEqualTo(PoolState.RUNNING);
        assertThat(pool.info().capacity().bytes()).isPositive();
        assertThat(pool.autostart(true).autostart()).isTrue();
        pool.autostart(false);

        Volume disk = pool.volumes().create(VolumeSpec.builder("disk.qcow2").capacity(Size.gib(1))
                .target(VolumeTarget.of(FormatType.QCOW2)).build());
        Path file = target.resolve("disk.qcow2");
        assertThat(disk.path()).isEqualTo(file);
        assertThat(file).isRegularFile();
        assertThat(Files.readAllBytes(file)).startsWith('Q', 'F', 'I', (byte) 0xfb);
        assertThat(disk.info().capacity()).isEqualTo(Size.gib(1));
        assertThat(Files.size(file)).isLessThan(Size.mib(1).bytes()); // qcow2: sparse until written

        disk.resize(Size.gib(2));
        assertThat(disk.info().capacity()).isEqualTo(Size.gib(2));
        disk.resize(Size.gib(1), VolumeResize.DELTA);
        assertThat(disk.info().capacity()).isEqualTo(Size.gib(3));

        Volume copy = pool.volumes().clone(disk, "copy.qcow2");
        assertThat(target.resolve("copy.qcow2")).isRegularFile();
        assertThat(copy.spec().target().flatMap(t -> t.format())).contains(FormatType.QCOW2);
        assertThat(copy.info().capacity()).isEqualTo(Size.gib(3));
        assertThat(host.pools().findVolume(copy.path())).contains(copy);

        Files.writeString(target.resolve("outside.raw"), "made by hand");
        pool.refresh();
        assertThat(pool.volumes().list()).extracting(Volume::name)
                .containsExactly("copy.qcow2", "disk.qcow2", "outside.raw");
        pool.volumes().find("outside.raw").orElseThrow().delete();

        copy.delete();
        disk.delete();
        assertThat(target).isEmptyDirectory();

        pool.stop();
        assertThat(pool.info().state()).isEqualTo(PoolState.INACTIVE);
        assertThat(target).isDirectory();      // stop only deactivates
        pool.delete();
        assertThat(target).doesNotExist();
        pool.undefine();
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void upload_thenDownload_giveBackTheSameBytes_withProgress() throws Exception {
        Pool pool = createPool();
        int size = 9 * 1024 * 1024 + 123;
        Volume raw = pool.volumes().create(VolumeSpec.builder("data.raw").capacity(Size.ofBytes(size)).build());
        byte[] content = new byte[size];
        new Random(42).nextBytes(content);
        Path source = Files.write(tmp.resolve("source.bin"), content);
        List<Progress> reports = new CopyOnWriteArrayList<>();

        assertThat(raw.upload(source, UploadOptions.defaults().withProgress(reports::add))).isEqualTo(size);
        assertThat(reports).isNotEmpty().allMatch(p -> p.operation().equals("upload") && p.item().equals("data.raw"));
        assertThat(reports.get(reports.size() - 1).bytesDone()).isEqualTo(size);
        assertThat(reports.get(reports.size() - 1).fraction()).isEqualTo(1.0);
        assertThat(Files.readAllBytes(target.resolve("data.raw"))).isEqualTo(content);

        Path back = tmp.resolve("back.bin");
        reports.clear();
        assertThat(raw.download(back, DownloadOptions.defaults().withProgress(reports::add)
                .withCancellation(new Cancellation()))).isEqualTo(size);
        assertThat(Files.readAllBytes(back)).isEqualTo(content);
        assertThat(reports.get(reports.size() - 1).bytesDone()).isEqualTo(size);

        raw.wipe();
        raw.download(back, DownloadOptions.defaults());
        assertThat(Files.readAllBytes(back)).containsOnly(0);
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void clone_holdsTheSourcesBytes_alsoWhenConvertedToQcow2() throws Exception {
        Pool pool = createPool();
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(content);
        Volume raw = pool.volumes().create(VolumeSpec.builder("base.raw").capacity(Size.ofBytes(content.length))
                .build());
        raw.upload(Files.write(tmp.resolve("content.bin"), content), UploadOptions.defaults());

        Volume twin = pool.volumes().clone(raw, "twin.raw");
        Path back = tmp.resolve("twin.bin");
        assertThat(twin.download(back, DownloadOptions.defaults())).isEqualTo(content.length);
        assertThat(Files.readAllBytes(back)).isEqualTo(content);

        Volume qcow2 = pool.volumes().clone(raw, VolumeSpec.builder("twin.qcow2")
                .target(VolumeTarget.of(FormatType.QCOW2)).build());
        assertThat(Files.readAllBytes(qcow2.path())).startsWith('Q', 'F', 'I', (byte) 0xfb);
        var compare = io.virtshare.internal.shared.CommandRunner.run(java.time.Duration.ofSeconds(60),
                List.of("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw.path().toString(),
                        qcow2.path().toString()));
        assertThat(compare.exitCode()).as(compare.describe()).isZero();
        assertThat(compare.stdout()).contains("Images are identical");
    }

    @Test
    void sheepdogPool_isRefusedAsRemoved_beforeTheDaemonSeesIt() {
        PoolSpec sheep = io.virtshare.xml.XmlCodec.defaults().readPool("<pool type='sheepdog'><name>" + name
                + "</name><source><name>sheep</name><host name='localhost' port='7000'/></source></pool>");

        assertThatThrownBy(() -> host.pools().create(sheep)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("removed from libvirt (8.8)").hasMessageContaining("rbd or gluster");
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void unknownPoolType_isRefusedBySdkValidation_beforeTheDaemonSeesIt() {
        PoolSpec directory = io.virtshare.xml.XmlCodec.defaults().readPool("<pool type='directory'><name>" + name
                + "</name><target><path>" + target + "</path></target></pool>");

        assertThatThrownBy(() -> host.pools().create(directory)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("pool type 'directory' is not a libvirt pool type this SDK knows; write"
                        + " <pool type='…'> with one of dir, fs, netfs,")
                .hasMessageEndingWith("(did you mean 'dir'?)")
                .hasMessageNotContaining("Invalid value for attribute")   // libvirt's words: it never saw it
                .hasMessageNotContaining("virsh");
        assertThat(host.pools().find(name)).isEmpty();
        assertThat(target).doesNotExist();
    }

    @Test
    void defineRefusedByTheDaemon_saysNothingIsDefined_andSuggestsNoPoolToInspect() {
        PoolSpec badUuid = PoolSpec.dir(name).target(target).uuid("not-a-uuid").build();

        assertThatThrownBy(() -> host.pools().define(badUuid)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot define pool '" + name + "' on qemu:///system: XML error")
                .hasMessageContaining("nothing is defined").hasMessageNotContaining("pool-info");
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void cancelledDownload_leavesNoFile_andCancelledUpload_saysTheVolumeIsPartial() throws Exception {
        Pool pool = createPool();
        Volume raw = pool.volumes().create(VolumeSpec.builder("big.raw").capacity(Size.mib(16)).build());
        Cancellation cancel = new Cancellation();
        Path back = tmp.resolve("back.bin");

        assertThatThrownBy(() -> raw.download(back, DownloadOptions.defaults().withProgress(p -> cancel.cancel())
                .withCancellation(cancel)))
                .isInstanceOf(OperationCancelledException.class).hasMessageContaining("nothing was kept");
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("pool");
        }

        Path source = Files.write(tmp.resolve("source.bin"), new byte[16 * 1024 * 1024]);
        Cancellation cancelUpload = new Cancellation();
        assertThatThrownBy(() -> raw.upload(source, UploadOptions.defaults().withProgress(p -> cancelUpload.cancel())
                .withCancellation(cancelUpload)))
                .isInstanceOf(OperationCancelledException.class)
                .hasMessageContaining("the volume holds part of the file");
        assertThat(raw.info().capacity()).isEqualTo(Size.mib(16)); // the connection is still usable
    }

    @Test
    void uploadLargerThanTheVolume_isRefusedBeforeTheFileGrows() throws Exception {
        Pool pool = createPool();
        Volume small = pool.volumes().create(VolumeSpec.builder("small.raw").capacity(Size.kib(4)).build());
        Path source = Files.write(tmp.resolve("big.bin"), new byte[64 * 1024]);

        assertThatThrownBy(() -> small.upload(source, UploadOptions.defaults())).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("65536 bytes").hasMessageContaining("capacity is 4096 bytes")
                .hasMessageContaining("resize the volume first");
        assertThat(Files.size(target.resolve("small.raw"))).isEqualTo(4096);
    }

    @Test
    void buildFailure_undefinesThePoolAgain() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        PoolSpec impossible = PoolSpec.dir(name).target(file.resolve("pool")).build();

        assertThatThrownBy(() -> host.pools().create(impossible)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot build pool '" + name + "' on qemu:///system");
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void startFailure_deletesWhatTheBuildMadeAndUndefines() {
        PoolSpec noDevice = PoolSpec.fs(name).device(Path.of("/dev/vs-no-such-device")).format(FormatType.EXT4)
                .target(target).build();

        assertThatThrownBy(() -> host.pools().create(noDevice)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cannot start pool '" + name + "' on qemu:///system")
                .hasMessageContaining("/dev/vs-no-such-device")
                .hasMessageContaining("nothing is defined")   // create undid it: nothing left to inspect
                .hasMessageNotContaining("pool-info");
        assertThat(target).doesNotExist();
        assertThat(host.pools().find(name)).isEmpty();
    }

    @Test
    void capabilities_listTheBackendsOfThisLibvirt() {
        PoolCapabilities caps = host.pools().capabilities();

        assertThat(caps.supports(PoolType.DIR)).isTrue();
        assertThat(caps.supports(PoolType.FS)).isTrue();
        assertThat(caps.of(PoolType.DIR).orElseThrow().volumeFormats()).contains("raw", "qcow2");
        assertThat(caps.of(PoolType.FS).orElseThrow().sourceFormats()).contains("ext4", "xfs");
        assertThat(caps.of(PoolType.FS).orElseThrow().defaultSourceFormat()).contains("auto");
        assertThat(caps.xml()).startsWith("<storagepoolCapabilities");
    }
}
