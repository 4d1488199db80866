package io.virtshare.examples;

import io.virtshare.VirtShare;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.share.GuestDisk;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.SharesRejectedException;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.WritableOverlay;
import io.virtshare.share.virtiofsd.RestartPolicy;
import io.virtshare.share.virtiofsd.Virtiofsd;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.share.virtiofsd.VirtiofsdCommand;
import io.virtshare.share.virtiofsd.VirtiofsdGroup;
import io.virtshare.share.virtiofsd.VirtiofsdLauncher;
import io.virtshare.share.virtiofsd.VirtiofsdStartException;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Recipe: a VM's shares as one value ({@link VmShares}: the state directory, shares, a guest
 * disk and a writable overlay) — derive QEMU arguments, libvirt XML, the virtiofsd command
 * lines and guest mounts; check everything before starting; create the guest disk for the
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
        Path state = (args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("virtshare-shares-"))
                .toAbsolutePath();
        Files.createDirectories(state.resolve("home"));
        Path modelDir = SampleModel.write(state.resolve("models"));

        // snippet:spec
        Share home = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();  // <state>/home
        Share models = Share.virtiofs("models", modelDir, Path.of("/mnt/models"))
                .options(VirtiofsOptions.defaults().withCache("never").withThreadPoolSize(4))
                .build();
        Share store = Share.nixStore(ShareProtocol.NINE_P).build();      // /nix/store at /nix/.ro-store
        GuestDisk rw = GuestDisk.of(Path.of("nix-store-overlay.img"), Path.of("/nix/.rw-store"), 256).build();
        VmShares vm = VmShares.builder(state)                            // the state directory, once
                .share(home).share(models).share(store)
                .disk(rw)
                .overlay(WritableOverlay.nixStore(rw.mountPoint()))      // upper layer on the guest disk
                .build();                                                // duplicate tags, sockets: refused here
        // end:spec

        // snippet:derive
        List<String> qemu = vm.qemuArguments(1024);
        VirtiofsdBinary daemon = VirtiofsdBinary.find().orElseThrow();
        List<VirtiofsdCommand> virtiofsd = vm.virtiofsdCommands(daemon.flavour());
        List<FilesystemDevice> libvirt = vm.filesystems(LibvirtFeatures.unknown());   // for libvirt instead of QEMU
        System.out.println(String.join(" ", qemu));
        virtiofsd.forEach(c -> System.out.println(daemon.path() + " " + String.join(" ", c.arguments())));
        libvirt.forEach(fs -> System.out.println(XmlCodec.defaults().writeFilesystem(fs)));
        vm.guestMounts().forEach(m -> System.out.println(m.fstabLine()));   // shares, the disk, the overlay
        System.out.print(vm.cloudInitMounts());                               // mounts: - ["home", "/home", ...]
        // end:derive

        // snippet:preflight
        List<ShareProblem> problems = vm.problems(daemon.flavour());
        problems.forEach(p -> System.err.println(p.rule() + " " + p.subject() + ": " + p.message()));
        // without Nix on this host: SOURCE_MISSING ro-store: source /nix/store does not exist; ...

        Share rwShare = Share.virtiofs("rw", Path.of("home"), Path.of("/nix/.rw-store")).build();
        VmShares onShare = VmShares.builder(state).share(rwShare).overlay(WritableOverlay.nixStore(rw.mountPoint()))
                .build();
        try {
            onShare.check();
        } catch (SharesRejectedException e) {
            System.err.println(e.getMessage());   // ... overlayfs cannot use 9p or virtiofs as an upper layer ...
        }
        // end:preflight

        // snippet:disk
        List<Path> created = vm.createDisks();   // sparse 256 MiB file + mkfs.ext4; none when they exist
        System.out.println(vm.image(rw) + (created.contains(vm.image(rw)) ? " created" : " kept"));
        // end:disk

        // snippet:launch
        VirtiofsdLauncher launcher = Virtiofsd.launcher()   // sockets, one log per share: in the state directory
                .readyTimeout(Duration.ofSeconds(10))
                .restartPolicy(RestartPolicy.onFailure(3))   // crashes only; exit 0 = the VM went away
                .build();                                    // finds virtiofsd, detects its flavour
        VmShares noStore = vm.withoutShare(store.tag());    // startAll checks first: no /nix/store without Nix
        try (VirtiofsdGroup daemons = launcher.startAll(noStore)) {     // one daemon per virtiofs share
            daemons.states().forEach((tag, s) -> System.out.println(tag + ": " + s));
            // now start QEMU with the arguments above; each daemon serves one connection
        }                                                    // all stopped; sockets and pid files removed
        // end:launch

        // snippet:failure
        VirtiofsdLauncher broken = Virtiofsd.launcher().extraArguments("-o", "no_such_option").build();
        try (Virtiofsd d = broken.start(vm, home)) {
            System.out.println(d.state());
        } catch (VirtiofsdStartException e) {
            System.err.println(e.state().failure() + ": " + e.state().failure().advice());
            e.state().lastLogLines().forEach(line -> System.err.println("  " + line));
            System.err.println("full log: " + e.log());
        }
        // end:failure

        // snippet:vm
        try (VirtShare vs = VirtShare.open(state.resolve("virtshare"))) {     // the backend: see docs/backends.md
            Vm web = vs.vms().define(VmSpec.builder("web").memoryMib(1024)
                    .shares(VmShares.builder(state).share(home).share(models).build())
                    .build());                                                  // pre-flight checks first
            System.out.println(vs.backend() + ": " + web.filesystems(DeviceScope.CONFIG).size() + " shares in "
                    + web.name() + "'s definition");       // with the shared memory virtiofs needs
        }
        // end:vm
    }
}
