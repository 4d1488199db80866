package io.virtshare.storage;

/**
 * A storage pool on a backend's target: its definition, lifecycle and volumes. A handle:
 * it names the pool and reads its state from the target on each call, so it stays valid
 * while the {@link io.virtshare.VirtShare} that made it is open.
 *
 * <pre>{@code
 * Pool pool = vs.pools().get("images");
 * if (!pool.isActive()) {
 *     pool.start();
 * }
 * pool.volumes().list().forEach(v -> System.out.println(v.name()));
 * }</pre>
 */
public interface Pool {
    /** The pool's name. */
    String name();

    /** The pool's UUID as the target reports it. */
    String uuid();

    /** The pool's type. */
    PoolType type();

    /** The pool's definition as the target reports it, as a typed spec. */
    PoolSpec spec();

    /** The pool's definition as the target reports it, as libvirt XML. */
    String xml();

    /** Whether the pool is started. */
    boolean isActive();

    /** Capacity, allocation and state now. */
    PoolInfo info();

    /** Builds the pool's storage (makes the directory, formats the device …). */
    Pool build(PoolBuild mode);

    /** Builds the pool's storage with {@link PoolBuild#NEW}. */
    default Pool build() {
        return build(PoolBuild.NEW);
    }

    /** Starts the pool. */
    Pool start();

    /** Stops the pool; its storage and definition stay. */
    Pool stop();

    /** Whether the pool starts with the host. */
    boolean autostart();

    /** Sets whether the pool starts with the host. */
    Pool autostart(boolean on);

    /** Rescans the pool's volumes. */
    Pool refresh();

    /** Removes the definition; the storage stays. The pool must be stopped. */
    void undefine();

    /** Deletes the pool's storage ({@link PoolDelete#NORMAL}); the definition stays. */
    default void delete() {
        delete(PoolDelete.NORMAL);
    }

    /** Deletes the pool's storage; the definition stays. The pool must be stopped. */
    void delete(PoolDelete mode);

    /** The pool's volumes. */
    Volumes volumes();
}
