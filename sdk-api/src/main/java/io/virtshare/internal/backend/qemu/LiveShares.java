package io.virtshare.internal.backend.qemu;

import io.virtshare.share.virtiofsd.Virtiofsd;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shares hot-plugged into one running VM: which spare PCIe root port each holds, its
 * QEMU device and chardev ids, and its virtiofsd. Thread-safe.
 */
final class LiveShares {
    /** A hot-plugged share. */
    record Plugged(int port, String device, String chardev, Virtiofsd daemon) {
    }

    private final int ports;
    private final Map<String, Integer> reserved = new HashMap<>();
    private final Map<String, Plugged> plugged = new HashMap<>();

    LiveShares(int ports) {
        this.ports = ports;
    }

    /** A free port (1 to the number of spare ports) now held for {@code tag}, or empty when all are taken. */
    synchronized Optional<Integer> reservePort(String tag) {
        for (int port = 1; port <= ports; port++) {
            if (!reserved.containsValue(port)) {
                reserved.put(tag, port);
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }

    synchronized void plugged(String tag, Plugged share) {
        plugged.put(tag, share);
    }

    synchronized Optional<Plugged> plugged(String tag) {
        return Optional.ofNullable(plugged.get(tag));
    }

    synchronized void release(String tag) {
        reserved.remove(tag);
        plugged.remove(tag);
    }

    /** Stops the daemons of every plugged share (QEMU has gone). */
    synchronized void closeAll() {
        plugged.values().forEach(p -> p.daemon().close());
        plugged.clear();
        reserved.clear();
    }
}
