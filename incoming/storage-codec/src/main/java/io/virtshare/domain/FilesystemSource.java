package io.virtshare.domain;

import io.virtshare.internal.Checks;
import io.virtshare.storage.Size;
import java.util.Optional;

/**
 * The {@code <source>} of a domain filesystem; which attribute is used depends on the
 * filesystem type: {@code dir} (mount), {@code socket} (an externally started virtiofsd),
 * {@code dev} (block), {@code file} (file), {@code name} (template, volume), {@code pool}
 * and {@code volume} (volume), {@code usage} and {@code units} (ram).
 *
 * <pre>{@code
 * FilesystemSource.dir("/srv/share");
 * FilesystemSource.socket("/run/virtiofsd/share.sock");
 * }</pre>
 *
 * @param dir the host directory
 * @param socket the vhost-user socket of an external virtiofsd
 * @param dev the block device
 * @param file the image file
 * @param name the template or volume name
 * @param pool the storage pool of a volume
 * @param volume the volume in that pool
 * @param usage the size of a ram filesystem, in {@code units}
 * @param units the unit of {@code usage}; KiB when absent
 */
public record FilesystemSource(Optional<String> dir, Optional<String> socket, Optional<String> dev,
        Optional<String> file, Optional<String> name, Optional<String> pool, Optional<String> volume,
        Optional<Long> usage, Optional<String> units) {
    /**
     * Checks for nulls.
     */
    public FilesystemSource {
        Checks.nonNull(dir, socket, dev, file, name, pool, volume, usage, units);
    }

    /** A host directory. */
    public static FilesystemSource dir(String dir) {
        return new FilesystemSource(Optional.of(dir), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The socket of an externally started virtiofsd. */
    public static FilesystemSource socket(String socket) {
        return new FilesystemSource(Optional.empty(), Optional.of(socket), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The size of a ram filesystem (usage in its units, KiB by default). */
    public Optional<Size> ramSize() {
        return usage.map(u -> Size.of(u, units.orElse("KiB")));
    }
}
