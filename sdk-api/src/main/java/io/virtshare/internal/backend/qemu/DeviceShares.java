package io.virtshare.internal.backend.qemu;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A libvirt {@code <filesystem>} device as the {@link Share} the {@code qemu} backend serves:
 * source directory, tag, read-only, virtiofs queue size and cache mode, 9p access mode. The
 * guest mount point, which the device does not carry, is {@code /mnt/<tag>}.
 */
final class DeviceShares {
    private DeviceShares() {
    }

    static Share share(FilesystemDevice device) {
        Path dir = device.sourceDir().orElseThrow(() -> new InvalidSpecException("filesystem '" + device.target()
                + "' has no <source dir>; the qemu backend shares host directories only, give one"));
        String tag = device.target();
        if (tag.isEmpty()) {
            throw new InvalidSpecException("filesystem for " + dir + " has no <target dir> (mount tag); give one");
        }
        Path mountPoint = Path.of("/mnt", tag);
        if (device.isVirtiofs()) {
            VirtiofsOptions defaults = VirtiofsOptions.defaults();
            String cache = device.binary().flatMap(FilesystemDevice.Binary::cacheMode)
                    .map(c -> c.equals("none") ? "never" : c).orElse(defaults.cache());
            int queue = Optional.ofNullable(device.driver().get("queue")).map(DeviceShares::queue)
                    .orElse(defaults.queueSize());
            return Share.virtiofs(tag, dir, mountPoint).readOnly(device.readOnly())
                    .options(new VirtiofsOptions(cache, queue, defaults.threadPoolSize(), defaults.xattr(),
                            Optional.empty())).build();
        }
        if (!device.driverType().map(t -> t.equals("path") || t.equals("local")).orElse(true)
                || !device.type().equals("mount")) {
            throw new InvalidSpecException("filesystem '" + tag + "' is of type " + device.type() + " with driver "
                    + device.driverType().orElse("(default)") + "; the qemu backend serves virtiofs and 9p"
                    + " directories (type mount) only");
        }
        NinePOptions defaults = NinePOptions.defaults();
        String model = switch (device.accessMode().orElse("passthrough")) {
            case "mapped" -> "mapped-xattr";
            case "squash" -> "none";
            default -> "passthrough";
        };
        return Share.ninep(tag, dir, mountPoint).readOnly(device.readOnly())
                .options(new NinePOptions(model, defaults.msize(), Optional.ofNullable(device.attributes()
                        .get("multidevs")))).build();
    }

    private static int queue(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("virtiofs queue size '" + value + "' is not a number; give e.g. 1024");
        }
    }
}
