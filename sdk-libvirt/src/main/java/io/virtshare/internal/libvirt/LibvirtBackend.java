package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.spi.Backend;
import io.virtshare.vm.Hypervisor;
import io.virtshare.vm.Vms;
import java.util.Optional;
import org.libvirt.Connect;

/**
 * The {@code libvirt} backend on one libvirt URI: storage pools and volumes of that host, and its
 * VMs ({@link LibvirtVms}). Owns its connection; {@code close()} closes it and is idempotent.
 *
 * <p>For code of this package that calls libvirt itself (the VMs): {@link #connection()} is
 * the live {@link Connect}, and {@link #call} runs a libvirt call and turns its
 * {@link org.libvirt.LibvirtException} into a {@link BackendException} of this backend
 * (target the URI, subject the VM, a message with what to do).
 */
final class LibvirtBackend implements Backend {
    private final LibvirtHost host;
    private final LibvirtVms vms;

    LibvirtBackend(LibvirtHost host) {
        this.host = host;
        this.vms = new LibvirtVms(host::connection, host.uri(), host::features, DomainErrors.of(host.uri()));
    }

    @Override
    public String name() {
        return Failures.BACKEND;
    }

    /** The libvirt URI this backend is connected to. */
    @Override
    public String target() {
        return host.uri();
    }

    /** Decided from the connected libvirt's version (for remote URIs: the daemon's). */
    @Override
    public LibvirtFeatures features() {
        return host.features();
    }

    @Override
    public Optional<Hypervisor> hypervisor() {
        return Optional.of(new Hypervisor(host.hypervisor(), host.hypervisorVersion().toString()));
    }

    @Override
    public LibvirtPools pools() {
        return host.pools();
    }

    /** The host's domains: defined, created, started, stopped, with filesystems attached live and persistent. */
    @Override
    public Vms vms() {
        return vms;
    }

    /**
     * The live libvirt connection.
     *
     * @throws BackendException with {@link BackendFailure#CONNECTION} once closed
     */
    Connect connection() {
        return host.connection();
    }

    /**
     * Runs one libvirt call; libvirt's error becomes a {@link BackendException} of this backend
     * whose advice fits what {@code existing} says exists while the call runs.
     *
     * @param operation what is done, e.g. {@code start vm}; the message reads "cannot OPERATION 'vm' on URI"
     * @param vm the VM (or pool) concerned, or null
     * @param existing what exists while the call runs, e.g. {@link Existing#VM}, or
     *     {@link Existing#NOTHING_YET} when the call defines it
     */
    <T> T call(String operation, String vm, Existing existing, LibvirtCall<T> call) {
        return host.storage(operation, vm, null, existing, call);
    }

    @Override
    public void close() {
        host.close();
    }

    @Override
    public String toString() {
        return "LibvirtBackend[" + host.uri() + "]";
    }
}
