package io.virtshare.datastore;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.share.ShareProtocol;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One image of a datastore: a directory tree with its catalog entry.
 *
 * <pre>{@code
 * Image llama = ds.images().register("/var/tmp/models/llama");
 * System.out.println(llama.id() + " " + llama.state() + " " + llama.path() + " " + llama.apparentBytes());
 * }</pre>
 *
 * @param id the image's number in its datastore, never reused
 * @param name its name, unique in the datastore
 * @param state where it is in its life
 * @param path the directory holding it ({@code BASE_PATH/<id>} for SharedFS, the registered
 *     directory for VirtioFS)
 * @param source what it was registered from (a path or an {@code hf://} URI)
 * @param apparentBytes bytes of its files
 * @param allocatedBytes bytes allocated on disk
 * @param files number of regular files
 * @param commit for {@code hf://} imports, the commit the import was pinned to
 * @param error for {@link ImageState#ERROR}, what went wrong
 * @param created when it was registered
 * @param bytesDownloaded bytes its import fetched over the network ({@code hf://}; 0 for local sources)
 * @param bytesReused bytes of files its import copied from other images of the datastore (or took
 *     from a concurrent import of the same files) instead of downloading them, each verified
 */
public record Image(int id, String name, ImageState state, Path path, String source, long apparentBytes,
        long allocatedBytes, long files, Optional<String> commit, Optional<String> error, Instant created,
        long bytesDownloaded, long bytesReused) {

    public Image {
        if (id < 0) {
            throw new InvalidSpecException("image id must not be negative: " + id + "; take images from Images.get or"
                    + " Images.list");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(created, "created");
        if (bytesDownloaded < 0 || bytesReused < 0) {
            throw new InvalidSpecException("image " + id + " counts negative bytes (downloaded " + bytesDownloaded
                    + ", reused " + bytesReused + "); take images from Images.get or Images.list");
        }
    }

    /** An image without transfer counts (a local source). */
    public Image(int id, String name, ImageState state, Path path, String source, long apparentBytes,
            long allocatedBytes, long files, Optional<String> commit, Optional<String> error, Instant created) {
        this(id, name, state, path, source, apparentBytes, allocatedBytes, files, commit, error, created, 0, 0);
    }

    /**
     * A stable, valid virtiofs tag for this image: {@code img<id>-<name>}, restricted to
     * letters, digits, {@code .}, {@code _} and {@code -}, at most 36 bytes.
     */
    public String defaultTag() {
        String tag = "img" + id + "-" + name.replaceAll("[^A-Za-z0-9_.-]", "-");
        return tag.length() > FilesystemDevice.VIRTIOFS_TAG_MAX ? tag.substring(0, FilesystemDevice.VIRTIOFS_TAG_MAX)
                : tag;
    }

    /** This image as a virtiofs {@code <filesystem>} under {@link #defaultTag()}. */
    public FilesystemDevice filesystem() {
        return filesystem(defaultTag(), false);
    }

    /** This image as a virtiofs {@code <filesystem>} under {@code tag}. */
    public FilesystemDevice filesystem(String tag) {
        return filesystem(tag, false);
    }

    /**
     * This image as a virtiofs {@code <filesystem>}: its directory, {@code tag}, queue 1024
     * as OpenNebula's driver emits, read-only when asked. Attach it with
     * {@link io.virtshare.domain.DomainXml#attach(FilesystemDevice)}, which also makes the
     * guest's memory shared.
     *
     * <p>The target libvirt is not known here, and libvirt's QEMU driver refuses read-only
     * virtiofs before libvirt 11.0.0, so {@code readOnly} is refused with the alternatives;
     * give the target with
     * {@link #filesystem(ShareProtocol, String, boolean, LibvirtFeatures)}, or share the
     * image read-only through 9p there.
     *
     * @throws ImageStateException when the image is not usable (LOCKED, ERROR, DELETE)
     * @throws io.virtshare.InvalidSpecException when {@code readOnly} is asked (see above), or
     *     the tag is not a valid virtiofs tag
     */
    public FilesystemDevice filesystem(String tag, boolean readOnly) {
        return filesystem(ShareProtocol.VIRTIOFS, tag, readOnly, LibvirtFeatures.unknown());
    }

    /**
     * This image as a {@code <filesystem>} for the libvirt described by {@code features}:
     * over virtiofs its directory with queue 1024 as OpenNebula's driver emits, over 9p its
     * directory with accessmode {@code mapped}; read-only when asked. Read-only over 9p is
     * accepted by every libvirt; read-only over virtiofs needs libvirt 11.0.0 or later (see
     * {@link LibvirtFeatures}) and is refused otherwise, naming the alternatives.
     *
     * <pre>{@code
     * FilesystemDevice ro = image.filesystem(ShareProtocol.NINE_P, "models", true, LibvirtFeatures.unknown());
     * FilesystemDevice fs = image.filesystem(ShareProtocol.VIRTIOFS, "models", true, vs.features()); // vs: a VirtShare
     * }</pre>
     *
     * @throws ImageStateException when the image is not usable (LOCKED, ERROR, DELETE)
     * @throws io.virtshare.InvalidSpecException when the target does not accept the device
     *     or the tag is not valid for the protocol
     */
    public FilesystemDevice filesystem(ShareProtocol protocol, String tag, boolean readOnly,
            LibvirtFeatures features) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(features, "features");
        if (state == ImageState.LOCKED || state == ImageState.ERROR || state == ImageState.DELETE) {
            throw new ImageStateException("image " + id + " (" + name + ") is " + state
                    + "; only READY, USED or CLONE images can be attached to a VM");
        }
        FilesystemDevice.Builder b = protocol == ShareProtocol.VIRTIOFS
                ? FilesystemDevice.virtiofs(path, tag).queue(1024)
                : FilesystemDevice.ninep(path, tag);
        return b.readOnly(readOnly).features(features).build();
    }

    /** The size in MB, rounded up, as OpenNebula's {@code stat} reports it. */
    public long sizeMb() {
        return (apparentBytes >> 20) + ((apparentBytes & ((1 << 20) - 1)) == 0 ? 0 : 1);
    }
}
