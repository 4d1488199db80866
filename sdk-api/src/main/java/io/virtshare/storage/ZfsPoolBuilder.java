package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds a {@code zfs} pool: a zpool whose zvols are the volumes; it offers only what such
 * a pool has. Made by {@link PoolSpec#zfs(String)}; {@link PoolSpec#toBuilder()} gives the
 * general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.zfs("tank").sourceName("tank").build();
 * }</pre>
 */
public final class ZfsPoolBuilder {
    private final PoolSpec.Builder b;

    ZfsPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.ZFS).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public ZfsPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The source name: the zpool. */
    public ZfsPoolBuilder sourceName(String name) {
        b.sourceName(name);
        return this;
    }

    /** Adds a source device: a block device such as {@code /dev/sdb1}. */
    public ZfsPoolBuilder device(Path path) {
        b.device(path.toString());
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public ZfsPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public ZfsPoolBuilder permissions(Permissions permissions) {
        b.permissions(permissions);
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
