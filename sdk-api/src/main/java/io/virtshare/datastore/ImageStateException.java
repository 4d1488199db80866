package io.virtshare.datastore;

/**
 * An operation is refused in the image's current state (e.g. delete while it is being
 * cloned or is used by a VM, or cloning an image that is not READY).
 *
 * <pre>{@code
 * try { ds.images().delete(3); } catch (ImageStateException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class ImageStateException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which image, its state, and what to do */
    public ImageStateException(String message) {
        super(message);
    }
}
