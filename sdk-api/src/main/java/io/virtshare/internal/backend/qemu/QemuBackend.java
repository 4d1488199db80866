package io.virtshare.internal.backend.qemu;

import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.spi.Backend;
import io.virtshare.storage.Pools;
import io.virtshare.vm.Vms;
import java.nio.file.Path;

/**
 * The open {@code qemu} backend: VMs as QEMU processes, definitions under
 * {@code <home>/qemu/}. It owns the processes it starts: {@link #close()} stops every VM it
 * started (and their virtiofsd daemons) that still runs; VMs another backend started are left
 * alone.
 */
final class QemuBackend implements Backend {
    private final Path home;
    private final QemuVms vms;
    private final QemuPools pools;
    private boolean closed;

    QemuBackend(Path home, Path qemu) {
        this.home = home;
        this.vms = new QemuVms(home, qemu);
        this.pools = new QemuPools(home);
    }

    @Override
    public String name() {
        return QemuBackendProvider.NAME;
    }

    @Override
    public String target() {
        return QemuErrors.target(home);
    }

    /** What the domain XML this backend shows may hold: what every libvirt accepts. */
    @Override
    public LibvirtFeatures features() {
        return LibvirtFeatures.unknown();
    }

    @Override
    public Pools pools() {
        return pools;
    }

    @Override
    public Vms vms() {
        return vms;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            vms.close();
        }
    }
}
