package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one VM is given besides its own disks: its state directory, its shares, the
 * guest disks the SDK makes for it, and an optional writable overlay — one value from which
 * the SDK derives the pre-flight checks, QEMU arguments, {@code <filesystem>} devices, the
 * virtiofsd command lines and the guest mounts.
 *
 * <pre>{@code
 * VmShares shares = VmShares.builder(Path.of("/var/lib/microvms/web"))
 *         .share(Share.virtiofs("models", Path.of("/srv/models"), Path.of("/models")).build())
 *         .build();
 * }</pre>
 *
 * @param stateDirectory where relative sources, sockets, logs and guest disk images live
 * @param shares the shared directories, tags unique
 * @param disks the guest disks the SDK makes and formats
 * @param overlay the writable overlay over a read-only share, if any
 */
public record VmShares(Path stateDirectory, List<Share> shares, List<Volume> disks, Optional<WritableOverlay> overlay) {

    public VmShares {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        shares = List.copyOf(shares);
        disks = List.copyOf(disks);
        Objects.requireNonNull(overlay, "overlay");
        if (!stateDirectory.isAbsolute()) {
            throw new InvalidSpecException("the VM's state directory must be absolute, not '" + stateDirectory
                    + "'; e.g. /var/lib/virtshare/vms/<name>");
        }
    }

    /** No shares, no disks, no overlay, with {@code stateDirectory} as the VM's state directory. */
    public static VmShares none(Path stateDirectory) {
        return new VmShares(stateDirectory, List.of(), List.of(), Optional.empty());
    }

    /** Starts a value with {@code stateDirectory} as the VM's state directory. */
    public static Builder builder(Path stateDirectory) {
        return new Builder(stateDirectory);
    }

    /** A builder holding this value. */
    public Builder toBuilder() {
        Builder builder = new Builder(stateDirectory);
        builder.shares.addAll(shares);
        builder.disks.addAll(disks);
        builder.overlay = overlay.orElse(null);
        return builder;
    }

    /** This value with {@code share} added. */
    public VmShares withShare(Share share) {
        return toBuilder().share(share).build();
    }

    /** This value without the share tagged {@code tag}. */
    public VmShares withoutShare(String tag) {
        return new VmShares(stateDirectory, shares.stream().filter(s -> !s.tag().equals(tag)).toList(), disks,
                overlay);
    }

    /** The share tagged {@code tag}, if there is one. */
    public Optional<Share> find(String tag) {
        return shares.stream().filter(s -> s.tag().equals(tag)).findFirst();
    }

    /** Builds a {@link VmShares}. */
    public static final class Builder {
        private final Path stateDirectory;
        private final List<Share> shares = new ArrayList<>();
        private final List<Volume> disks = new ArrayList<>();
        private WritableOverlay overlay;

        private Builder(Path stateDirectory) {
            this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
        }

        /** Adds a share. */
        public Builder share(Share share) {
            shares.add(Objects.requireNonNull(share, "share"));
            return this;
        }

        /** Adds a guest disk. */
        public Builder disk(Volume disk) {
            disks.add(Objects.requireNonNull(disk, "disk"));
            return this;
        }

        /** Sets the writable overlay. */
        public Builder overlay(WritableOverlay overlay) {
            this.overlay = Objects.requireNonNull(overlay, "overlay");
            return this;
        }

        /** The value. */
        public VmShares build() {
            return new VmShares(stateDirectory, shares, disks, Optional.ofNullable(overlay));
        }
    }
}
