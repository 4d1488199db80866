package io.virtshare.libvirt;

/**
 * How {@link Pool#delete(PoolDelete)} removes a stopped pool's storage.
 *
 * <pre>{@code
 * pool.stop();
 * pool.delete(PoolDelete.NORMAL);   // a dir pool's directory is removed (it must be empty)
 * pool.undefine();
 * }</pre>
 */
public enum PoolDelete {
    /** Remove the storage (directory, volume group, partition table). */
    NORMAL(0),
    /** Zero the storage first, where the backend can. */
    ZEROED(1);

    private final int flags;

    PoolDelete(int flags) {
        this.flags = flags;
    }

    int flags() {
        return flags;
    }
}
