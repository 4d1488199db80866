package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU arguments that give a guest its shares: for virtiofs a vhost-user socket
 * chardev and a {@code vhost-user-fs-pci} device per share, plus the shared memfd
 * memory backend virtiofs needs (sized to the guest's RAM, as it must be); for 9p an
 * {@code -fsdev local} and a {@code virtio-9p-pci} device per share.
 *
 * <pre>{@code
 * List<String> args = QemuArguments.of(List.of(share), 512, Path.of("/var/lib/microvms/web"));
 * // -object memory-backend-memfd,id=mem,size=512M,share=on -numa node,memdev=mem -chardev socket,...
 * }</pre>
 */
public final class QemuArguments {
    private QemuArguments() {
    }

    /**
     * The arguments for {@code shares} of a guest with {@code memoryMb} MiB of RAM.
     *
     * @param stateDir where relative sources and default sockets live
     */
    public static List<String> of(List<Share> shares, long memoryMb, Path stateDir) {
        if (memoryMb < 1) {
            throw new InvalidSpecException("guest memory must be at least 1 MiB, not " + memoryMb);
        }
        List<String> args = new ArrayList<>();
        if (shares.stream().anyMatch(s -> s.protocol() == ShareProtocol.VIRTIOFS)) {
            args.addAll(List.of("-object", "memory-backend-memfd,id=mem,size=" + memoryMb + "M,share=on",
                    "-numa", "node,memdev=mem"));
        }
        int index = 0;
        for (Share share : shares) {
            if (share.options() instanceof VirtiofsOptions v) {
                String id = "fs" + index;
                args.addAll(List.of("-chardev", "socket,id=" + id + ",path=" + option(share.socketPath(stateDir)
                        .toString()), "-device", "vhost-user-fs-pci,chardev=" + id + ",tag=" + share.tag()
                        + ",queue-size=" + v.queueSize()));
            } else {
                NinePOptions n = (NinePOptions) share.options();
                String id = "fsdev" + index;
                StringBuilder fsdev = new StringBuilder("local,id=" + id + ",path="
                        + option(share.resolveSource(stateDir).toString()) + ",security_model=" + n.securityModel());
                n.multidevs().ifPresent(m -> fsdev.append(",multidevs=").append(m));
                if (share.readOnly()) {
                    fsdev.append(",readonly=on");
                }
                args.addAll(List.of("-fsdev", fsdev.toString(), "-device", "virtio-9p-pci,fsdev=" + id
                        + ",mount_tag=" + share.tag()));
            }
            index++;
        }
        return List.copyOf(args);
    }

    /**
     * The arguments for {@code shares} and {@code volumes} of a guest with {@code memoryMb}
     * MiB of RAM: the shares' arguments, then one drive per volume ({@code vol0}, {@code vol1}, …).
     *
     * @param stateDir where relative sources, images and default sockets live
     */
    public static List<String> of(List<Share> shares, List<Volume> volumes, long memoryMb, Path stateDir) {
        List<String> args = new ArrayList<>(of(shares, memoryMb, stateDir));
        for (int i = 0; i < volumes.size(); i++) {
            args.addAll(volumes.get(i).qemuArguments(i, stateDir));
        }
        return List.copyOf(args);
    }

    /** A value inside a QEMU option list: commas are doubled, as QEMU's syntax escapes them. */
    static String option(String value) {
        return value.replace(",", ",,");
    }
}
