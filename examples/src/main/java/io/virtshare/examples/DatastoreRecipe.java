package io.virtshare.examples;

import io.virtshare.VirtShare;
import io.virtshare.datastore.ArchiveRejectedException;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.DatastoreUsage;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImageUsage;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.datastore.PathNotAllowedException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.progress.Cancellation;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VmShares;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recipe: a SharedFS datastore from start to end, reached through {@link VirtShare} —
 * create it, register a directory and a tarball, clone, measure, delete, give an image to
 * a VM, and the errors a user meets. Quoted by {@code docs/datastores.md}.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.DatastoreRecipe [DIR]}.
 */
public final class DatastoreRecipe {
    private DatastoreRecipe() {
    }

    /** Runs the recipe in DIR (default: a new temporary directory). */
    public static void main(String[] args) throws IOException {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("virtshare-datastore-");
        Path sources = Files.createDirectories(work.resolve("sources"));
        Path model = SampleModel.write(sources.resolve("tiny-model"));
        Path tarball = SampleModel.tarGz(model, sources.resolve("tiny-model.tar.gz"));

        try (VirtShare vs = VirtShare.open(work)) {
            walk(vs, work, sources, model, tarball);
        }
    }

    private static void walk(VirtShare vs, Path work, Path sources, Path model, Path tarball) throws IOException {
        // snippet:create
        Datastore ds = vs.datastores().create(work.resolve("datastore"),
                DatastoreSpec.sharedFs("ai-models")
                        .safeDirs(sources.toString())        // sources may come from here only
                        .restrictedDirs("/", "/boot", "/etc")
                        .limitMb(10_000)                      // the datastore holds at most 10 GB
                        .build());
        // end:create

        // snippet:register
        Image fromDir = ds.images().register(model.toString());
        Cancellation cancel = new Cancellation();          // cancel.cancel() from another thread stops it
        Image fromTar = ds.images().register(tarball.toString(), ImportOptions.defaults()
                .withName("tiny-model-archive")
                .withProgress(p -> System.err.printf("%s %d/%d bytes%n", p.operation(), p.bytesDone(),
                        p.bytesTotal()))
                .withCancellation(cancel));
        System.out.println(fromDir.id() + " " + fromDir.state() + " " + fromDir.path());
        // end:register

        // snippet:clone
        Image tuned = ds.images().clone(fromDir, "tiny-model-ft");
        ImageUsage usage = ds.images().usage(tuned);
        DatastoreUsage monitor = ds.monitor();
        System.out.println(usage.sizeMb() + " MB in " + usage.files() + " files; datastore "
                + monitor.usedMb() + "/" + monitor.totalMb() + " MB used");
        ds.images().delete(fromTar);
        // end:clone

        // snippet:attach
        Vm vm = vs.vms().define(VmSpec.builder("tuner").shares(VmShares.none(vs.stateDirectory("tuner"))).build());
        FilesystemDevice fs = vm.attach(tuned.filesystem("models"), DeviceScope.CONFIG);   // virtiofs, tag "models"
        // the VM's definition now has the <filesystem> and <memoryBacking> with memfd + shared access;
        // in the guest: mount -t virtiofs -o ro models /mnt/models
        FilesystemDevice store = tuned.filesystem(ShareProtocol.NINE_P, "store", true, LibvirtFeatures.unknown());
        // read-only on the host side: 9p with <readonly/>, which every libvirt accepts; read-only
        // virtiofs needs libvirt 11.0.0 (pass vs.features() of such a host instead of unknown())
        // end:attach
        System.out.println(vm.xml(DeviceScope.CONFIG));
        System.out.println(vs.xml().writeFilesystem(fs) + vs.xml().writeFilesystem(store));

        // snippet:errors
        try {
            ds.images().register("/etc");
        } catch (PathNotAllowedException e) {
            System.out.println(e.getMessage()); // names RESTRICTED_DIRS and says to add the path to SAFE_DIRS
        }
        Path evil = Files.write(sources.resolve("evil.tar"), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 't', 'a', 'r'});
        try {
            ds.images().register(evil.toString());
        } catch (ArchiveRejectedException e) {
            System.out.println(e.getMessage()); // nothing was kept: no image, no partial tree
        }
        // end:errors

        // snippet:reopen
        Datastore again = vs.datastores().get(work.resolve("datastore")); // any process, any host mounting BASE_PATH
        again.images().list().forEach(i -> System.out.println(i.id() + " " + i.name() + " " + i.state()));
        // end:reopen
    }
}
