package io.virtshare.share;

import java.util.List;
import java.util.Objects;

/**
 * How the guest mounts a share, a guest disk or a writable overlay, in the four forms users
 * need: a command, an {@code /etc/fstab} line, a systemd mount unit, and a cloud-init
 * {@code mounts:} entry. {@link VmShares#guestMounts()} derives one per share, disk and
 * overlay.
 *
 * <pre>{@code
 * GuestMount m = vm.guestMounts().get(0);   // vm: a VmShares; its first share
 * System.out.println(m.command());          // mkdir -p /mnt/models && mount -t virtiofs models /mnt/models
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
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(fstabLine, "fstabLine");
        Objects.requireNonNull(systemdUnitName, "systemdUnitName");
        Objects.requireNonNull(systemdUnit, "systemdUnit");
        cloudInitEntry = List.copyOf(cloudInitEntry);
    }
}

