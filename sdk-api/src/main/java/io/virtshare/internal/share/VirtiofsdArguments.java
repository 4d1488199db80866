package io.virtshare.internal.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtiofsd arguments for one share, in the syntax of the daemon's flavour: the legacy
 * C daemon (QEMU &le; 7.2) takes {@code -o source=DIR,cache=…}, the Rust daemon takes long
 * options. Options a flavour does not accept are refused with the reason.
 */
public final class VirtiofsdArguments {
    private VirtiofsdArguments() {
    }

    /**
     * The arguments (without the binary) for {@code share} of {@code vm}.
     *
     * @throws InvalidSpecException when the share is 9p, or uses what this flavour lacks
     */
    public static List<String> of(VirtiofsdFlavour flavour, VmShares vm, Share share) {
        if (!(share.options() instanceof VirtiofsOptions v)) {
            throw new InvalidSpecException("share '" + share.tag() + "' is 9p; QEMU serves it, no virtiofsd needed");
        }
        Path dir = vm.source(share);
        Path socket = vm.socket(share);
        List<String> args = new ArrayList<>();
        if (flavour == VirtiofsdFlavour.C) {
            if (v.cache().equals("metadata")) {
                throw new InvalidSpecException("share '" + share.tag() + "': cache=metadata needs the Rust virtiofsd;"
                        + " the C daemon knows none, auto and always");
            }
            if (share.readOnly()) {
                throw new InvalidSpecException("share '" + share.tag() + "': the C virtiofsd has no read-only mode;"
                        + " use the Rust virtiofsd, mount read-only in the guest, or share through 9p with"
                        + " readonly=on");
            }
            args.add("--socket-path=" + socket);
            args.addAll(List.of("-o", "source=" + dir));
            args.addAll(List.of("-o", "cache=" + (v.cache().equals("never") ? "none" : v.cache())));
            args.addAll(List.of("-o", v.xattr() ? "xattr" : "no_xattr"));
            args.addAll(List.of("-o", "sandbox=namespace"));
            if (v.posixLock()) {
                args.addAll(List.of("-o", "posix_lock"));
            }
            if (v.flock()) {
                args.addAll(List.of("-o", "flock"));
            }
            v.threadPoolSize().ifPresent(n -> args.add("--thread-pool-size=" + n));
        } else {
            if (v.posixLock() || v.flock()) {
                throw new InvalidSpecException("share '" + share.tag() + "': the Rust virtiofsd serves no POSIX or"
                        + " flock locks (libvirt refuses <lock> with it too); drop withLocks(...) or use the C"
                        + " virtiofsd");
            }
            args.addAll(List.of("--socket-path", socket.toString()));
            args.addAll(List.of("--shared-dir", dir.toString()));
            args.addAll(List.of("--cache", v.cache().equals("none") ? "never" : v.cache()));
            if (v.xattr()) {
                args.add("--xattr");
            }
            args.addAll(List.of("--sandbox", "namespace"));
            v.threadPoolSize().ifPresent(n -> args.addAll(List.of("--thread-pool-size", Integer.toString(n))));
            if (share.readOnly()) {
                args.add("--readonly");
            }
        }
        return List.copyOf(args);
    }
}
