package io.virtshare.benchmarks;

import io.virtshare.BackendException;
import io.virtshare.VirtShare;
import io.virtshare.VirtShareException;
import io.virtshare.internal.nativeio.LinuxFiles;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Sparse volume transfers on {@code qemu:///system}: a 4 GiB raw file holding {@code --size-mb}
 * of data (at most 2 GiB, in four extents) uploaded into a dir-pool volume or downloaded from
 * one, by {@code Volume.upload}/{@code download} with {@code withSparse(true)} and by
 * {@code virsh vol-upload}/{@code vol-download} — with {@code --sparse}, or for
 * {@link Kind#UPLOAD_VS_FULL} without, to show what the holes save. Each side writes its own
 * volume (the virtshare one made anew, untimed, after each run, so it never first reads old
 * data); the fingerprint is the size and whether the result stayed sparse (allocated at most
 * the data + 1 MiB), except against a full upload, where only the size is compared.
 * Needs libvirtd and virsh; reported as skipped without them.
 */
final class SparseVolumeMeasurement implements Measurement {
    private static final String URI = "qemu:///system";
    private static final long APPARENT = 4L << 30;
    private static final long MIB = 1L << 20;

    /** Which transfer is compared with which virsh command. */
    enum Kind {
        UPLOAD("sparse-upload", "Volume.upload sparse vs virsh vol-upload --sparse"),
        DOWNLOAD("sparse-download", "Volume.download sparse vs virsh vol-download --sparse"),
        UPLOAD_VS_FULL("sparse-upload-vs-full", "Volume.upload sparse vs virsh vol-upload (holes sent as zeros)");

        private final String name;
        private final String compared;

        Kind(String name, String compared) {
            this.name = name;
            this.compared = compared;
        }
    }

    private final Kind kind;
    private VirtShare host;
    private Pool pool;
    private Path file;
    private long dataBytes;

    SparseVolumeMeasurement(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return kind.name;
    }

    @Override
    public String description() {
        return "4 GiB raw file with --size-mb of data (max 2 GiB) to/from a dir-pool volume on " + URI + ": "
                + kind.compared;
    }

    @Override
    public String tool() {
        return "virsh";
    }

    @Override
    public Path dataDirectory(Path workdir) throws IOException {
        HostTools tools = HostTools.detect();
        for (HostTool needed : List.of(HostTool.LIBVIRT_LIBRARY, HostTool.LIBVIRTD, HostTool.VIRSH)) {
            if (!tools.available(needed)) {
                throw new IOException(tools.status(needed).detail());
            }
        }
        return Measurement.super.dataDirectory(workdir);
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        dataBytes = Math.min(set.bytes(), APPARENT / 2);
        file = data.resolve("disk.raw");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(APPARENT);
            byte[] chunk = new byte[(int) MIB];
            Random random = new Random(42);
            long extent = dataBytes / 4;
            for (int i = 0; i < 4; i++) {
                long start = i * (APPARENT / 4);
                for (long done = 0; done < extent; done += chunk.length) {
                    random.nextBytes(chunk);
                    out.seek(start + done);
                    out.write(chunk, 0, (int) Math.min(chunk.length, extent - done));
                }
            }
        }
        try {
            host = VirtShare.builder().home(data).backend("libvirt").uri(URI).build();
            String name = "vs-bench-" + UUID.randomUUID().toString().substring(0, 8);
            pool = host.pools().create(PoolSpec.dir(name).target(data.resolveSibling("pool")).build());
            fresh("virtshare.raw");
            fresh("virsh.raw");
            if (kind == Kind.DOWNLOAD) {
                volume("virtshare.raw").upload(file, UploadOptions.defaults().withSparse(true));
            }
        } catch (VirtShareException e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
    }

    private Volume fresh(String name) {
        pool.volumes().find(name).ifPresent(Volume::delete);
        return pool.volumes().create(VolumeSpec.builder(name).capacity(Size.ofBytes(APPARENT))
                .allocation(Size.ofBytes(0)).build());
    }

    private Volume volume(String name) {
        return pool.volumes().get(name);
    }

    @Override
    public String runSdk(Path data, Path scratch) throws IOException {
        if (kind == Kind.DOWNLOAD) {
            Path back = scratch.resolve("back.raw");
            volume("virtshare.raw").download(back, DownloadOptions.defaults().withSparse(true));
            return fingerprint(back);
        }
        Volume volume = volume("virtshare.raw");
        volume.upload(file, UploadOptions.defaults().withSparse(true));
        return fingerprint(volume.path());
    }

    @Override
    public void cleanUp(Path data) {
        if (kind != Kind.DOWNLOAD) {
            fresh("virtshare.raw");
        }
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return switch (kind) {
            case UPLOAD -> List.of("virsh", "-q", "-c", URI, "vol-upload", "--pool", pool.name(), "virsh.raw",
                    file.toString(), "--sparse");
            case UPLOAD_VS_FULL -> List.of("virsh", "-q", "-c", URI, "vol-upload", "--pool", pool.name(), "virsh.raw",
                    file.toString());
            case DOWNLOAD -> List.of("virsh", "-q", "-c", URI, "vol-download", "--pool", pool.name(), "virtshare.raw",
                    scratch.resolve("back.raw").toString(), "--sparse");
        };
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return fingerprint(kind == Kind.DOWNLOAD ? scratch.resolve("back.raw") : volume("virsh.raw").path());
    }

    /** The size, and (unless compared with a full upload) whether only the data is allocated. */
    private String fingerprint(Path result) throws IOException {
        String size = "size=" + Files.size(result);
        if (kind == Kind.UPLOAD_VS_FULL) {
            return size;
        }
        long allocated = LinuxFiles.allocatedBytes(result).orElse(-1);
        return size + (allocated >= 0 && allocated <= dataBytes + MIB ? " sparse" : " allocated=" + allocated);
    }

    @Override
    public void close() {
        if (host != null) {
            if (pool != null) {
                try {   // the runner may have removed the data directory, and the pool's with it, already
                    pool.volumes().list().forEach(Volume::delete);
                    pool.stop();
                    pool.delete();
                } catch (BackendException e) {
                    // gone with the data directory
                }
                if (pool.isActive()) {
                    pool.stop();
                }
                pool.undefine();
                pool = null;
            }
            host.close();
            host = null;
        }
    }
}
