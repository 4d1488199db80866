package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds a {@code scsi} pool: the LUNs behind a SCSI host adapter; it offers only what
 * such a pool has. Made by {@link PoolSpec#scsi(String)}; {@link PoolSpec#toBuilder()}
 * gives the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.scsi("hba").adapter(Adapter.scsiHost("host0")).target(Path.of("/dev/disk/by-path")).build();
 * }</pre>
 */
public final class ScsiPoolBuilder {
    private final PoolSpec.Builder b;

    ScsiPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.SCSI).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public ScsiPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The SCSI host adapter. */
    public ScsiPoolBuilder adapter(Adapter adapter) {
        b.adapter(adapter);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public ScsiPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public ScsiPoolBuilder permissions(Permissions permissions) {
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
