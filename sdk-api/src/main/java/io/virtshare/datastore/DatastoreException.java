package io.virtshare.datastore;

import io.virtshare.VirtShareException;

/**
 * A datastore or image operation was refused or failed. Subclasses say which rule
 * refused it; every message says what to change.
 *
 * <pre>{@code
 * try { ... } catch (DatastoreException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class DatastoreException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do */
    public DatastoreException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public DatastoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
