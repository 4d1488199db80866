package io.virtshare.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A change {@link PoolReconcile} will not make on a host, with the reason and what to do:
 * a started pool whose definition differs, a pool of another type or UUID under the declared
 * name, a volume that would have to shrink or change format. Nothing of it is touched.
 *
 * <pre>{@code
 * report.refusals().forEach(r -> System.err.println(r.pool() + ": " + r.reason()));
 * }</pre>
 *
 * @param pool the pool's name
 * @param volume the volume's name, when a volume is refused
 * @param reason why, and what to do instead
 * @param drift the fields behind the refusal
 */
public record PoolRefusal(String pool, Optional<String> volume, String reason, List<PoolDrift> drift) {
    /** Checks for nulls; copies the list. */
    public PoolRefusal {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(reason, "reason");
        drift = List.copyOf(drift);
    }
}
