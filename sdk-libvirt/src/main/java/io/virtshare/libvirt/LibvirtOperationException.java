package io.virtshare.libvirt;

import java.util.Optional;

/**
 * A libvirt storage operation failed. Carries the URI, the operation, the pool and volume
 * concerned, and the {@link LibvirtFailure kind} of failure; the message joins libvirt's
 * own words with what to do about it.
 *
 * <pre>{@code
 * try {
 *     host.pools().lookup("images").orElseThrow().start();
 * } catch (LibvirtOperationException e) {
 *     System.err.println(e.operation() + " of " + e.pool().orElse("?") + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class LibvirtOperationException extends LibvirtHostException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String pool;
    private final String volume;
    private final LibvirtFailure failure;

    /**
     * @param uri the connection URI
     * @param operation what was attempted, e.g. {@code start pool}
     * @param pool the pool concerned, or null
     * @param volume the volume concerned, or null
     * @param failure the kind of failure
     * @param message what went wrong and what to do
     * @param cause the underlying failure, or null
     */
    public LibvirtOperationException(String uri, String operation, String pool, String volume,
            LibvirtFailure failure, String message, Throwable cause) {
        super(uri, message, cause);
        this.operation = operation;
        this.pool = pool;
        this.volume = volume;
        this.failure = failure;
    }

    /** What was attempted, e.g. {@code start pool}. */
    public String operation() {
        return operation;
    }

    /** The pool concerned. */
    public Optional<String> pool() {
        return Optional.ofNullable(pool);
    }

    /** The volume concerned. */
    public Optional<String> volume() {
        return Optional.ofNullable(volume);
    }

    /** The kind of failure. */
    public LibvirtFailure failure() {
        return failure;
    }
}
