package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.xml.XmlExtras;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A host directory given to a guest: protocol, mount tag, source, mount point in the
 * guest, read-only, and protocol options — the shape of microvm.nix's {@code shares}.
 * From it the SDK derives the libvirt {@code <filesystem>} ({@link #filesystem(Path)}),
 * QEMU arguments ({@link QemuArguments}), the virtiofsd command line
 * ({@link VirtiofsdArguments}) and the guest-side mount ({@link GuestMount}).
 *
 * <pre>{@code
 * Share home = Share.virtiofs("home", Path.of("home"), Path.of("/home")).build();   // relative source
 * Path dir = home.resolveSource(Path.of("/var/lib/microvms/web"));                   // .../web/home
 * Share store = Share.ninep("ro-store", Path.of("/nix/store"), Path.of("/nix/.ro-store")).readOnly(true).build();
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
     * 11.0.0 or later: see {@link #filesystem(Path, LibvirtFeatures)}); 9p serves it with QEMU
     * alone.
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

    /** The source as an absolute path: relative sources resolve against {@code stateDir}. */
    public Path resolveSource(Path stateDir) {
        return source.isAbsolute() ? source.normalize() : stateDir.resolve(source).toAbsolutePath().normalize();
    }

    /**
     * The vhost-user socket of a virtiofs share: the explicit one, or
     * {@code <stateDir>/virtiofs-<tag>.sock}.
     */
    public Path socketPath(Path stateDir) {
        if (options instanceof VirtiofsOptions v && v.socket().isPresent()) {
            Path s = v.socket().get();
            return s.isAbsolute() ? s : stateDir.resolve(s).toAbsolutePath().normalize();
        }
        return stateDir.resolve("virtiofs-" + tag + ".sock").toAbsolutePath().normalize();
    }

    /**
     * The libvirt {@code <filesystem>} for this share, where libvirt starts virtiofsd
     * itself (virtiofs) or QEMU serves the directory (9p). The virtiofs cache mode maps to
     * libvirt's {@code <cache mode>}: {@code never} as {@code none}, {@code always} as is,
     * {@code auto} as no element (virtiofsd's default); the thread pool as
     * {@code <thread_pool size>}.
     *
     * <p>The target libvirt is not known here: a read-only virtiofs share is refused, as
     * libvirt's QEMU driver accepts it only from libvirt 11.0.0; see
     * {@link #filesystem(Path, LibvirtFeatures)}.
     *
     * @throws InvalidSpecException for cache {@code metadata}, which libvirt cannot express,
     *     and for a read-only virtiofs share (the message names the alternatives)
     */
    public FilesystemDevice filesystem(Path stateDir) {
        return filesystem(stateDir, LibvirtFeatures.unknown());
    }

    /**
     * The libvirt {@code <filesystem>} for this share, as {@link #filesystem(Path)}, for the
     * libvirt described by {@code features}: a read-only virtiofs share needs libvirt 11.0.0
     * or later (and a virtiofsd with {@code --readonly} there, the Rust daemon); 9p is
     * read-only on every libvirt.
     *
     * @throws InvalidSpecException for cache {@code metadata}, and when the target does not
     *     accept the share (the message names the alternatives)
     */
    public FilesystemDevice filesystem(Path stateDir, LibvirtFeatures features) {
        Path dir = resolveSource(stateDir);
        if (options instanceof VirtiofsOptions v) {
            FilesystemDevice.Builder b = FilesystemDevice.virtiofs(dir, tag).queue(v.queueSize()).readOnly(readOnly)
                    .features(features);
            switch (v.cache()) {
                case "auto" -> {
                    // libvirt (9.0) knows only none and always; without <cache> virtiofsd runs with auto
                }
                case "never", "none" -> b.cache("none");
                case "always" -> b.cache("always");
                default -> throw new InvalidSpecException("share '" + tag + "': libvirt's <cache> knows none and"
                        + " always, not " + v.cache() + "; start virtiofsd yourself (VirtiofsdLauncher) and give"
                        + " libvirt its socket, or use cache auto, never or always");
            }
            FilesystemDevice device = b.build();
            if (!v.posixLock() && !v.flock() && v.threadPoolSize().isEmpty()) {
                return device;
            }
            FilesystemDevice.Binary binary = device.binary().orElse(new FilesystemDevice.Binary(Map.of(),
                    Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), XmlExtras.none()));
            Map<String, String> lock = binary.lock();
            if (v.posixLock() || v.flock()) {
                lock = new LinkedHashMap<>();
                lock.put("posix", v.posixLock() ? "on" : "off");
                lock.put("flock", v.flock() ? "on" : "off");
            }
            return device.toBuilder().features(features).binary(new FilesystemDevice.Binary(binary.attributes(),
                    binary.cacheMode(), binary.sandboxMode(), lock, v.threadPoolSize().or(binary::threadPoolSize),
                    binary.openFilesMax(), binary.extras())).build();
        }
        NinePOptions n = (NinePOptions) options;
        FilesystemDevice.Builder b = FilesystemDevice.ninep(dir, tag).attribute("accessmode", n.accessMode())
                .readOnly(readOnly).features(features);
        n.multidevs().ifPresent(m -> b.attribute("multidevs", m));
        return b.build();
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
