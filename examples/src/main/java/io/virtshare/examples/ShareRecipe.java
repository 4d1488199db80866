package io.virtshare.examples;

import io.virtshare.share.GuestMount;
import io.virtshare.share.QemuArguments;
import io.virtshare.share.Share;
import io.virtshare.share.SharePreflight;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VirtiofsdArguments;
import io.virtshare.share.Volume;
import io.virtshare.share.WritableOverlay;
import io.virtshare.share.virtiofsd.RestartPolicy;
import io.virtshare.share.virtiofsd.Virtiofsd;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.share.virtiofsd.VirtiofsdGroup;
import io.virtshare.share.virtiofsd.VirtiofsdLauncher;
import io.virtshare.share.virtiofsd.VirtiofsdStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Recipe: a VM's shares from one spec — derive QEMU arguments, libvirt XML, the virtiofsd
 * command line and guest mounts; check everything before starting; create a volume for a
 * writable overlay; run one supervised virtiofsd per share; read a failed start. Quoted
 * by {@code docs/shares.md}. Needs virtiofsd (run as root) and mkfs.ext4.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.ShareRecipe [STATE_DIR]}.
 */
public final class ShareRecipe {
    private ShareRecipe() {
    }

    /** Runs the recipe with STATE_DIR as the VM's state directory (default: a new temporary directory). */
    public static void main(String[] args) throws IOException {
        Path state = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("virtshare-shares-");
        Files.createDirectories(state.resolve("home"));
        Path modelDir = SampleModel.write(state.resolve("models"));

        // snippet:spec
        Share home = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();  // <state>/home
        Share models = Share.virtiofs("models", modelDir, Path.of("/mnt/models"))
                .options(VirtiofsOptions.defaults().withCache("never").withThreadPoolSize(4))
                .build();
        Share store = Share.nixStore(ShareProtocol.NINE_P).build();      // /nix/store at /nix/.ro-store
        Volume rw = Volume.of(Path.of("nix-store-overlay.img"), Path.of("/nix/.rw-store"), 256).build();
        WritableOverlay overlay = WritableOverlay.nixStore(rw.mountPoint()); // upper layer on the volume
        // end:spec

        // snippet:derive
        List<String> qemu = QemuArguments.of(List.of(home, models, store), List.of(rw), 1024, state);
        VirtiofsdBinary daemon = VirtiofsdBinary.find().orElseThrow();
        List<String> virtiofsd = VirtiofsdArguments.of(daemon.flavour(), models, state);
        String xml = models.filesystem(state).toXml();                    // for libvirt instead of QEMU
        System.out.println(String.join(" ", qemu));
        System.out.println(daemon.path() + " " + String.join(" ", virtiofsd));
        System.out.println(xml);
        System.out.println(GuestMount.of(models).fstabLine());            // models /mnt/models virtiofs ...
        System.out.println(GuestMount.of(rw).fstabLine());                // /dev/disk/by-id/virtio-nix-store-overlay ...
        System.out.println(GuestMount.of(overlay).command());             // mkdir -p ... && mount -t overlay ...
        // end:derive

        // snippet:preflight
        SharePreflight preflight = SharePreflight.of(state).withFlavour(daemon.flavour());
        List<ShareProblem> problems = preflight.check(List.of(home, models, store), List.of(rw), List.of(overlay));
        problems.forEach(p -> System.err.println(p.rule() + " " + p.subject() + ": " + p.message()));
        // without Nix on this host: SOURCE_MISSING ro-store: source /nix/store does not exist; ...

        Share rwShare = Share.virtiofs("rw", Path.of("home"), Path.of("/nix/.rw-store")).build();
        try {
            preflight.validate(List.of(rwShare), List.of(), List.of(overlay));
        } catch (SharesRejectedException e) {
            System.err.println(e.getMessage());   // ... overlayfs cannot use 9p or virtiofs as an upper layer ...
        }
        // end:preflight

        // snippet:volume
        boolean created = rw.create(state);      // sparse 256 MiB file + mkfs.ext4; false when it exists
        System.out.println(rw.resolveImage(state) + (created ? " created" : " kept"));
        // end:volume

        // snippet:launch
        VirtiofsdLauncher launcher = Virtiofsd.launcher()
                .stateDirectory(state)                       // relative sources, sockets, one log per share
                .readyTimeout(Duration.ofSeconds(10))
                .restartPolicy(RestartPolicy.onFailure(3))   // crashes only; exit 0 = the VM went away
                .build();                                    // finds virtiofsd, detects its flavour
        try (VirtiofsdGroup daemons = launcher.startAll(List.of(home, models))) {
            daemons.states().forEach((tag, s) -> System.out.println(tag + ": " + s));
            // now start QEMU with the arguments above; each daemon serves one connection
        }                                                    // all stopped; sockets and pid files removed
        // end:launch

        // snippet:failure
        VirtiofsdLauncher broken = Virtiofsd.launcher().stateDirectory(state)
                .extraArguments("-o", "no_such_option").build();
        try (Virtiofsd d = broken.start(home)) {
            System.out.println(d.state());
        } catch (VirtiofsdStartException e) {
            System.err.println(e.state().failure() + ": " + e.state().failure().advice());
            e.state().lastLogLines().forEach(line -> System.err.println("  " + line));
            System.err.println("full log: " + e.log());
        }
        // end:failure
    }
}
