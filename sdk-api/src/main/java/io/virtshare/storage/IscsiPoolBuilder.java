package io.virtshare.storage;

import java.nio.file.Path;

/**
 * Builds an {@code iscsi} pool: the LUNs of an iSCSI target, logged in by the host; it
 * offers only what such a pool has. Made by {@link PoolSpec#iscsi(String)}; {@link
 * PoolSpec#toBuilder()} gives the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.iscsi("san").host("iscsi.example.com").device("iqn.2013-06.com.example:target")
 *         .target(Path.of("/dev/disk/by-path")).build();
 * }</pre>
 */
public final class IscsiPoolBuilder {
    private final PoolSpec.Builder b;

    IscsiPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.ISCSI).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public IscsiPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** Adds a source host on the default port. */
    public IscsiPoolBuilder host(String name) {
        b.host(name);
        return this;
    }

    /** Adds a source host on {@code port}. */
    public IscsiPoolBuilder host(String name, int port) {
        b.host(name, port);
        return this;
    }

    /** The target IQN ({@code <source><device path>}), e.g. {@code iqn.2013-06.com.example:target}. */
    public IscsiPoolBuilder device(String iqn) {
        b.device(iqn);
        return this;
    }

    /** The initiator IQN. */
    public IscsiPoolBuilder initiatorIqn(String iqn) {
        b.initiatorIqn(iqn);
        return this;
    }

    /** The source authentication. */
    public IscsiPoolBuilder auth(Auth auth) {
        b.auth(auth);
        return this;
    }

    /** The target path: the host directory where the pool's volumes appear; its permissions stay. */
    public IscsiPoolBuilder target(Path path) {
        b.target(path);
        return this;
    }

    /** Permissions of the target path (a target is added when there is none). */
    public IscsiPoolBuilder permissions(Permissions permissions) {
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
