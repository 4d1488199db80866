package io.virtshare.testkit.guest;

import io.virtshare.InvalidSpecException;
import io.virtshare.testkit.HostTools;
import java.time.Duration;
import java.util.Objects;

/**
 * How one guest of the testkit boots: through QEMU directly or libvirt, within which time,
 * with how much memory, with which host tools, on which libvirt URI.
 *
 * @param via how the guest is started
 * @param timeout how long a run may take, boot to power-off
 * @param memoryMb the guest's memory in MiB
 * @param tools the host tool detection
 * @param libvirtUri the libvirt URI for {@link GuestVia#LIBVIRT}
 */
record GuestSettings(GuestVia via, Duration timeout, int memoryMb, HostTools tools, String libvirtUri) {
    GuestSettings {
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(libvirtUri, "libvirtUri");
    }

    /** {@code value} when it is a usable time limit (positive). */
    static Duration checkTimeout(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSpecException("timeout must be positive, not " + value);
        }
        return value;
    }

    /** {@code value} when the guest can boot with that much memory (at least 128 MiB to unpack its initramfs). */
    static int checkMemoryMb(int value) {
        if (value < 128) {
            throw new InvalidSpecException("guest memory " + value + " MiB is too small; give at least 128");
        }
        return value;
    }
}
