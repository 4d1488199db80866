package io.virtshare.libvirt;

/**
 * The state libvirt reports for a pool.
 *
 * <pre>{@code
 * if (pool.info().state() == PoolState.RUNNING) { ... }
 * }</pre>
 */
public enum PoolState {
    /** Defined but not started (or stopped). */
    INACTIVE,
    /** Being built. */
    BUILDING,
    /** Started: its volumes can be used. */
    RUNNING,
    /** Running, but degraded. */
    DEGRADED,
    /** Running, but not reachable. */
    INACCESSIBLE;

    static PoolState of(int code) {
        PoolState[] all = values();
        return code >= 0 && code < all.length ? all[code] : INACCESSIBLE;
    }
}
