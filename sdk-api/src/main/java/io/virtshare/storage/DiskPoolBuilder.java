package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds a {@code disk} pool: a whole disk whose partitions are the volumes; it offers
 * only what such a pool has. Made by {@link PoolSpec#disk(String)}; {@link
 * PoolSpec#toBuilder()} gives the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.disk("sdb").device(Path.of("/dev/sdb")).format(FormatType.GPT)
 *         .target(Path.of("/dev")).build();
 * }</pre>
 */
public final class DiskPoolBuilder {
    private final PoolSpec.Builder b;

    DiskPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.DISK).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public DiskPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** Adds a source device: a block device such as {@code /dev/sdb1}. */
    public DiskPoolBuilder device(Path path) {
        b.device(path.toString());
        return this;
    }

    /** The source format. */
    public DiskPoolBuilder format(FormatType format) {
        b.format(format);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public DiskPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public DiskPoolBuilder permissions(Permissions permissions) {
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
