package io.virtshare.share;

import java.util.List;

/**
 * How the guest mounts a share, in the four forms users need: a command, an
 * {@code /etc/fstab} line, a systemd mount unit, and a cloud-init {@code mounts:} entry.
 *
 * <pre>{@code
 * GuestMount m = GuestMount.of(share);
 * System.out.println(m.command());          // mount -t virtiofs models /mnt/models
 * System.out.println(m.systemdUnitName());  // mnt-models.mount
 * }</pre>
 *
 * @param command the mount command (after {@code mkdir -p})
 * @param fstabLine the fstab line
 * @param systemdUnitName the unit's file name, escaped as systemd requires
 * @param systemdUnit the unit's content
 * @param cloudInitEntry the six fields of a cloud-init {@code mounts:} entry
 */
public record GuestMount(String command, String fstabLine, String systemdUnitName, String systemdUnit,
        List<String> cloudInitEntry) {

    public GuestMount {
        cloudInitEntry = List.copyOf(cloudInitEntry);
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
     * The guest mount of a volume: its disk by serial ({@code /dev/disk/by-id/virtio-<serial>}),
     * with the volume's file system type ({@code auto} when it was left unformatted).
     */
    public static GuestMount of(Volume volume) {
        return mount(volume.guestDevice(), volume.mountPoint().toString(), volume.fsType().orElse("auto"), "", "",
                "virtshare volume " + volume.serial(), "");
    }

    /**
     * The guest mount of a writable overlay; the command first creates the upper and work
     * directories, and the unit and fstab line wait for the volume holding them.
     */
    public static GuestMount of(WritableOverlay overlay) {
        String writable = overlay.writable().toString();
        return mount("overlay", overlay.mountPoint().toString(), "overlay", overlay.mountOptions(),
                "mkdir -p " + overlay.upperDir() + " " + overlay.workDir() + " && ",
                "virtshare writable overlay on " + overlay.mountPoint(), "RequiresMountsFor=" + writable + "\n");
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
        byte[] bytes = trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
