package io.virtshare.storage;

/**
 * Builds a {@code gluster} pool: a Gluster volume (no target); it offers only what such a
 * pool has. Made by {@link PoolSpec#gluster(String)}; {@link PoolSpec#toBuilder()} gives
 * the general builder for any pool.
 *
 * <pre>{@code
 * PoolSpec pool = PoolSpec.gluster("gv").sourceName("gv0").host("gluster1").dir("/vms").build();
 * }</pre>
 */
public final class GlusterPoolBuilder {
    private final PoolSpec.Builder b;

    GlusterPoolBuilder(String name) {
        this.b = PoolSpec.builder(PoolType.GLUSTER).name(name);
    }

    /** The pool UUID; libvirt makes one when none is given. */
    public GlusterPoolBuilder uuid(String uuid) {
        b.uuid(uuid);
        return this;
    }

    /** The source name: the Gluster volume. */
    public GlusterPoolBuilder sourceName(String name) {
        b.sourceName(name);
        return this;
    }

    /** Adds a source host on the default port. */
    public GlusterPoolBuilder host(String name) {
        b.host(name);
        return this;
    }

    /** Adds a source host on {@code port}. */
    public GlusterPoolBuilder host(String name, int port) {
        b.host(name, port);
        return this;
    }

    /** The directory inside the Gluster volume ({@code <source><dir path>}), e.g. {@code /vms}. */
    public GlusterPoolBuilder dir(String path) {
        b.sourceDir(path);
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
