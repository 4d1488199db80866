package io.virtshare.testkit.guest;

import io.virtshare.InvalidSpecException;
import io.virtshare.progress.ProgressListener;
import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTools;
import java.time.Duration;
import java.util.Locale;
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

    /** The progress step of booting {@code kernel}, e.g. {@code booting 6.1.0-18-amd64 under TCG (qemu)}. */
    String booting(GuestKernel kernel) {
        return "booting " + kernel.release() + " under TCG (" + via.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** These settings with another time limit. */
    GuestSettings withTimeout(Duration value) {
        return new GuestSettings(via, value, memoryMb, tools, libvirtUri);
    }

    /**
     * What the builders of {@link GuestProbe} and {@link GuestDigest} both set, checked as it is
     * set: how to start the guest, the time limit, the memory, the host tools, the libvirt URI and
     * where progress goes. A builder owns one; its product takes {@link #settings(Duration)}.
     */
    static final class Draft {
        private GuestVia via = GuestVia.QEMU;
        private Duration timeout;
        private int memoryMb;
        private HostTools tools;
        private String libvirtUri = "qemu:///system";
        private ProgressListener progress = ProgressListener.NONE;

        /** A draft with the builder's default memory, and no time limit given yet. */
        Draft(int memoryMb) {
            this.memoryMb = memoryMb;
        }

        void via(GuestVia value) {
            this.via = Objects.requireNonNull(value, "via");
        }

        void timeout(Duration value) {
            this.timeout = checkTimeout(value);
        }

        void memoryMb(int value) {
            this.memoryMb = checkMemoryMb(value);
        }

        void hostTools(HostTools value) {
            this.tools = Objects.requireNonNull(value, "tools");
        }

        void libvirtUri(String value) {
            this.libvirtUri = Objects.requireNonNull(value, "libvirtUri");
        }

        void progress(ProgressListener value) {
            this.progress = Objects.requireNonNull(value, "progress");
        }

        /** The time limit given, or null when the builder's default applies. */
        Duration timeout() {
            return timeout;
        }

        ProgressListener progress() {
            return progress;
        }

        /**
         * The settings as set, with {@code defaultTimeout} where no time limit was given and the
         * host tools detected now where none were given.
         */
        GuestSettings settings(Duration defaultTimeout) {
            return new GuestSettings(via, timeout != null ? timeout : defaultTimeout, memoryMb,
                    tools != null ? tools : HostTools.detect(), libvirtUri);
        }
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
