package io.virtshare.datastore;

/**
 * What kind of failure a {@link DatastoreException} reports, for callers that branch on it
 * instead of parsing messages.
 *
 * <pre>{@code
 * try {
 *     ds.images().delete(image);
 * } catch (DatastoreException e) {
 *     if (e.failure() == DatastoreFailure.IMAGE_BUSY) { ... retry later ... }
 * }
 * }</pre>
 */
public enum DatastoreFailure {
    /** No datastore at that BASE_PATH. */
    DATASTORE_NOT_FOUND,
    /** No image with that id or name is in the datastore. */
    IMAGE_NOT_FOUND,
    /** The image's state forbids the operation now (LOCKED, CLONE, USED, DELETE, ERROR). */
    IMAGE_BUSY,
    /** An image's directory cannot be used (missing, replaced by a link, moved out of SAFE_DIRS). */
    IMAGE_UNUSABLE,
    /** An image name or a datastore already exists. */
    ALREADY_EXISTS,
    /** SAFE_DIRS / RESTRICTED_DIRS refuse the path, or it cannot be resolved. */
    PATH_NOT_ALLOWED,
    /** An archive is unsafe, broken or over a limit. */
    ARCHIVE_REJECTED,
    /** The source's scheme has no importer, or the datastore kind cannot take it. */
    UNSUPPORTED_SOURCE,
    /** The datastore kind does not do this (a VirtioFS datastore does not clone). */
    NOT_SUPPORTED,
    /** The input is not valid (a blank source, a bad name, options that do not apply). */
    INVALID_INPUT,
    /** The datastore's LIMIT_MB or its file system has no room for it. */
    NO_SPACE,
    /** Reading or writing the datastore failed; the message says what to check. */
    IO,
    /** Any other failure; the message says what happened. */
    FAILED
}
