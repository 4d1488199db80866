package io.virtshare.storage;

import io.virtshare.BackendException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PoolReconcile} found and did on one host: {@link Reconciled} (every declared pool
 * looked at; the changes made, or planned in a dry run; the drift found; what was refused),
 * {@link Failed} (a change failed part way; what was done before it stays, the failed step was
 * undone) or {@link Unreachable} (no connection within the connect timeout, or refused).
 *
 * <pre>{@code
 * for (ReconcileReport r : reconcile.apply(pools, uris)) {
 *     if (r instanceof ReconcileReport.Reconciled ok) {
 *         System.out.println(r.uri() + ": " + ok.changes().size() + " changes");
 *     } else {
 *         System.err.println(r.uri() + ": " + r.error().orElseThrow().getMessage());
 *     }
 * }
 * }</pre>
 */
public sealed interface ReconcileReport permits ReconcileReport.Reconciled, ReconcileReport.Failed,
        ReconcileReport.Unreachable {
    /** The host's URI. */
    String uri();

    /** The drift found before anything was changed. */
    List<PoolDrift> drift();

    /** The changes made (planned, in a dry run), in order. */
    List<PoolChange> changes();

    /** What was refused, with reasons. */
    List<PoolRefusal> refusals();

    /** The error, when the host failed or was unreachable. */
    default Optional<BackendException> error() {
        return this instanceof Failed f ? Optional.of(f.cause())
                : this instanceof Unreachable u ? Optional.of(u.cause()) : Optional.empty();
    }

    /** Whether the host is as declared: reached, no change needed (or made), nothing refused. */
    default boolean nothingToDo() {
        return this instanceof Reconciled && changes().isEmpty() && refusals().isEmpty() && drift().isEmpty();
    }

    /**
     * Every declared pool was looked at on the host.
     *
     * @param uri the host's URI
     * @param dryRun whether {@link #changes()} are only planned (nothing was changed)
     * @param drift the drift found
     * @param changes the changes made (or planned)
     * @param refusals what was not changed, and why
     */
    record Reconciled(String uri, boolean dryRun, List<PoolDrift> drift, List<PoolChange> changes,
            List<PoolRefusal> refusals) implements ReconcileReport {
        /** Checks for nulls; copies the lists. */
        public Reconciled {
            Objects.requireNonNull(uri, "uri");
            drift = List.copyOf(drift);
            changes = List.copyOf(changes);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * A change failed on the host (or reading its pools did); the changes before it were made
     * and stay, the failed one was undone, the pools after it were not looked at.
     *
     * @param uri the host's URI
     * @param drift the drift found up to the failure
     * @param changes the changes made before the failure
     * @param refusals what was refused up to the failure
     * @param failed the change that failed, when a change did (empty: reading the host failed)
     * @param cause what went wrong and what to do
     */
    record Failed(String uri, List<PoolDrift> drift, List<PoolChange> changes, List<PoolRefusal> refusals,
            Optional<PoolChange> failed, BackendException cause) implements ReconcileReport {
        /** Checks for nulls; copies the lists. */
        public Failed {
            Objects.requireNonNull(uri, "uri");
            drift = List.copyOf(drift);
            changes = List.copyOf(changes);
            refusals = List.copyOf(refusals);
            Objects.requireNonNull(failed, "failed");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The host could not be reached: nothing was read or changed there.
     *
     * @param uri the host's URI
     * @param cause why, with what to check
     */
    record Unreachable(String uri, BackendException cause) implements ReconcileReport {
        /** Checks for nulls. */
        public Unreachable {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public List<PoolDrift> drift() {
            return List.of();
        }

        @Override
        public List<PoolChange> changes() {
            return List.of();
        }

        @Override
        public List<PoolRefusal> refusals() {
            return List.of();
        }
    }
}
