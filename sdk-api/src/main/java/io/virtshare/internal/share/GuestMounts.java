package io.virtshare.internal.share;

import io.virtshare.share.GuestDisk;
import io.virtshare.share.GuestMount;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.WritableOverlay;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Derives how the guest mounts a share, a guest disk or a writable overlay: the command,
 * the fstab line, the systemd mount unit and the cloud-init {@code mounts:} entry.
 */
public final class GuestMounts {
    private GuestMounts() {
    }

    /** The guest mount of {@code share}. */
    public static GuestMount of(Share share) {
        String type = share.protocol() == ShareProtocol.VIRTIOFS ? "virtiofs" : "9p";
        StringBuilder options = new StringBuilder();
        if (share.options() instanceof NinePOptions n) {
            options.append("trans=virtio,version=9p2000.L,msize=").append(n.msize());
            if (n.securityModel().startsWith("mapped")) {
                options.append(",cache=mmap");
            }
        }
        if (share.readOnly()) {
            options.append(options.length() > 0 ? "," : "").append("ro");
        }
        return mount(share.tag(), share.mountPoint().toString(), type, options.toString(), "",
                "virtshare " + type + " share " + share.tag(), "");
    }

    /**
     * The guest mount of a guest disk: the disk by serial ({@code /dev/disk/by-id/virtio-<serial>}),
     * with its file system type ({@code auto} when it was left unformatted).
     */
    public static GuestMount of(GuestDisk disk) {
        return mount(disk.guestDevice(), disk.mountPoint().toString(), disk.fsType().orElse("auto"), "", "",
                "virtshare guest disk " + disk.serial(), "");
    }

    /**
     * The guest mount of a writable overlay; the command first creates the upper and work
     * directories, and the unit waits for the guest disk holding them.
     */
    public static GuestMount of(WritableOverlay overlay) {
        String writable = overlay.writable().toString();
        return mount("overlay", overlay.mountPoint().toString(), "overlay", overlay.mountOptions(),
                "mkdir -p " + overlay.upperDir() + " " + overlay.workDir() + " && ",
                "virtshare writable overlay on " + overlay.mountPoint(), "RequiresMountsFor=" + writable + "\n");
    }

    /**
     * The cloud-init {@code mounts:} section for {@code mounts}: one flow list of six quoted
     * fields per mount, in order.
     */
    public static String cloudInit(List<GuestMount> mounts) {
        return "mounts:\n" + mounts.stream()
                .map(m -> m.cloudInitEntry().stream().map(GuestMounts::yamlString)
                        .collect(Collectors.joining(", ", "  - [", "]\n")))
                .collect(Collectors.joining());
    }

    /** A YAML double-quoted scalar: backslash, quote and control characters escaped. */
    static String yamlString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static GuestMount mount(String what, String point, String type, String mountOptions, String prepare,
            String description, String unitRequirements) {
        String command = prepare + "mkdir -p " + point + " && mount -t " + type
                + (mountOptions.isEmpty() ? "" : " -o " + mountOptions) + " " + what + " " + point;
        String fstabOptions = (mountOptions.isEmpty() ? "defaults" : mountOptions) + ",nofail";
        String fstab = what + " " + point + " " + type + " " + fstabOptions + " 0 0";
        String unit = "[Unit]\n"
                + "Description=" + description + "\n"
                + unitRequirements
                + "\n"
                + "[Mount]\n"
                + "What=" + what + "\n"
                + "Where=" + point + "\n"
                + "Type=" + type + "\n"
                + "Options=" + (mountOptions.isEmpty() ? "defaults" : mountOptions) + "\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
        return new GuestMount(command, fstab, systemdUnitName(point), unit,
                List.of(what, point, type, fstabOptions, "0", "0"));
    }

    /** The unit name systemd requires for a mount point ({@code systemd-escape --path --suffix=mount}). */
    static String systemdUnitName(String mountPoint) {
        String trimmed = mountPoint.replaceAll("/+", "/").replaceAll("^/|/$", "");
        if (trimmed.isEmpty()) {
            return "-.mount";
        }
        StringBuilder out = new StringBuilder();
        byte[] bytes = trimmed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            if (c == '/') {
                out.append('-');
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (c == '.' && i > 0) || c == ':') {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out + ".mount";
    }
}
