package io.virtshare.internal.share;

import io.virtshare.InvalidSpecException;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.xml.XmlExtras;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The libvirt {@code <filesystem>} of a share, where libvirt starts virtiofsd itself
 * (virtiofs) or QEMU serves the directory (9p). The virtiofs cache mode maps to libvirt's
 * {@code <cache mode>}: {@code never} as {@code none}, {@code always} as is, {@code auto}
 * as no element (virtiofsd's default); the thread pool as {@code <thread_pool size>}; lock
 * serving as {@code <lock>}.
 */
public final class FilesystemDevices {
    private FilesystemDevices() {
    }

    /**
     * The device for {@code share} with its source resolved to {@code source}, for the libvirt
     * described by {@code features}.
     *
     * @throws InvalidSpecException for cache {@code metadata}, which libvirt cannot express,
     *     and when the target does not accept the share (the message names the alternatives)
     */
    public static FilesystemDevice of(Share share, Path source, LibvirtFeatures features) {
        if (share.options() instanceof VirtiofsOptions v) {
            return virtiofs(share, v, source, features);
        }
        NinePOptions n = (NinePOptions) share.options();
        FilesystemDevice.Builder b = FilesystemDevice.ninep(source, share.tag()).attribute("accessmode",
                n.accessMode()).readOnly(share.readOnly()).features(features);
        n.multidevs().ifPresent(m -> b.attribute("multidevs", m));
        return b.build();
    }

    private static FilesystemDevice virtiofs(Share share, VirtiofsOptions v, Path source, LibvirtFeatures features) {
        FilesystemDevice.Builder b = FilesystemDevice.virtiofs(source, share.tag()).queue(v.queueSize())
                .readOnly(share.readOnly()).features(features);
        switch (v.cache()) {
            case "auto" -> {
                // libvirt (9.0) knows only none and always; without <cache> virtiofsd runs with auto
            }
            case "never", "none" -> b.cache("none");
            case "always" -> b.cache("always");
            default -> throw new InvalidSpecException("share '" + share.tag() + "': libvirt's <cache> knows none and"
                    + " always, not " + v.cache() + "; start virtiofsd yourself (VirtiofsdLauncher) and give"
                    + " libvirt its socket, or use cache auto, never or always");
        }
        FilesystemDevice device = b.build();
        if (!v.posixLock() && !v.flock() && v.threadPoolSize().isEmpty()) {
            return device;
        }
        FilesystemDevice.Binary binary = device.binary().orElse(new FilesystemDevice.Binary(Map.of(),
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), XmlExtras.none()));
        Map<String, String> lock = binary.lock();
        if (v.posixLock() || v.flock()) {
            lock = new LinkedHashMap<>();
            lock.put("posix", v.posixLock() ? "on" : "off");
            lock.put("flock", v.flock() ? "on" : "off");
        }
        return device.toBuilder().features(features).binary(new FilesystemDevice.Binary(binary.attributes(),
                binary.cacheMode(), binary.sandboxMode(), lock, v.threadPoolSize().or(binary::threadPoolSize),
                binary.openFilesMax(), binary.extras())).build();
    }
}
