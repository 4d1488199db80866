package io.virtshare.share.virtiofsd;

/**
 * The two virtiofsd implementations, which take different command lines.
 *
 * <pre>{@code
 * VirtiofsdBinary.find().ifPresent(d -> System.out.println(d.flavour())); // C on Debian 12
 * }</pre>
 */
public enum VirtiofsdFlavour {
    /**
     * The legacy C daemon shipped with QEMU up to 7.2 (Debian 12's
     * {@code /usr/lib/qemu/virtiofsd}): options as {@code -o source=DIR,cache=auto}.
     */
    C,
    /**
     * The Rust daemon (virtiofsd 1.x): long options such as {@code --shared-dir DIR
     * --cache auto}; announces the {@code separate-options} capability.
     */
    RUST
}
