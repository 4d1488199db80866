package io.virtshare.storage;

import io.virtshare.InvalidSpecException;
import java.util.Objects;
import java.util.Optional;

/**
 * A server of a pool source: {@code <host name='…' port='…'/>} (NFS server, iSCSI
 * portal, Ceph monitor, Gluster server).
 *
 * <pre>{@code
 * Host.of("ceph-mon.example.com", 6789);
 * Host.of("nfs.example.com");            // default port
 * }</pre>
 *
 * @param name the host name or IP address
 * @param port the port, when not the protocol's default
 */
public record Host(String name, Optional<Integer> port) {
    /**
     * Checks the port range.
     */
    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(port, "port");
        port.ifPresent(p -> {
            if (p < 0 || p > 65535) {
                throw new InvalidSpecException("port " + p + " of host " + name + " is not between 1 and 65535");
            }
        });
    }

    /** A host on the protocol's default port. */
    public static Host of(String name) {
        return new Host(name, Optional.empty());
    }

    /** A host on {@code port}. */
    public static Host of(String name, int port) {
        return new Host(name, Optional.of(port));
    }
}
