package io.virtshare.storage;

/**
 * Builds an {@code iscsi-direct} pool: the LUNs of an iSCSI target, reached by QEMU itself
 * (no target); it offers only what such a pool has. Made by {@link
 * PoolSpec#iscsiDirect(String)}; {@link PoolSpec#toBuilder()} gives the general builder
 * for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.iscsiDirect("san").host("iscsi.example.com").device("iqn.2013-06.com.example:target")
 *         .initiatorIqn("iqn.2013-06.com.example:client").build();
 * }</pre>
 */
public final class IscsiDirectPoolBuilder {
    private final PoolSpec.Builder b;

    IscsiDirectPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.ISCSI_DIRECT).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public IscsiDirectPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** Adds a source host on the default port. */
    public IscsiDirectPoolBuilder host(String name) {
        b.host(name);
        return this;
    }

    /** Adds a source host on {@code port}. */
    public IscsiDirectPoolBuilder host(String name, int port) {
        b.host(name, port);
        return this;
    }

    /** The target IQN ({@code <source><device path>}), e.g. {@code iqn.2013-06.com.example:target}. */
    public IscsiDirectPoolBuilder device(String iqn) {
        b.device(iqn);
        return this;
    }

    /** The initiator IQN. */
    public IscsiDirectPoolBuilder initiatorIqn(String iqn) {
        b.initiatorIqn(iqn);
        return this;
    }

    /** The source authentication. */
    public IscsiDirectPoolBuilder auth(Auth auth) {
        b.auth(auth);
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
