package io.virtshare;

/**
 * What kind of failure a {@link BackendException} reports, for callers that branch on it.
 *
 * <pre>{@code
 * try {
 *     vs.pools().get("images");
 * } catch (BackendException e) {
 *     if (e.failure() == BackendFailure.NOT_FOUND) { ... define it ... }
 * }
 * }</pre>
 */
public enum BackendFailure {
    /** The pool, volume or VM named does not exist on the target. */
    NOT_FOUND,
    /** Something of that name or at that place already exists. */
    ALREADY_EXISTS,
    /** The backend or the target cannot do this at all (e.g. the XML-files backend starting a VM). */
    NOT_SUPPORTED,
    /** The target refused the request as invalid (e.g. XML it does not accept). */
    INVALID_REQUEST,
    /** The target denied access. */
    ACCESS_DENIED,
    /** The object is in use or in a state that forbids the operation. */
    BUSY,
    /** The connection to the target failed or was lost. */
    CONNECTION,
    /** The backend cannot run on this machine (a native library or tool is missing). */
    UNAVAILABLE,
    /** Any other failure; the message says what happened. */
    FAILED
}
