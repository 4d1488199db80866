package io.virtshare;

/**
 * The root of every error the virtshare SDK throws.
 *
 * <p>All virtshare errors are unchecked. Each message says what was wrong and what to
 * do about it, for example which datastore attribute to change or which package to
 * install. Subclasses carry structured context (the datastore, image, pool or file
 * concerned) so callers can react without parsing messages.
 *
 * <pre>{@code
 * try {
 *     VirtiofsdBinary.detect(Path.of("/usr/lib/qemu/virtiofsd"));
 * } catch (VirtShareException e) {
 *     System.err.println(e.getMessage()); // says what to install or configure
 * }
 * }</pre>
 */
public class VirtShareException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an error with a message that says what went wrong and what to do.
     *
     * @param message what went wrong and what to do next
     */
    public VirtShareException(String message) {
        super(message);
    }

    /**
     * Creates an error caused by another one.
     *
     * @param message what went wrong and what to do next
     * @param cause the underlying failure
     */
    public VirtShareException(String message, Throwable cause) {
        super(message, cause);
    }
}
