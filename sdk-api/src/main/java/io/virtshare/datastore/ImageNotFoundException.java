package io.virtshare.datastore;

/**
 * No image with the given id or name exists in the datastore.
 *
 * <pre>{@code
 * try { ds.images().get(42); } catch (ImageNotFoundException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class ImageNotFoundException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    /** @param message which image and where, and how to list the existing ones */
    public ImageNotFoundException(String message) {
        super(DatastoreFailure.IMAGE_NOT_FOUND, DatastoreContext.none(), message, null);
    }

    /**
     * @param context the datastore and the image looked for
     * @param message which image and where, and how to list the existing ones
     */
    public ImageNotFoundException(DatastoreContext context, String message) {
        super(DatastoreFailure.IMAGE_NOT_FOUND, context, message, null);
    }
}
