package io.virtshare.testkit.guest;

/**
 * How {@link GuestProbe} starts its guest.
 *
 * <pre>{@code
 * GuestProbe.builder().share(share).via(GuestVia.LIBVIRT).build();
 * }</pre>
 */
public enum GuestVia {
    /**
     * QEMU started directly with the SDK's {@link io.virtshare.share.QemuArguments} and,
     * for virtiofs, one virtiofsd per share started with the SDK's
     * {@link io.virtshare.share.VirtiofsdArguments}.
     */
    QEMU,
    /**
     * A transient libvirt domain on {@code qemu:///system} ({@code type='qemu'}, direct
     * kernel boot) whose {@code <filesystem>} devices come from
     * {@link io.virtshare.share.Share#filesystem(java.nio.file.Path)} attached with
     * {@link io.virtshare.domain.DomainXml}; libvirt starts virtiofsd itself.
     */
    LIBVIRT
}
