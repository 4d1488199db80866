package io.virtshare.storage;

import io.virtshare.BackendException;
import java.util.Objects;
import java.util.Optional;

/**
 * What applying a pool to one host with {@link PoolRollout} gave: {@link Applied} with the
 * pool's info, or {@link Failed} with the {@link BackendException} (its backend, URI,
 * operation, pool and failure kind). One host's failure never hides the others' results.
 *
 * <pre>{@code
 * for (HostResult r : rollout.apply(spec, uris)) {
 *     if (r instanceof HostResult.Applied a) {
 *         System.out.println(a.uri() + ": " + a.pool().state());
 *     } else if (r instanceof HostResult.Failed f) {
 *         System.err.println(f.uri() + ": " + f.cause().getMessage());
 *     }
 * }
 * }</pre>
 */
public sealed interface HostResult permits HostResult.Applied, HostResult.Failed {
    /** The host's URI. */
    String uri();

    /** Whether the pool is defined and started there. */
    boolean ok();

    /** The pool's info, when applied. */
    default Optional<PoolInfo> info() {
        return this instanceof Applied a ? Optional.of(a.pool()) : Optional.empty();
    }

    /** The error, when failed. */
    default Optional<BackendException> error() {
        return this instanceof Failed f ? Optional.of(f.cause()) : Optional.empty();
    }

    /**
     * The pool is defined and started on the host.
     *
     * @param uri the host's URI
     * @param pool the pool's info after applying
     * @param created whether the pool was created now (false: it existed and was kept, started if it was not)
     */
    record Applied(String uri, PoolInfo pool, boolean created) implements HostResult {
        /** Checks for nulls. */
        public Applied {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(pool, "pool");
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /**
     * Applying failed on the host; nothing of it was left there (a partly created pool is undone).
     *
     * @param uri the host's URI
     * @param cause what went wrong and what to do
     */
    record Failed(String uri, BackendException cause) implements HostResult {
        /** Checks for nulls. */
        public Failed {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public boolean ok() {
            return false;
        }
    }
}
