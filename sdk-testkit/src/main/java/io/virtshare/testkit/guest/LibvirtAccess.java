package io.virtshare.testkit.guest;

import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Under {@code qemu:///system} QEMU runs as an unprivileged user (Debian:
 * {@code libvirt-qemu}), and for 9p it is QEMU that opens the share's directory — so the
 * directory must be reachable and writable by that user. This checks the permission bits
 * for "others" before libvirt is asked, so the error says which directory and what to do
 * instead of QEMU's bare "Permission denied". (virtiofs is served by a virtiofsd libvirt
 * starts as root.)
 */
final class LibvirtAccess {
    private LibvirtAccess() {
    }

    /** What keeps libvirt's QEMU user from using {@code share}'s directory, if anything. */
    static Optional<String> problem(Share share, Path source) {
        if (share.protocol() != ShareProtocol.NINE_P) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> own = Files.getPosixFilePermissions(source);
            boolean writable = share.readOnly() || own.contains(PosixFilePermission.OTHERS_WRITE);
            if (!own.contains(PosixFilePermission.OTHERS_READ) || !own.contains(PosixFilePermission.OTHERS_EXECUTE)
                    || !writable) {
                return Optional.of(hint(share, source, source, share.readOnly() ? "o+rx" : "o+rwx"));
            }
            for (Path dir = source.getParent(); dir != null; dir = dir.getParent()) {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return Optional.of(hint(share, source, dir, "o+x"));
                }
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // cannot tell: let libvirt decide
        }
    }

    private static String hint(Share share, Path source, Path blocking, String mode) {
        return "9p share '" + share.tag() + "': libvirt's QEMU runs as an unprivileged user (Debian: libvirt-qemu) and"
                + " cannot use " + source + " because of the permissions of " + blocking + "; chmod " + mode + " "
                + blocking + ", or start QEMU directly (GuestVia.QEMU; guest-proof --via qemu)";
    }
}
