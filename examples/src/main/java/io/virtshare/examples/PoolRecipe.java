package io.virtshare.examples;

import io.virtshare.storage.DownloadOptions;
import io.virtshare.libvirt.HostResult;
import io.virtshare.libvirt.LibvirtFailure;
import io.virtshare.libvirt.LibvirtHost;
import io.virtshare.libvirt.LibvirtOperationException;
import io.virtshare.libvirt.Pool;
import io.virtshare.storage.PoolInfo;
import io.virtshare.libvirt.PoolRollout;
import io.virtshare.storage.UploadOptions;
import io.virtshare.libvirt.Volume;
import io.virtshare.libvirt.Volumes;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Recipe: storage pools and volumes live through libvirt — connect, create a dir pool, read
 * its info, create and clone volumes, upload and download their bytes with progress,
 * resize and wipe, roll back a job that fails half way, apply one pool to many hosts, and
 * take it all down again. Quoted by {@code docs/pools-lifecycle.md}.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.PoolRecipe
 * [URI [WORKDIR]]} — {@code test:///default} (the default: libvirt's in-memory test driver,
 * which has no streams, resize or wipe) or {@code qemu:///system} (files really made under
 * WORKDIR).
 */
public final class PoolRecipe {
    private PoolRecipe() {
    }

    /** Runs the recipe on the URI given (default {@code test:///default}) under WORKDIR (default a new temporary directory). */
    public static void main(String[] args) throws IOException {
        String uri = args.length > 0 ? args[0] : "test:///default";
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("virtshare-pools-");
        run(uri, work, "recipe-images", System.out);
        if (args.length < 2) {
            Files.delete(work);   // the recipe leaves it empty
        }
    }

    /**
     * Runs the recipe on {@code uri}: the pool {@code name} lives in {@code work/images}, and
     * every pool and volume it makes is gone when it returns.
     */
    public static void run(String uri, Path work, String name, PrintStream out) throws IOException {
        // snippet:connect
        try (LibvirtHost host = LibvirtHost.connect(uri)) {   // or qemu:///system, qemu+ssh://root@kvm1/system
            out.println("connected to " + host.hypervisor() + " on libvirt " + host.libvirtVersion());
            lifecycle(host, work, name, out);
        }
        // end:connect
    }

    private static void lifecycle(LibvirtHost host, Path work, String name, PrintStream out) throws IOException {
        // snippet:create
        PoolSpec spec = PoolSpec.dir(name).target(work.resolve("images")).build();
        Pool pool = host.pools().create(spec);          // define, build, start — undone if a step fails
        PoolInfo info = pool.info();
        out.println(pool.name() + " " + info.state() + ": " + info.available().bytes() / (1 << 20) + " MiB of "
                + info.capacity().bytes() / (1 << 20) + " MiB free");
        // end:create

        // snippet:volumes
        Volumes volumes = pool.volumes();
        Volume disk = volumes.create(VolumeSpec.builder("disk.qcow2").capacity(Size.gib(1))
                .target(VolumeTarget.of(FormatType.QCOW2)).build());
        Volume copy = volumes.clone(disk, "copy.qcow2");     // a new volume with disk's data and format
        for (Volume v : volumes.list()) {
            out.println(v.name() + " at " + v.path() + ": " + v.info().capacity().bytes() + " bytes");
        }
        copy.delete();
        // end:volumes

        streams(host, volumes, work, out);
        rollback(host, work, name, out);
        rollout(host, spec, out);

        // snippet:teardown
        volumes.list().forEach(Volume::delete);
        pool.stop();          // libvirt's "destroy": deactivates (unmounts an fs pool); data stays
        pool.delete();        // removes the directory the build made (it must be empty)
        pool.undefine();
        // end:teardown
        out.println("pool " + name + " defined: " + host.pools().lookup(name).isPresent());
    }

    private static void streams(LibvirtHost host, Volumes volumes, Path work, PrintStream out) throws IOException {
        byte[] bytes = new byte[4 << 20];
        new Random(7).nextBytes(bytes);
        Path source = Files.write(work.resolve("data.bin"), bytes);
        Path back = work.resolve("back.bin");
        // snippet:streams
        Volume raw = volumes.create(VolumeSpec.builder("data.raw").capacity(Size.mib(4)).build());
        ProgressListener progress = p -> out.println(p.operation() + " " + p.item() + ": " + p.bytesDone() + " bytes"
                + (p.itemsDone() == p.itemsTotal() ? ", done" : ""));
        Cancellation cancellation = new Cancellation();   // cancellation.cancel() from another thread stops it
        try {
            raw.upload(source, UploadOptions.defaults().withProgress(progress)
                    .withCancellation(cancellation));    // through a libvirt stream: works on remote hosts too
            Volume twin = volumes.clone(raw, "twin.raw");
            twin.download(back, DownloadOptions.defaults().withProgress(progress)
                    .withCancellation(cancellation));  // the file appears only when complete
            out.println("the clone holds the uploaded bytes: " + Arrays.equals(Files.readAllBytes(back), bytes));
            raw.resize(Size.mib(8));
            raw.wipe();                                   // zeros over the whole volume
            twin.delete();
        } catch (LibvirtOperationException e) {
            if (e.failure() != LibvirtFailure.NOT_SUPPORTED) {
                throw e;
            }
            out.println("not on " + host.uri() + ": " + e.getMessage());   // the test driver has no streams
        }
        raw.delete();
        // end:streams
        Files.deleteIfExists(back);
        Files.delete(source);
    }

    private static void rollback(LibvirtHost host, Path work, String name, PrintStream out) {
        // snippet:rollback
        Pool scratch = host.pools().create(PoolSpec.dir(name + "-scratch")
                .target(work.resolve("scratch")).build());
        try {
            scratch.volumes().create(VolumeSpec.builder("a.raw").capacity(Size.mib(1)).build());
            scratch.volumes().create(VolumeSpec.builder("a.raw").capacity(Size.mib(1)).build());
        } catch (LibvirtOperationException e) {
            out.println(e.failure() + ": " + e.getMessage());   // ALREADY_EXISTS: a volume a.raw exists
            scratch.volumes().list().forEach(Volume::delete);    // undo this job, last step first
            scratch.stop();
            scratch.delete();
            scratch.undefine();
        }
        // end:rollback
        out.println("pool " + scratch.name() + " defined: " + host.pools().lookup(scratch.name()).isPresent());
    }

    private static void rollout(LibvirtHost host, PoolSpec spec, PrintStream out) {
        // snippet:rollout
        List<String> hosts = List.of(host.uri(), "qemu+tcp://kvm-no-such-host.invalid/system");
        PoolRollout rollout = PoolRollout.builder().parallelism(8).timeout(Duration.ofMinutes(1)).build();
        for (HostResult result : rollout.apply(spec, hosts)) {
            if (result instanceof HostResult.Applied applied) {
                out.println(applied.uri() + ": " + applied.pool().state() + (applied.created() ? ", created"
                        : ", was there already"));
            } else if (result instanceof HostResult.Failed failed) {
                out.println(failed.uri() + ": " + failed.cause().getMessage());   // the others still got it
            }
        }
        // end:rollout
    }
}
