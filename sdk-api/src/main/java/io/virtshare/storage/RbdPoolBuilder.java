package io.virtshare.storage;

/**
 * Builds an {@code rbd} pool: a Ceph RADOS pool (no target); it offers only what such a
 * pool has. Made by {@link PoolSpec#rbd(String)}; {@link PoolSpec#toBuilder()} gives the
 * general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.rbd("ceph").sourceName("rbd").host("mon1", 6789).build();
 * }</pre>
 */
public final class RbdPoolBuilder {
    private final PoolSpec.Builder b;

    RbdPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.RBD).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public RbdPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The source name: the RADOS pool. */
    public RbdPoolBuilder sourceName(String name) {
        b.sourceName(name);
        return this;
    }

    /** Adds a source host on the default port. */
    public RbdPoolBuilder host(String name) {
        b.host(name);
        return this;
    }

    /** Adds a source host on {@code port}. */
    public RbdPoolBuilder host(String name, int port) {
        b.host(name, port);
        return this;
    }

    /** The source authentication. */
    public RbdPoolBuilder auth(Auth auth) {
        b.auth(auth);
        return this;
    }

    /** Adds a Ceph client option ({@code rbd:config_opts}). */
    public RbdPoolBuilder rbdOption(String name, String value) {
        b.rbdOption(name, value);
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
