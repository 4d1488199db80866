package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sparse uploads and downloads on the real libvirt daemon: holes stay holes at both ends, bytes stay equal. */
@RequiresHost({HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD})
class SparseTransferIT {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @TempDir
    Path tmp;

    @RegisterExtension
    final ScratchDirPool scratch = new ScratchDirPool();

    @Test
    void rawFileOf4GiB_with64MiBOfData_travelsSparseBothWays_sameBytes_dataOnlyAllocated() throws Exception {
        Path source = SparseFiles.write(tmp.resolve("source.raw"), 4 * GIB, 16 * MIB,
                0, GIB + 3 * MIB, 5 * GIB / 2, 4 * GIB - 16 * MIB);
        Volume volume = scratch.pool().volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.gib(4)).allocation(Size.ofBytes(0)).build());

        long start = System.nanoTime();
        assertThat(volume.upload(source, UploadOptions.defaults().withSparse(true))).isEqualTo(4 * GIB);
        long upload = System.nanoTime() - start;
        assertThat(SparseFiles.allocated(volume.path())).as("volume allocation").isLessThanOrEqualTo(65 * MIB);
        SparseFiles.assertSameBytes(source, volume.path());

        Path back = tmp.resolve("back.raw");
        start = System.nanoTime();
        assertThat(volume.download(back, DownloadOptions.defaults().withSparse(true))).isEqualTo(4 * GIB);
        long download = System.nanoTime() - start;
        assertThat(SparseFiles.allocated(back)).as("downloaded file's allocation").isLessThanOrEqualTo(65 * MIB);
        SparseFiles.assertSameBytes(source, back);
        Files.delete(back);

        Volume full = scratch.pool().volumes().create(VolumeSpec.builder("full.raw").capacity(Size.gib(4)).allocation(Size.ofBytes(0)).build());
        start = System.nanoTime();
        full.upload(source, UploadOptions.defaults());
        long fullUpload = System.nanoTime() - start;
        start = System.nanoTime();
        full.download(back, DownloadOptions.defaults());
        long fullDownload = System.nanoTime() - start;
        assertThat(Files.size(back)).isEqualTo(4 * GIB);
        Files.delete(back);
        System.err.printf("sparse transfer of a 4 GiB raw file with 64 MiB of data: upload %d ms, download %d ms;"
                + " full: upload %d ms, download %d ms%n", upload / 1_000_000, download / 1_000_000,
                fullUpload / 1_000_000, fullDownload / 1_000_000);
    }

    @Test
    void sparseUpload_overAVolumeThatHeldData_readsZerosWhereTheFileHasHoles() throws Exception {
        Volume volume = scratch.pool().volumes().create(VolumeSpec.builder("reused.raw").capacity(Size.mib(64)).allocation(Size.ofBytes(0)).build());
        Path old = SparseFiles.write(tmp.resolve("old.raw"), 64 * MIB, 64 * MIB, 0);
        volume.upload(old, UploadOptions.defaults());
        Path source = SparseFiles.write(tmp.resolve("new.raw"), 64 * MIB, MIB, 0, 32 * MIB);

        volume.upload(source, UploadOptions.defaults().withSparse(true));

        SparseFiles.assertSameBytes(source, volume.path());
        Path back = tmp.resolve("back.raw");
        volume.download(back, DownloadOptions.defaults().withSparse(true));
        SparseFiles.assertSameBytes(source, back);
    }

    @Test
    @RequiresHost(HostTool.QEMU_IMG)
    void qcow2File_withPreallocatedMetadata_travelsSparse_andStaysTheSameImage() throws Exception {
        Path raw = SparseFiles.write(tmp.resolve("data.raw"), GIB, 8 * MIB, 0, GIB / 2);
        Path source = tmp.resolve("source.qcow2");
        run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", "-o", "preallocation=metadata", raw.toString(),
                source.toString());
        assertThat(SparseFiles.allocated(source)).isLessThan(Files.size(source) / 4);
        Volume volume = scratch.pool().volumes().create(VolumeSpec.builder("disk.qcow2").capacity(Size.gib(2))
                .target(VolumeTarget.of(FormatType.QCOW2)).build());

        volume.upload(source, UploadOptions.defaults().withSparse(true));
        Path back = tmp.resolve("back.qcow2");
        volume.download(back, DownloadOptions.defaults().withSparse(true));

        SparseFiles.assertSameBytes(source, back);
        assertThat(SparseFiles.allocated(back)).isLessThanOrEqualTo(SparseFiles.allocated(source) + MIB);
        assertThat(SparseFiles.allocated(volume.path())).isLessThanOrEqualTo(SparseFiles.allocated(source) + MIB);
        run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", raw.toString(), back.toString());
    }

    @Test
    void cancelledSparseDownload_keepsTheExistingFile_andLeavesNoPartial_cancelledUploadSaysTheVolumeIsPartial()
            throws Exception {
        Path source = SparseFiles.write(tmp.resolve("source.raw"), 256 * MIB, 32 * MIB, 0, 128 * MIB);
        Volume volume = scratch.pool().volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.mib(256)).allocation(Size.ofBytes(0)).build());
        volume.upload(source, UploadOptions.defaults().withSparse(true));
        Path out = tmp.resolve("out");
        Files.createDirectory(out);
        Path back = Files.writeString(out.resolve("back.raw"), "kept");

        Cancellation cancel = new Cancellation();
        assertThatThrownBy(() -> volume.download(back, DownloadOptions.defaults().withSparse(true)
                .withProgress(p -> cancel.cancel()).withCancellation(cancel)))
                .isInstanceOf(OperationCancelledException.class)
                .hasMessageContaining("download of volume disk.raw was cancelled").hasMessageContaining("nothing was kept");
        assertThat(back).hasContent("kept");
        try (var left = Files.list(out)) {
            assertThat(left).containsExactly(back);
        }

        Cancellation cancelUpload = new Cancellation();
        assertThatThrownBy(() -> volume.upload(source, UploadOptions.defaults().withSparse(true)
                .withProgress(p -> cancelUpload.cancel()).withCancellation(cancelUpload)))
                .isInstanceOf(OperationCancelledException.class)
                .hasMessageContaining("upload of " + source + " to volume disk.raw was cancelled")
                .hasMessageContaining("the volume holds part of the file");
    }

    @Test
    void sparseUpload_ofAFileThatShrinksMeanwhile_isAborted_sayingTheVolumeHoldsPartOfIt() throws Exception {
        Path source = SparseFiles.write(tmp.resolve("shrinking.raw"), 64 * MIB, 32 * MIB, 0);
        Volume volume = scratch.pool().volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.mib(64))
                .allocation(Size.ofBytes(0)).build());

        assertThatThrownBy(() -> volume.upload(source, UploadOptions.defaults().withSparse(true).withProgress(p -> {
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(source.toFile(), "rw")) {
                file.setLength(MIB);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }))).isInstanceOf(io.virtshare.VirtShareException.class)
                .hasMessageStartingWith("cannot read " + source + " while uploading it to volume disk.raw: " + source
                        + " became shorter while it was read")
                .hasMessageEndingWith("the upload was aborted and the volume holds part of the file: upload again once"
                        + " the file is readable and no longer changing, or wipe or delete the volume");
        assertThat(volume.info().capacity()).isEqualTo(Size.mib(64));
    }

    private static void run(String... command) {
        var result = CommandRunner.run(Duration.ofSeconds(120), java.util.List.of(command));
        assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.stderr()).isZero();
    }
}
