package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds a {@code vstorage} pool: a Virtuozzo Storage cluster, mounted on the target; it
 * offers only what such a pool has. Made by {@link PoolSpec#vstorage(String)}; {@link
 * PoolSpec#toBuilder()} gives the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.vstorage("vz").sourceName("cluster1").target(Path.of("/mnt/vz")).build();
 * }</pre>
 */
public final class VstoragePoolBuilder {
    private final PoolSpec.Builder b;

    VstoragePoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.VSTORAGE).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public VstoragePoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The source name: the cluster. */
    public VstoragePoolBuilder sourceName(String name) {
        b.sourceName(name);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public VstoragePoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public VstoragePoolBuilder permissions(Permissions permissions) {
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
