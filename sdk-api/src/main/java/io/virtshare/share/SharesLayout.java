package io.virtshare.share;

import io.virtshare.share.ShareProblem.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a VM's shares and disks live on the host and in the guest, and the rules a
 * {@link VmShares} keeps when it is made: one tag, one socket and one mount point per
 * share, one image and one serial per guest disk. Pure: nothing here touches the host.
 */
final class SharesLayout {
    private SharesLayout() {
    }

    /** {@code path} as an absolute path: relative paths resolve against {@code stateDirectory}. */
    static Path resolve(Path stateDirectory, Path path) {
        return path.isAbsolute() ? path.normalize() : stateDirectory.resolve(path).toAbsolutePath().normalize();
    }

    /** The vhost-user socket of a virtiofs share: the explicit one, or {@code <state>/virtiofs-<tag>.sock}. */
    static Path socket(Path stateDirectory, Share share) {
        if (share.options() instanceof VirtiofsOptions v && v.socket().isPresent()) {
            return resolve(stateDirectory, v.socket().get());
        }
        return resolve(stateDirectory, Path.of("virtiofs-" + share.tag() + ".sock"));
    }

    /** The duplicates among the shares and disks, in their order; empty when there are none. */
    static List<ShareProblem> duplicates(Path stateDirectory, List<Share> shares, List<GuestDisk> disks) {
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
            mountPoint(share.mountPoint(), tag, "share '" + tag + "'", mountPoints, problems);
            if (share.protocol() == ShareProtocol.VIRTIOFS) {
                Path socket = socket(stateDirectory, share);
                String other = sockets.putIfAbsent(socket, tag);
                if (other != null) {
                    problems.add(new ShareProblem(Rule.DUPLICATE_SOCKET, tag, "uses the socket " + socket + " like"
                            + " share '" + other + "'; one virtiofsd serves one share: give each share its own"
                            + " socket"));
                }
            }
        }
        Map<Path, String> images = new HashMap<>();
        Map<String, String> serials = new HashMap<>();
        for (GuestDisk disk : disks) {
            Path image = resolve(stateDirectory, disk.image());
            String subject = image.toString();
            if (images.putIfAbsent(image, subject) != null) {
                problems.add(new ShareProblem(Rule.DUPLICATE_DISK, subject, "two guest disks use this image; a"
                        + " file system on a block device belongs to one mount: give each disk its own image"));
            } else if (serials.putIfAbsent(disk.serial(), subject) != null) {
                problems.add(new ShareProblem(Rule.DUPLICATE_DISK, subject, "has the serial '" + disk.serial()
                        + "' like " + serials.get(disk.serial()) + "; the guest finds disks by serial: rename one"
                        + " image (the serial is its name without extension, 20 characters at most)"));
            }
            mountPoint(disk.mountPoint(), subject, "guest disk " + subject, mountPoints, problems);
        }
        return List.copyOf(problems);
    }

    private static void mountPoint(Path point, String subject, String what, Map<Path, String> mountPoints,
            List<ShareProblem> problems) {
        String previous = mountPoints.putIfAbsent(point.normalize(), what);
        if (previous != null) {
            problems.add(new ShareProblem(Rule.DUPLICATE_MOUNT_POINT, subject, "mounts at " + point + " like "
                    + previous + "; give each its own mount point"));
        }
    }
}
