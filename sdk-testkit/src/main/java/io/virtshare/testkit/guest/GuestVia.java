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
     * QEMU started directly with the arguments of
     * {@link io.virtshare.share.VmShares#qemuArguments(long)} and, for virtiofs, one
     * supervised virtiofsd per share from the SDK's
     * {@link io.virtshare.share.virtiofsd.VirtiofsdLauncher}.
     */
    QEMU,
    /**
     * A transient libvirt domain on {@code qemu:///system} ({@code type='qemu'}, direct
     * kernel boot) whose {@code <filesystem>} devices come from
     * {@link io.virtshare.share.VmShares#filesystems(io.virtshare.domain.LibvirtFeatures)} attached with
     * {@link io.virtshare.domain.DomainXml}; libvirt starts virtiofsd itself.
     */
    LIBVIRT
}
