package io.virtshare.datastore;

import java.util.Optional;

/**
 * An archive (tarball or zip) was refused: unsafe entries (escaping names or links,
 * devices, FIFOs), limits exceeded (bytes written, entries, path length), or content
 * that is not a readable archive. Nothing of it was kept.
 *
 * <pre>{@code
 * try { ... } catch (ArchiveRejectedException e) {
 *     System.err.println(e.archive() + " " + e.entry().orElse("") + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class ArchiveRejectedException extends DatastoreException {
    private static final long serialVersionUID = 1L;

    private final String archive;
    private final String entry;

    /**
     * @param archive the archive, as given
     * @param entry the offending entry, or null when the archive as a whole is refused
     * @param message what was wrong and what to do
     * @param cause the underlying failure, or null
     */
    public ArchiveRejectedException(String archive, String entry, String message, Throwable cause) {
        super(DatastoreFailure.ARCHIVE_REJECTED, DatastoreContext.none(), message, cause);
        this.archive = archive;
        this.entry = entry;
    }

    /**
     * @param context the datastore the archive was registered into
     * @param archive the archive, as given
     * @param entry the offending entry, or null when the archive as a whole is refused
     * @param message what was wrong and what to do
     * @param cause the underlying failure, or null
     */
    public ArchiveRejectedException(DatastoreContext context, String archive, String entry, String message,
            Throwable cause) {
        super(DatastoreFailure.ARCHIVE_REJECTED, context, message, cause);
        this.archive = archive;
        this.entry = entry;
    }

    /** The archive, as given. */
    public String archive() {
        return archive;
    }

    /** The offending entry, when one entry was the problem. */
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }
}
