package io.virtshare.datastore;

/**
 * The life of an image, as in OpenNebula.
 *
 * <pre>{@code
 * if (image.state() == ImageState.READY) { ... }
 * }</pre>
 */
public enum ImageState {
    /** Being imported; not usable yet. */
    LOCKED,
    /** Complete and usable. */
    READY,
    /** An import failed or was interrupted; {@link Image#error()} says why. */
    ERROR,
    /** Being cloned; cannot be deleted meanwhile. */
    CLONE,
    /** Attached to a VM; cannot be deleted meanwhile. */
    USED,
    /** Being deleted. */
    DELETE
}
