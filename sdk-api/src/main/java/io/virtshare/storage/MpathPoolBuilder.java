package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds an {@code mpath} pool: the host's multipath devices; it offers only what such a
 * pool has. Made by {@link PoolSpec#mpath(String)}; {@link PoolSpec#toBuilder()} gives the
 * general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.mpath("mpath").target(Path.of("/dev/mapper")).build();
 * }</pre>
 */
public final class MpathPoolBuilder {
    private final PoolSpec.Builder b;

    MpathPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.MPATH).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public MpathPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public MpathPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public MpathPoolBuilder permissions(Permissions permissions) {
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
