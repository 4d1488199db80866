package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import org.libvirt.LibvirtException;

/**
 * Turns libvirt's error during an operation on a VM into the SDK's {@link BackendException}.
 * {@link #of(String)} is the libvirt backend's mapping ({@link Failures}).
 */
@FunctionalInterface
interface DomainErrors {
    /**
     * The exception for libvirt's {@code error}.
     *
     * @param operation what was being done, e.g. {@code start vm}
     * @param vm the VM concerned, or null
     * @param existing what exists while the operation runs (the VM, or nothing yet when defining it)
     * @param error what libvirt said
     */
    BackendException map(String operation, String vm, Existing existing, LibvirtException error);

    /** The libvirt backend's mapping for the host at {@code uri}. */
    static DomainErrors of(String uri) {
        return (operation, vm, existing, error) -> Failures.map(uri, operation, vm, null, existing, error);
    }
}
