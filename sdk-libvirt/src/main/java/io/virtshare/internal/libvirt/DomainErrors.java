package io.virtshare.internal.libvirt;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.libvirt.internal.Failures;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/**
 * Turns libvirt's error during an operation on a VM into the SDK's {@link BackendException}.
 * The libvirt backend gives its own mapping; {@link #basic(String)} is the plain one.
 */
@FunctionalInterface
public interface DomainErrors {
    /**
     * The exception for libvirt's {@code error}.
     *
     * @param operation what was being done, e.g. {@code start vm}
     * @param vm the VM concerned
     * @param error what libvirt said
     */
    BackendException map(String operation, String vm, LibvirtException error);

    /** Maps libvirt's error code to a {@link BackendFailure} and keeps libvirt's words, for {@code uri}. */
    static DomainErrors basic(String uri) {
        return (operation, vm, error) -> {
            Error.ErrorNumber code = error.getError() == null ? null : error.getError().getCode();
            BackendFailure failure = BackendFailure.valueOf(Failures.kind(code).name());
            String said = error.getMessage() == null ? "unknown error" : error.getMessage().strip();
            if (failure == BackendFailure.FAILED && said.contains("already exists")) {
                failure = BackendFailure.ALREADY_EXISTS;
            }
            return new BackendException("libvirt", uri, operation, vm, failure, "cannot " + operation + " '" + vm
                    + "' on " + uri + ": " + said + "; see virsh -c " + uri + " dominfo " + vm, error);
        };
    }
}
