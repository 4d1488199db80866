package io.virtshare.testkit.guest;

import io.virtshare.VirtShareException;

/**
 * A {@link GuestProbe} could not be set up: a host tool is missing, a share's source is
 * not a directory, or the probe's files could not be written. A guest that boots and then
 * fails is not an exception: it is a {@link GuestReport} with a failure.
 *
 * <pre>{@code
 * try (GuestProbe probe = GuestProbe.builder().share(share).build()) {
 *     probe.run();
 * } catch (GuestProbeException e) {
 *     System.err.println(e.getMessage()); // e.g. "... install busybox-static"
 * }
 * }</pre>
 */
public class GuestProbeException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public GuestProbeException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and what to do
     * @param cause the underlying failure
     */
    public GuestProbeException(String message, Throwable cause) {
        super(message, cause);
    }
}
