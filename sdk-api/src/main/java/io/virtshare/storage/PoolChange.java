package io.virtshare.storage;

import java.util.List;
import java.util.Objects;

/**
 * One change {@link PoolReconcile} makes on a host (or, in a {@link PoolReconcile#plan plan},
 * would make), in the order made. A closed set: define a missing pool, redefine a stopped one
 * whose definition drifted, start, set autostart, create a missing volume, grow a volume.
 *
 * <pre>{@code
 * for (PoolChange c : report.changes()) {
 *     if (c instanceof PoolChange.CreateVolume v) {
 *         System.out.println("created " + v.volume() + " in " + v.pool());
 *     } else {
 *         System.out.println(c.describe());
 *     }
 * }
 * }</pre>
 */
public sealed interface PoolChange permits PoolChange.Define, PoolChange.Redefine, PoolChange.Start,
        PoolChange.Autostart, PoolChange.CreateVolume, PoolChange.GrowVolume {
    /** The pool the change is about. */
    String pool();

    /** The change in words, e.g. {@code start pool images}. */
    String describe();

    /**
     * Define the missing pool and build its storage (a dir pool's directory …), as
     * {@link Pools#create(PoolSpec)} does; a {@link Start} follows.
     *
     * @param pool the pool's name
     * @param type the pool's type as libvirt names it, e.g. {@code dir}
     */
    record Define(String pool, String type) implements PoolChange {
        /** Checks for nulls. */
        public Define {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String describe() {
            return "define " + type + " pool " + pool;
        }
    }

    /**
     * Redefine the stopped pool with the declared definition (keeping its UUID); a dir, fs or
     * netfs pool's target directory is built again, which applies declared permissions.
     *
     * @param pool the pool's name
     * @param drift the fields the new definition changes
     */
    record Redefine(String pool, List<PoolDrift> drift) implements PoolChange {
        /** Checks for nulls; copies the list. */
        public Redefine {
            Objects.requireNonNull(pool, "pool");
            drift = List.copyOf(drift);
        }

        @Override
        public String describe() {
            return "redefine pool " + pool + " (" + drift.size() + (drift.size() == 1 ? " field)" : " fields)");
        }
    }

    /**
     * Start the pool.
     *
     * @param pool the pool's name
     */
    record Start(String pool) implements PoolChange {
        /** Checks for nulls. */
        public Start {
            Objects.requireNonNull(pool, "pool");
        }

        @Override
        public String describe() {
            return "start pool " + pool;
        }
    }

    /**
     * Set whether the pool starts with the host.
     *
     * @param pool the pool's name
     * @param on the declared autostart
     */
    record Autostart(String pool, boolean on) implements PoolChange {
        /** Checks for nulls. */
        public Autostart {
            Objects.requireNonNull(pool, "pool");
        }

        @Override
        public String describe() {
            return "set autostart of pool " + pool + " " + (on ? "on" : "off");
        }
    }

    /**
     * Create a declared volume the pool lacks.
     *
     * @param pool the pool's name
     * @param volume the volume's name
     * @param capacity the declared capacity
     */
    record CreateVolume(String pool, String volume, Size capacity) implements PoolChange {
        /** Checks for nulls. */
        public CreateVolume {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(capacity, "capacity");
        }

        @Override
        public String describe() {
            return "create volume " + volume + " (" + capacity.bytes() + " bytes) in pool " + pool;
        }
    }

    /**
     * Grow a volume to its declared capacity (never shrink: a smaller capacity is a
     * {@link PoolRefusal}).
     *
     * @param pool the pool's name
     * @param volume the volume's name
     * @param from the live capacity
     * @param to the declared capacity
     */
    record GrowVolume(String pool, String volume, Size from, Size to) implements PoolChange {
        /** Checks for nulls. */
        public GrowVolume {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String describe() {
            return "grow volume " + volume + " in pool " + pool + " from " + from.bytes() + " to " + to.bytes()
                    + " bytes";
        }
    }
}
