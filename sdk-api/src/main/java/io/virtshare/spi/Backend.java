package io.virtshare.spi;

import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.storage.Pools;
import io.virtshare.vm.Hypervisor;
import io.virtshare.vm.Vms;
import java.util.Optional;

/**
 * An open backend: what a {@link io.virtshare.VirtShare} delegates storage and VMs to. Made
 * by a {@link BackendProvider}; closed by the {@code VirtShare} that opened it.
 *
 * <p>A backend that cannot do a job still returns its view and throws
 * {@link io.virtshare.BackendException} with {@link io.virtshare.BackendFailure#NOT_SUPPORTED}
 * from the operations, naming a backend that can.
 *
 * <pre>{@code
 * final class MyBackend implements Backend {
 *     public String name() { return "my"; }
 *     ...
 * }
 * }</pre>
 */
public interface Backend extends AutoCloseable {
    /** The backend's name, as {@link BackendProvider#name()}. */
    String name();

    /** What this backend works on: a libvirt URI, a directory. */
    String target();

    /** What the target accepts in domain XML (e.g. read-only virtiofs). */
    LibvirtFeatures features();

    /** The hypervisor the target runs VMs with, when it says (default: it does not). */
    default Optional<Hypervisor> hypervisor() {
        return Optional.empty();
    }

    /** The target's storage pools. */
    Pools pools();

    /** The target's VMs. */
    Vms vms();

    /** Releases the connection, processes or files the backend holds; idempotent. */
    @Override
    void close();
}
