package io.virtshare.internal.libvirt;

import io.virtshare.storage.Volume;
import io.virtshare.storage.DownloadOptions;

import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.VolumeWipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.InvalidSpecException;
import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.progress.Progress;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload or a wipe replaces a volume's bytes and libvirt then takes the volume's format
 * (and any backing file) from them; on the real daemon, one that would change the volume's
 * format or make it read a host file is refused unless the caller allows it, and the volume is
 * left as it was.
 */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
class VolumeFormatChangeIT {
    private static final int TEN_MIB = 10 * 1024 * 1024;

    @TempDir
    Path tmp;

    @RegisterExtension
    final ScratchDirPool scratch = new ScratchDirPool();

    private Volume create(String volume, Size capacity, FormatType format) {
        return scratch.pool().volumes().create(VolumeSpec.builder(volume).capacity(capacity).target(VolumeTarget.of(format))
                .build());
    }

    private Path randomFile(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return Files.write(tmp.resolve("raw-" + size + ".bin"), bytes);
    }

    /** The bytes of a fresh qcow2 image of {@code capacity}, as a download of a volume gives them. */
    private Path qcow2File(Size capacity) {
        Volume image = create("image.qcow2", capacity, FormatType.QCOW2);
        Path file = tmp.resolve("image.qcow2");
        image.download(file, DownloadOptions.defaults());
        image.delete();
        return file;
    }

    private static FormatType format(Volume volume) {
        return volume.spec().target().flatMap(VolumeTarget::format).orElseThrow();
    }

    /** What virsh, not the SDK, says of the volume's format and capacity. */
    private String virshSays(Volume volume) {
        CommandResult xml = CommandRunner.run(Duration.ofSeconds(30), List.of("virsh", "-c", "qemu:///system",
                "vol-dumpxml", "--pool", scratch.pool().name(), volume.name()));
        assertThat(xml.exitCode()).as(xml.describe()).isZero();
        return xml.stdout();
    }

