package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory given to a guest: protocol, mount tag, source, mount point in the
 * guest, read-only, and protocol options — the shape of microvm.nix's {@code shares}.
 * A share says nothing about the VM's state directory: put it into a {@link VmShares},
 * which resolves relative sources and sockets against that directory and derives the QEMU
 * arguments, the libvirt {@code <filesystem>}, the virtiofsd command line and the guest
 * mount.
 *
 * <pre>{@code
 * Share home = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();   // relative source
 * Share store = Share.ninep("ro-store", Path.of("/nix/store"), Path.of("/nix/.ro-store")).readOnly(true).build();
 * VmShares vm = VmShares.builder(Path.of("/var/lib/microvms/web")).share(home).share(store).build();
 * Path dir = vm.source(home);                                                        // .../web/home
 * }</pre>
 *
 * @param tag the mount tag (virtiofs: at most 36 bytes; 9p: at most 30)
 * @param source the host directory; relative paths resolve against the VM's state directory
 * @param mountPoint where the guest mounts it (absolute)
 * @param readOnly whether the guest may only read
 * @param options protocol options; their type decides the protocol
 */
public record Share(String tag, Path source, Path mountPoint, boolean readOnly, ShareOptions options) {

    public Share {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(options, "options");
        int bytes = tag.getBytes(StandardCharsets.UTF_8).length;
        int max = options instanceof VirtiofsOptions ? FilesystemDevice.VIRTIOFS_TAG_MAX
                : FilesystemDevice.NINEP_TAG_LIMIT - 1;
        if (bytes == 0 || bytes > max) {
            throw new InvalidSpecException((options instanceof VirtiofsOptions ? "virtiofs" : "9p") + " tag '" + tag
                    + "' is " + bytes + " bytes; give 1 to " + max + " bytes");
        }
        if (!tag.chars().allMatch(c -> c > 0x20 && c != ',' && c != 0x7f)) {
            throw new InvalidSpecException("tag '" + tag + "' contains a space, comma or control character;"
                    + " QEMU option syntax and mount tables cannot carry those");
        }
        if (!mountPoint.isAbsolute()) {
            throw new InvalidSpecException("mount point '" + mountPoint + "' must be an absolute guest path, e.g. /mnt/"
                    + tag);
        }
        if (source.toString().isEmpty()) {
            throw new InvalidSpecException("share '" + tag + "' has an empty source; give a host directory");
        }
    }

    /** A virtiofs share with {@link VirtiofsOptions#defaults()}. */
    public static Builder virtiofs(String tag, Path source, Path mountPoint) {
        return new Builder(tag, source, mountPoint, VirtiofsOptions.defaults());
    }

    /** A 9p share with {@link NinePOptions#defaults()}. */
    public static Builder ninep(String tag, Path source, Path mountPoint) {
        return new Builder(tag, source, mountPoint, NinePOptions.defaults());
    }

    /**
     * The host's Nix store for the guest, read-only: {@code /nix/store} as tag
     * {@code ro-store} at {@code /nix/.ro-store} (microvm.nix's layout; a
     * {@link WritableOverlay#nixStore(Path)} can stack a writable layer on it). Over
     * virtiofs the read-only mode needs the Rust virtiofsd (and, through libvirt, libvirt
     * 11.0.0 or later: see {@link VmShares#filesystems(io.virtshare.domain.LibvirtFeatures)});
     * 9p serves it with QEMU alone.
     */
    public static Builder nixStore(ShareProtocol protocol) {
        Path store = Path.of("/nix/store");
        Path mountPoint = Path.of("/nix/.ro-store");
        Builder b = protocol == ShareProtocol.VIRTIOFS ? virtiofs("ro-store", store, mountPoint)
                : ninep("ro-store", store, mountPoint);
        return b.readOnly(true);
    }

    /** The protocol, from the options. */
    public ShareProtocol protocol() {
        return options instanceof VirtiofsOptions ? ShareProtocol.VIRTIOFS : ShareProtocol.NINE_P;
    }

    /** Builds a {@link Share}. */
    public static final class Builder {
        private final String tag;
        private final Path source;
        private final Path mountPoint;
        private ShareOptions options;
        private boolean readOnly;

        private Builder(String tag, Path source, Path mountPoint, ShareOptions options) {
            this.tag = tag;
            this.source = source;
            this.mountPoint = mountPoint;
            this.options = options;
        }

        /** Read-only for the guest. */
        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        /** The protocol options (their type must match the protocol chosen). */
        public Builder options(ShareOptions value) {
            if (value.getClass() != options.getClass()) {
                throw new InvalidSpecException("share '" + tag + "' is " + (options instanceof VirtiofsOptions
                        ? "virtiofs" : "9p") + " and takes " + options.getClass().getSimpleName() + ", not "
                        + value.getClass().getSimpleName());
            }
            this.options = value;
            return this;
        }

        /** The share. */
        public Share build() {
            return new Share(tag, source, mountPoint, readOnly, options);
        }
    }
}
