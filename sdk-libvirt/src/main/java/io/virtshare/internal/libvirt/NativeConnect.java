package io.virtshare.internal.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.ConnectionPointer;

/** libvirt-java's connection, with its native pointer reachable for calls libvirt-java lacks. */
final class NativeConnect extends Connect {
    /** Opens {@code uri} read-write. */
    public NativeConnect(String uri) throws LibvirtException {
        super(uri);
    }

    /** The native {@code virConnectPtr}. */
    public ConnectionPointer pointer() {
        return vcp;
    }
}
