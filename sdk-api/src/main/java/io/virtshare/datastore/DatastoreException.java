package io.virtshare.datastore;

import io.virtshare.VirtShareException;
import java.util.Objects;

/**
 * A datastore or image operation was refused or failed. Subclasses say which rule
 * refused it; every message says what to change. {@link #failure()} is the kind to branch
 * on, {@link #context()} the datastore, image and state concerned.
 *
 * <pre>{@code
 * try { ds.images().get(42); } catch (DatastoreException e) {
 *     System.err.println(e.failure() + " " + e.context().datastore().orElse(null) + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class DatastoreException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    private final DatastoreFailure failure;
    private final transient DatastoreContext context;

    /**
     * An error of kind {@link DatastoreFailure#FAILED} without context.
     *
     * @param message what went wrong and what to do
     */
    public DatastoreException(String message) {
        this(DatastoreFailure.FAILED, DatastoreContext.none(), message, null);
    }

    /**
     * An error of kind {@link DatastoreFailure#FAILED} without context.
     *
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public DatastoreException(String message, Throwable cause) {
        this(DatastoreFailure.FAILED, DatastoreContext.none(), message, cause);
    }

    /**
     * An error with its kind and context.
     *
     * @param failure the kind of failure
     * @param context the datastore, image and state concerned
     * @param message what went wrong and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public DatastoreException(DatastoreFailure failure, DatastoreContext context, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** An {@link DatastoreFailure#INVALID_INPUT} error without context: a spec or template value is refused. */
    static DatastoreException invalid(String message) {
        return new DatastoreException(DatastoreFailure.INVALID_INPUT, DatastoreContext.none(), message, null);
    }

    /** An {@link DatastoreFailure#INVALID_INPUT} error without context, caused by {@code cause}. */
    static DatastoreException invalid(String message, Throwable cause) {
        return new DatastoreException(DatastoreFailure.INVALID_INPUT, DatastoreContext.none(), message, cause);
    }

    /** The kind of failure. */
    public DatastoreFailure failure() {
        return failure;
    }

    /** The datastore, image and state concerned, as far as known. */
    public DatastoreContext context() {
        return context == null ? DatastoreContext.none() : context;
    }
}
