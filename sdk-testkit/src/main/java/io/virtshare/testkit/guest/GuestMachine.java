package io.virtshare.testkit.guest;

import java.util.Optional;

/** A started guest: QEMU directly or a libvirt domain. Closing it stops it and removes what it left. */
interface GuestMachine extends AutoCloseable {
    /** Whether the guest still runs. */
    boolean running();

    /** After the guest stopped: what went wrong on the host side, if anything (exit code, log). */
    Optional<String> problem();

    /** Stops the guest if it still runs and cleans up; idempotent, never throws. */
    @Override
    void close();
}
