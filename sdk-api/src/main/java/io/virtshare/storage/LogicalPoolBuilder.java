package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds a {@code logical} (LVM) pool: a volume group; it offers only what such a pool
 * has. Made by {@link PoolSpec#logical(String)}; {@link PoolSpec#toBuilder()} gives the
 * general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.logical("vg0").sourceName("vg0").device(Path.of("/dev/sdb1"))
 *         .target(Path.of("/dev/vg0")).build();
 * }</pre>
 */
public final class LogicalPoolBuilder {
    private final PoolSpec.Builder b;

    LogicalPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.LOGICAL).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public LogicalPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The source name: the volume group. */
    public LogicalPoolBuilder sourceName(String name) {
        b.sourceName(name);
        return this;
    }

    /** Adds a source device: a block device such as {@code /dev/sdb1}. */
    public LogicalPoolBuilder device(Path path) {
        b.device(path.toString());
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public LogicalPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public LogicalPoolBuilder permissions(Permissions permissions) {
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
