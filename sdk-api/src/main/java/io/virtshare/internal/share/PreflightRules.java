package io.virtshare.internal.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.GuestDisk;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.ShareProblem.Rule;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VmShares;
import io.virtshare.share.WritableOverlay;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pre-flight rules over a VM's shares, guest disks and overlay that a {@link VmShares}
 * cannot check when it is made: socket path lengths, sources on the host (present, a
 * directory, ZFS properties), options the virtiofsd flavour rejects, and where the
 * overlay's upper layer lives. Every problem is collected. (Duplicate tags, sockets,
 * mount points and disks are refused when the value is made.)
 */
public final class PreflightRules {
    /** {@code sizeof(sun_path) - 1}: the longest socket path the kernel accepts. */
    public static final int SOCKET_PATH_MAX = 107;

    private final Optional<VirtiofsdFlavour> flavour;
    private final ZfsCheck zfs;

    /**
     * @param flavour the virtiofsd flavour whose options are checked, when known
     * @param zfs the ZFS property check
     */
    public PreflightRules(Optional<VirtiofsdFlavour> flavour, ZfsCheck zfs) {
        this.flavour = flavour;
        this.zfs = zfs;
    }

    /** The rules on this host, with the flavour's options checked when it is given. */
    public static PreflightRules onThisHost(Optional<VirtiofsdFlavour> flavour) {
        return new PreflightRules(flavour, ZfsCheck.onThisHost());
    }

    /** Every problem found, in the order of the shares, then the overlay. */
    public List<ShareProblem> check(VmShares vm) {
        List<ShareProblem> problems = new ArrayList<>();
        for (Share share : vm.shares()) {
            checkSource(vm, share, problems);
            if (share.protocol() == ShareProtocol.VIRTIOFS) {
                checkSocket(vm, share, problems);
                flavour.ifPresent(f -> checkFlavour(f, vm, share, problems));
            }
        }
        vm.overlay().ifPresent(overlay -> checkOverlay(overlay, vm, problems));
        return List.copyOf(problems);
    }

    private void checkSource(VmShares vm, Share share, List<ShareProblem> problems) {
        Path source = vm.source(share);
        if (!Files.exists(source)) {
            String hint = share.source().isAbsolute() ? "" : " (relative sources resolve against the state directory "
                    + vm.stateDirectory() + ")";
            problems.add(new ShareProblem(Rule.SOURCE_MISSING, share.tag(), "source " + source + " does not exist"
                    + hint + "; create it or fix the share's source"));
            return;
        }
        if (!Files.isDirectory(source)) {
            problems.add(new ShareProblem(Rule.SOURCE_NOT_DIRECTORY, share.tag(), "source " + source + " is not a"
                    + " directory; shares export directory trees (use a GuestDisk for an image file)"));
            return;
        }
        if (share.protocol() == ShareProtocol.VIRTIOFS) {
            try {
                zfs.problem(source.toRealPath()).ifPresent(p -> problems.add(new ShareProblem(Rule.ZFS_PROPERTIES,
                        share.tag(), "source " + source + " " + p)));
            } catch (IOException e) {
                problems.add(new ShareProblem(Rule.SOURCE_MISSING, share.tag(), "source " + source + " cannot be"
                        + " resolved (" + e.getMessage() + "); check that it exists and is readable"));
            }
        }
    }

    private static void checkSocket(VmShares vm, Share share, List<ShareProblem> problems) {
        Path socket = vm.socket(share);
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SOCKET_PATH_MAX) {
            problems.add(new ShareProblem(Rule.SOCKET_PATH_TOO_LONG, share.tag(), "socket path " + socket + " is "
                    + bytes + " bytes; Unix sockets allow " + SOCKET_PATH_MAX + ": use a shorter state directory or"
                    + " VirtiofsOptions.withSocket(a shorter path, e.g. under /run)"));
        }
    }

    private static void checkFlavour(VirtiofsdFlavour daemon, VmShares vm, Share share, List<ShareProblem> problems) {
        try {
            VirtiofsdArguments.of(daemon, vm, share);
        } catch (InvalidSpecException e) {
            problems.add(new ShareProblem(Rule.FLAVOUR_REJECTS_OPTION, share.tag(), e.getMessage()));
        }
    }

    private static void checkOverlay(WritableOverlay overlay, VmShares vm, List<ShareProblem> problems) {
        Path writable = overlay.writable().normalize();
        Share onShare = null;
        GuestDisk onDisk = null;
        int depth = -1;
        for (Share share : vm.shares()) {
            Path point = share.mountPoint().normalize();
            if (writable.startsWith(point) && point.getNameCount() > depth) {
                depth = point.getNameCount();
                onShare = share;
                onDisk = null;
            }
        }
        for (GuestDisk disk : vm.disks()) {
            Path point = disk.mountPoint().normalize();
            if (writable.startsWith(point) && point.getNameCount() >= depth) {
                depth = point.getNameCount();
                onDisk = disk;
                onShare = null;
            }
        }
        String subject = overlay.mountPoint().toString();
        if (onShare != null) {
            String protocol = onShare.options() instanceof NinePOptions ? "9p" : "virtiofs";
            problems.add(new ShareProblem(Rule.OVERLAY_UPPER_ON_SHARE, subject, "the overlay's upper layer "
                    + overlay.upperDir() + " would be on the " + protocol + " share '" + onShare.tag()
                    + "' (mounted at " + onShare.mountPoint() + "); Linux overlayfs cannot use 9p or virtiofs as an"
                    + " upper layer: put a GuestDisk at " + overlay.writable()));
        } else if (onDisk == null) {
            problems.add(new ShareProblem(Rule.OVERLAY_UPPER_NOT_ON_DISK, subject, "the overlay's writable"
                    + " directory " + overlay.writable() + " is on no guest disk; add a GuestDisk mounted at "
                    + overlay.writable() + " (e.g. GuestDisk.of(Path.of(\"overlay.img\"), Path.of(\""
                    + overlay.writable() + "\"), 2048))"));
        }
    }
}
