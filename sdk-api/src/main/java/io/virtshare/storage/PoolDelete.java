package io.virtshare.storage;

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
    NORMAL,
    /** Zero the storage first, where the backend can. */
    ZEROED;
}
