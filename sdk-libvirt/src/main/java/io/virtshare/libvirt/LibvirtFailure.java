package io.virtshare.libvirt;

/**
 * What kind of refusal or failure libvirt reported, so that callers can react without
 * reading messages.
 *
 * <pre>{@code
 * try {
 *     host.pools().define(spec);
 * } catch (LibvirtOperationException e) {
 *     if (e.failure() == LibvirtFailure.ALREADY_EXISTS) { ... }
 * }
 * }</pre>
 */
public enum LibvirtFailure {
    /** The pool, volume or object named does not exist (any more). */
    NOT_FOUND,
    /** A pool or volume of that name (or on that source) exists already. */
    ALREADY_EXISTS,
    /** The connection's driver does not offer the operation (e.g. {@code test:///default} has no wipe). */
    NOT_SUPPORTED,
    /** The request does not make sense in the object's state or its XML is refused (e.g. start a running pool). */
    INVALID_REQUEST,
    /** The user may not do this on that host. */
    ACCESS_DENIED,
    /** The object is in use (e.g. a volume attached to a running domain, a busy mount). */
    BUSY,
    /** The connection broke or the host did not answer. */
    CONNECTION,
    /** Anything else: libvirt's message says what. */
    FAILED
}