    @Test
    void rawBytesIntoAQcow2Volume_areRefused_andTheVolumeKeepsItsFormatCapacityAndBytes() throws Exception {
        Volume disk = create("disk.qcow2", Size.gib(1), FormatType.QCOW2);
        byte[] before = Files.readAllBytes(disk.path());
        Path raw = randomFile(TEN_MIB);
        List<Progress> reports = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> disk.upload(raw, UploadOptions.defaults().withProgress(reports::add)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("cannot upload " + raw + " to volume disk.qcow2: the volume is qcow2 but the"
                        + " file holds raw data;")
                .hasMessageContaining("the volume would become raw")
                .hasMessageContaining("qemu-img convert -f raw -O qcow2")
                .hasMessageContaining("UploadOptions.defaults().withFormatChange(true)")
                .hasMessageNotContaining("\n");

        assertThat(reports).as("nothing was sent").isEmpty();
        scratch.pool().refresh();
        assertThat(format(disk)).isEqualTo(FormatType.QCOW2);
        assertThat(disk.info().capacity()).isEqualTo(Size.gib(1));
        assertThat(Files.readAllBytes(disk.path())).isEqualTo(before);
        assertThat(virshSays(disk)).contains("<format type='qcow2'/>", "<capacity unit='bytes'>1073741824</capacity>");
    }

    @Test
    void rawBytesIntoAQcow2Volume_withFormatChange_makeItARawVolumeTheSizeOfTheFile() throws Exception {
        Volume disk = create("disk.qcow2", Size.gib(1), FormatType.QCOW2);
        Path raw = randomFile(TEN_MIB);

        assertThat(disk.upload(raw, UploadOptions.defaults().withFormatChange(true))).isEqualTo(TEN_MIB);

        assertThat(format(disk)).isEqualTo(FormatType.RAW);
        assertThat(disk.info().capacity()).isEqualTo(Size.ofBytes(TEN_MIB));
        assertThat(Files.readAllBytes(disk.path())).isEqualTo(Files.readAllBytes(raw));
        assertThat(virshSays(disk)).contains("<format type='raw'/>", "<capacity unit='bytes'>10485760</capacity>");
    }

    @Test
    void qcow2BytesIntoAQcow2Volume_areUploaded_andTheVolumeStaysQcow2() throws Exception {
        Path image = qcow2File(Size.mib(64));
        Volume disk = create("disk.qcow2", Size.gib(1), FormatType.QCOW2);

        assertThat(disk.upload(image, UploadOptions.defaults())).isEqualTo(Files.size(image));

        assertThat(format(disk)).isEqualTo(FormatType.QCOW2);
        assertThat(disk.info().capacity()).as("the uploaded image's size").isEqualTo(Size.mib(64));
        assertThat(virshSays(disk)).contains("<format type='qcow2'/>");
    }

    @Test
    void qcow2BytesIntoARawVolume_areRefused_andTheVolumeStaysRaw() throws Exception {
        Path image = qcow2File(Size.gib(4));
        Volume disk = create("disk.raw", Size.mib(64), FormatType.RAW);

        assertThatThrownBy(() -> disk.upload(image, UploadOptions.defaults())).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("to volume disk.raw: the volume is raw but the file holds qcow2 data")
                .hasMessageContaining("withFormatChange(true)");

        scratch.pool().refresh();
        assertThat(format(disk)).isEqualTo(FormatType.RAW);
        assertThat(disk.info().capacity()).isEqualTo(Size.mib(64));
        assertThat(Files.readAllBytes(disk.path())).containsOnly(0);
        assertThat(virshSays(disk)).contains("<format type='raw'/>");
    }

    /** A qcow2 image made by qemu-img whose header names {@code backing} (a raw file) as its backing file. */
    private Path qcow2WithBackingFile(Path backing) {
        Path image = tmp.resolve("overlay.qcow2");
        CommandResult made = CommandRunner.run(Duration.ofSeconds(60), List.of("qemu-img", "create", "-q", "-f",
                "qcow2", "-b", backing.toString(), "-F", "raw", image.toString(), "64M"));
        assertThat(made.exitCode()).as(made.describe()).isZero();
        return image;
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void qcow2WithABackingFile_isRefused_andTheVolumeIsUnchanged() throws Exception {
        Path secret = Files.write(tmp.resolve("host-secret.raw"), new byte[1 << 20]);
        Path image = qcow2WithBackingFile(secret);
        Volume disk = create("disk.qcow2", Size.gib(1), FormatType.QCOW2);
        byte[] before = Files.readAllBytes(disk.path());
        List<Progress> reports = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> disk.upload(image, UploadOptions.defaults().withProgress(reports::add)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("cannot upload " + image + " to volume disk.qcow2: its qcow2 header names the"
                        + " backing file '" + secret + "', which libvirt and a guest using the volume would then read"
                        + " from the host;")
                .hasMessageContaining("qemu-img convert -O qcow2 overlay.qcow2 flat.qcow2")
                .hasMessageContaining("UploadOptions.defaults().withBackingFile(true)")
                .hasMessageNotContaining("\n");
        // allowing a format change does not allow a backing file
        assertThatThrownBy(() -> disk.upload(image, UploadOptions.defaults().withFormatChange(true)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("names the backing file");

        assertThat(reports).as("nothing was sent").isEmpty();
        scratch.pool().refresh();
        assertThat(Files.readAllBytes(disk.path())).isEqualTo(before);
        assertThat(disk.info().capacity()).isEqualTo(Size.gib(1));
        assertThat(virshSays(disk)).contains("<format type='qcow2'/>").doesNotContain(secret.toString(),
                "<backingStore>");
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void qcow2WithABackingFile_withBackingFileAllowed_isUploaded_andLibvirtThenNamesThatHostFile() throws Exception {
        Path base = Files.write(tmp.resolve("base.raw"), new byte[1 << 20]);
        Path image = qcow2WithBackingFile(base);
        Volume disk = create("disk.qcow2", Size.gib(1), FormatType.QCOW2);

        assertThat(disk.upload(image, UploadOptions.defaults().withBackingFile(true))).isEqualTo(Files.size(image));

        scratch.pool().refresh();
        assertThat(virshSays(disk)).contains("<format type='qcow2'/>", "<backingStore>", "<path>" + base + "</path>");
    }

    /** A differencing disk of {@code format} as Hyper-V or VirtualBox would write it, naming its parent. */
    private Path differencing(String format) throws Exception {
        return switch (format) {
            case "vpc" -> DifferencingImages.vhd(tmp, "child.vhd", "base.vhd");
            case "vdi" -> DifferencingImages.vdi(tmp, "child.vdi", 4, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                    12, 13, 14, 15, 16}, null);
            default -> DifferencingImages.vhdx(tmp, "child.vhdx", java.util.Map.of("relative_path", "base.vhdx"));
        };
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "vpc|vpc|'base.vhd'|QEMU opens it without reading any parent, so a guest using the volume would read zeros",
        "vdi|vdi|the disk with UUID 04030201-0605-0807-090a-0b0c0d0e0f10|QEMU refuses to open it",
        // libvirt (9.0) has no vhdx volumes; the differencing disk is refused before the format is compared
        "vhdx|raw|'base.vhdx'|QEMU refuses to open it",
    })
    @RequiresHost(HostTool.QEMU_IMG)
    void differencingDisk_isRefusedWhateverTheOptions_fullOrSparse_andTheVolumeIsUnchanged(String format,
            String volumeFormat, String parent, String guest) throws Exception {
        Path image = differencing(format);
        Volume disk = create("disk." + format, Size.mib(64), FormatType.of(volumeFormat));
        byte[] before = Files.readAllBytes(disk.path());
        List<Progress> reports = new CopyOnWriteArrayList<>();

        for (UploadOptions options : List.of(UploadOptions.defaults(), UploadOptions.defaults().withBackingFile(true)
                .withFormatChange(true), UploadOptions.defaults().withBackingFile(true).withSparse(true))) {
            assertThatThrownBy(() -> disk.upload(image, options.withProgress(reports::add)))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageStartingWith("cannot upload " + image + " to volume disk." + format + ": it is a "
                            + format + " differencing disk whose parent is " + parent + ", and " + guest)
                    .hasMessageContaining("merge it with its parent into a self-contained image")
                    .hasMessageContaining("not even UploadOptions.withBackingFile(true)")
                    .hasMessageNotContaining("\n");
        }

        assertThat(reports).as("nothing was sent").isEmpty();
        scratch.pool().refresh();
        assertThat(Files.readAllBytes(disk.path())).isEqualTo(before);
        assertThat(virshSays(disk)).contains("<format type='" + volumeFormat + "'/>");
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void vhdxWithALogToReplay_isRefusedWhateverTheOptions_andUploadedOnceQemuImgHasWrittenItIn() throws Exception {
        Path image = DifferencingImages.vhdxWithLog(tmp, "crashed.vhdx", false);
        Volume disk = create("disk.vhdx", Size.mib(64), FormatType.of("raw"));
        byte[] before = Files.readAllBytes(disk.path());
        List<Progress> reports = new CopyOnWriteArrayList<>();

        for (UploadOptions options : List.of(UploadOptions.defaults().withFormatChange(true), UploadOptions.defaults()
                .withBackingFile(true).withFormatChange(true).withSparse(true))) {
            assertThatThrownBy(() -> disk.upload(image, options.withProgress(reports::add)))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageStartingWith("cannot upload " + image + " to volume disk.vhdx: it is a vhdx whose log"
                            + " holds changes not yet written into the disk (log " + DifferencingImages.LOG_GUID + ")")
                    .hasMessageContaining("qemu-img check -r all crashed.vhdx");
        }
        assertThat(reports).as("nothing was sent").isEmpty();
        scratch.pool().refresh();
        assertThat(Files.readAllBytes(disk.path())).isEqualTo(before);

        io.virtshare.internal.shared.CommandResult replayed = io.virtshare.internal.shared.CommandRunner.run(
                java.time.Duration.ofSeconds(60), List.of("qemu-img", "check", "-r", "all", "-f", "vhdx",
                        image.toString()));
        assertThat(replayed.exitCode()).as(replayed.describe()).isZero();
        disk.upload(image, UploadOptions.defaults().withFormatChange(true));
        byte[] written = Files.readAllBytes(image);
        assertThat(java.util.Arrays.copyOf(Files.readAllBytes(disk.path()), written.length)).as("the volume starts"
                + " with the file's bytes").isEqualTo(written);
    }

    @Test
    void download_onlyReads_andGivesTheVolumesBytesInItsFormat() throws Exception {
        Volume disk = create("disk.qcow2", Size.gib(1), FormatType.QCOW2);
        Path file = tmp.resolve("back.qcow2");

        assertThat(disk.download(file, DownloadOptions.defaults())).isEqualTo(Files.size(disk.path()));

        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(disk.path()))
                .startsWith('Q', 'F', 'I', (byte) 0xfb);
        assertThat(format(disk)).isEqualTo(FormatType.QCOW2);
        assertThat(disk.info().capacity()).isEqualTo(Size.gib(1));
    }

    @Test
    void wipeOfAQcow2Volume_isRefused_andTheVolumeStaysQcow2_unlessFormatChangeIsGiven() throws Exception {
        Volume disk = create("disk.qcow2", Size.gib(1), FormatType.QCOW2);
        byte[] before = Files.readAllBytes(disk.path());

        assertThatThrownBy(disk::wipe).isInstanceOf(InvalidSpecException.class)
                .hasMessage("cannot wipe volume disk.qcow2 in pool " + scratch.pool().name() + ": it is a qcow2 volume, and libvirt's"
                        + " wipe writes zeros over its file, header included, so it would become a raw volume the"
                        + " size of its file; to empty it and keep it qcow2, delete it and create it again, or pass"
                        + " VolumeWipe.FORMAT_CHANGE to wipe it anyway");
        scratch.pool().refresh();
        assertThat(format(disk)).isEqualTo(FormatType.QCOW2);
        assertThat(disk.info().capacity()).isEqualTo(Size.gib(1));
        assertThat(Files.readAllBytes(disk.path())).isEqualTo(before);

        disk.wipe(VolumeWipe.FORMAT_CHANGE);

        assertThat(format(disk)).isEqualTo(FormatType.RAW);
        assertThat(Files.readAllBytes(disk.path())).containsOnly(0);
        assertThat(virshSays(disk)).contains("<format type='raw'/>");
    }

    @Test
    void wipeOfARawVolume_needsNoOption() throws Exception {
        Volume disk = create("disk.raw", Size.mib(4), FormatType.RAW);
        try (FileChannel file = FileChannel.open(disk.path(), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));   // in place: the size stays
        }

        disk.wipe();

        assertThat(format(disk)).isEqualTo(FormatType.RAW);
        assertThat(Files.readAllBytes(disk.path())).hasSize(4 << 20).containsOnly(0);
    }
}
