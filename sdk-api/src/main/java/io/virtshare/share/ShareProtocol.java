package io.virtshare.share;

/**
 * How a host directory reaches the guest.
 *
 * <pre>{@code
 * Share.virtiofs("models", Path.of("/srv/models"), Path.of("/mnt/models")).build().protocol(); // VIRTIOFS
 * }</pre>
 */
public enum ShareProtocol {
    /** virtio-fs: a virtiofsd daemon per share, shared guest memory; fast. */
    VIRTIOFS("virtiofs"),
    /** 9p over virtio: built into QEMU, no daemon; slower. */
    NINE_P("9p");

    private final String label;

    ShareProtocol(String label) {
        this.label = label;
    }

    /** The protocol as written in configurations ({@code virtiofs}, {@code 9p}). */
    public String label() {
        return label;
    }
}
