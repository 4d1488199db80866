package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds a {@code dir} pool: a host directory holding volume files; it offers only what
 * such a pool has. Made by {@link PoolSpec#dir(String)}; {@link PoolSpec#toBuilder()}
 * gives the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec images = PoolSpec.dir("images").target(Path.of("/var/lib/libvirt/images")).build();
 * }</pre>
 */
public final class DirPoolBuilder {
    private final PoolSpec.Builder b;

    DirPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.DIR).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public DirPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public DirPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public DirPoolBuilder permissions(Permissions permissions) {
        b.permissions(permissions);
        return this;
    }

    /** Copy-on-write for the pool's files (btrfs), {@code <features><cow state>}. */
    public DirPoolBuilder cow(boolean cow) {
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
