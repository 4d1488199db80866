package io.virtshare.examples;

import io.virtshare.VirtShare;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recipe: a sparse upload and download — a 1 GiB raw image holding 1 MiB of data goes into
 * a volume and back, only the data crossing the connection, holes staying holes at both ends.
 * Quoted by {@code docs/pools.md}.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.SparseVolumeRecipe
 * [URI [WORKDIR]]} — {@code qemu:///system} by default (libvirt's test driver has no volume
 * streams); the pool {@code recipe-sparse} lives in {@code WORKDIR/pool} and is gone when it returns.
 */
public final class SparseVolumeRecipe {
    private SparseVolumeRecipe() {
    }

    /** Runs the recipe on the URI given (default {@code qemu:///system}) under WORKDIR (default a new temporary directory). */
    public static void main(String[] args) throws IOException {
        String uri = args.length > 0 ? args[0] : "qemu:///system";
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("virtshare-sparse-");
        run(uri, work, "recipe-sparse", System.out);
    }

    /** Runs the recipe on {@code uri} with a dir pool {@code name} in {@code work/pool}, removed again at the end. */
    public static void run(String uri, Path work, String name, PrintStream out) throws IOException {
        Path image = work.resolve("disk.raw");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(Size.gib(1).bytes());   // a 1 GiB image, all hole ...
            file.seek(Size.mib(512).bytes());
            file.write(new byte[1 << 20], 0, 1 << 20);   // ... but for 1 MiB of data (zeros written are data too)
        }
        Path back = work.resolve("back.raw");
        try (VirtShare vs = VirtShare.builder().home(work).backend("libvirt").uri(uri).build()) {
            Pool pool = vs.pools().create(PoolSpec.dir(name).target(work.resolve("pool")).build());
            try {
                // snippet:sparse
                Volume disk = pool.volumes().create(VolumeSpec.builder("disk.raw").capacity(Size.gib(1))
                        .allocation(Size.ofBytes(0))   // a volume created without allocation stays sparse
                        .build());
                disk.upload(image, UploadOptions.defaults().withSparse(true));    // holes sent as holes
                out.println("volume allocation after a sparse upload: " + disk.info().allocation().bytes());
                disk.download(back, DownloadOptions.defaults().withSparse(true)); // holes stay holes in back.raw
                out.println("downloaded back: " + Files.size(back) + " bytes, same as the image: "
                        + (Files.mismatch(image, back) == -1));
                // end:sparse
                disk.delete();
            } finally {
                pool.stop();
                pool.delete();
                pool.undefine();
                Files.deleteIfExists(back);
                Files.deleteIfExists(image);
            }
        }
    }
}
