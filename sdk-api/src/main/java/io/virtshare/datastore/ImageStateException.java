package io.virtshare.datastore;

/**
 * An operation is refused in the image's current state (e.g. delete while it is being
 * cloned or is used by a VM, or cloning an image that is not READY).
 *
 * <pre>{@code
 * try { ds.images().delete(ds.images().get(3)); } catch (ImageStateException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class ImageStateException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which image, its state, and what to do */
    public ImageStateException(String message) {
        super(DatastoreFailure.IMAGE_BUSY, DatastoreContext.none(), message, null);
    }

    /**
     * @param failure {@link DatastoreFailure#IMAGE_BUSY} for a state that forbids the operation,
     *     {@link DatastoreFailure#IMAGE_UNUSABLE} for a directory that cannot be used
     * @param context the datastore, the image and its state
     * @param message which image, its state, and what to do
     */
    public ImageStateException(DatastoreFailure failure, DatastoreContext context, String message) {
        super(failure, context, message, null);
    }
}
