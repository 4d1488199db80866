package io.virtshare.datastore;

import java.nio.file.Path;

/**
 * A source path was refused by the datastore's {@code SAFE_DIRS} / {@code RESTRICTED_DIRS}
 * rules, or could not be resolved (which is refused too: the rules fail closed). The
 * message names the attribute that would allow the path.
 *
 * <pre>{@code
 * try { images.register("/etc"); } catch (PathNotAllowedException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class PathNotAllowedException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the path as requested
     * @param message why it is refused and which attribute would allow it
     */
    public PathNotAllowedException(Path path, String message) {
        super(DatastoreFailure.PATH_NOT_ALLOWED, DatastoreContext.none(), message, null);
        this.path = path;
    }

    /**
     * @param context the datastore whose rules refuse the path
     * @param path the path as requested
     * @param message why it is refused and which attribute would allow it
     * @param cause the underlying failure, or {@code null}
     */
    public PathNotAllowedException(DatastoreContext context, Path path, String message, Throwable cause) {
        super(DatastoreFailure.PATH_NOT_ALLOWED, context, message, cause);
        this.path = path;
    }

    /** The path as requested. */
    public Path path() {
        return path;
    }
}
