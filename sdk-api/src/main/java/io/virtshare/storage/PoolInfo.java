package io.virtshare.storage;

import java.util.Objects;

/**
 * What libvirt reports about a pool: its state and sizes (in bytes), whether it is
 * persistent and started at boot.
 *
 * <pre>{@code
 * PoolInfo info = pool.info();
 * System.out.println(info.state() + ": " + info.available() + " of " + info.capacity() + " free");
 * }</pre>
 *
 * @param name the pool name
 * @param uuid the pool UUID
 * @param state the state
 * @param capacity the size of the pool's storage (0 while inactive)
 * @param allocation the space used
 * @param available the space left
 * @param persistent whether the pool is defined (survives being stopped)
 * @param autostart whether libvirt starts it when libvirtd starts
 */
public record PoolInfo(String name, String uuid, PoolState state, Size capacity, Size allocation, Size available,
        boolean persistent, boolean autostart) {
    /** Checks for nulls. */
    public PoolInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(available, "available");
    }

    /** Whether the pool is started (running, degraded or inaccessible). */
    public boolean active() {
        return state != PoolState.INACTIVE && state != PoolState.BUILDING;
    }
}
