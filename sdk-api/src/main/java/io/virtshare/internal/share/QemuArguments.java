package io.virtshare.internal.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.share.GuestDisk;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU arguments that give a guest its shares and disks: for virtiofs a vhost-user
 * socket chardev and a {@code vhost-user-fs-pci} device per share, plus the shared memfd
 * memory backend virtiofs needs (sized to the guest's RAM, as it must be); for 9p an
 * {@code -fsdev local} and a {@code virtio-9p-pci} device per share; one drive per guest
 * disk.
 */
public final class QemuArguments {
    private QemuArguments() {
    }

    /** The arguments for everything in {@code vm}, for a guest with {@code memoryMib} MiB of RAM. */
    public static List<String> of(VmShares vm, long memoryMib) {
        if (memoryMib < 1) {
            throw new InvalidSpecException("guest memory must be at least 1 MiB, not " + memoryMib
                    + "; give the -m of the guest in MiB");
        }
        List<String> args = new ArrayList<>();
        if (vm.shares().stream().anyMatch(s -> s.protocol() == ShareProtocol.VIRTIOFS)) {
            args.addAll(List.of("-object", "memory-backend-memfd,id=mem,size=" + memoryMib + "M,share=on",
                    "-numa", "node,memdev=mem"));
        }
        int index = 0;
        for (Share share : vm.shares()) {
            if (share.options() instanceof VirtiofsOptions v) {
                String id = "fs" + index;
                args.addAll(List.of("-chardev", "socket,id=" + id + ",path=" + option(vm.socket(share).toString()),
                        "-device", "vhost-user-fs-pci,chardev=" + id + ",tag=" + share.tag() + ",queue-size="
                                + v.queueSize()));
            } else {
                NinePOptions n = (NinePOptions) share.options();
                String id = "fsdev" + index;
                StringBuilder fsdev = new StringBuilder("local,id=" + id + ",path="
                        + option(vm.source(share).toString()) + ",security_model=" + n.securityModel());
                n.multidevs().ifPresent(m -> fsdev.append(",multidevs=").append(m));
                if (share.readOnly()) {
                    fsdev.append(",readonly=on");
                }
                args.addAll(List.of("-fsdev", fsdev.toString(), "-device", "virtio-9p-pci,fsdev=" + id
                        + ",mount_tag=" + share.tag()));
            }
            index++;
        }
        for (int i = 0; i < vm.disks().size(); i++) {
            GuestDisk disk = vm.disks().get(i);
            String id = "disk" + i;
            args.addAll(List.of("-drive", "id=" + id + ",file=" + option(vm.image(disk).toString()) + ",format="
                            + disk.format().qemuName() + ",if=none,discard=unmap",
                    "-device", "virtio-blk-pci,drive=" + id + ",serial=" + disk.serial()));
        }
        return List.copyOf(args);
    }

    /** A value inside a QEMU option list: commas are doubled, as QEMU's syntax escapes them. */
    static String option(String value) {
        return value.replace(",", ",,");
    }
}
