package io.virtshare.examples;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.VirtShare;
import io.virtshare.progress.Cancellation;
import io.virtshare.progress.ProgressListener;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.FormatType;
import io.virtshare.storage.HostResult;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolDeclaration;
import io.virtshare.storage.PoolInfo;
import io.virtshare.storage.PoolReconcile;
import io.virtshare.storage.PoolRollout;
import io.virtshare.storage.PoolSource;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.ReconcileReport;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.storage.Volumes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Recipe: storage pools and volumes live through the libvirt backend — open it, create a dir pool, read
 * its info, create and clone volumes, upload and download their bytes with progress,
 * resize and wipe, roll back a job that fails half way, apply one pool to many hosts,
 * reconcile declared pools across hosts (dry run, then apply), and take it all down again. Quoted by {@code docs/pools-lifecycle.md}.
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
        try (VirtShare vs = VirtShare.builder().home(work).backend("libvirt")
                .uri(uri).build()) {   // or qemu:///system, qemu+ssh://root@kvm1/system
            out.println("connected to " + vs.target() + " through the " + vs.backend() + " backend, libvirt "
                    + vs.features().version().orElse("?"));
            lifecycle(vs, work, name, out);
        }
        // end:connect
    }

    private static void lifecycle(VirtShare vs, Path work, String name, PrintStream out) throws IOException {
        // snippet:create
        PoolSpec spec = PoolSpec.dir(name).target(work.resolve("images")).build();
        Pool pool = vs.pools().create(spec);            // define, build, start — undone if a step fails
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

        streams(vs, volumes, work, out);
        rollback(vs, work, name, out);
        rollout(vs, spec, out);
        reconcile(vs, spec, out);
        discover(vs, out);

        // snippet:teardown
        volumes.list().forEach(Volume::delete);
        pool.stop();          // libvirt's "destroy": deactivates (unmounts an fs pool); data stays
        pool.delete();        // removes the directory the build made (it must be empty)
        pool.undefine();
        // end:teardown
        out.println("pool " + name + " defined: " + vs.pools().find(name).isPresent());
    }

    private static void streams(VirtShare vs, Volumes volumes, Path work, PrintStream out) throws IOException {
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
        } catch (BackendException e) {
            if (e.failure() != BackendFailure.NOT_SUPPORTED) {
                throw e;
            }
            out.println("not on " + e.target() + ": " + e.getMessage());   // the test driver has no streams
        }
        raw.delete();
        // end:streams
        Files.deleteIfExists(back);
        Files.delete(source);
    }

    private static void rollback(VirtShare vs, Path work, String name, PrintStream out) {
        // snippet:rollback
        Pool scratch = vs.pools().create(PoolSpec.dir(name + "-scratch")
                .target(work.resolve("scratch")).build());
        try {
            scratch.volumes().create(VolumeSpec.builder("a.raw").capacity(Size.mib(1)).build());
            scratch.volumes().create(VolumeSpec.builder("a.raw").capacity(Size.mib(1)).build());
        } catch (BackendException e) {
            out.println(e.failure() + ": " + e.getMessage());   // ALREADY_EXISTS: a volume a.raw exists
            scratch.volumes().list().forEach(Volume::delete);    // undo this job, last step first
            scratch.stop();
            scratch.delete();
            scratch.undefine();
        }
        // end:rollback
        out.println("pool " + scratch.name() + " defined: " + vs.pools().find(scratch.name()).isPresent());
    }

    private static void rollout(VirtShare vs, PoolSpec spec, PrintStream out) {
        // snippet:rollout
        List<String> hosts = List.of(vs.target(), "qemu+tcp://kvm-no-such-host.invalid/system");
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

    private static void reconcile(VirtShare vs, PoolSpec spec, PrintStream out) {
        // snippet:reconcile
        List<PoolDeclaration> declared = List.of(PoolDeclaration.of(spec,
                VolumeSpec.builder("declared.raw").capacity(Size.mib(1)).build()).withAutostart(true));
        List<String> hosts = List.of(vs.target(), "qemu+tcp://kvm-no-such-host.invalid/system");
        PoolReconcile reconcile = PoolReconcile.builder().connectTimeout(Duration.ofSeconds(10)).build();
        for (ReconcileReport report : reconcile.plan(declared, hosts)) {   // a dry run: changes nothing
            report.drift().forEach(d -> out.println(report.uri() + ": drift " + d.describe()));
            report.changes().forEach(c -> out.println(report.uri() + ": would " + c.describe()));
            report.refusals().forEach(r -> out.println(report.uri() + ": refused: " + r.reason()));
            report.error().ifPresent(e -> out.println(report.uri() + ": " + e.getMessage()));
        }
        for (ReconcileReport report : reconcile.apply(declared, hosts)) {
            out.println(report.uri() + ": " + (report.nothingToDo() ? "nothing to do"
                    : report.error().map(e -> "not reconciled: " + e.failure())
                            .orElse(report.changes().size() + " changes made")));
        }
        // end:reconcile
    }

    private static void discover(VirtShare vs, PrintStream out) {
        // snippet:discover
        try {
            for (PoolSource found : vs.pools().discoverSources(PoolType.LOGICAL, Optional.empty())) {
                PoolSource.Logical vg = (PoolSource.Logical) found;
                PoolSpec onIt = PoolSpec.builder(PoolType.LOGICAL).name("pool-on-" + vg.name().orElse("vg"))
                        .source(vg).build();                 // ready to define
                out.println("volume group " + vg.name().orElse("?") + " on " + vg.devices().size() + " devices: "
                        + vs.xml().writePool(onIt).lines().count() + " lines of pool XML");
            }
        } catch (BackendException e) {
            out.println("no discovery: " + e.getMessage());  // e.g. the pool type has none (NOT_SUPPORTED)
        }
        // end:discover
    }
}
