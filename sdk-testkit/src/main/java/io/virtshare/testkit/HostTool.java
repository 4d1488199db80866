package io.virtshare.testkit;

/**
 * The host components that virtshare's integration tests, guest proofs and the
 * {@code doctor} command rely on, each with the Debian package that provides it.
 *
 * <pre>{@code
 * HostTools tools = HostTools.detect();
 * if (!tools.available(HostTool.VIRTIOFSD)) {
 *     System.err.println(tools.status(HostTool.VIRTIOFSD).detail());
 * }
 * }</pre>
 */
public enum HostTool {
    /** The libvirt client library, {@code libvirt.so.0} (needed for {@code test:///default}). */
    LIBVIRT_LIBRARY("libvirt client library", "libvirt0"),
    /** The {@code virsh} command. */
    VIRSH("virsh", "libvirt-clients"),
    /** {@code virt-xml-validate} and libvirt's RelaxNG schemas. */
    VIRT_XML_VALIDATE("virt-xml-validate", "libvirt-clients and libxml2-utils"),
    /** A running libvirt daemon answering on {@code qemu:///system}. */
    LIBVIRTD("libvirt daemon (qemu:///system)", "libvirt-daemon-system"),
    /** {@code qemu-system-x86_64}. */
    QEMU("QEMU system emulator", "qemu-system-x86"),
    /** {@code qemu-img}. */
    QEMU_IMG("qemu-img", "qemu-utils"),
    /** KVM acceleration that really runs a guest kernel (not just a {@code /dev/kvm} node). */
    KVM("usable KVM acceleration", "a host with (nested) virtualisation enabled"),
    /** A virtiofsd daemon of either flavour. */
    VIRTIOFSD("virtiofsd", "qemu-system-common (Debian 12) or virtiofsd"),
    /** A kernel image with the virtio, fuse/virtiofs and 9p modules, to boot guests. */
    GUEST_KERNEL("guest kernel and modules", "linux-image-amd64"),
    /** A statically linked busybox for guest initramfs images. */
    BUSYBOX("static busybox", "busybox-static"),
    /** {@code mkfs.xfs}, for reflink-capable test filesystems. */
    MKFS_XFS("mkfs.xfs", "xfsprogs"),
    /** Loop devices that this process may attach (root and {@code /dev/loop-control}). */
    LOOP_DEVICE("loop devices", "run as root with the loop module loaded"),
    /** LVM's tools ({@code pvs}, {@code pvcreate}, {@code vgcreate}): logical pools and their source discovery. */
    LVM("LVM tools (pvs, vgcreate)", "lvm2"),
    /**
     * OpenSSH's {@code sshd}, {@code ssh} and {@code ssh-keygen}, run as root: a private
     * {@link LocalSshd} for tests of libvirt's {@code qemu+ssh://} remote transport.
     */
    SSHD("OpenSSH server and client", "openssh-server (and openssh-client), as root");

    private final String description;
    private final String provider;

    HostTool(String description, String provider) {
        this.description = description;
        this.provider = provider;
    }

    /** What the tool is, in words. */
    public String description() {
        return description;
    }

    /** The Debian package (or host setting) that provides the tool. */
    public String provider() {
        return provider;
    }
}
