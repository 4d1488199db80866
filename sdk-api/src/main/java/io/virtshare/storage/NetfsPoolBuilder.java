package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds a {@code netfs} pool: a directory exported by a file server, mounted on the
 * target; it offers only what such a pool has. Made by {@link PoolSpec#netfs(String)};
 * {@link PoolSpec#toBuilder()} gives the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.netfs("virtimages").host("nfs.example.com").dir(Path.of("/exports/images"))
 *         .format(FormatType.NFS).target(Path.of("/var/lib/virt/images")).build();
 * }</pre>
 */
public final class NetfsPoolBuilder {
    private final PoolSpec.Builder b;

    NetfsPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.NETFS).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public NetfsPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** Adds a source host on the default port. */
    public NetfsPoolBuilder host(String name) {
        b.host(name);
        return this;
    }

    /** Adds a source host on {@code port}. */
    public NetfsPoolBuilder host(String name, int port) {
        b.host(name, port);
        return this;
    }

    /** The exported directory on the file server ({@code <source><dir path>}). */
    public NetfsPoolBuilder dir(Path path) {
        b.sourceDir(path.toString());
        return this;
    }

    /** The source format. */
    public NetfsPoolBuilder format(FormatType format) {
        b.format(format);
        return this;
    }

    /** The NFS protocol version, e.g. {@code 4.1}. */
    public NetfsPoolBuilder protocolVersion(String version) {
        b.protocolVersion(version);
        return this;
    }

    /** Adds mount options ({@code fs:mount_opts}). */
    public NetfsPoolBuilder mountOptions(String... options) {
        b.mountOptions(options);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public NetfsPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public NetfsPoolBuilder permissions(Permissions permissions) {
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
