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
     * A transient VM on {@code qemu:///system} ({@code type='qemu'}, direct kernel boot) created
     * through the SDK's {@code libvirt} backend, which must be on the class path at run time
     * ({@code io.virtshare:sdk-libvirt}); libvirt starts virtiofsd itself.
     */
    LIBVIRT
}
