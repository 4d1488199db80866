package io.virtshare.internal.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProblem;
import io.virtshare.share.ShareProblem.Rule;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VirtiofsdArguments;
import io.virtshare.share.Volume;
import io.virtshare.share.WritableOverlay;
import io.virtshare.share.virtiofsd.VirtiofsdFlavour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pre-flight rules over a VM's shares, volumes and overlays; every problem is collected. */
public final class PreflightRules {
    /** {@code sizeof(sun_path) - 1}: the longest socket path the kernel accepts. */
    public static final int SOCKET_PATH_MAX = 107;

    private final Path stateDirectory;
    private final Optional<VirtiofsdFlavour> flavour;
    private final ZfsCheck zfs;

    /**
     * @param stateDirectory the VM's state directory
     * @param flavour the virtiofsd flavour whose options are checked, when known
     * @param zfs the ZFS property check
     */
    public PreflightRules(Path stateDirectory, Optional<VirtiofsdFlavour> flavour, ZfsCheck zfs) {
        this.stateDirectory = stateDirectory;
        this.flavour = flavour;
        this.zfs = zfs;
    }

    /** Every problem found, in the order of the shares, then volumes, then overlays. */
    public List<ShareProblem> check(List<Share> shares, List<Volume> volumes, List<WritableOverlay> overlays) {
        List<ShareProblem> problems = new ArrayList<>();
        Map<String, String> tags = new HashMap<>();
        Map<Path, String> sockets = new HashMap<>();
        Map<Path, String> mountPoints = new HashMap<>();
        for (Share share : shares) {
            String tag = share.tag();
            if (tags.putIfAbsent(tag, tag) != null) {
                problems.add(new ShareProblem(Rule.DUPLICATE_TAG, tag, "two shares use the tag '" + tag + "'; the"
                        + " guest could not tell them apart: give each share its own tag"));
            }
            String previous = mountPoints.putIfAbsent(share.mountPoint().normalize(), "share '" + tag + "'");
            if (previous != null) {
                problems.add(new ShareProblem(Rule.DUPLICATE_MOUNT_POINT, tag, "mounts at " + share.mountPoint()
                        + " like " + previous + "; give each its own mount point"));
            }
            checkSource(share, problems);
            if (share.protocol() == ShareProtocol.VIRTIOFS) {
                checkSocket(share, sockets, problems);
                flavour.ifPresent(f -> checkFlavour(f, share, problems));
            }
        }
        Map<Path, String> images = new HashMap<>();
        Map<String, String> serials = new HashMap<>();
        for (Volume volume : volumes) {
            Path image = volume.resolveImage(stateDirectory);
            String subject = image.toString();
            if (images.putIfAbsent(image, subject) != null) {
                problems.add(new ShareProblem(Rule.DUPLICATE_VOLUME, subject, "two volumes use this image; a"
                        + " file system on a block device belongs to one mount: give each volume its own image"));
            } else if (serials.putIfAbsent(volume.serial(), subject) != null) {
                problems.add(new ShareProblem(Rule.DUPLICATE_VOLUME, subject, "has the serial '" + volume.serial()
                        + "' like " + serials.get(volume.serial()) + "; the guest finds disks by serial: rename one"
                        + " image (the serial is its name without extension, 20 characters at most)"));
            }
            String previous = mountPoints.putIfAbsent(volume.mountPoint().normalize(), "volume " + subject);
            if (previous != null) {
                problems.add(new ShareProblem(Rule.DUPLICATE_MOUNT_POINT, subject, "mounts at "
                        + volume.mountPoint() + " like " + previous + "; give each its own mount point"));
            }
        }
        for (WritableOverlay overlay : overlays) {
            checkOverlay(overlay, shares, volumes, problems);
        }
        return List.copyOf(problems);
    }

    private void checkSource(Share share, List<ShareProblem> problems) {
        Path source = share.resolveSource(stateDirectory);
        if (!Files.exists(source)) {
            String hint = share.source().isAbsolute() ? "" : " (relative sources resolve against the state directory "
                    + stateDirectory + ")";
            problems.add(new ShareProblem(Rule.SOURCE_MISSING, share.tag(), "source " + source + " does not exist"
                    + hint + "; create it or fix the share's source"));
            return;
        }
        if (!Files.isDirectory(source)) {
            problems.add(new ShareProblem(Rule.SOURCE_NOT_DIRECTORY, share.tag(), "source " + source + " is not a"
                    + " directory; shares export directory trees (use a Volume for an image file)"));
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

    private void checkSocket(Share share, Map<Path, String> sockets, List<ShareProblem> problems) {
        Path socket = share.socketPath(stateDirectory);
        String other = sockets.putIfAbsent(socket, share.tag());
        if (other != null) {
            problems.add(new ShareProblem(Rule.DUPLICATE_SOCKET, share.tag(), "uses the socket " + socket + " like"
                    + " share '" + other + "'; one virtiofsd serves one share: give each share its own socket"));
        }
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SOCKET_PATH_MAX) {
            problems.add(new ShareProblem(Rule.SOCKET_PATH_TOO_LONG, share.tag(), "socket path " + socket + " is "
                    + bytes + " bytes; Unix sockets allow " + SOCKET_PATH_MAX + ": use a shorter state directory or"
                    + " VirtiofsOptions.withSocket(a shorter path, e.g. under /run)"));
        }
    }

    private void checkFlavour(VirtiofsdFlavour daemon, Share share, List<ShareProblem> problems) {
        try {
            VirtiofsdArguments.of(daemon, share, stateDirectory);
        } catch (InvalidSpecException e) {
            problems.add(new ShareProblem(Rule.FLAVOUR_REJECTS_OPTION, share.tag(), e.getMessage()));
        }
    }

    private static void checkOverlay(WritableOverlay overlay, List<Share> shares, List<Volume> volumes,
            List<ShareProblem> problems) {
        Path writable = overlay.writable().normalize();
        Share onShare = null;
        Volume onVolume = null;
        int depth = -1;
        for (Share share : shares) {
            Path point = share.mountPoint().normalize();
            if (writable.startsWith(point) && point.getNameCount() > depth) {
                depth = point.getNameCount();
                onShare = share;
                onVolume = null;
            }
        }
        for (Volume volume : volumes) {
            Path point = volume.mountPoint().normalize();
            if (writable.startsWith(point) && point.getNameCount() >= depth) {
                depth = point.getNameCount();
                onVolume = volume;
                onShare = null;
            }
        }
        String subject = overlay.mountPoint().toString();
        if (onShare != null) {
            String protocol = onShare.options() instanceof NinePOptions ? "9p" : "virtiofs";
            problems.add(new ShareProblem(Rule.OVERLAY_UPPER_ON_SHARE, subject, "the overlay's upper layer "
                    + overlay.upperDir() + " would be on the " + protocol + " share '" + onShare.tag() + "' (mounted at "
                    + onShare.mountPoint() + "); Linux overlayfs cannot use 9p or virtiofs as an upper layer: put a"
                    + " Volume at " + overlay.writable()));
        } else if (onVolume == null) {
            problems.add(new ShareProblem(Rule.OVERLAY_UPPER_NOT_ON_VOLUME, subject, "the overlay's writable"
                    + " directory " + overlay.writable() + " is on no volume; add a Volume mounted at "
                    + overlay.writable() + " (e.g. Volume.of(Path.of(\"overlay.img\"), Path.of(\"" + overlay.writable()
                    + "\"), 2048))"));
        }
    }
}
