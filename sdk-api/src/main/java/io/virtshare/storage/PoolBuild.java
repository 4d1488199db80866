package io.virtshare.storage;

/**
 * How {@link Pool#build(PoolBuild)} builds a pool's storage (libvirt's
 * {@code VIR_STORAGE_POOL_BUILD_*} flags): a dir pool gets its directory, an fs pool its
 * mount point (and, with {@link #NO_OVERWRITE} or {@link #OVERWRITE}, a file system on its
 * device), a logical pool its volume group, a disk pool its partition table.
 *
 * <pre>{@code
 * pool.build(PoolBuild.NO_OVERWRITE);   // make a file system only where there is none
 * }</pre>
 */
public enum PoolBuild {
    /** Build a new pool (the default); for fs pools only the mount point is made. */
    NEW,
    /** Repair a pool whose storage exists. */
    REPAIR,
    /** Build, but refuse when the device already holds a file system or partition table. */
    NO_OVERWRITE,
    /** Build and overwrite what the device holds: its data is lost. */
    OVERWRITE;
}
