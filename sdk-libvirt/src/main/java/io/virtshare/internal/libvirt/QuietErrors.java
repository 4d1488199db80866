package io.virtshare.internal.libvirt;

import org.libvirt.Connect;
import org.libvirt.jna.Libvirt;

/**
 * Stops libvirt from printing every error to the process's stderr: virtshare reports
 * libvirt's errors as exceptions with the same text, and an SDK must stay quiet.
 */
final class QuietErrors {
    /** Kept strongly reachable: libvirt calls it from native code. */
    private static final Libvirt.VirErrorCallback IGNORE = (userData, error) -> { };

    private QuietErrors() {
    }

    /** Installs the silent handler; calling it again changes nothing. */
    public static void install() throws org.libvirt.LibvirtException {
        Connect.setErrorCallback(IGNORE);
    }
}
