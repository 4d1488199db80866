package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds an {@code fs} pool: a block device with a file system, mounted on the target; it
 * offers only what such a pool has. Made by {@link PoolSpec#fs(String)}; {@link
 * PoolSpec#toBuilder()} gives the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.fs("data").device(Path.of("/dev/sdb1")).format(FormatType.EXT4)
 *         .target(Path.of("/mnt/data")).build();
 * }</pre>
 */
public final class FsPoolBuilder {
    private final PoolSpec.Builder b;

    FsPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.FS).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public FsPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** Adds a source device: a block device such as {@code /dev/sdb1}. */
    public FsPoolBuilder device(Path path) {
        b.device(path.toString());
        return this;
    }

    /** The source format. */
    public FsPoolBuilder format(FormatType format) {
        b.format(format);
        return this;
    }

    /** Adds mount options ({@code fs:mount_opts}). */
    public FsPoolBuilder mountOptions(String... options) {
        b.mountOptions(options);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public FsPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public FsPoolBuilder permissions(Permissions permissions) {
        b.permissions(permissions);
        return this;
    }

    /** Copy-on-write for the pool's files (btrfs), {@code <features><cow state>}. */
    public FsPoolBuilder cow(boolean cow) {
        b.cow(cow);
        return this;
    }

    /**
     * The pool.
     *
     * @throws io.virtshare.InvalidSpecException when a value does not fit the pool
     */
    public PoolSpec build() {
        return b.build();
    }
}
