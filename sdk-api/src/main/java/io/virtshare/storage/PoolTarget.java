package io.virtshare.storage;

import io.virtshare.xml.XmlExtras;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a pool appears on the host: {@code <target><path>…</path><permissions>…}.
 *
 * <pre>{@code
 * PoolTarget.of("/var/lib/libvirt/images").withPermissions(Permissions.of(0711, 0, 0));
 * }</pre>
 *
 * @param path the directory or device directory
 * @param permissions the permissions libvirt gives the path when building the pool
 * @param timestamps the times libvirt reports
 * @param encryption the encryption of the target
 * @param extras XML inside {@code <target>} the model does not know
 */
public record PoolTarget(Optional<String> path, Optional<Permissions> permissions, Optional<Timestamps> timestamps,
        Optional<Encryption> encryption, XmlExtras extras) {
    /**
     * Checks for nulls.
     */
    public PoolTarget {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(extras, "extras");
    }

    /** A target at {@code path}. */
    public static PoolTarget of(String path) {
        return new PoolTarget(Optional.of(path), Optional.empty(), Optional.empty(), Optional.empty(),
                XmlExtras.none());
    }

    /** The same target at another path; permissions and extra XML stay. */
    public PoolTarget withPath(String path) {
        return new PoolTarget(Optional.of(path), permissions, timestamps, encryption, extras);
    }

    /** The same target with these permissions. */
    public PoolTarget withPermissions(Permissions permissions) {
        return new PoolTarget(path, Optional.of(permissions), timestamps, encryption, extras);
    }
}
