package io.virtshare.libvirt;

import io.virtshare.VirtShareException;

/**
 * A libvirt connection or call failed. The message names the URI and, where libvirt
 * said why, libvirt's own words, followed by what to do.
 *
 * <pre>{@code
 * try (LibvirtHost host = LibvirtHost.connect("qemu:///system")) {
 *     ...
 * } catch (LibvirtHostException e) {
 *     System.err.println(e.uri() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class LibvirtHostException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    private final String uri;

    /**
     * @param uri the connection URI concerned
     * @param message what went wrong and what to do
     * @param cause the underlying failure, or null
     */
    public LibvirtHostException(String uri, String message, Throwable cause) {
        super(message, cause);
        this.uri = uri;
    }

    /** The connection URI concerned. */
    public String uri() {
        return uri;
    }
}
