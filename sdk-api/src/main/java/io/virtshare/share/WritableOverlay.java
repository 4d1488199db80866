package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A writable overlay in the guest over a read-only lower directory, as microvm.nix's
 * {@code writableStoreOverlay}: the upper and work directories live in {@code writable},
 * which must be on a {@link GuestDisk} — Linux overlayfs cannot use a 9p or virtiofs share as
 * its upper layer, and {@link VmShares#problems()} reports one with that reason.
 *
 * <pre>{@code
 * WritableOverlay store = WritableOverlay.nixStore(Path.of("/nix/.rw-store"));
 * // lower /nix/.ro-store (the read-only store share), upper /nix/.rw-store/store, mounted on /nix/store
 * VmShares vm = VmShares.builder(stateDir).disk(rw).overlay(store).build();   // rw: a GuestDisk at /nix/.rw-store
 * }</pre>
 *
 * @param lower the read-only lower directory in the guest (usually a share's mount point)
 * @param writable the guest directory holding the upper and work directories (a guest disk's mount point)
 * @param mountPoint where the overlay is mounted in the guest
 */
public record WritableOverlay(Path lower, Path writable, Path mountPoint) {

    public WritableOverlay {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(writable, "writable");
        Objects.requireNonNull(mountPoint, "mountPoint");
        if (!lower.isAbsolute() || !writable.isAbsolute() || !mountPoint.isAbsolute()) {
            throw new InvalidSpecException("overlay paths are absolute guest paths, not " + lower + ", " + writable
                    + ", " + mountPoint);
        }
        if (writable.normalize().startsWith(mountPoint.normalize()) || writable.normalize().startsWith(lower)) {
            throw new InvalidSpecException("overlay writable directory " + writable + " lies inside " + mountPoint
                    + " or " + lower + "; overlayfs needs its upper layer outside both, e.g. /nix/.rw-store");
        }
    }

    /** The Nix store overlay: lower {@code /nix/.ro-store}, mounted on {@code /nix/store}. */
    public static WritableOverlay nixStore(Path writable) {
        return new WritableOverlay(Path.of("/nix/.ro-store"), writable, Path.of("/nix/store"));
    }

    /** The overlay's upper directory: {@code <writable>/store}. */
    public Path upperDir() {
        return writable.resolve("store");
    }

    /** The overlay's work directory: {@code <writable>/work}. */
    public Path workDir() {
        return writable.resolve("work");
    }

    /** The mount options: {@code lowerdir=…,upperdir=…,workdir=…}. */
    public String mountOptions() {
        return "lowerdir=" + lower + ",upperdir=" + upperDir() + ",workdir=" + workDir();
    }
}
