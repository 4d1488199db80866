package io.virtshare.share;

import java.util.Objects;

/**
 * One problem found in a VM's shares, guest disks or overlay — when the {@link VmShares}
 * value was made (duplicates) or by its pre-flight checks ({@link VmShares#problems()}):
 * which rule, which share (or disk, overlay), and a message that says what to do.
 *
 * <pre>{@code
 * for (ShareProblem p : vm.problems()) {   // vm: a VmShares
 *     System.err.println(p.subject() + ": " + p.message());
 * }
 * }</pre>
 *
 * @param rule the rule broken
 * @param subject the tag of the share, or the image of the guest disk, or the overlay's mount point
 * @param message what is wrong and what to do
 */
public record ShareProblem(Rule rule, String subject, String message) {

    public ShareProblem {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    /** The pre-flight rules. (Tag lengths are enforced when a {@link Share} is built.) */
    public enum Rule {
        /** Two shares use one tag (refused when the {@link VmShares} is made). */
        DUPLICATE_TAG,
        /** Two virtiofs shares use one socket (refused when the {@link VmShares} is made). */
        DUPLICATE_SOCKET,
        /** The socket path is longer than {@code sun_path} allows (107 bytes). */
        SOCKET_PATH_TOO_LONG,
        /** The source does not exist. */
        SOURCE_MISSING,
        /** The source is not a directory. */
        SOURCE_NOT_DIRECTORY,
        /** The source is on ZFS without {@code xattr=sa} and {@code acltype=posixacl}. */
        ZFS_PROPERTIES,
        /** The virtiofsd flavour does not accept an option of the share. */
        FLAVOUR_REJECTS_OPTION,
        /** Two shares or guest disks are mounted at one guest path (refused when the {@link VmShares} is made). */
        DUPLICATE_MOUNT_POINT,
        /** Two guest disks use one image file or one serial (refused when the {@link VmShares} is made). */
        DUPLICATE_DISK,
        /** An overlay's upper layer would live on a 9p or virtiofs share. */
        OVERLAY_UPPER_ON_SHARE,
        /** An overlay's upper layer is on no guest disk. */
        OVERLAY_UPPER_NOT_ON_DISK
    }
}
