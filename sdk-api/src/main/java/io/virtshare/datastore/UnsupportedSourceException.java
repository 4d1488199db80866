package io.virtshare.datastore;

/**
 * A source the datastore cannot register: another URI scheme ({@code http://},
 * {@code s3://}, …), or {@code hf://} without the importer on the class path.
 *
 * <pre>{@code
 * try { ds.images().register("s3://bucket/x"); }
 * catch (UnsupportedSourceException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class UnsupportedSourceException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what is supported, and which artifact to add when one is missing */
    public UnsupportedSourceException(String message) {
        super(DatastoreFailure.UNSUPPORTED_SOURCE, DatastoreContext.none(), message, null);
    }

    /**
     * @param context the datastore that cannot take the source
     * @param message what is supported, and which artifact to add when one is missing
     */
    public UnsupportedSourceException(DatastoreContext context, String message) {
        super(DatastoreFailure.UNSUPPORTED_SOURCE, context, message, null);
    }
}
