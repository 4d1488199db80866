package io.virtshare.vm;

/**
 * How QEMU runs the guest's CPU. {@link #TCG} is the default: it works everywhere, including
 * where a {@code /dev/kvm} node exists but nested KVM hangs; choose {@link #KVM} only where
 * a bounded probe has shown it works.
 *
 * <pre>{@code
 * VmSpec.builder("web1").accelerator(Accelerator.KVM)
 * }</pre>
 */
public enum Accelerator {
    /** QEMU's own translator (libvirt {@code <domain type='qemu'>}). */
    TCG,
    /** The host's KVM (libvirt {@code <domain type='kvm'>}). */
    KVM
}
