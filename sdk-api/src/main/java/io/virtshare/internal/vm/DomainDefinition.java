package io.virtshare.internal.vm;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.share.VmShares;
import io.virtshare.vm.Accelerator;
import io.virtshare.vm.VmSpec;

/**
 * The libvirt domain XML for a {@link VmSpec}, as libvirt's QEMU driver accepts it: every
 * backend that defines or writes a domain starts from here.
 *
 * <ul>
 *   <li>{@code type='qemu'} for TCG, {@code 'kvm'} for KVM; x86_64 with the spec's machine type;
 *   <li>on a {@code q35} machine, one PCIe root port per share and disk plus
 *       {@value #SPARE_ROOT_PORTS} spare ones, so shares and disks can be hot-plugged (libvirt
 *       adds ports only for the devices present);
 *   <li>direct kernel boot when the spec has one; the serial console to the spec's file;
 *   <li>each share as a {@code <filesystem>} (with shared memory for virtiofs, through
 *       {@link DomainXml#attach}), each guest disk as a virtio disk with its serial.
 * </ul>
 */
public final class DomainDefinition {
    /** Spare PCIe root ports on a q35 machine: room for this many hot-plugged devices. */
    public static final int SPARE_ROOT_PORTS = 4;

    private DomainDefinition() {
    }

    /** Whether {@code machine} is a PCIe (q35) machine type, whose root ports take hot-plugged devices. */
    public static boolean isPcie(String machine) {
        return machine.equals("q35") || machine.startsWith("pc-q35");
    }

    /**
     * The domain XML for {@code spec} on a libvirt described by {@code features}.
     *
     * @throws io.virtshare.InvalidSpecException when a share cannot be expressed for that
     *     libvirt (e.g. read-only virtiofs before libvirt 11.0.0)
     */
    public static String of(VmSpec spec, LibvirtFeatures features) {
        VmShares shares = spec.shares();
        StringBuilder xml = new StringBuilder();
        xml.append("<domain type='").append(spec.accelerator() == Accelerator.KVM ? "kvm" : "qemu").append("'>\n");
        xml.append("  <name>").append(escape(spec.name())).append("</name>\n");
        xml.append("  <memory unit='MiB'>").append(spec.memoryMib()).append("</memory>\n");
        xml.append("  <vcpu>").append(spec.vcpus()).append("</vcpu>\n");
        xml.append("  <os>\n    <type arch='x86_64' machine='").append(escape(spec.machine())).append("'>hvm</type>\n");
        spec.boot().ifPresent(boot -> xml.append("    <kernel>").append(escape(boot.kernel().toString()))
                .append("</kernel>\n    <initrd>").append(escape(boot.initramfs().toString()))
                .append("</initrd>\n    <cmdline>").append(escape(boot.cmdline())).append("</cmdline>\n"));
        xml.append("  </os>\n  <features>\n    <acpi/>\n  </features>\n  <devices>\n");
        if (isPcie(spec.machine())) {
            xml.append("    <controller type='pci' index='0' model='pcie-root'/>\n");
            int ports = SPARE_ROOT_PORTS + shares.shares().size() + shares.disks().size();
            for (int port = 1; port <= ports; port++) {
                xml.append("    <controller type='pci' index='").append(port).append("' model='pcie-root-port'/>\n");
            }
        }
        char device = 'a';
        for (var disk : shares.disks()) {
            xml.append("    <disk type='file' device='disk'>\n      <driver name='qemu' type='")
                    .append(disk.format().qemuName()).append("' discard='unmap'/>\n      <source file='")
                    .append(escape(shares.image(disk).toString())).append("'/>\n      <target dev='vd")
                    .append(device++).append("' bus='virtio'/>\n      <serial>").append(escape(disk.serial()))
                    .append("</serial>\n    </disk>\n");
        }
        spec.console().ifPresent(console -> xml.append("    <serial type='file'>\n      <source path='")
                .append(escape(console.toString())).append("'/>\n      <target port='0'/>\n    </serial>\n"));
        xml.append("    <memballoon model='none'/>\n  </devices>\n</domain>\n");
        DomainXml domain = DomainXml.parse(xml.toString());
        for (FilesystemDevice fs : shares.filesystems(features)) {
            domain = domain.attach(fs);
        }
        return domain.toXml();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
