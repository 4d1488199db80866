package io.virtshare.storage;

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
}
